package dev.faasport.runtime.nativegcp;

import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.json.Json;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The events Google sends a function, rebuilt from neutral ones: the CloudEvents Eventarc delivers to a 2nd gen
 * function, and the legacy (1st gen) event the Functions Framework hands a {@code BackgroundFunction} or
 * {@code RawBackgroundFunction}.
 */
final class GoogleEvents {

    static final String FINALIZED = "google.cloud.storage.object.v1.finalized";
    static final String DELETED = "google.cloud.storage.object.v1.deleted";
    static final String PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";
    private static final URI STORAGE_SCHEMA = URI.create("https://googleapis.github.io/google-cloudevents/jsonschema/google/events/cloud/storage/v1/StorageObjectData.json");
    /** The {@code @type} of the message in MessagePublishedData (google-cloudevents testdata MessagePublishedData-*.json). */
    static final String PUBSUB_MESSAGE_TYPE = "type.googleapis.com/google.pubsub.v1.PubsubMessage";

    private GoogleEvents() {
    }

    /**
     * The CloudEvent Eventarc delivers for Cloud Storage: {@code google.cloud.storage.object.v1.finalized} or
     * {@code .deleted}, source {@code //storage.googleapis.com/projects/_/buckets/B}, subject {@code objects/KEY}, data
     * a StorageObjectData JSON object with int64 fields as strings (google-cloudevents,
     * proto/google/events/cloud/storage/v1/data.proto, read 2026-12).
     */
    static CloudEvent storage(StorageEvent e, String id) {
        Instant time = e.time() == null ? Instant.now() : e.time();
        boolean deleted = e.kind() == StorageEvent.Kind.DELETED;
        long generation = time.getEpochSecond() * 1_000_000 + time.getNano() / 1000; // microseconds, like GCS
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", "storage#object");
        data.put("id", e.bucket() + "/" + e.key() + "/" + generation);
        data.put("name", e.key());
        data.put("bucket", e.bucket());
        data.put("generation", String.valueOf(generation));
        data.put("metageneration", "1");
        if (e.size() >= 0) data.put("size", String.valueOf(e.size()));
        if (e.etag() != null) data.put("etag", e.etag());
        data.put("timeCreated", time.toString());
        data.put("updated", time.toString());
        if (deleted) data.put("timeDeleted", time.toString());
        return new Event(id, deleted ? DELETED : FINALIZED,
                URI.create("//storage.googleapis.com/projects/_/buckets/" + e.bucket()), "objects/" + e.key(),
                OffsetDateTime.ofInstant(time, ZoneOffset.UTC), STORAGE_SCHEMA, json(data));
    }

    /**
     * The CloudEvent Eventarc delivers for a Pub/Sub message (one per delivery, as Pub/Sub pushes): type
     * {@code google.cloud.pubsub.topic.v1.messagePublished}, id the message id, source
     * {@code //pubsub.googleapis.com/projects/P/topics/T}, time the publish time, data a MessagePublishedData JSON
     * object: {@code message} with {@code data} in base64, {@code attributes} (left out when empty, as proto3 JSON
     * does), {@code messageId}, {@code publishTime}, and {@code subscription} (google-cloudevents,
     * proto/google/events/cloud/pubsub/v1/data.proto, and its testdata MessagePublishedData-text.json, read 2026-12).
     *
     * @param project the project in the topic and subscription names
     * @param subscription the subscription id
     */
    static CloudEvent pubsub(String project, String topic, String subscription, QueueMessage m) {
        Instant published = m.sentAt() == null ? Instant.now() : m.sentAt();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("@type", PUBSUB_MESSAGE_TYPE);
        if (!m.attributes().isEmpty()) message.put("attributes", new TreeMap<>(m.attributes()));
        message.put("data", Base64.getEncoder().encodeToString(m.body()));
        message.put("messageId", m.id());
        message.put("publishTime", published.toString());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", message);
        data.put("subscription", "projects/" + project + "/subscriptions/" + subscription);
        return new Event(m.id(), PUBLISHED, URI.create("//pubsub.googleapis.com/projects/" + project + "/topics/" + topic),
                null, OffsetDateTime.ofInstant(published, ZoneOffset.UTC), null, json(data));
    }

    /**
     * What the Cloud Scheduler job Faasport creates for a scheduled function publishes to its topic (the provider's
     * {@code pubsubTarget.data}: the neutral schedule as JSON), as the Pub/Sub message a tick becomes.
     */
    static QueueMessage tick(ScheduleEvent tick, String id) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("expression", tick.expression());
        return new QueueMessage(id, json(payload), Map.of(), 1,
                tick.scheduledTime() == null ? Instant.now() : tick.scheduledTime());
    }

    /**
     * The legacy event the Functions Framework hands a background function for a CloudEvent, converted as its
     * invoker converts one (functions-framework-java, invoker/core CloudEvents.convertToLegacyEvent, read 2026-12):
     * Pub/Sub: the message lifted into {@code data} without {@code messageId} and {@code publishTime}, event type
     * {@code google.pubsub.topic.publish}, resource {@code {"service","name" (the topic),"type"}}; Cloud Storage: the
     * object as {@code data}, event type {@code google.storage.object.finalize} / {@code .delete}, resource
     * {@code {"service","name" (projects/_/buckets/B/objects/K),"type"}}; event id and timestamp the CloudEvent's.
     */
    static Legacy legacy(CloudEvent e) {
        Map<String, Object> data = Json.parseObject(new String(e.getData().toBytes(), StandardCharsets.UTF_8));
        String source = e.getSource().toString().substring(2); // "//service/name"
        String service = source.substring(0, source.indexOf('/'));
        String name = source.substring(source.indexOf('/') + 1);
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("service", service);
        String type;
        if (PUBLISHED.equals(e.getType())) {
            type = "google.pubsub.topic.publish";
            resource.put("name", name);
            resource.put("type", PUBSUB_MESSAGE_TYPE);
            @SuppressWarnings("unchecked")
            Map<String, Object> message = data.get("message") instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : data;
            message.remove("messageId");
            message.remove("publishTime");
            data = message;
        } else {
            type = DELETED.equals(e.getType()) ? "google.storage.object.delete" : "google.storage.object.finalize";
            resource.put("name", name + "/" + e.getSubject());
            if (data.get("kind") instanceof String kind) resource.put("type", kind);
        }
        Instant time = e.getTime() == null ? Instant.now() : e.getTime().toInstant();
        return new Legacy(Json.write(data), new LegacyContext(e.getId(), time.toString(), type, Json.write(resource)));
    }

    private static byte[] json(Map<String, Object> tree) {
        return Json.write(tree).getBytes(StandardCharsets.UTF_8);
    }

    /** A legacy event: its data as JSON text and its context. */
    record Legacy(String data, com.google.cloud.functions.Context context) {
    }

    /** The legacy event's metadata, as the Functions Framework's {@code CloudFunctionsContext} carries it. */
    record LegacyContext(String eventId, String timestamp, String eventType, String resource)
            implements com.google.cloud.functions.Context {
    }

    /** A CloudEvent 1.0 with JSON data. */
    record Event(String getId, String getType, URI getSource, String getSubject, OffsetDateTime getTime,
                 URI getDataSchema, byte[] json) implements CloudEvent {

        @Override
        public CloudEventData getData() {
            return () -> json.clone();
        }

        @Override
        public SpecVersion getSpecVersion() {
            return SpecVersion.V1;
        }

        @Override
        public String getDataContentType() {
            return "application/json";
        }

        @Override
        public Object getAttribute(String name) {
            return switch (name) {
                case "id" -> getId;
                case "type" -> getType;
                case "source" -> getSource;
                case "subject" -> getSubject;
                case "time" -> getTime;
                case "specversion" -> getSpecVersion();
                case "datacontenttype" -> getDataContentType();
                case "dataschema" -> getDataSchema;
                default -> throw new IllegalArgumentException("Spec version v1.0 does not have attribute " + name);
            };
        }

        @Override
        public Object getExtension(String name) {
            return null;
        }

        @Override
        public Set<String> getExtensionNames() {
            return Set.of();
        }
    }
}
