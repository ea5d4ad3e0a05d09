/**
 * What runs inside every deployed function, whatever the platform: {@link dev.faasport.runtime.Shapes} (which
 * function interface a handler implements), {@link dev.faasport.runtime.FunctionRegistry} (the package descriptor),
 * {@link dev.faasport.runtime.Invoker} (calls the user code with neutral values),
 * {@link dev.faasport.runtime.NeutralEvents} (the neutral event JSON for direct invocation) and
 * {@link dev.faasport.runtime.NativeAdapter} (the SPI through which handlers written against a vendor's own API run
 * as portable functions). The vendor adapters in
 * {@code dev.faasport.runtime.<vendor>} translate their platform's events to these and nothing else.
 */
package dev.faasport.runtime;
