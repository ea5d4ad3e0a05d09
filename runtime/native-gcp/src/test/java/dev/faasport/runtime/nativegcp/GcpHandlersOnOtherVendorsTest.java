package dev.faasport.runtime.nativegcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.gcp.HelloGcs;
import com.example.gcp.HelloHttp;
import com.example.gcp.HelloPubSub;
import com.example.gcp.PubSubListener;
import com.example.gcp.RawListener;
import com.example.gcp.StorageListener;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.faasport.runtime.aws.AwsPlatform;
import dev.faasport.runtime.aws.FakeLambdaContext;
import dev.faasport.runtime.azure.AzureDoubles;
import dev.faasport.runtime.azure.AzureHandlers;
import dev.faasport.runtime.azure.AzurePlatform;
import dev.faasport.runtime.gcp.GcpDoubles;
import dev.faasport.runtime.gcp.GooglePlatform;
import dev.faasport.runtime.InvocationContext;
import dev.faasport.runtime.Invoker;
import dev.faasport.api.HttpRequest;
import java.time.OffsetDateTime;
import java.util.List;
import dev.faasport.runtime.json.Json;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Google handlers behind every platform adapter, fed that platform's documented events and requests: AWS's
 * sample events, Azure's trigger bindings, Google's own CloudEvents (a round trip through the neutral event) and the
 * local provider's neutral event JSON.
 */
class GcpHandlersOnOtherVendorsTest {

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

    static String gcpResource(String name) throws Exception {
        return resource(name); // runtime/gcp's test-jar holds Google's samples under the same /events/
    }

    private static FakeLambdaContext lambda(String function) {
        return new FakeLambdaContext(function, 30_000);
    }

    static String resource(String name) throws Exception {
        try (InputStream in = GcpHandlersOnOtherVendorsTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void httpFunctionOnLambdaWithTheHttpApiSampleEvent() throws Exception {
        String out = AwsPlatform.invoke(GcpNativeAdapterTest.REGISTRY, "hello-http",
                resource("apigateway-v2.json").replace("\"rawQueryString\": \"\"", "\"rawQueryString\": \"name=Ada\""),
                new FakeLambdaContext("hello-http", 30_000));
        Map<String, Object> r = Json.parseObject(out);
        assertThat(HelloHttp.RECEIVED).singleElement().asString()
                .startsWith("GET https://r3pmxmplak.execute-api.us-east-2.amazonaws.com/nodejs-apig-function-1G3XMPLZXVXYI?name=Ada");
        assertThat(r).containsEntry("statusCode", 201L).containsEntry("isBase64Encoded", false)
                .containsEntry("body", "hello Ada GET /nodejs-apig-function-1G3XMPLZXVXYI body=Hello world! ct=-");
        assertThat((Map<String, Object>) r.get("headers")).containsEntry("content-type", "text/plain; charset=utf-8")
                .containsEntry("X-Greeter", "gcp");

        String failed = AwsPlatform.invoke(GcpNativeAdapterTest.REGISTRY, "hello-http",
                resource("apigateway-v2.json").replace("/default/nodejs-apig-function-1G3XMPLZXVXYI", "/default/fail"),
                new FakeLambdaContext("hello-http", 30_000));
        assertThat(Json.parseObject(failed)).containsEntry("statusCode", 500L);
    }

    @Test
    void storageFunctionOnLambdaWithTheS3SampleEvent() throws Exception {
        AwsPlatform.invoke(GcpNativeAdapterTest.REGISTRY, "objects", resource("s3-notification.json"),
                new FakeLambdaContext("objects", 30_000));
        assertThat(StorageListener.RECEIVED).containsExactly("google.cloud.storage.object.v1.finalized"
                + "|//storage.googleapis.com/projects/_/buckets/BUCKET_NAME|objects/inbound/sample-java-s3.png|BUCKET_NAME"
                + "|inbound/sample-java-s3.png|21476|d132690b6c65b6d1629721dcfb49b883|2020-03-08T00:30:12.456Z");
        assertThatThrownBy(() -> AwsPlatform.invoke(GcpNativeAdapterTest.REGISTRY, "objects",
                resource("s3-notification.json").replace("inbound/sample-java-s3.png", "fail.png"),
                new FakeLambdaContext("objects", 30_000))).hasMessage("cannot process fail.png");
    }

    @Test
    void httpFunctionOnAzure() {
        AzureHandlers handlers = AzurePlatform.handlers(GcpNativeAdapterTest.REGISTRY);
        HttpResponseMessage r = handlers.http(new AzureDoubles.Request(HttpMethod.PUT,
                URI.create("https://app.azurewebsites.net/api/hello-http/greet?name=Bob"),
                Map.of("Content-Type", "application/json"), Optional.of("{}".getBytes(StandardCharsets.UTF_8))),
                new AzureDoubles.Execution("hello-http"));
        assertThat(r.getStatusCode()).isEqualTo(201);
        assertThat(r.getHeader("X-Greeter")).isEqualTo("gcp");
        assertThat(new String((byte[]) r.getBody(), StandardCharsets.UTF_8))
                .isEqualTo("hello Bob PUT /greet body={} ct=application/json");
    }

    @Test
    void httpFunctionOnKnativesContainerServer() throws Exception {
        try (dev.faasport.runtime.http.HttpMain server = dev.faasport.runtime.http.HttpMain.start(
                new Invoker(GcpNativeAdapterTest.REGISTRY.get("hello-http")), new java.net.InetSocketAddress("127.0.0.1", 0))) {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + "/greet?name=Kim"))
                    .timeout(java.time.Duration.ofSeconds(10)).POST(java.net.http.HttpRequest.BodyPublishers.ofString("hi"))
                    .header("Content-Type", "text/plain").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.headers().firstValue("x-greeter")).hasValue("gcp");
            assertThat(r.body()).isEqualTo("hello Kim POST /greet body=hi ct=text/plain");
        }
    }

    @Test
    void storageFunctionOnAzureGetsTheBlob() throws Exception {
        AzurePlatform.handlers(GcpNativeAdapterTest.REGISTRY).blob(new byte[7], "in/x.csv", "uploads/in/x.csv", null, null, null, new AzureDoubles.Execution("objects"));
        assertThat(StorageListener.RECEIVED).singleElement().asString().startsWith("google.cloud.storage.object.v1.finalized"
                + "|//storage.googleapis.com/projects/_/buckets/uploads|objects/in/x.csv|uploads|in/x.csv|7|null|");
    }

    @Test
    void pubSubFunctionsOnLambdaWithTheSqsSampleEvent() throws Exception {
        String sqs = resource("sqs-record.json");
        AwsPlatform.invoke(GcpNativeAdapterTest.REGISTRY, "orders", sqs, lambda("orders"));
        assertThat(PubSubListener.RECEIVED).containsExactly("google.cloud.pubsub.topic.v1.messagePublished"
                + "|//pubsub.googleapis.com/projects/my-project/topics/MyQueue|19dd0b57-b21e-4ac1-bd88-01bbb068cb78"
                + "|2018-04-09T00:00:00Z|Hello from SQS!|19dd0b57-b21e-4ac1-bd88-01bbb068cb78|2018-04-09T00:00:00Z"
                + "|projects/my-project/subscriptions/faasport-orders");
        AwsPlatform.invoke(GcpNativeAdapterTest.REGISTRY, "pubsub-background", sqs.replace("\"messageAttributes\": {}",
                "\"messageAttributes\": {\"origin\": {\"stringValue\": \"web\", \"dataType\": \"String\"}}"),
                lambda("pubsub-background"));
        assertThat(HelloPubSub.RECEIVED).singleElement().asString().startsWith("19dd0b57-b21e-4ac1-bd88-01bbb068cb78"
                + "|google.pubsub.topic.publish|2018-04-09T00:00:00Z|").endsWith("|Hello from SQS!|{origin=web}|null|null");
        assertThatThrownBy(() -> AwsPlatform.invoke(GcpNativeAdapterTest.REGISTRY, "orders",
                sqs.replace("Hello from SQS!", "poison"), lambda("orders")))
                .hasMessageContaining("cannot process 19dd0b57-b21e-4ac1-bd88-01bbb068cb78");
    }

    @Test
    void scheduledAndStorageFunctionsOnLambda() throws Exception {
        AwsPlatform.invoke(GcpNativeAdapterTest.REGISTRY, "nightly", resource("cloudwatch-scheduled.json"), lambda("nightly"));
        assertThat(PubSubListener.RECEIVED).singleElement().asString().startsWith("google.cloud.pubsub.topic.v1."
                + "messagePublished|//pubsub.googleapis.com/projects/_/topics/faasport-schedule-nightly|")
                .contains("|2020-02-02T12:34:56Z|{\"expression\":\"rate(1 hour)\"}|");
        AwsPlatform.invoke(GcpNativeAdapterTest.REGISTRY, "gcs-background", resource("s3-notification.json"),
                lambda("gcs-background"));
        assertThat(HelloGcs.RECEIVED).singleElement().asString().contains("|google.storage.object.finalize|"
                + "2020-03-08T00:30:12.456Z|").endsWith("|BUCKET_NAME|inbound/sample-java-s3.png|1|21476"
                + "|2020-03-08T00:30:12.456Z|2020-03-08T00:30:12.456Z");
    }

    @Test
    void eventFunctionsOnAzureQueueTimerAndBlobTriggers() throws Exception {
        AzureHandlers handlers = AzurePlatform.handlers(GcpNativeAdapterTest.REGISTRY);
        handlers.queue("Hello from Azure", "\"a9c8e2d4-0b0a-4f39-9e3c-1f2b3c4d5e6f\"", "2",
                "\"2026-11-27T10:00:00+00:00\"", null, null, null, new AzureDoubles.Execution("orders"));
        assertThat(PubSubListener.RECEIVED).containsExactly("google.cloud.pubsub.topic.v1.messagePublished"
                + "|//pubsub.googleapis.com/projects/my-project/topics/orders|a9c8e2d4-0b0a-4f39-9e3c-1f2b3c4d5e6f"
                + "|2026-11-27T10:00:00Z|Hello from Azure|a9c8e2d4-0b0a-4f39-9e3c-1f2b3c4d5e6f|2026-11-27T10:00:00Z"
                + "|projects/my-project/subscriptions/faasport-orders");
        handlers.timer("{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"2026-11-27T09:00:00+00:00\","
                + "\"Next\":\"2026-11-27T11:00:00+00:00\",\"LastUpdated\":\"2026-11-27T09:00:00+00:00\"},\"IsPastDue\":false}",
                new AzureDoubles.Execution("nightly"));
        assertThat(PubSubListener.RECEIVED.get(1)).contains("/topics/faasport-schedule-nightly|")
                .contains("|2026-11-27T11:00:00Z|{\"expression\":\"rate(1 hour)\"}|");
        handlers.blob(new byte[3], "in/cat.png", "uploads/in/cat.png", null, null, null, new AzureDoubles.Execution("gcs-background"));
        assertThat(HelloGcs.RECEIVED).singleElement().asString().contains("|google.storage.object.finalize|")
                .contains("|uploads|in/cat.png|1|3|");
    }

    @Test
    void onGoogleTheFunctionGetsEventarcsOwnCloudEvent() throws Exception {
        // Eventarc's Pub/Sub event with Google's sample data, through runtime/gcp's entry point: nothing is lost
        String published = gcpResource("MessagePublishedData-text.json");
        published("orders", "orders", published);
        assertThat(PubSubListener.RECEIVED).containsExactly("google.cloud.pubsub.topic.v1.messagePublished"
                + "|//pubsub.googleapis.com/projects/my-project/topics/orders|message-id|2021-02-05T04:06:14.109Z"
                + "|test message 3|message-id|2021-02-05T04:06:14.109Z|projects/my-project/subscriptions/my-subscription");
        assertThat(Json.parseObject(PubSubListener.DATA.get(0))).isEqualTo(Json.parseObject(published));

        published("pubsub-background", "greetings", published);
        assertThat(HelloPubSub.RECEIVED).containsExactly("message-id|google.pubsub.topic.publish|2021-02-05T04:06:14.109Z"
                + "|{\"service\":\"pubsub.googleapis.com\",\"name\":\"projects/my-project/topics/greetings\","
                + "\"type\":\"type.googleapis.com/google.pubsub.v1.PubsubMessage\"}|test message 3|{attr1=attr1-value}|null|null");

        // Cloud Storage: Google's sample object reaches a 1st gen function whole (content type, hashes, metadata...)
        String object = gcpResource("StorageObjectData-complex.json");
        GooglePlatform.event(GcpNativeAdapterTest.REGISTRY, "raw-objects", new GcpDoubles.Event("evt-1",
                "google.cloud.storage.object.v1.finalized", URI.create("//storage.googleapis.com/projects/_/buckets/sample-bucket"),
                "objects/MyFile", OffsetDateTime.parse("2020-05-06T15:14:16Z"), object.getBytes(StandardCharsets.UTF_8)));
        String[] raw = RawListener.RECEIVED.get(0).split("\\|", 4);
        assertThat(raw[0] + "|" + raw[1] + "|" + raw[2]).isEqualTo("google.storage.object.finalize|evt-1|"
                + "{\"service\":\"storage.googleapis.com\",\"name\":\"projects/_/buckets/sample-bucket/objects/MyFile\","
                + "\"type\":\"storage#object\"}");
        assertThat(Json.parseObject(raw[3])).isEqualTo(Json.parseObject(object));
    }

    /** Eventarc's Pub/Sub CloudEvent of the sample message, through runtime/gcp's entry point. */
    private static void published(String function, String topic, String data) throws Exception {
        GooglePlatform.event(GcpNativeAdapterTest.REGISTRY, function, new GcpDoubles.Event("message-id",
                "google.cloud.pubsub.topic.v1.messagePublished",
                URI.create("//pubsub.googleapis.com/projects/my-project/topics/" + topic), null,
                OffsetDateTime.parse("2021-02-05T04:06:14.109Z"), data.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eventFunctionsOnTheLocalProviderWithNeutralEventJson() {
        assertThat(local("orders", "{\"kind\":\"queue\",\"queue\":\"orders\",\"messages\":[{\"id\":\"m-1\","
                + "\"body\":\"tea\",\"attributes\":{\"a\":\"b\"},\"sentAt\":\"2026-11-27T10:00:00Z\"}]}")).isEqualTo(200);
        assertThat(PubSubListener.RECEIVED).singleElement().asString().contains("|m-1|2026-11-27T10:00:00Z|tea|m-1|");
        assertThat(PubSubListener.DATA.get(0)).contains("\"attributes\":{\"a\":\"b\"}");
        assertThat(local("gcs-background", "{\"kind\":\"storage\",\"event\":{\"kind\":\"CREATED\",\"bucket\":"
                + "\"uploads\",\"key\":\"in/a.png\",\"size\":5,\"time\":\"2026-11-27T10:00:00Z\"}}")).isEqualTo(200);
        assertThat(HelloGcs.RECEIVED).singleElement().asString().startsWith("inv-1|google.storage.object.finalize|")
                .endsWith("|uploads|in/a.png|1|5|2026-11-27T10:00:00Z|2026-11-27T10:00:00Z");
    }

    /** What the local runtime's worker does with an event (CommonDispatch): neutral JSON through Invoker.http. */
    private static int local(String function, String neutralJson) {
        Invoker invoker = new Invoker(GcpNativeAdapterTest.REGISTRY.get(function));
        return invoker.http(new HttpRequest("POST", "/", Map.of(), Map.of("content-type", List.of("application/json")),
                neutralJson.getBytes(StandardCharsets.UTF_8)), InvocationContext.of(invoker.entry(), "inv-1")).status();
    }
}
