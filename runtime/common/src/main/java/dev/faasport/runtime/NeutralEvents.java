package dev.faasport.runtime;

import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.json.JsonBinding;
import dev.faasport.runtime.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The neutral event JSON: how an event function is invoked directly ({@code faas:invoke}, the local gateway, a
 * Lambda Invoke call), whatever platform runs it. Three forms, told apart by {@code kind}:
 * <pre>{@code
 * {"kind": "storage",
 *  "event": {"kind": "CREATED", "bucket": "uploads", "key": "in/a.png", "size": 21476,
 *            "etag": "d132690b", "time": "2026-11-27T10:00:00Z"}}
 *
 * {"kind": "queue", "queue": "orders",
 *  "messages": [{"id": "m-1", "body": "<UTF-8 text>", "attributes": {"a": "b"},
 *                "deliveryCount": 1, "sentAt": "2026-11-27T10:00:00Z"}]}
 *
 * {"kind": "schedule", "expression": "rate(5 minutes)", "scheduledTime": "2026-11-27T10:00:00Z", "manual": true}
 * }</pre>
 * Storage {@code event.kind} is CREATED or DELETED (any case). A message whose body is not UTF-8 text is written
 * with {@code "bodyBase64"} instead of {@code "body"}; either is read. Defaults when absent: storage {@code size} -1,
 * {@code time} now; message {@code id} a random UUID, {@code deliveryCount} 1, {@code sentAt} now, no attributes;
 * queue name null (the descriptor's {@code trigger.queue} is used); schedule {@code expression} null (the
 * descriptor's {@code trigger.expression} is used), {@code scheduledTime} now, {@code manual} true.
 */
public final class NeutralEvents {

    private static final Set<String> KINDS = Set.of("storage", "queue", "schedule");

    private NeutralEvents() {
    }

    /**
     * Parses neutral event JSON.
     *
     * @throws JsonException naming the field that is missing or wrong
     */
    public static NeutralEvent parse(String json) {
        return fromTree(Json.parseObject(json));
    }

    /** Parses neutral event JSON from UTF-8 bytes. */
    public static NeutralEvent parse(byte[] json) {
        return parse(new String(json, StandardCharsets.UTF_8));
    }

    /** @return whether a JSON tree looks like a neutral event (an object with a known {@code kind}) */
    public static boolean isNeutral(Object tree) {
        return tree instanceof Map<?, ?> m && m.get("kind") instanceof String k && KINDS.contains(k)
                && (m.containsKey("event") || m.containsKey("messages") || k.equals("schedule"));
    }

    /** Converts a parsed JSON object to an event. */
    @SuppressWarnings("unchecked")
    public static NeutralEvent fromTree(Map<String, Object> m) {
        Object kind = m.get("kind");
        if ("storage".equals(kind)) {
            if (!(m.get("event") instanceof Map<?, ?> e)) {
                throw new JsonException("$.event: a storage event needs an \"event\" object, perhaps you should send "
                        + "{\"kind\":\"storage\",\"event\":{\"kind\":\"CREATED\",\"bucket\":\"b\",\"key\":\"k\"}}");
            }
            return new NeutralEvent.Storage(storage((Map<String, Object>) e));
        }
        if ("queue".equals(kind)) {
            if (!(m.get("messages") instanceof List<?> list) || list.isEmpty()) {
                throw new JsonException("$.messages: a queue event needs a non-empty \"messages\" array, perhaps you "
                        + "should send {\"kind\":\"queue\",\"messages\":[{\"body\":\"hello\"}]}");
            }
            List<QueueMessage> messages = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> msg)) throw new JsonException("$.messages[" + i + "]: expected an object");
                messages.add(message((Map<String, Object>) msg, "$.messages[" + i + "]"));
            }
            return new NeutralEvent.Queue(text(m, "queue", "$"), messages);
        }
        if ("schedule".equals(kind)) {
            Instant at = time(m.get("scheduledTime"), "$.scheduledTime");
            boolean manual = !(m.get("manual") instanceof Boolean b) || b;
            return new NeutralEvent.Schedule(new ScheduleEvent(text(m, "expression", "$"), at, manual));
        }
        throw new JsonException("$.kind: expected \"storage\", \"queue\" or \"schedule\", found " + Json.write(kind)
                + ", perhaps you should send one of the neutral event forms");
    }

    /** Writes an event as neutral event JSON. */
    public static String write(NeutralEvent event) {
        return Json.write(toTree(event));
    }

    /** Converts an event to its JSON tree. */
    public static Map<String, Object> toTree(NeutralEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", event.kind());
        if (event instanceof NeutralEvent.Storage s) {
            out.put("event", storageTree(s.event()));
        } else if (event instanceof NeutralEvent.Queue q) {
            out.put("queue", q.queue());
            out.put("messages", messagesTree(q.messages()));
        } else if (event instanceof NeutralEvent.Schedule s) {
            out.putAll(scheduleTree(s.event()));
        }
        return out;
    }

    /** @return a storage event's JSON object (the {@code event} of the storage form) */
    public static Map<String, Object> storageTree(StorageEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", e.kind() == null ? null : e.kind().name());
        out.put("bucket", e.bucket());
        out.put("key", e.key());
        out.put("size", e.size());
        out.put("etag", e.etag());
        out.put("time", e.time() == null ? null : e.time().toString());
        return out;
    }

    /** @return messages as JSON objects, bodies as UTF-8 text (or Base64 when not text) */
    public static List<Object> messagesTree(List<QueueMessage> messages) {
        List<Object> out = new ArrayList<>();
        for (QueueMessage m : messages) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", m.id());
            String text = HttpMessages.utf8OrNull(m.body());
            if (text != null) o.put("body", text);
            else o.put("bodyBase64", Base64.getEncoder().encodeToString(m.body()));
            o.put("attributes", new TreeMap<>(m.attributes()));
            o.put("deliveryCount", m.deliveryCount());
            o.put("sentAt", m.sentAt() == null ? null : m.sentAt().toString());
            out.add(o);
        }
        return out;
    }

    /** @return a schedule tick's JSON fields */
    public static Map<String, Object> scheduleTree(ScheduleEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("expression", e.expression());
        out.put("scheduledTime", e.scheduledTime() == null ? null : e.scheduledTime().toString());
        out.put("manual", e.manual());
        return out;
    }

    private static StorageEvent storage(Map<String, Object> e) {
        StorageEvent.Kind kind = JsonBinding.fromJson(e.getOrDefault("kind", "CREATED"), StorageEvent.Kind.class);
        String bucket = text(e, "bucket", "$.event");
        String key = text(e, "key", "$.event");
        if (bucket == null || key == null) {
            throw new JsonException("$.event: a storage event needs \"bucket\" and \"key\", perhaps you should add them");
        }
        long size = e.get("size") instanceof Number n ? n.longValue() : -1;
        return new StorageEvent(kind, bucket, key.startsWith("/") ? key.substring(1) : key, size,
                text(e, "etag", "$.event"), time(e.get("time"), "$.event.time"));
    }

    private static QueueMessage message(Map<String, Object> m, String path) {
        byte[] body;
        if (m.get("bodyBase64") instanceof String b64) {
            body = JsonBinding.fromJson(b64, byte[].class);
        } else {
            String text = text(m, "body", path);
            body = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> attributes = new TreeMap<>();
        if (m.get("attributes") instanceof Map<?, ?> a) a.forEach((k, v) -> attributes.put(String.valueOf(k), String.valueOf(v)));
        String id = text(m, "id", path);
        int count = m.get("deliveryCount") instanceof Number n ? n.intValue() : 1;
        return new QueueMessage(id == null ? UUID.randomUUID().toString() : id, body, attributes, count,
                time(m.get("sentAt"), path + ".sentAt"));
    }

    private static String text(Map<String, Object> m, String field, String path) {
        Object v = m.get(field);
        if (v == null || v instanceof String) return (String) v;
        if (v instanceof Map || v instanceof List) {
            throw new JsonException(path + "." + field + ": expected a string, found " + Json.write(v));
        }
        return String.valueOf(v);
    }

    private static Instant time(Object v, String path) {
        try {
            return v == null ? Instant.now() : JsonBinding.fromJson(v, Instant.class);
        } catch (JsonException e) {
            throw new JsonException(path + e.getMessage().substring(1), e); // "$: ..." becomes "<path>: ..."
        }
    }
}
