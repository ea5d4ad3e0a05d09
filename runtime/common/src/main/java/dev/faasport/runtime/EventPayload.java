package dev.faasport.runtime;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The bytes of the object a storage event is about, when the platform hands them over with the event (Azure's blob
 * trigger passes the blob's content), for the native adapters whose vendor API gives the function the content: they
 * read it here instead of fetching the object again. Set by the platform adapter around one invocation, on its thread.
 */
public final class EventPayload {

    private static final ThreadLocal<byte[]> CONTENT = new ThreadLocal<>();

    private EventPayload() {
    }

    /** Runs an invocation with the object's content available to {@link #content()}. */
    public static <T> T with(byte[] content, Callable<T> invocation) throws Exception {
        byte[] outer = CONTENT.get();
        CONTENT.set(content);
        try {
            return invocation.call();
        } finally {
            if (outer == null) CONTENT.remove(); else CONTENT.set(outer);
        }
    }

    /** @return the content of the object of the storage event being handled on this thread, when delivered with it */
    public static Optional<byte[]> content() {
        return Optional.ofNullable(CONTENT.get());
    }
}
