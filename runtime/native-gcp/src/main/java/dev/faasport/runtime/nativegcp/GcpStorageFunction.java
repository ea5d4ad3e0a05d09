package dev.faasport.runtime.nativegcp;

import com.google.cloud.functions.CloudEventsFunction;
import dev.faasport.api.Context;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;
import dev.faasport.runtime.json.Json;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A Functions Framework {@code CloudEventsFunction} as a portable storage function: each storage event becomes the
 * CloudEvent Eventarc delivers for Cloud Storage ({@code google.cloud.storage.object.v1.finalized} or
 * {@code .deleted}, source {@code //storage.googleapis.com/projects/_/buckets/B}, subject {@code objects/KEY}, data a
 * StorageObjectData JSON object with int64 fields as strings).
 */
final class GcpStorageFunction implements StorageFunction {

    static final String FINALIZED = "google.cloud.storage.object.v1.finalized";
    static final String DELETED = "google.cloud.storage.object.v1.deleted";
    private static final URI SCHEMA = URI.create("https://googleapis.github.io/google-cloudevents/jsonschema/google/events/cloud/storage/v1/StorageObjectData.json");

    private final CloudEventsFunction user;

    private GcpStorageFunction(CloudEventsFunction user) {
        this.user = user;
    }

    static StorageFunction of(Object instance) {
        return new GcpStorageFunction((CloudEventsFunction) instance);
    }

    @Override
    public void handle(StorageEvent event, Context context) throws Exception {
        user.accept(cloudEvent(event, context.invocationId()));
    }

    static CloudEvent cloudEvent(StorageEvent e, String id) {
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
        byte[] json = Json.write(data).getBytes(StandardCharsets.UTF_8);
        return new Event(id, deleted ? DELETED : FINALIZED,
                URI.create("//storage.googleapis.com/projects/_/buckets/" + e.bucket()), "objects/" + e.key(),
                OffsetDateTime.ofInstant(time, ZoneOffset.UTC), json);
    }

    /** A CloudEvent 1.0 with JSON data. */
    record Event(String getId, String getType, URI getSource, String getSubject, OffsetDateTime getTime, byte[] json)
            implements CloudEvent {

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
        public URI getDataSchema() {
            return SCHEMA;
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
                case "dataschema" -> getDataSchema();
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
