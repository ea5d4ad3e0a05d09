package dev.faasport.runtime;

import dev.faasport.runtime.json.JsonBinding;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Finds the {@link NativeAdapter}s on the classpath and asks them about handler classes written against a vendor's
 * own API; also the name-based reflection helpers those adapters share. Adapters come from this class's loader (the
 * runtime's, or the build's) and, when it differs, from the handler's own loader.
 */
public final class NativeHandlers {

    /** Vendor types a user may implement, and the adapter artifact that runs them (for the error message). */
    private static final Map<String, String> VENDOR_TYPES = Map.of(
            "com.amazonaws.services.lambda.runtime.RequestHandler", "dev.faasport:faasport-runtime-native-aws",
            "com.amazonaws.services.lambda.runtime.RequestStreamHandler", "dev.faasport:faasport-runtime-native-aws",
            "com.google.cloud.functions.HttpFunction", "dev.faasport:faasport-runtime-native-gcp",
            "com.google.cloud.functions.CloudEventsFunction", "dev.faasport:faasport-runtime-native-gcp",
            "com.google.cloud.functions.BackgroundFunction", "dev.faasport:faasport-runtime-native-gcp",
            "com.google.cloud.functions.RawBackgroundFunction", "dev.faasport:faasport-runtime-native-gcp");
    private static final String AZURE_FUNCTION_NAME = "com.microsoft.azure.functions.annotation.FunctionName";

    private static volatile List<NativeAdapter> own;
    /** Foreign loaders known to add no adapter of their own. */
    private static final Map<ClassLoader, Boolean> NOTHING_MORE = new WeakHashMap<>();

    private NativeHandlers() {
    }

    /**
     * A handler class some adapter can run.
     *
     * @param adapter   the adapter that recognised it
     * @param functions the functions the class holds in that adapter's API, at least one
     */
    public record Match(NativeAdapter adapter, List<VendorFunction> functions) {
    }

    /** @return the adapters visible from this class's loader and from {@code loader} (when another), no duplicates */
    public static List<NativeAdapter> adapters(ClassLoader loader) {
        List<NativeAdapter> list = own;
        if (list == null) {
            list = load(NativeHandlers.class.getClassLoader());
            own = list;
        }
        if (loader == null || loader == NativeHandlers.class.getClassLoader()) return list;
        synchronized (NOTHING_MORE) {
            if (NOTHING_MORE.containsKey(loader)) return list;
        }
        Map<String, NativeAdapter> all = new LinkedHashMap<>();
        list.forEach(a -> all.put(a.getClass().getName(), a));
        load(loader).forEach(a -> all.putIfAbsent(a.getClass().getName(), a));
        if (all.size() == list.size()) {
            // remembered weakly: discovery asks once per class, and build loaders must stay collectable
            synchronized (NOTHING_MORE) {
                NOTHING_MORE.put(loader, Boolean.TRUE);
            }
            return list;
        }
        return List.copyOf(all.values());
    }

    /** @return whether a class of that name exists in the loader, found without loading (or failing to load) it */
    public static boolean visible(ClassLoader loader, String className) {
        ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
        return l.getResource(className.replace('.', '/') + ".class") != null;
    }

    private static List<NativeAdapter> load(ClassLoader loader) {
        List<NativeAdapter> found = new ArrayList<>();
        Iterator<NativeAdapter> it = ServiceLoader.load(NativeAdapter.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) break;
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // an adapter built against another copy of this interface (a foreign loader): not ours to use
            }
        }
        return List.copyOf(found);
    }

    /**
     * Asks every adapter about a class that implements none of Faasport's function interfaces.
     *
     * @param method the method a handler string names ({@code Class::method}), or null
     * @return the adapter that can run it and the functions it found, if any
     * @throws IllegalArgumentException when several adapters claim it, or one recognises its vendor's API used in a
     *                                  way it cannot run (the message names what and the fix)
     */
    public static Optional<Match> find(Class<?> handler, String method) {
        List<Match> matches = new ArrayList<>();
        for (NativeAdapter a : adapters(handler.getClassLoader())) {
            List<VendorFunction> functions;
            try {
                functions = a.functions(handler, method);
            } catch (LinkageError | TypeNotPresentException e) {
                continue; // the vendor's library is not on the handler's classpath: not that vendor's handler
            }
            if (!functions.isEmpty()) matches.add(new Match(a, List.copyOf(functions)));
        }
        if (matches.size() > 1) {
            List<String> vendors = matches.stream().map(m -> m.adapter().vendor()).toList();
            throw new IllegalArgumentException("class " + handler.getName() + " is a handler of several vendors' APIs "
                    + vendors + ", perhaps you should split it into one class per vendor API");
        }
        return matches.stream().findFirst();
    }

    /**
     * Wraps an instance of a vendor-native handler class as a portable function of the given shape.
     *
     * @throws IllegalStateException naming the function when no adapter on the classpath runs the class
     */
    public static Object adapt(Class<?> handler, Object instance, String function, String method, Shape shape) {
        Match m = find(handler, method).orElseThrow(() -> new IllegalStateException("function '" + function + "': no "
                + "adapter on the classpath runs " + handler.getName() + vendorHint(handler) + ", perhaps you should "
                + "rebuild the package with faas:package"));
        return m.adapter().adapt(handler, instance, function, method, shape);
    }

    /** @return why a class that uses a vendor API Faasport knows is not a function (for the error message), or "" */
    static String vendorHint(Class<?> handler) {
        try {
            String[] api = vendorApi(handler);
            if (api == null) return "";
            boolean present = adapters(handler.getClassLoader()).stream().anyMatch(a -> a.artifact().equals(api[1]));
            return present ? " (it " + api[0] + ", but with event types " + api[1] + " does not translate)"
                    : " (it " + api[0] + ": with " + api[1] + " on the classpath it would run as is)";
        } catch (LinkageError | TypeNotPresentException e) {
            return "";
        }
    }

    /** @return what of a vendor's function API the class uses and the adapter artifact that runs it, or null */
    private static String[] vendorApi(Class<?> handler) {
        String[] found = null;
        for (String name : Shapes.interfaceNames(handler)) {
            if (VENDOR_TYPES.containsKey(name)) found = new String[] {"implements " + name, VENDOR_TYPES.get(name)};
        }
        if (found == null && visible(handler.getClassLoader(), AZURE_FUNCTION_NAME)
                && hasMethodAnnotation(handler, AZURE_FUNCTION_NAME)) {
            found = new String[] {"has @FunctionName methods", "dev.faasport:faasport-runtime-native-azure"};
        }
        return found;
    }

    /** @return whether the class implements a vendor function API Faasport knows or has {@code @FunctionName} methods */
    public static boolean usesVendorApi(Class<?> handler) {
        try {
            return vendorApi(handler) != null;
        } catch (LinkageError | TypeNotPresentException e) {
            return false;
        }
    }

    /** @return whether the class implements the named interface, directly or through supertypes */
    public static boolean implementsType(Class<?> type, String interfaceName) {
        return Shapes.interfaceNames(type).contains(interfaceName);
    }

    /**
     * Resolves a type argument of a generic supertype given by name, as seen from the class (through superclasses
     * and superinterfaces); the supertype is loaded, not initialised, from the class's own loader.
     *
     * @return the resolved type, {@code Object.class} when left open, or null when the class does not implement it
     */
    public static Type typeArgument(Class<?> type, String genericName, int index) {
        if (!implementsType(type, genericName)) return null;
        Class<?> generic;
        try {
            generic = Class.forName(genericName, false, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
        return JsonBinding.typeArgument(type, generic, index);
    }

    /** @return the erased class name of a type ({@code java.util.Map} for {@code Map<String,Object>}) */
    public static String rawName(Type type) {
        return type == null ? null : JsonBinding.rawClass(type).getName();
    }

    /** @return whether any public method of the class carries an annotation of that type name */
    public static boolean hasMethodAnnotation(Class<?> type, String annotationName) {
        for (Method m : type.getMethods()) {
            if (annotation(m.getDeclaredAnnotations(), annotationName) != null) return true;
        }
        return false;
    }

    /** @return the annotation of that type name among the given ones, or null */
    public static Annotation annotation(Annotation[] annotations, String annotationName) {
        for (Annotation a : annotations) {
            if (a.annotationType().getName().equals(annotationName)) return a;
        }
        return null;
    }

    /** @return an annotation attribute read reflectively (the annotation type may come from another loader) */
    public static Object attribute(Annotation annotation, String name) {
        try {
            Method m = annotation.annotationType().getMethod(name);
            m.setAccessible(true);
            return m.invoke(annotation);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** @return the names Faasport knows of vendor function types (for messages and tests) */
    static Set<String> vendorTypes() {
        return VENDOR_TYPES.keySet();
    }
}
