/**
 * Runs Azure Functions Java functions ({@code @FunctionName} methods with an {@code @HttpTrigger}, {@code @QueueTrigger},
 * {@code @BlobTrigger} or {@code @TimerTrigger} parameter, {@code @BindingName} metadata, {@code @QueueOutput} and
 * {@code @BlobOutput} outputs) on every Faasport platform, registered as a {@link dev.faasport.runtime.NativeAdapter};
 * arguments are supplied by parameter type and binding name, as the Java worker supplies them.
 */
package dev.faasport.runtime.nativeazure;
