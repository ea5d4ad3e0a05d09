package dev.faasport.runtime.nativegcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.gcp.HelloGcs;
import com.example.gcp.HelloHttp;
import com.example.gcp.HelloPubSub;
import com.example.gcp.PubSubListener;
import com.example.gcp.RawListener;
import com.example.gcp.StorageListener;
import com.example.gcp.UntypedBackground;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.InvocationContext;
import dev.faasport.runtime.Invoker;
import dev.faasport.runtime.NeutralEvent;
import dev.faasport.runtime.Shape;
import dev.faasport.runtime.Shapes;
import io.cloudevents.CloudEvent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Google handlers through the portable path every platform adapter uses: registry, Invoker, neutral values. */
class GcpNativeAdapterTest {

    static final FunctionRegistry REGISTRY = FunctionRegistry.load(GcpNativeAdapterTest.class.getClassLoader());

    static final Instant T = Instant.parse("2026-11-27T10:00:00.123Z");

    @BeforeEach
    void clear() {
        HelloHttp.RECEIVED.clear();
        StorageListener.RECEIVED.clear();
        PubSubListener.RECEIVED.clear();
        PubSubListener.DATA.clear();
        HelloGcs.RECEIVED.clear();
        HelloPubSub.RECEIVED.clear();
        RawListener.RECEIVED.clear();
    }

    static void event(String function, NeutralEvent event, String invocationId) throws Exception {
        Invoker invoker = new Invoker(REGISTRY.get(function));
        invoker.event(event, InvocationContext.of(invoker.entry(), invocationId));
    }

    static NeutralEvent.Queue queue(String queue, QueueMessage... messages) {
        return new NeutralEvent.Queue(queue, List.of(messages));
    }

    static QueueMessage message(String id, String body) {
        return new QueueMessage(id, body.getBytes(StandardCharsets.UTF_8), Map.of("origin", "web"), 1, T);
    }

    private static HttpResponse http(HttpRequest request) {
        return new Invoker(REGISTRY.get("hello-http")).http(request, InvocationContext.of(REGISTRY.get("hello-http"), "inv-3"));
    }

    @Test
    void requestIsOfferedAsTheFrameworkOffersItAndTheWrittenResponseComesBack() {
        HttpResponse r = http(new HttpRequest("POST", "/greet/sub dir", Map.of("name", List.of("Ada", "Bob")),
                Map.of("Content-Type", List.of("text/plain; charset=utf-8"), "Host", List.of("fn-x.a.run.app"),
                        "X-Forwarded-Proto", List.of("https")), "tea".getBytes(StandardCharsets.UTF_8)));
        assertThat(HelloHttp.RECEIVED).containsExactly(
                "POST https://fn-x.a.run.app/greet/sub%20dir?name=Ada&name=Bob {name=[Ada, Bob]}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers()).containsEntry("content-type", "text/plain; charset=utf-8").containsEntry("X-Greeter", "gcp");
        assertThat(r.bodyAsString()).isEqualTo("hello Ada POST /greet/sub%20dir body=tea ct=text/plain; charset=utf-8");
    }

    @Test
    void bytesWrittenToTheOutputStreamAndFailures() {
        HttpResponse logo = http(new HttpRequest("GET", "/logo", null, null, null));
        assertThat(logo.status()).isEqualTo(200);
        assertThat(logo.headers()).containsEntry("content-type", "image/png");
        assertThat(logo.body()).containsExactly((byte) 0x89, 'P', 'N', 'G');

        HttpResponse failed = http(new HttpRequest("GET", "/fail", null, null, null));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.bodyAsString()).contains("IllegalStateException: no such greeting");
    }

    @Test
    void storageEventsBecomeCloudStorageCloudEvents() throws Exception {
        Invoker objects = new Invoker(REGISTRY.get("objects"));
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        objects.event(new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.CREATED, "uploads", "in/a b.png", 21476,
                "d132690b", t)), InvocationContext.of(objects.entry(), "evt-1"));
        objects.event(new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.DELETED, "uploads", "old.txt", -1, null, t)),
                InvocationContext.of(objects.entry(), "evt-2"));
        assertThat(StorageListener.RECEIVED).containsExactly(
                "google.cloud.storage.object.v1.finalized|//storage.googleapis.com/projects/_/buckets/uploads|objects/in/a b.png"
                        + "|uploads|in/a b.png|21476|d132690b|2026-11-27T10:00:00Z",
                "google.cloud.storage.object.v1.deleted|//storage.googleapis.com/projects/_/buckets/uploads|objects/old.txt"
                        + "|uploads|old.txt|null|null|2026-11-27T10:00:00Z");
        assertThatThrownBy(() -> objects.event(new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.CREATED,
                "uploads", "fail.csv", 1, null, t)), InvocationContext.of(objects.entry(), "evt-3")))
                .hasMessage("cannot process fail.csv");

        CloudEvent e = GoogleEvents.storage(new StorageEvent(StorageEvent.Kind.CREATED, "b", "k", 5, "e", t), "id-1");
        assertThat(e.getId()).isEqualTo("id-1");
        assertThat(e.getAttribute("subject")).isEqualTo("objects/k");
        assertThat(e.getDataContentType()).isEqualTo("application/json");
        assertThat(dev.faasport.runtime.json.Json.parseObject(new String(e.getData().toBytes(), StandardCharsets.UTF_8)))
                .containsEntry("size", "5").containsEntry("bucket", "b").containsEntry("name", "k")
                .containsEntry("timeCreated", "2026-11-27T10:00:00Z");
    }

    @Test
    void eventFunctionsRunOnTheTriggerTheyAreDeclaredWithForTheirSignatureDoesNotTellIt() {
        for (Class<?> c : List.of(PubSubListener.class, StorageListener.class, HelloGcs.class, HelloPubSub.class,
                RawListener.class)) {
            assertThat(Shapes.resolve(c, null, "f", "queue").shape()).as(c.getName()).isEqualTo(Shape.QUEUE);
            assertThat(Shapes.resolve(c, null, "f", "storage").shape()).as(c.getName()).isEqualTo(Shape.STORAGE);
            assertThat(Shapes.resolve(c, null, "f", "schedule").shape()).as(c.getName()).isEqualTo(Shape.SCHEDULE);
        }
        assertThatThrownBy(() -> Shapes.detect(PubSubListener.class))
                .hasMessageContaining("is a Google CloudEventsFunction, whose signature does not tell what triggers it")
                .hasMessageContaining("[storage, queue, schedule]");
        assertThatThrownBy(() -> Shapes.detect(HelloGcs.class))
                .hasMessageContaining("is a Google BackgroundFunction<GcsEvent>, whose signature");
        assertThatThrownBy(() -> Shapes.detect(RawListener.class))
                .hasMessageContaining("is a Google RawBackgroundFunction, whose signature");
        assertThatThrownBy(() -> Shapes.detect(UntypedBackground.class))
                .hasMessageContaining("implements BackgroundFunction without its payload type")
                .hasMessageContaining("perhaps you should implement BackgroundFunction<T>");
    }

    @Test
    void queueMessagesBecomeThePubSubCloudEventsEventarcDelivers() throws Exception {
        event("orders", queue("orders", message("m-1", "tea"), message("m-2", "cake")), "inv-1");
        assertThat(PubSubListener.RECEIVED).containsExactly(
                "google.cloud.pubsub.topic.v1.messagePublished|//pubsub.googleapis.com/projects/my-project/topics/orders"
                        + "|m-1|2026-11-27T10:00:00.123Z|tea|m-1|2026-11-27T10:00:00.123Z"
                        + "|projects/my-project/subscriptions/faasport-orders",
                "google.cloud.pubsub.topic.v1.messagePublished|//pubsub.googleapis.com/projects/my-project/topics/orders"
                        + "|m-2|2026-11-27T10:00:00.123Z|cake|m-2|2026-11-27T10:00:00.123Z"
                        + "|projects/my-project/subscriptions/faasport-orders");
        assertThat(dev.faasport.runtime.json.Json.parseObject(PubSubListener.DATA.get(0))).isEqualTo(Map.of(
                "message", Map.of("@type", "type.googleapis.com/google.pubsub.v1.PubsubMessage",
                        "attributes", Map.of("origin", "web"), "data", "dGVh", "messageId", "m-1",
                        "publishTime", "2026-11-27T10:00:00.123Z"),
                "subscription", "projects/my-project/subscriptions/faasport-orders"));

        // Pub/Sub pushes one message per request; here the first failure fails the batch, which is redelivered
        PubSubListener.RECEIVED.clear();
        assertThatThrownBy(() -> event("orders", queue("orders", message("m-3", "fine"), message("m-4", "poison")), "inv-2"))
                .hasMessage("cannot process m-4");
        assertThat(PubSubListener.RECEIVED).singleElement().asString().contains("|m-3|");
    }

    @Test
    void scheduleTicksArriveAsCloudSchedulersPubSubMessage() throws Exception {
        event("nightly", new NeutralEvent.Schedule(new ScheduleEvent(null, T, false)), "tick-1");
        assertThat(PubSubListener.RECEIVED).containsExactly("google.cloud.pubsub.topic.v1.messagePublished"
                + "|//pubsub.googleapis.com/projects/_/topics/faasport-schedule-nightly|tick-1|2026-11-27T10:00:00.123Z"
                + "|{\"expression\":\"rate(1 hour)\"}|tick-1|2026-11-27T10:00:00.123Z|projects/_/subscriptions/faasport-nightly");
    }

    @Test
    void backgroundFunctionsGetTheLegacyEventGooglesInvokerMakesOfTheCloudEvent() throws Exception {
        event("gcs-background", new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.CREATED, "uploads",
                "in/cat.png", 21476, "d132690b", T)), "evt-9");
        assertThat(HelloGcs.RECEIVED).containsExactly("evt-9|google.storage.object.finalize|2026-11-27T10:00:00.123Z"
                + "|{\"service\":\"storage.googleapis.com\",\"name\":\"projects/_/buckets/uploads/objects/in/cat.png\","
                + "\"type\":\"storage#object\"}|uploads|in/cat.png|1|21476|2026-11-27T10:00:00.123Z|2026-11-27T10:00:00.123Z");
        assertThatThrownBy(() -> event("gcs-background", new NeutralEvent.Storage(new StorageEvent(
                StorageEvent.Kind.CREATED, "uploads", "fail.txt", 1, null, T)), "evt-10")).hasMessage("cannot process fail.txt");

        event("pubsub-background", queue("greetings", message("m-7", "Ada")), "inv-7");
        // as Google's invoker: messageId and publishTime move from the data to the context
        assertThat(HelloPubSub.RECEIVED).containsExactly("m-7|google.pubsub.topic.publish|2026-11-27T10:00:00.123Z"
                + "|{\"service\":\"pubsub.googleapis.com\",\"name\":\"projects/my-project/topics/greetings\","
                + "\"type\":\"type.googleapis.com/google.pubsub.v1.PubsubMessage\"}|Ada|{origin=web}|null|null");
    }

    @Test
    void rawBackgroundFunctionsGetTheLegacyDataAsJsonText() throws Exception {
        event("raw-objects", new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.DELETED, "uploads", "old.txt",
                -1, null, T)), "evt-1");
        event("raw-messages", queue("orders", message("m-1", "hi")), "inv-1");
        assertThat(RawListener.RECEIVED).hasSize(2);
        assertThat(RawListener.RECEIVED.get(0)).startsWith("google.storage.object.delete|evt-1|")
                .contains("\"name\":\"old.txt\"").contains("\"timeDeleted\":\"2026-11-27T10:00:00.123Z\"");
        assertThat(RawListener.RECEIVED.get(1)).isEqualTo("google.pubsub.topic.publish|m-1|{\"service\":"
                + "\"pubsub.googleapis.com\",\"name\":\"projects/_/topics/orders\",\"type\":"
                + "\"type.googleapis.com/google.pubsub.v1.PubsubMessage\"}|{\"@type\":\"type.googleapis.com/google.pubsub.v1."
                + "PubsubMessage\",\"attributes\":{\"origin\":\"web\"},\"data\":\"aGk=\"}");
    }

    @Test
    void detectsGoogleHandlersByNameInAnIsolatedLoaderWithoutInitialisingThem() throws Exception {
        assertThat(Shapes.detect(HelloHttp.class)).isEqualTo(Shape.HTTP);
        assertThat(Shapes.resolve(StorageListener.class, null, "objects", "storage").shape()).isEqualTo(Shape.STORAGE);
        System.clearProperty(HelloHttp.MARK);
        try (URLClassLoader user = new URLClassLoader(new URL[] {location(HelloHttp.class), location(HttpFunction.class),
                location(com.google.cloud.functions.HttpFunction.class), location(CloudEvent.class)},
                ClassLoader.getPlatformClassLoader())) {
            assertThat(Shapes.detect("com.example.gcp.HelloHttp", user)).isEqualTo(Shape.HTTP);
            assertThat(Shapes.resolve(Class.forName("com.example.gcp.StorageListener", false, user), null, "objects",
                    "storage").shape()).isEqualTo(Shape.STORAGE);
            assertThat(System.getProperty(HelloHttp.MARK)).as("the handler's static initialiser must not run").isNull();
        }
    }

    @Test
    void detectionNeedsNoGoogleTypesInTheBuildsOwnLoader() throws Exception {
        // as in the plugin: Faasport's runtime and this adapter in one loader without Google jars, the user's code in another
        try (URLClassLoader build = new URLClassLoader(new URL[] {location(Shapes.class), location(dev.faasport.runtime.json.Json.class), location(HttpFunction.class),
                location(GcpNativeAdapter.class)}, ClassLoader.getPlatformClassLoader());
             URLClassLoader user = new URLClassLoader(new URL[] {location(HelloHttp.class), location(HttpFunction.class),
                     location(com.google.cloud.functions.HttpFunction.class), location(CloudEvent.class)},
                     ClassLoader.getPlatformClassLoader())) {
            assertThat(build.getResource("com/google/cloud/functions/HttpFunction.class")).isNull();
            java.lang.reflect.Method detect = build.loadClass(Shapes.class.getName()).getMethod("detect", String.class, ClassLoader.class);
            assertThat(detect.invoke(null, "com.example.gcp.HelloHttp", user)).hasToString("HTTP");
            java.lang.reflect.Method functions = build.loadClass(Shapes.class.getName()).getMethod("functions", Class.class,
                    String.class);
            assertThat(String.valueOf(functions.invoke(null, Class.forName("com.example.gcp.StorageListener", false, user),
                    null))).contains("api=Google CloudEventsFunction, shapes=[STORAGE, QUEUE, SCHEDULE]");
        }
    }

    static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
