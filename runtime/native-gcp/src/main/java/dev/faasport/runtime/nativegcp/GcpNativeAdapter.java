package dev.faasport.runtime.nativegcp;

import dev.faasport.runtime.NativeAdapter;
import dev.faasport.runtime.NativeHandlers;
import dev.faasport.runtime.Shape;
import dev.faasport.runtime.VendorFunction;
import java.util.List;

/**
 * Runs Functions Framework handlers as portable functions: a {@code com.google.cloud.functions.HttpFunction} is an
 * HTTP function, a {@code CloudEventsFunction} a storage function fed Cloud Storage object events. Detection reads
 * interface names only: this class never touches a Google type, so it also runs where the Google API is absent.
 */
public final class GcpNativeAdapter implements NativeAdapter {

    static final String HTTP_FUNCTION = "com.google.cloud.functions.HttpFunction";
    static final String CLOUD_EVENTS_FUNCTION = "com.google.cloud.functions.CloudEventsFunction";

    @Override
    public String vendor() {
        return "gcp";
    }

    @Override
    public String artifact() {
        return "dev.faasport:faasport-runtime-native-gcp";
    }

    @Override
    public List<VendorFunction> functions(Class<?> handler, String method) {
        boolean http = NativeHandlers.implementsType(handler, HTTP_FUNCTION);
        boolean events = NativeHandlers.implementsType(handler, CLOUD_EVENTS_FUNCTION);
        if (http == events) return List.of(); // neither, or both (no single shape)
        return List.of(http ? VendorFunction.of("Google HttpFunction", Shape.HTTP)
                : VendorFunction.of("Google CloudEventsFunction", Shape.STORAGE));
    }

    @Override
    public Object adapt(Class<?> handler, Object instance, String function, String method, Shape shape) {
        if (functions(handler, method).isEmpty()) {
            throw new IllegalArgumentException("function '" + function + "': " + handler.getName() + " is not one of "
                    + "HttpFunction or CloudEventsFunction, perhaps you should implement exactly one of them");
        }
        // the classes below use Google types: loaded only here, at run time, where the user's Google API is present
        return shape == Shape.HTTP ? GcpHttpFunction.of(instance) : GcpStorageFunction.of(instance);
    }
}
