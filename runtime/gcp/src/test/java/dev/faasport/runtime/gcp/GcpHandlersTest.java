package dev.faasport.runtime.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faasport.api.HttpRequest;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GcpHandlersTest {

    private static final FunctionRegistry REGISTRY = FunctionRegistry.load(GcpHandlersTest.class.getClassLoader());
    private static final OffsetDateTime EVENT_TIME = OffsetDateTime.parse("2026-11-27T10:00:00Z");

    @BeforeEach
    void clear() {
        GcpFixtures.RECEIVED.clear();
    }

    static byte[] resource(String name) {
        try (InputStream in = GcpHandlersTest.class.getResourceAsStream("/events/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GcpDoubles.Response http(String function, GcpDoubles.Request request) throws Exception {
        GcpDoubles.Response response = new GcpDoubles.Response();
        new GcfHttpHandler(REGISTRY, Map.of("FAASPORT_FUNCTION", function)).service(request, response);
        return response;
    }

    private static void event(String function, String type, String source, byte[] data) throws Exception {
        // K_SERVICE picks the function, as on Cloud Run functions where the service is named after it
        new GcfEventHandler(REGISTRY, Map.of("K_SERVICE", function))
                .accept(new GcpDoubles.Event("evt-42", type, URI.create(source), null, EVENT_TIME, data));
    }

    @Test
    void httpRequestAndResponse() throws Exception {
        GcpDoubles.Response r = http("hello", new GcpDoubles.Request("GET", "https://hello-x.a.run.app/search?q=tea&q=cake",
                Map.of("Function-Execution-Id", "exec-1", "Accept", "text/html"), new byte[0]));
        HttpRequest req = (HttpRequest) GcpFixtures.RECEIVED.get(0);
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.path()).isEqualTo("/search");
        assertThat(req.query()).containsEntry("q", List.of("tea", "cake"));
        assertThat(req.header("accept")).contains("text/html");
        assertThat(GcpFixtures.RECEIVED.get(1)).isEqualTo("exec-1");
        assertThat(r.status).isEqualTo(200);
        assertThat(r.contentType).isEqualTo("text/html");
        assertThat(r.headers).containsEntry("X-Powered-By", List.of("faasport"));
        assertThat(r.body.toString(StandardCharsets.UTF_8)).isEqualTo("<b>tea</b>");
    }

    @Test
    void userExceptionIs500WithJson() throws Exception {
        GcpDoubles.Response r = http("hello", new GcpDoubles.Request("POST", "http://localhost:8080/fail", Map.of(), new byte[0]));
        assertThat(r.status).isEqualTo(500);
        assertThat(r.contentType).isEqualTo("application/json");
        assertThat(Json.parse(r.body.toString(StandardCharsets.UTF_8)))
                .isEqualTo(Map.of("error", "IllegalStateException: broken", "function", "hello"));
    }

    @Test
    void typedFunctionOverHttp() throws Exception {
        GcpDoubles.Response ok = http("price", new GcpDoubles.Request("POST", "http://localhost:8080/",
                Map.of("Content-Type", "application/json"), "{\"item\":\"tea\",\"quantity\":2}".getBytes()));
        assertThat(ok.status).isEqualTo(200);
        assertThat(ok.contentType).isEqualTo("application/json");
        assertThat(Json.parse(ok.body.toString(StandardCharsets.UTF_8))).isEqualTo(Map.of("item", "tea", "cents", 250L));
        GcpDoubles.Response bad = http("price", new GcpDoubles.Request("POST", "http://localhost:8080/", Map.of(), "[]".getBytes()));
        assertThat(bad.status).isEqualTo(400);
    }

    @Test
    void storageObjectFinalizedAndDeleted() throws Exception {
        event("thumbs", GcfEventHandler.STORAGE_FINALIZED, "//storage.googleapis.com/projects/_/buckets/sample-bucket",
                resource("StorageObjectData-complex.json"));
        assertThat(GcpFixtures.RECEIVED).containsExactly(new StorageEvent(StorageEvent.Kind.CREATED, "sample-bucket", "MyFile", 0,
                "COu8mb3Dn+kCEAE=", EVENT_TIME.toInstant()), "evt-42");

        GcpFixtures.RECEIVED.clear();
        byte[] deleted = new String(resource("StorageObjectData-complex.json"), StandardCharsets.UTF_8)
                .replace("\"size\": 0", "\"size\": \"1048576\"").replace("\"name\": \"MyFile\"", "\"name\": \"in/a b.bad\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> event("thumbs", GcfEventHandler.STORAGE_DELETED, "//storage.googleapis.com/projects/_/buckets/sample-bucket", deleted))
                .isInstanceOf(IOException.class).hasMessage("unreadable in/a b.bad");
        StorageEvent e = (StorageEvent) GcpFixtures.RECEIVED.get(0);
        assertThat(e.kind()).isEqualTo(StorageEvent.Kind.DELETED);
        assertThat(e.size()).as("int64 arrives as a JSON string").isEqualTo(1048576);
    }

    @Test
    void pubSubMessageIsAQueueBatchOfOne() throws Exception {
        event("orders", GcfEventHandler.PUBSUB_PUBLISHED, "//pubsub.googleapis.com/projects/my-project/topics/orders",
                resource("MessagePublishedData-text.json"));
        assertThat(GcpFixtures.RECEIVED.get(0)).isEqualTo("orders");
        @SuppressWarnings("unchecked")
        List<QueueMessage> batch = (List<QueueMessage>) GcpFixtures.RECEIVED.get(1);
        assertThat(batch).hasSize(1);
        QueueMessage m = batch.get(0);
        assertThat(m.id()).isEqualTo("message-id");
        assertThat(m.bodyAsString()).isEqualTo("test message 3");
        assertThat(m.attributes()).isEqualTo(Map.of("attr1", "attr1-value"));
        assertThat(m.deliveryCount()).isEqualTo(1);
        assertThat(m.sentAt()).isEqualTo(Instant.parse("2021-02-05T04:06:14.109Z"));
    }

    @Test
    void pubSubMessageIsAScheduleTickWhenTheTriggerIsASchedule() throws Exception {
        event("nightly", GcfEventHandler.PUBSUB_PUBLISHED, "//pubsub.googleapis.com/projects/my-project/topics/faasport-nightly",
                resource("MessagePublishedData-text.json"));
        assertThat(GcpFixtures.RECEIVED).containsExactly(
                new ScheduleEvent("cron(0 3 * * ? *)", Instant.parse("2021-02-05T04:06:14.109Z"), false));
    }

    @Test
    void typedFunctionOnPubSubGetsEachMessageBodyAndItsFailurePropagates() throws Exception {
        event("texts", GcfEventHandler.PUBSUB_PUBLISHED, "//pubsub.googleapis.com/projects/p/topics/texts",
                resource("MessagePublishedData-text.json"));
        assertThat(GcpFixtures.RECEIVED).containsExactly("test message 3");
        byte[] failing = new String(resource("MessagePublishedData-text.json"), StandardCharsets.UTF_8)
                .replace("dGVzdCBtZXNzYWdlIDM=", java.util.Base64.getEncoder().encodeToString("please fail".getBytes()))
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> event("texts", GcfEventHandler.PUBSUB_PUBLISHED, "//pubsub.googleapis.com/projects/p/topics/texts", failing))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cannot count please fail");
    }

    @Test
    void unknownEventTypeIsExplained() {
        assertThatThrownBy(() -> event("thumbs", "google.cloud.firestore.document.v1.written", "//firestore", "{}".getBytes()))
                .hasMessageContaining("received a CloudEvent of type google.cloud.firestore.document.v1.written, which Faasport "
                        + "does not handle, perhaps you should");
    }
}
