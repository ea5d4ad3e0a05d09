package dev.faasport.core.deploy;

import java.util.Objects;

/**
 * How a plan is applied.
 *
 * @param parallelism units changed at once, at least 1 (1 = sequential, the benchmark baseline)
 * @param retry       retry policy for each unit's provider call
 */
public record DeployOptions(int parallelism, RetryPolicy retry) {

    public static final int DEFAULT_PARALLELISM = 4;

    public DeployOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        Objects.requireNonNull(retry, "retry");
    }

    /** @return parallelism 4 and the default retry policy */
    public static DeployOptions defaults() {
        return new DeployOptions(DEFAULT_PARALLELISM, RetryPolicy.DEFAULT);
    }

    /** @return one unit at a time, default retries */
    public static DeployOptions sequential() {
        return new DeployOptions(1, RetryPolicy.DEFAULT);
    }

    public DeployOptions withParallelism(int n) {
        return new DeployOptions(n, retry);
    }

    public DeployOptions withRetry(RetryPolicy policy) {
        return new DeployOptions(parallelism, policy);
    }
}
