package dev.faasport.runtime;

import java.util.Optional;

/**
 * Service provider interface (registered in {@code META-INF/services/dev.faasport.runtime.NativeAdapter}) that lets a
 * handler written against a vendor's own API (an AWS {@code RequestHandler}, a Google {@code HttpFunction}, an Azure
 * {@code @FunctionName} method) run as a portable function on every platform. {@link Shapes#detect(Class)} asks the
 * adapters when a class implements none of Faasport's function interfaces; {@link FunctionEntry#instance()} wraps the
 * user's instance with {@link #adapt}, so every platform adapter calls it like any other function.
 *
 * <p>{@link #detect} runs at build time on classes of an isolated class loader that holds the user's dependencies
 * (and so the vendor's library) while this adapter's own loader does not: it must work by class and annotation
 * <em>names</em>, never load vendor types through its own loader, and never initialise the handler class.
 */
public interface NativeAdapter {

    /** @return the vendor whose API this adapter understands ({@code aws}, {@code gcp}, {@code azure}) */
    String vendor();

    /** @return the artifact (groupId:artifactId) a package must carry to run handlers this adapter detects */
    String artifact();

    /**
     * @param handler a handler class that implements none of Faasport's function interfaces (not initialised)
     * @return {@link Shape#HTTP} or {@link Shape#STORAGE} when this adapter can run the class; empty otherwise
     */
    Optional<Shape> detect(Class<?> handler);

    /**
     * The vendor's own names of the functions a class holds, for discovery: an Azure class may hold several
     * {@code @FunctionName} methods, and a Faasport function named like one of them runs that one. Detection rules
     * as for {@link #detect}.
     *
     * @return the names, empty when the class holds one function (AWS, Google)
     */
    default java.util.List<String> functionNames(Class<?> handler) {
        return java.util.List.of();
    }

    /**
     * Wraps a handler instance of a class this adapter detected.
     *
     * @param handler  the handler class
     * @param instance the user's instance of it
     * @param function the function's name in the set (chooses among several vendor functions in one class)
     * @return a {@link dev.faasport.api.HttpFunction} or {@link dev.faasport.api.StorageFunction}, as detected
     * @throws IllegalArgumentException naming the function and the fix when the class cannot be adapted
     */
    Object adapt(Class<?> handler, Object instance, String function);
}
