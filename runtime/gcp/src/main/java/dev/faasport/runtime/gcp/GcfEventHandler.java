package dev.faasport.runtime.gcp;

import com.google.cloud.functions.CloudEventsFunction;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.Invoker;
import dev.faasport.runtime.NeutralEvent;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.json.JsonBinding;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Google Cloud Functions (Functions Framework) entry point for event-triggered functions: deploy with entry point
 * {@code dev.faasport.runtime.gcp.GcfEventHandler}. Understands
 * <ul>
 *   <li>{@code google.cloud.storage.object.v1.finalized} / {@code .deleted}: a storage event from the
 *   StorageObjectData in {@code data} (bucket, name, size, etag; the event's time);</li>
 *   <li>{@code google.cloud.pubsub.topic.v1.messagePublished}: the MessagePublishedData's message, Base64
 *   {@code data} decoded. The descriptor's trigger kind decides what it is: for {@code schedule} (Cloud Scheduler
 *   publishing to a topic) a schedule tick at the publish time; otherwise a queue batch of one, the queue being the
 *   topic named in the event's source.</li>
 * </ul>
 * A failure is rethrown, so the framework answers 500 and Eventarc retries the event when retries are on.
 */
public final class GcfEventHandler implements CloudEventsFunction {

    /** CloudEvent type of a new or overwritten Cloud Storage object. */
    public static final String STORAGE_FINALIZED = "google.cloud.storage.object.v1.finalized";
    /** CloudEvent type of a deleted Cloud Storage object. */
    public static final String STORAGE_DELETED = "google.cloud.storage.object.v1.deleted";
    /** CloudEvent type of a Pub/Sub message. */
    public static final String PUBSUB_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";

    private final Invoker invoker;

    /** Used by the Functions Framework: serves the function named by the descriptor and environment. */
    public GcfEventHandler() {
        this(null, System.getenv());
        GcpFunctions.warmUp(invoker);
    }

    GcfEventHandler(FunctionRegistry registry, Map<String, String> environment) {
        this.invoker = GcpFunctions.invoker(registry, environment);
    }

    @Override
    public void accept(CloudEvent event) throws Exception {
        Map<String, Object> data = event.getData() == null ? Map.of()
                : Json.parseObject(new String(event.getData().toBytes(), StandardCharsets.UTF_8));
        Instant eventTime = event.getTime() == null ? null : event.getTime().toInstant();
        NeutralEvent neutral = switch (event.getType()) {
            case STORAGE_FINALIZED, STORAGE_DELETED -> storage(event.getType(), data, eventTime);
            case PUBSUB_PUBLISHED -> pubsub(event, data, eventTime);
            default -> throw new IllegalArgumentException("function '" + invoker.entry().name() + "' received a "
                    + "CloudEvent of type " + event.getType() + ", which Faasport does not handle, perhaps you should "
                    + "trigger it with Cloud Storage object finalized/deleted or Pub/Sub messagePublished events");
        };
        // a function written against Google's own API gets this very event (its adapter reads it from the context)
        invoker.event(neutral, GcpFunctions.context(invoker.entry(), event.getId()).withPlatformEvent(event));
    }

    private static NeutralEvent storage(String type, Map<String, Object> data, Instant eventTime) {
        StorageEvent.Kind kind = type.equals(STORAGE_DELETED) ? StorageEvent.Kind.DELETED : StorageEvent.Kind.CREATED;
        Object size = data.get("size"); // an int64, so a JSON string in real events
        long bytes = size instanceof Number n ? n.longValue() : size instanceof String s && !s.isBlank() ? Long.parseLong(s) : -1;
        Instant time = eventTime != null ? eventTime : instant(data.get("updated"));
        return new NeutralEvent.Storage(new StorageEvent(kind, (String) data.get("bucket"), (String) data.get("name"),
                bytes, (String) data.get("etag"), time));
    }

    private NeutralEvent pubsub(CloudEvent event, Map<String, Object> data, Instant eventTime) {
        Map<?, ?> message = data.get("message") instanceof Map<?, ?> m ? m : Map.of();
        Instant published = message.get("publishTime") != null ? instant(message.get("publishTime"))
                : eventTime != null ? eventTime : Instant.now();
        if (invoker.entry().triggerKind().equals("schedule")) {
            return new NeutralEvent.Schedule(new ScheduleEvent(null, published, false));
        }
        byte[] body = message.get("data") instanceof String b64 ? Base64.getDecoder().decode(b64) : new byte[0];
        Map<String, String> attributes = new TreeMap<>();
        if (message.get("attributes") instanceof Map<?, ?> a) a.forEach((k, v) -> attributes.put(String.valueOf(k), String.valueOf(v)));
        int attempt = data.get("deliveryAttempt") instanceof Number n ? n.intValue() : 1;
        String id = message.get("messageId") instanceof String s ? s : event.getId();
        String source = event.getSource() == null ? "" : event.getSource().toString();
        String topic = source.contains("/topics/") ? source.substring(source.lastIndexOf("/topics/") + 8)
                : invoker.entry().triggerSetting("queue");
        return new NeutralEvent.Queue(topic, List.of(new QueueMessage(id, body, attributes, attempt, published)));
    }

    private static Instant instant(Object v) {
        return v instanceof String s ? JsonBinding.fromJson(s, Instant.class) : Instant.now();
    }
}
