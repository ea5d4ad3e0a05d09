package dev.faasport.runtime;

import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpResponse;
import java.lang.reflect.Type;
import java.util.Optional;

/** A NativeAdapter for the test "vendor" API: VendorHttp<String,String> handlers become HTTP functions. */
public class TestVendorAdapter implements NativeAdapter {
    static final String API = "dev.faasport.runtime.vendor.VendorHttp";

    @Override
    public String vendor() {
        return "test";
    }

    @Override
    public String artifact() {
        return "dev.faasport:test-native";
    }

    @Override
    public Optional<Shape> detect(Class<?> handler) {
        Type in = NativeHandlers.typeArgument(handler, API, 0);
        Type out = NativeHandlers.typeArgument(handler, API, 1);
        boolean strings = "java.lang.String".equals(NativeHandlers.rawName(in)) && "java.lang.String".equals(NativeHandlers.rawName(out));
        return strings ? Optional.of(Shape.HTTP) : Optional.empty();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object adapt(Class<?> handler, Object instance, String function) {
        dev.faasport.runtime.vendor.VendorHttp<String, String> user = (dev.faasport.runtime.vendor.VendorHttp<String, String>) instance;
        HttpFunction f = (request, context) -> HttpResponse.ok(user.call(request.bodyAsString()) + " in " + function);
        return f;
    }
}
