package dev.faasport.core.deploy;

import dev.faasport.spi.ProviderException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a unit's failed provider call is retried: only {@link ProviderException#retryable()} failures, at most
 * {@code maxAttempts} calls in all, waiting the target's {@link ProviderException#retryAfter()} when it gave one,
 * else an exponential backoff from {@code baseBackoff} capped at {@code maxBackoff}, shortened by up to
 * {@code jitter} (0..1) of itself at random so that parallel units do not retry in lockstep.
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff, double jitter) {

    /** 5 attempts, 500 ms doubling up to 20 s, half jitter. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(20), 0.5);

    /** A target asking to wait longer than this is not retried: the build would hang; the user can rerun later. */
    public static final Duration RETRY_AFTER_CEILING = Duration.ofMinutes(5);

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(baseBackoff, "baseBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (baseBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoffs must not be negative");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within 0..1, was " + jitter);
        }
    }

    /** @return whether a call that failed on attempt {@code attempt} (1-based) with {@code failure} is tried again */
    public boolean shouldRetry(int attempt, ProviderException failure) {
        Duration asked = failure.retryAfter();
        return failure.retryable() && attempt < maxAttempts
                && (asked == null || asked.compareTo(RETRY_AFTER_CEILING) <= 0);
    }

    /** @return how long to wait after attempt {@code attempt} (1-based) failed with {@code failure} */
    public Duration delay(int attempt, ProviderException failure) {
        Duration asked = failure.retryAfter();
        if (asked != null && !asked.isNegative() && !asked.isZero()) {
            return asked;
        }
        long base = baseBackoff.toMillis();
        long max = maxBackoff.toMillis();
        long exp = base << Math.min(30, Math.max(0, attempt - 1));
        long capped = exp < 0 || exp > max ? max : exp;
        long jittered = capped - (long) (capped * jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.max(0, jittered));
    }
}
