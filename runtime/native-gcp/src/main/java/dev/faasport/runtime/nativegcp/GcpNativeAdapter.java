package dev.faasport.runtime.nativegcp;

import dev.faasport.runtime.NativeAdapter;
import dev.faasport.runtime.NativeHandlers;
import dev.faasport.runtime.Shape;
import dev.faasport.runtime.VendorFunction;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs Functions Framework handlers as portable functions: a {@code com.google.cloud.functions.HttpFunction} is an
 * HTTP function; a {@code CloudEventsFunction}, a 1st gen {@code BackgroundFunction<T>} or a
 * {@code RawBackgroundFunction} is a storage, Pub/Sub (queue) or Cloud Scheduler (schedule, through Pub/Sub) function:
 * its signature does not tell which, so the configured trigger decides. Detection reads interface names only: this
 * class never touches a Google type, so it also runs where the Google API is absent.
 */
public final class GcpNativeAdapter implements NativeAdapter {

    static final String HTTP_FUNCTION = "com.google.cloud.functions.HttpFunction";
    static final String CLOUD_EVENTS_FUNCTION = "com.google.cloud.functions.CloudEventsFunction";
    static final String BACKGROUND_FUNCTION = "com.google.cloud.functions.BackgroundFunction";
    static final String RAW_BACKGROUND_FUNCTION = "com.google.cloud.functions.RawBackgroundFunction";
    private static final List<String> APIS = List.of(HTTP_FUNCTION, CLOUD_EVENTS_FUNCTION, BACKGROUND_FUNCTION,
            RAW_BACKGROUND_FUNCTION);
    /** What an event function's trigger can be: Cloud Storage, Pub/Sub, or Cloud Scheduler publishing to Pub/Sub. */
    private static final List<Shape> EVENT_SHAPES = List.of(Shape.STORAGE, Shape.QUEUE, Shape.SCHEDULE);

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
        List<String> apis = new ArrayList<>();
        for (String api : APIS) {
            if (NativeHandlers.implementsType(handler, api)) apis.add(api);
        }
        if (apis.isEmpty()) return List.of();
        if (apis.size() > 1) {
            throw new IllegalArgumentException("class " + handler.getName() + " implements several Functions Framework "
                    + "interfaces " + apis.stream().map(GcpNativeAdapter::simple).toList() + ", which Google cannot "
                    + "run either, perhaps you should implement exactly one of them per class");
        }
        String api = apis.get(0);
        if (api.equals(HTTP_FUNCTION)) return List.of(VendorFunction.of("Google HttpFunction", Shape.HTTP));
        String name = "Google " + simple(api);
        if (api.equals(BACKGROUND_FUNCTION)) name += "<" + simple(NativeHandlers.rawName(payload(handler))) + ">";
        return List.of(new VendorFunction(null, null, name, EVENT_SHAPES, null));
    }

    /**
     * @return the {@code T} of a {@code BackgroundFunction<T>}
     * @throws IllegalArgumentException when the class leaves it open, which Google's invoker refuses too
     */
    static Type payload(Class<?> handler) {
        Type t = NativeHandlers.typeArgument(handler, BACKGROUND_FUNCTION, 0);
        if (t == null || t == Object.class) {
            throw new IllegalArgumentException("class " + handler.getName() + " implements BackgroundFunction without "
                    + "its payload type, which Google's invoker cannot bind either, perhaps you should implement "
                    + "BackgroundFunction<T> with T the class of the event's data (e.g. a PubSubMessage or GcsEvent)");
        }
        return t;
    }

    @Override
    public Object adapt(Class<?> handler, Object instance, String function, String method, Shape shape) {
        List<VendorFunction> found = functions(handler, method);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("function '" + function + "': " + handler.getName() + " is not one of "
                    + "HttpFunction, CloudEventsFunction, BackgroundFunction or RawBackgroundFunction, perhaps you "
                    + "should implement exactly one of them");
        }
        // the classes below use Google types: loaded only here, at run time, where the user's Google API is present
        if (found.get(0).shapes().contains(Shape.HTTP)) return GcpHttpFunction.of(instance);
        if (NativeHandlers.implementsType(handler, CLOUD_EVENTS_FUNCTION)) return GcpEventFunction.cloudEvents(instance, function);
        if (NativeHandlers.implementsType(handler, RAW_BACKGROUND_FUNCTION)) return GcpEventFunction.raw(instance, function);
        return GcpEventFunction.background(instance, payload(handler), function);
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
