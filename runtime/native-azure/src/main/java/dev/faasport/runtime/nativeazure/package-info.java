/**
 * Runs Azure Functions Java HTTP functions ({@code @FunctionName} methods with an {@code @HttpTrigger}
 * {@code HttpRequestMessage} parameter) on every Faasport platform, registered as a
 * {@link dev.faasport.runtime.NativeAdapter}; arguments are supplied by parameter type and binding name.
 */
package dev.faasport.runtime.nativeazure;
