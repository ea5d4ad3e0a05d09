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
    private final boolean needsLogin;

    public ProviderException(String message, String suggestion, boolean retryable, Duration retryAfter, Throwable cause) {
        this(message, suggestion, retryable, retryAfter, cause, false);
    }

    private ProviderException(String message, String suggestion, boolean retryable, Duration retryAfter, Throwable cause,
                              boolean needsLogin) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.suggestion = suggestion;
        this.needsLogin = needsLogin;
    }

    /** A failure that retrying will not fix. */
    public static ProviderException permanent(String message, String suggestion) {
        return new ProviderException(message, suggestion, false, null, null);
    }

    /** A failure that may pass: throttling, a 5xx, a timeout. */
    public static ProviderException transientFailure(String message, Duration retryAfter, Throwable cause) {
        return new ProviderException(message, null, true, retryAfter, cause);
    }

    /**
     * The vendor's default credential chain found no identity, or the vendor refused it as unknown or expired: the
     * user has to log in. The core's message names the vendor's login command, so {@code message} says only what was
     * tried, in one short line (the SDK's own long explanation stays in {@code cause}, shown when debugging).
     */
    public static ProviderException notLoggedIn(String message, Throwable cause) {
        return new ProviderException(message, null, false, null, cause, true);
    }

    public boolean retryable() {
        return retryable;
    }

    /** @return how long the target asked us to wait, or null */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @return whether the user has to log in to the vendor (see {@link #notLoggedIn}) */
    public boolean needsLogin() {
        return needsLogin;
    }

    /** @return what the user could do, or null */
    public String suggestion() {
        return suggestion;
    }
}
