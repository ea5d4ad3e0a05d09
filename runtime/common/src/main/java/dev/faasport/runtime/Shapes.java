package dev.faasport.runtime;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("handler class " + className + " cannot be loaded (" + e
                    + "), perhaps you should check the class name and that it is compiled into this project", e);
        }
        return detect(type);
    }

    /**
     * Detects the shape of a handler class: which function interface it implements, directly or through superclasses
     * and superinterfaces. Also checks that an adapter can instantiate it.
     *
     * @throws IllegalArgumentException naming the class and the fix, when it implements none or several of the
     *                                  function interfaces, is abstract, not public, or has no public no-arg constructor
     */
    public static Shape detect(Class<?> handler) {
        String name = handler.getName();
        Set<String> names = interfaceNames(handler);
        Set<Shape> found = new LinkedHashSet<>();
        if (names.contains(HTTP_FUNCTION)) found.add(Shape.HTTP);
        if (names.contains(STORAGE_FUNCTION)) found.add(Shape.STORAGE);
        if (names.contains(QUEUE_FUNCTION)) found.add(Shape.QUEUE);
        if (names.contains(SCHEDULE_FUNCTION)) found.add(Shape.SCHEDULE);
        if (names.contains(FUNCTION)) found.add(Shape.TYPED);
        if (found.isEmpty()) {
            // a handler written against a vendor's own API, when an adapter for that API is on the classpath
            NativeHandlers.find(handler).ifPresent(m -> found.add(m.shape()));
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("class " + name + " implements none of HttpFunction, StorageFunction, "
                    + "QueueFunction, ScheduleFunction or java.util.function.Function"
                    + NativeHandlers.vendorHint(handler) + "; perhaps you should implement "
                    + "dev.faasport.api.HttpFunction for an HTTP endpoint, java.util.function.Function<I,O> for JSON "
                    + "in and out, or the event interface (StorageFunction, QueueFunction, ScheduleFunction) that "
                    + "matches its trigger");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("class " + name + " implements several function interfaces " + found
                    + ", perhaps you should split it into one class per function");
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
        return found.iterator().next();
    }

    /** @return whether the class implements one of Faasport's own function interfaces (not a vendor's API) */
    static boolean isPortable(Class<?> handler) {
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
