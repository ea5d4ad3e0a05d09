package dev.faasport.core.migrate;

import dev.faasport.core.error.HelpfulSuggestions;
import dev.faasport.core.error.FaasportException;
import dev.faasport.runtime.NeutralEvents;
import dev.faasport.runtime.json.Json;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.Trigger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests a migration sends to both sides. A sample configured for a function is JSON text, or a file holding
 * it ({@code @path}, or a path to an existing file): for HTTP functions it is POSTed as the body, for event functions
 * it is the neutral event JSON (see {@code dev.faasport.runtime.NeutralEvents}). Without one, each trigger has a
 * fixed default, identical on both sides: HTTP {@code GET /} (typed functions: {@code POST {}}), a storage
 * CREATED event for a sample key in the trigger's bucket, one queue message, a manual schedule tick.
 */
public final class SamplePayloads {

    /** The fixed time in default events, so both sides get byte-identical requests. */
    static final String TIME = "2026-01-01T00:00:00Z";

    private SamplePayloads() {
    }

    /** A request and how the report names it. */
    public record Sample(Invocation invocation, String label) {
    }

    /**
     * @param raw     the configured sample (JSON or a file), or null for the trigger's default
     * @param baseDir where relative sample files are resolved
     * @throws FaasportException when the sample file cannot be read or an event sample is not neutral event JSON
     */
    public static Sample sample(FunctionSpec f, String raw, Path baseDir) {
        Trigger t = f.trigger();
        if (raw == null || raw.isBlank()) {
            return defaultSample(f);
        }
        String body = resolve(f.name(), raw.trim(), baseDir);
        if (t instanceof Trigger.Http) {
            return new Sample(new Invocation("POST", "/", Map.of("content-type", "application/json"),
                    body.getBytes(StandardCharsets.UTF_8)), "POST / (configured sample, " + body.length() + " bytes)");
        }
        try {
            NeutralEvents.parse(body);
        } catch (RuntimeException e) {
            throw new FaasportException(HelpfulSuggestions.badMigrationSample(f.name(), t.kind(), e.getMessage()), e);
        }
        return new Sample(event(body), t.kind() + " event (configured sample)");
    }

    private static String resolve(String function, String raw, Path baseDir) {
        String path = raw.startsWith("@") ? raw.substring(1) : null;
        if (path == null && !raw.startsWith("{") && !raw.startsWith("[") && !raw.startsWith("\"")) {
            Path candidate = baseDir == null ? Path.of(raw) : baseDir.resolve(raw);
            if (Files.isRegularFile(candidate)) {
                path = raw;
            }
        }
        if (path == null) {
            return raw;
        }
        Path file = baseDir == null ? Path.of(path) : baseDir.resolve(path);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FaasportException(HelpfulSuggestions.unreadableMigrationSample(function, file, e), e);
        }
    }

    static Sample defaultSample(FunctionSpec f) {
        Trigger t = f.trigger();
        if (t instanceof Trigger.Http) {
            if (f.shape() == FunctionShape.TYPED) {
                return new Sample(new Invocation("POST", "/", Map.of("content-type", "application/json"),
                        "{}".getBytes(StandardCharsets.UTF_8)), "POST / {}");
            }
            return new Sample(new Invocation("GET", "/", Map.of(), null), "GET /");
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        if (t instanceof Trigger.Storage s) {
            String kind = s.events().contains(Trigger.StorageEventKind.CREATED) ? "CREATED" : "DELETED";
            String key = s.prefix() + "faasport-migration-check" + (s.suffix().isEmpty() ? ".txt" : s.suffix());
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("kind", kind);
            event.put("bucket", s.bucket());
            event.put("key", key);
            event.put("size", 0);
            event.put("etag", "faasport-migration");
            event.put("time", TIME);
            doc.put("kind", "storage");
            doc.put("event", event);
            return new Sample(event(Json.write(doc)), "storage " + kind + " " + s.bucket() + "/" + key);
        }
        if (t instanceof Trigger.Queue q) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("id", "faasport-migration-1");
            message.put("body", "faasport migration check");
            message.put("attributes", Map.of());
            message.put("deliveryCount", 1);
            message.put("sentAt", TIME);
            doc.put("kind", "queue");
            doc.put("queue", q.queue());
            doc.put("messages", List.of(message));
            return new Sample(event(Json.write(doc)), "one message on queue " + q.queue());
        }
        Trigger.Schedule s = (Trigger.Schedule) t;
        doc.put("kind", "schedule");
        doc.put("expression", s.expression());
        doc.put("scheduledTime", TIME);
        doc.put("manual", true);
        return new Sample(event(Json.write(doc)), "manual tick of " + s.expression());
    }

    private static Invocation event(String json) {
        return new Invocation("POST", "/", Map.of("content-type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8));
    }
}
