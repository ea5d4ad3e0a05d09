package dev.faasport.runtime;

import dev.faasport.runtime.json.JsonBinding;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * One function of the package descriptor: its name, handler class, shape, trigger settings and configuration.
 * The handler is created once, on first use, and shared by all invocations.
 */
public final class FunctionEntry {

    private final String name;
    private final String handler;
    private final Shape declaredShape;
    private final Map<String, Object> trigger;
    private final int memoryMb;
    private final int timeoutSeconds;
    private final Map<String, String> environment;
    private final ClassLoader loader;
    private volatile Class<?> handlerClass;
    private volatile Shape shape;
    private volatile Object instance;
    private volatile Map<String, String> mergedEnvironment;

    FunctionEntry(String name, String handler, Shape shape, Map<String, Object> trigger, int memoryMb,
                  int timeoutSeconds, Map<String, String> environment, ClassLoader loader) {
        this.name = name;
        this.handler = handler;
        this.declaredShape = shape;
        this.shape = shape;
        this.trigger = trigger;
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
        this.environment = environment;
        this.loader = loader;
    }

    /** @return the function's name in the set */
    public String name() {
        return name;
    }

    /** @return the handler string: a fully qualified class name, or {@code class::method} for a vendor handler method */
    public String handler() {
        return handler;
    }

    /** @return the shape from the descriptor, or detected from the handler class when the descriptor has none */
    public Shape shape() {
        Shape s = shape;
        if (s == null) {
            s = Shapes.resolve(handlerClass(), Shapes.handlerMethod(handler), name, triggerKind()).shape();
            shape = s;
        }
        return s;
    }

    /** @return the trigger object of the descriptor ({@code kind} plus the trigger's own fields) */
    public Map<String, Object> trigger() {
        return trigger;
    }

    /** @return the trigger kind: http, storage, queue or schedule (http when the descriptor has none) */
    public String triggerKind() {
        return trigger.get("kind") instanceof String k ? k : "http";
    }

    /** @return a text field of the trigger ({@code bucket}, {@code queue}, {@code expression}), or null */
    public String triggerSetting(String key) {
        Object v = trigger.get(key);
        return v == null ? null : String.valueOf(v);
    }

    /** @return memory in MB, 0 when the descriptor does not say */
    public int memoryMb() {
        return memoryMb;
    }

    /**
     * @return timeout in seconds: the descriptor's (Azure packages), else {@code FAASPORT_TIMEOUT_SECONDS} as the
     *         provider set it (Google, Knative), else 0
     */
    public int timeoutSeconds() {
        if (timeoutSeconds > 0) return timeoutSeconds;
        String env = mergedEnvironment().get("FAASPORT_TIMEOUT_SECONDS");
        try {
            return env == null ? 0 : Integer.parseInt(env.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** @return the function's environment from the descriptor (the platform's own environment comes on top) */
    public Map<String, String> environment() {
        return environment;
    }

    /** @return {@link #environment()} overlaid with the process environment, computed once */
    public Map<String, String> mergedEnvironment() {
        Map<String, String> env = mergedEnvironment;
        if (env == null) {
            Map<String, String> merged = new java.util.HashMap<>(environment);
            merged.putAll(System.getenv());
            env = java.util.Collections.unmodifiableMap(merged);
            mergedEnvironment = env;
        }
        return env;
    }

    /**
     * @return the handler class, loaded (and initialised) from the descriptor's class loader
     * @throws IllegalStateException when it cannot be loaded
     */
    public Class<?> handlerClass() {
        Class<?> c = handlerClass;
        if (c == null) {
            try {
                c = Class.forName(Shapes.handlerClass(handler), true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("handler class " + handler + " of function '" + name
                        + "' cannot be loaded (" + e + "), perhaps you should rebuild the package with faas:package", e);
            }
            handlerClass = c;
        }
        return c;
    }

    /**
     * @return the handler instance, created on first call with its public no-arg constructor; for a class written
     *         against a vendor's API, the {@link NativeAdapter}'s portable wrapper around it
     * @throws IllegalStateException when the class cannot be created or does not have the descriptor's shape
     */
    public Object instance() {
        Object i = instance;
        if (i == null) {
            synchronized (this) {
                if (instance == null) {
                    String method = Shapes.handlerMethod(handler);
                    Shapes.Resolved resolved = Shapes.resolve(handlerClass(), method, name, triggerKind());
                    Shape actual = resolved.shape();
                    if (declaredShape != null && !resolved.vendor().shapes().contains(declaredShape)) {
                        throw new IllegalStateException("function '" + name + "' is declared " + declaredShape
                                + " but " + handler + " is " + actual + ", perhaps you should rebuild the package "
                                + "with faas:package");
                    }
                    if (declaredShape != null) actual = declaredShape;
                    shape = actual;
                    Object created = FunctionRegistry.instantiate(this);
                    // a vendor-native handler runs behind its adapter, which implements the shape's portable interface
                    instance = Shapes.isPortable(handlerClass()) ? created
                            : NativeHandlers.adapt(handlerClass(), created, name, method, actual);
                }
                i = instance;
            }
        }
        return i;
    }

    /** @return for a TYPED function, its input type {@code I} of {@code Function<I,O>}, resolved from the class */
    public Type inputType() {
        if (!Shapes.isPortable(handlerClass()) && instance() instanceof NativeAdapter.TypedFunction typed) {
            return typed.inputType();
        }
        return JsonBinding.typeArgument(handlerClass(), java.util.function.Function.class, 0);
    }

    @Override
    public String toString() {
        return name + " (" + handler + ", " + (shape == null ? "shape not yet detected" : shape) + ", trigger "
                + triggerKind() + ")";
    }
}
