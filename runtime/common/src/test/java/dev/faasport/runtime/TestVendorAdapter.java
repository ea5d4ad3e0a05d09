package dev.faasport.runtime;

import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpResponse;
import dev.faasport.api.QueueFunction;
import dev.faasport.api.StorageFunction;
import java.lang.reflect.Type;
import java.util.List;

/**
 * A NativeAdapter for the test "vendor" API: VendorHttp&lt;String,String&gt; handlers become HTTP functions, VendorEvent
 * handlers storage or queue functions (their signature does not tell which).
 */
public class TestVendorAdapter implements NativeAdapter {
    static final String API = "dev.faasport.runtime.vendor.VendorHttp";
    static final String EVENTS = "dev.faasport.runtime.vendor.VendorEvent";

    @Override
    public String vendor() {
        return "test";
    }

    @Override
    public String artifact() {
        return "dev.faasport:test-native";
    }

    @Override
    public List<VendorFunction> functions(Class<?> handler, String method) {
        if (NativeHandlers.implementsType(handler, EVENTS)) {
            return List.of(new VendorFunction(null, null, "test VendorEvent", List.of(Shape.STORAGE, Shape.QUEUE), null));
        }
        Type in = NativeHandlers.typeArgument(handler, API, 0);
        Type out = NativeHandlers.typeArgument(handler, API, 1);
        boolean strings = "java.lang.String".equals(NativeHandlers.rawName(in)) && "java.lang.String".equals(NativeHandlers.rawName(out));
        return strings ? List.of(VendorFunction.of("test VendorHttp<String, String>", Shape.HTTP)) : List.of();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object adapt(Class<?> handler, Object instance, String function, String method, Shape shape) {
        if (instance instanceof dev.faasport.runtime.vendor.VendorEvent events) {
            if (shape == Shape.QUEUE) {
                QueueFunction q = (queue, messages, context) -> messages.forEach(m -> events.accept("queue " + m.bodyAsString()));
                return q;
            }
            StorageFunction s = (event, context) -> events.accept("storage " + event.key());
            return s;
        }
        dev.faasport.runtime.vendor.VendorHttp<String, String> user = (dev.faasport.runtime.vendor.VendorHttp<String, String>) instance;
        HttpFunction f = (request, context) -> HttpResponse.ok(user.call(request.bodyAsString()) + " in " + function);
        return f;
    }
}
