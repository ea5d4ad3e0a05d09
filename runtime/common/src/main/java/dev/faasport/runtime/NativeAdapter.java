package dev.faasport.runtime;

import java.util.List;

/**
 * Service provider interface (registered in {@code META-INF/services/dev.faasport.runtime.NativeAdapter}) that lets a
 * handler written against a vendor's own API (an AWS {@code RequestHandler}, a Google {@code HttpFunction}, an Azure
 * {@code @FunctionName} method) run as a portable function on every platform. {@link Shapes} asks the adapters when
 * a class implements none of Faasport's function interfaces; {@link FunctionEntry#instance()} wraps the user's
 * instance with {@link #adapt}, so every platform adapter calls it like any other function.
 *
 * <p>{@link #functions} runs at build time on classes of an isolated class loader that holds the user's dependencies
 * (and so the vendor's library) while this adapter's own loader does not: it must work by class and annotation
 * <em>names</em>, never load vendor types through its own loader, and never initialise the handler class.
 */
public interface NativeAdapter {

    /** @return the vendor whose API this adapter understands ({@code aws}, {@code gcp}, {@code azure}) */
    String vendor();

    /** @return the artifact (groupId:artifactId) a package must carry to run handlers this adapter detects */
    String artifact();

    /**
     * The functions a class holds in this vendor's API.
     *
     * @param handler a handler class that implements none of Faasport's function interfaces (not initialised)
     * @param method  the method a handler string names ({@code com.example.Handler::handle}), or null
     * @return one entry per function (an Azure class may hold several {@code @FunctionName} methods); empty when the
     *         class is not a handler of this vendor's API
     * @throws IllegalArgumentException when the class uses this vendor's API in a way this adapter cannot run, naming
     *                                  what it recognised and the fix
     */
    List<VendorFunction> functions(Class<?> handler, String method);

    /**
     * Wraps a handler instance of a class this adapter recognised.
     *
     * @param handler  the handler class
     * @param instance the user's instance of it
     * @param function the function's name in the set (chooses among several vendor functions in one class)
     * @param method   the method the handler string names, or null
     * @param shape    the shape the function was packaged as (one of its {@link VendorFunction#shapes()})
     * @return a {@link dev.faasport.api.HttpFunction}, {@link dev.faasport.api.StorageFunction},
     *         {@link dev.faasport.api.QueueFunction}, {@link dev.faasport.api.ScheduleFunction} or, for
     *         {@link Shape#TYPED}, a {@link java.util.function.Function} of JSON-bound input to output
     * @throws IllegalArgumentException naming the function and the fix when the class cannot be adapted
     */
    Object adapt(Class<?> handler, Object instance, String function, String method, Shape shape);

    /**
     * What {@link #adapt} returns for {@link Shape#TYPED}: a function whose input the platform adapters bind from JSON
     * to {@link #inputType()} (the vendor handler's own input type), and whose output they write as JSON.
     */
    interface TypedFunction extends java.util.function.Function<Object, Object> {

        /** @return the type JSON input is bound to before {@link #apply} */
        java.lang.reflect.Type inputType();

        /**
         * Applies the function with the invocation's context, which vendor handlers receive in their own form (a
         * Lambda {@code Context}); the {@link Invoker} calls this one.
         */
        default Object apply(Object input, dev.faasport.api.Context context) {
            return apply(input);
        }
    }
}
