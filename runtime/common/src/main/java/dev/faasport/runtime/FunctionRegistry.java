package dev.faasport.runtime;

import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.json.JsonException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions of a package, read from its descriptor resource {@value #DESCRIPTOR} (format in
 * docs/ARCHITECTURE.md). An adapter loads it once, {@link #select selects} the function it serves and calls it
 * through an {@link Invoker}. Besides {@code name}, {@code handler}, {@code shape}, {@code memoryMb},
 * {@code timeoutSeconds} and {@code environment}, adapters read these trigger fields (the names of the components of
 * {@code dev.faasport.spi.Trigger}): {@code trigger.kind} (http, storage, queue, schedule), {@code trigger.bucket},
 * {@code trigger.queue} and {@code trigger.expression}.
 */
public final class FunctionRegistry {

    /** The descriptor's resource name, at the root of the function's classpath. */
    public static final String DESCRIPTOR = "faasport-functions.json";
    /** The environment variable naming the function an adapter serves. */
    public static final String FUNCTION_ENV = "FAASPORT_FUNCTION";

    private static volatile FunctionRegistry shared;

    private final String set;
    private final Map<String, FunctionEntry> functions;

    private FunctionRegistry(String set, Map<String, FunctionEntry> functions) {
        this.set = set;
        this.functions = functions;
    }

    /**
     * The registry of the classpath the adapters run on, loaded once: from this class's loader, else the thread's
     * context class loader.
     */
    public static FunctionRegistry shared() {
        FunctionRegistry r = shared;
        if (r == null) {
            synchronized (FunctionRegistry.class) {
                if (shared == null) {
                    ClassLoader own = FunctionRegistry.class.getClassLoader();
                    ClassLoader ctx = Thread.currentThread().getContextClassLoader();
                    shared = own.getResource(DESCRIPTOR) == null && ctx != null ? load(ctx) : load(own);
                }
                r = shared;
            }
        }
        return r;
    }

    /**
     * Reads {@value #DESCRIPTOR} from a class loader; handlers are loaded from the same loader.
     *
     * @throws IllegalStateException when the resource is missing or malformed
     */
    public static FunctionRegistry load(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(DESCRIPTOR)) {
            if (in == null) {
                throw new IllegalStateException("no " + DESCRIPTOR + " on the function's classpath, perhaps you should "
                        + "build the package with faas:package, which writes it");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), loader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DESCRIPTOR + ": " + e, e);
        }
    }

    /**
     * Parses descriptor JSON.
     *
     * @throws IllegalStateException naming the function and field that is missing or wrong
     */
    @SuppressWarnings("unchecked")
    public static FunctionRegistry parse(String json, ClassLoader loader) {
        Map<String, Object> root;
        try {
            root = Json.parseObject(json);
        } catch (JsonException e) {
            throw new IllegalStateException(DESCRIPTOR + " is not valid JSON (" + e.getMessage()
                    + "), perhaps you should rebuild the package with faas:package", e);
        }
        if (!(root.get("functions") instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalStateException(DESCRIPTOR + " lists no functions, perhaps you should rebuild the package "
                    + "with faas:package");
        }
        Map<String, FunctionEntry> functions = new LinkedHashMap<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> f)) throw new IllegalStateException(DESCRIPTOR + ": a function is not an object");
            FunctionEntry e = entry((Map<String, Object>) f, loader);
            if (functions.put(e.name(), e) != null) {
                throw new IllegalStateException(DESCRIPTOR + " lists function '" + e.name() + "' twice");
            }
        }
        return new FunctionRegistry(root.get("set") instanceof String s ? s : null,
                Collections.unmodifiableMap(functions));
    }

    @SuppressWarnings("unchecked")
    private static FunctionEntry entry(Map<String, Object> f, ClassLoader loader) {
        String name = string(f, "name", "?");
        String handler = string(f, "handler", name);
        Shape shape;
        if (f.get("shape") instanceof String s) {
            try {
                shape = Shape.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(DESCRIPTOR + ": function '" + name + "' has unknown shape '" + s
                        + "', perhaps you should use one of HTTP, TYPED, STORAGE, QUEUE, SCHEDULE");
            }
        } else {
            shape = null; // detected from the class when first used
        }
        Map<String, Object> trigger = f.get("trigger") instanceof Map<?, ?> t ? (Map<String, Object>) t : Map.of();
        Map<String, String> env = new TreeMap<>();
        if (f.get("environment") instanceof Map<?, ?> m) m.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        return new FunctionEntry(name, handler, shape, Collections.unmodifiableMap(new LinkedHashMap<>(trigger)),
                intValue(f.get("memoryMb")), intValue(f.get("timeoutSeconds")), Collections.unmodifiableMap(env), loader);
    }

    private static String string(Map<String, Object> f, String field, String function) {
        if (f.get(field) instanceof String s && !s.isEmpty()) return s;
        throw new IllegalStateException(DESCRIPTOR + ": function '" + function + "' has no '" + field
                + "', perhaps you should rebuild the package with faas:package");
    }

    private static int intValue(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    /** @return the function set's name, or null when the descriptor does not say */
    public String set() {
        return set;
    }

    /** @return the functions in descriptor order */
    public List<FunctionEntry> functions() {
        return List.copyOf(functions.values());
    }

    /**
     * @return the named function
     * @throws IllegalArgumentException listing the known names when there is none of that name
     */
    public FunctionEntry get(String name) {
        FunctionEntry e = functions.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no function '" + name + "' in this package (it has "
                    + String.join(", ", functions.keySet()) + "), perhaps you should redeploy or check " + FUNCTION_ENV);
        }
        return e;
    }

    /** Selects the function with {@link #select(String, Map)} using the process environment. */
    public FunctionEntry select(String platformName) {
        return select(platformName, System.getenv());
    }

    /**
     * Selects the function an adapter serves: the one named by the platform (Azure's function name) when the
     * descriptor has it, else the one named by {@value #FUNCTION_ENV}, else the only one.
     *
     * @param platformName the platform's function name, or null
     * @param environment  the environment to read {@value #FUNCTION_ENV} from
     * @throws IllegalArgumentException when none can be chosen
     */
    public FunctionEntry select(String platformName, Map<String, String> environment) {
        if (platformName != null && functions.containsKey(platformName)) return functions.get(platformName);
        String fromEnv = environment.get(FUNCTION_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) return get(fromEnv.trim());
        if (functions.size() == 1) return functions.values().iterator().next();
        if (platformName != null) return get(platformName);
        throw new IllegalArgumentException("this package holds " + functions.size() + " functions ("
                + String.join(", ", functions.keySet()) + ") and " + FUNCTION_ENV + " is not set, perhaps you should "
                + "set " + FUNCTION_ENV + " to the function's name");
    }

    /** Creates a handler instance; used once per entry. */
    static Object instantiate(FunctionEntry entry) {
        Class<?> type = entry.handlerClass();
        try {
            return type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("constructor of " + type.getName() + " (function '" + entry.name()
                    + "') failed: " + e.getCause() + ", perhaps you should move failing set-up out of the constructor "
                    + "or fix its configuration", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName() + " (function '" + entry.name() + "'): "
                    + e + ", perhaps you should give it a public no-argument constructor", e);
        }
    }
}
