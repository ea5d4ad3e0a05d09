package dev.faasport.spi;

import java.time.Duration;

/**
 * A provider operation failed. {@link #retryable()} tells the core's retry loop whether trying again can help
 * (throttling, 5xx, timeouts); {@link #suggestion()} is the "perhaps you should ..." half of the message.
 */
public class ProviderException extends Exception {
    private final boolean retryable;
    private final Duration retryAfter;
    private final String suggestion;

    public ProviderException(String message, String suggestion, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.suggestion = suggestion;
    }

    /** A failure that retrying will not fix. */
    public static ProviderException permanent(String message, String suggestion) {
        return new ProviderException(message, suggestion, false, null, null);
    }

    /** A failure that may pass: throttling, a 5xx, a timeout. */
    public static ProviderException transientFailure(String message, Duration retryAfter, Throwable cause) {
        return new ProviderException(message, null, true, retryAfter, cause);
    }

    public boolean retryable() {
        return retryable;
    }

    /** @return how long the target asked us to wait, or null */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @return what the user could do, or null */
    public String suggestion() {
        return suggestion;
    }
}
