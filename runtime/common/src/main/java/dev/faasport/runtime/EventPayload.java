package dev.faasport.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What a platform hands over with an event beyond the neutral event, for the native adapter of that same vendor's
 * API: the object's content (Azure's blob trigger passes the blob) and the trigger metadata by the vendor's own names
 * (Azure's {@code PopReceipt}, {@code Uri}...), so a function written against the platform's own API loses nothing on
 * its own platform. Set by the platform adapter around one invocation, on its thread.
 */
public final class EventPayload {

    private record Delivered(byte[] content, Map<String, String> metadata) {
    }

    private static final ThreadLocal<Delivered> DELIVERED = new ThreadLocal<>();

    private EventPayload() {
    }

    /**
     * Runs an invocation with what the platform delivered available to {@link #content()} and {@link #metadata()}.
     *
     * @param content  the object's content, or null
     * @param metadata trigger metadata by the vendor's names (null values are left out)
     */
    public static <T> T with(byte[] content, Map<String, String> metadata, Callable<T> invocation) throws Exception {
        Delivered outer = DELIVERED.get();
        Map<String, String> known = new java.util.LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (v != null) known.put(k, v);
        });
        DELIVERED.set(new Delivered(content, Map.copyOf(known)));
        try {
            return invocation.call();
        } finally {
            if (outer == null) DELIVERED.remove(); else DELIVERED.set(outer);
        }
    }

    /** @return the content of the object of the event being handled on this thread, when delivered with it */
    public static Optional<byte[]> content() {
        Delivered d = DELIVERED.get();
        return d == null ? Optional.empty() : Optional.ofNullable(d.content());
    }

    /** @return the trigger metadata delivered with the event being handled on this thread, empty when none */
    public static Map<String, String> metadata() {
        Delivered d = DELIVERED.get();
        return d == null ? Map.of() : d.metadata();
    }
}
