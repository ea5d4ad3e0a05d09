package dev.faasport.cost;

import java.util.Objects;

/**
 * What one function does in a month.
 *
 * @param function            the function's name
 * @param invocationsPerMonth invocations per month
 * @param durationMs          mean duration of one invocation in ms (as measured, before any billing rounding)
 * @param memoryMb            configured memory in MB
 * @param measuredMemoryMb    highest memory used as measured, in MB; 0 when unknown (plans that bill measured memory
 *                            then use the configured memory)
 */
public record Workload(String function, long invocationsPerMonth, double durationMs, int memoryMb, double measuredMemoryMb) {
    public Workload {
        Objects.requireNonNull(function, "function");
        if (invocationsPerMonth < 0 || durationMs < 0 || memoryMb <= 0 || measuredMemoryMb < 0) {
            throw new IllegalArgumentException("Workload of function '" + function + "' has invocations "
                    + invocationsPerMonth + ", duration " + durationMs + " ms, memory " + memoryMb
                    + " MB, perhaps you should give non-negative invocations and duration and a positive memory");
        }
    }
}
