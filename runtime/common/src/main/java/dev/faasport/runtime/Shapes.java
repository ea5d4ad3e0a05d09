package dev.faasport.runtime;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Detects a handler class's {@link Shape}; a class written against a vendor's own API gets the shape a
 * {@link NativeAdapter} on the classpath reports for it. Works by interface <em>name</em>, so it gives the right answer for classes
 * loaded by another class loader (the build's URLClassLoader over the user's classes), and never initialises the
 * class (no static initialiser of user code runs at build time).
 */
public final class Shapes {

    static final String HTTP_FUNCTION = "dev.faasport.api.HttpFunction";
    static final String STORAGE_FUNCTION = "dev.faasport.api.StorageFunction";
    static final String QUEUE_FUNCTION = "dev.faasport.api.QueueFunction";
    static final String SCHEDULE_FUNCTION = "dev.faasport.api.ScheduleFunction";
    static final String FUNCTION = "java.util.function.Function";

    private Shapes() {
    }

    /**
     * Loads a class without initialising it and detects its shape.
     *
     * @throws IllegalArgumentException when the class is missing or is not a usable handler
     */
    public static Shape detect(String className, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(handlerClass(className), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("handler class " + className + " cannot be loaded (" + e
                    + "), perhaps you should check the class name and that it is compiled into this project", e);
        }
        String method = handlerMethod(className);
        return method == null ? detect(type) : resolve(type, method, null, null).shape();
    }

    /**
     * Detects the shape of a handler class that holds one function of one shape.
     *
     * @throws IllegalArgumentException as {@link #functions}, and when the class holds several functions or a vendor
     *                                  function whose trigger its signature does not tell
     */
    public static Shape detect(Class<?> handler) {
        List<VendorFunction> functions = functions(handler, null);
        List<Shape> first = functions.get(0).shapes();
        if (first.size() == 1 && functions.stream().allMatch(f -> f.shapes().equals(first))) return first.get(0);
        return resolve(handler, null, null, null).shape();
    }

    /**
     * The functions a handler class holds: one for a class implementing one of Faasport's function interfaces, or
     * what the {@link NativeAdapter} that recognises its vendor API reads from it. Also checks that an adapter can
     * instantiate it.
     *
     * @param method the method a handler string names ({@code Class::method}), or null
     * @throws IllegalArgumentException naming the class and the fix, when it implements none or several of the
     *                                  function interfaces, is abstract, not public, or has no public no-arg constructor
     */
    public static List<VendorFunction> functions(Class<?> handler, String method) {
        String name = handler.getName();
        Set<String> names = interfaceNames(handler);
        Set<Shape> found = new LinkedHashSet<>();
        if (names.contains(HTTP_FUNCTION)) found.add(Shape.HTTP);
        if (names.contains(STORAGE_FUNCTION)) found.add(Shape.STORAGE);
        if (names.contains(QUEUE_FUNCTION)) found.add(Shape.QUEUE);
        if (names.contains(SCHEDULE_FUNCTION)) found.add(Shape.SCHEDULE);
        if (names.contains(FUNCTION)) found.add(Shape.TYPED);
        List<VendorFunction> functions;
        if (found.size() > 1) {
            throw new IllegalArgumentException("class " + name + " implements several function interfaces " + found
                    + ", perhaps you should split it into one class per function");
        } else if (found.size() == 1) {
            Shape shape = found.iterator().next();
            functions = List.of(VendorFunction.of("Faasport " + shape, shape));
        } else {
            // a handler written against a vendor's own API, when an adapter for that API is on the classpath
            functions = NativeHandlers.find(handler, method).map(NativeHandlers.Match::functions).orElse(List.of());
        }
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("class " + name + " implements none of HttpFunction, StorageFunction, "
                    + "QueueFunction, ScheduleFunction or java.util.function.Function"
                    + NativeHandlers.vendorHint(handler) + "; perhaps you should implement "
                    + "dev.faasport.api.HttpFunction for an HTTP endpoint, java.util.function.Function<I,O> for JSON "
                    + "in and out, or the event interface (StorageFunction, QueueFunction, ScheduleFunction) that "
                    + "matches its trigger");
        }
        int mod = handler.getModifiers();
        if (handler.isInterface() || Modifier.isAbstract(mod)) {
            throw new IllegalArgumentException("class " + name + " is " + (handler.isInterface() ? "an interface" : "abstract")
                    + " and cannot be instantiated, perhaps you should name a concrete class that implements it");
        }
        if (!Modifier.isPublic(mod) || (handler.getEnclosingClass() != null && !Modifier.isStatic(mod))) {
            throw new IllegalArgumentException("class " + name + " is not a public top-level or public static nested "
                    + "class, perhaps you should make it public (and static when nested)");
        }
        try {
            handler.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("class " + name + " has no public no-argument constructor, perhaps "
                    + "you should add one (the platform creates the handler itself)");
        }
        return functions;
    }

    /**
     * One function of a handler class and the shape it runs as.
     *
     * @param shape  the shape it runs as under the trigger
     * @param vendor the function as its API describes it (for a Faasport interface: that interface, one shape)
     */
    public record Resolved(Shape shape, VendorFunction vendor) {
    }

    /**
     * Picks the function of a handler class that a function of the set runs, and its shape under a trigger.
     *
     * @param method      the method the handler string names, or null
     * @param function    the function's name in the set (picks among several vendor functions by their own name), or null
     * @param triggerKind the configured trigger kind, or null when none is configured (then the code's own trigger,
     *                    else the signature's shape)
     * @return the function and its shape; when none of its shapes accepts the trigger, the first (the caller reports
     *         the mismatch)
     * @throws IllegalArgumentException as {@link #functions}; when the class holds several functions and none is
     *                                  named; when the trigger is needed and cannot be read from the code
     */
    public static Resolved resolve(Class<?> handler, String method, String function, String triggerKind) {
        List<VendorFunction> functions = functions(handler, method);
        VendorFunction chosen = functions.size() == 1 ? functions.get(0) : null;
        for (VendorFunction f : functions) {
            if (chosen == null && method != null && method.equals(f.method())) chosen = f;
        }
        for (VendorFunction f : functions) {
            if (chosen == null && function != null && f.name() != null
                    && (function.equals(f.name()) || function.equals(f.portableName()))) chosen = f;
        }
        if (chosen == null) {
            List<String> names = functions.stream().map(f -> f.name() != null ? f.name() : f.method()).toList();
            throw new IllegalArgumentException("class " + handler.getName() + " holds several functions " + names
                    + (function == null ? "" : " and none is called '" + function + "'") + ", perhaps you should name "
                    + "the Faasport function after one of them or name its method in the handler ("
                    + handler.getName() + "::method)");
        }
        String kind = triggerKind != null ? triggerKind : chosen.trigger().get("trigger");
        if (kind == null) {
            if (chosen.shapes().size() > 1) {
                List<String> kinds = chosen.shapes().stream().map(Shape::naturalTrigger).distinct().toList();
                throw new IllegalArgumentException("class " + handler.getName() + " is a " + chosen.api() + ", whose "
                        + "signature does not tell what triggers it, perhaps you should declare the function with "
                        + "<trigger> set to one of " + kinds + " (and its bucket, queue or schedule)");
            }
            return new Resolved(chosen.shapes().get(0), chosen);
        }
        Shape shape = chosen.shapeFor(kind);
        return new Resolved(shape != null ? shape : chosen.shapes().get(0), chosen);
    }

    /** @return the class part of a handler string ({@code com.example.Handler} of {@code com.example.Handler::handle}) */
    public static String handlerClass(String handler) {
        int at = handler.indexOf("::");
        return at < 0 ? handler : handler.substring(0, at);
    }

    /** @return the method part of a handler string, or null when it names only a class */
    public static String handlerMethod(String handler) {
        int at = handler.indexOf("::");
        return at < 0 || at + 2 >= handler.length() ? null : handler.substring(at + 2);
    }

    /** @return whether the class implements one of Faasport's own function interfaces (not a vendor's API) */
    public static boolean isPortable(Class<?> handler) {
        Set<String> names = interfaceNames(handler);
        return names.contains(HTTP_FUNCTION) || names.contains(STORAGE_FUNCTION) || names.contains(QUEUE_FUNCTION)
                || names.contains(SCHEDULE_FUNCTION) || names.contains(FUNCTION);
    }

    /** @return names of every interface the class implements, through superclasses and superinterfaces */
    static Set<String> interfaceNames(Class<?> type) {
        Set<String> names = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            todo.add(c);
        }
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (c.isInterface() && !names.add(c.getName())) continue;
            for (Class<?> i : c.getInterfaces()) todo.add(i);
        }
        return names;
    }
}
