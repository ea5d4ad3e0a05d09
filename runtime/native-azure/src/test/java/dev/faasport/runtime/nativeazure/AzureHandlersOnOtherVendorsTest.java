package dev.faasport.runtime.nativeazure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.azure.Function;
import com.example.azure.Storage;
import dev.faasport.runtime.azure.AzureDoubles;
import dev.faasport.runtime.azure.AzurePlatform;
import dev.faasport.runtime.http.HttpMain;
import dev.faasport.runtime.Invoker;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import dev.faasport.runtime.aws.AwsPlatform;
import dev.faasport.runtime.aws.FakeLambdaContext;
import dev.faasport.runtime.gcp.GcpDoubles;
import dev.faasport.runtime.gcp.GooglePlatform;
import dev.faasport.runtime.json.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Azure functions behind the AWS and Google adapters, fed those platforms' documented requests. */
class AzureHandlersOnOtherVendorsTest {

    @BeforeEach
    void clear() {
        Function.RECEIVED.clear();
        Storage.RECEIVED.clear();
    }

    static String resource(String name) throws Exception {
        try (InputStream in = AzureHandlersOnOtherVendorsTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void httpFunctionOnLambdaWithTheHttpApiSampleEvent() throws Exception {
        FakeLambdaContext lambda = new FakeLambdaContext("hello", 30_000);
        Map<String, Object> r = Json.parseObject(AwsPlatform.invoke(AzureNativeAdapterTest.REGISTRY, "hello",
                resource("apigateway-v2.json").replace("/default/nodejs-apig-function-1G3XMPLZXVXYI", "/default/hello/Lima"),
                lambda));
        assertThat(Function.RECEIVED).singleElement().asString()
                .isEqualTo("GET https://r3pmxmplak.execute-api.us-east-2.amazonaws.com/hello/Lima who=Lima fn=hello id=8f5c1a2e-req");
        assertThat(r).containsEntry("statusCode", 200L).containsEntry("isBase64Encoded", false);
        assertThat((String) r.get("body")).startsWith("Hello, Hello world! from Lima ua=Mozilla/5.0");
        assertThat((Map<String, Object>) r.get("headers")).containsEntry("X-Greeter", "azure");
        assertThat(lambda.lines).anySatisfy(l -> assertThat(l).contains("Java HTTP trigger processed a request."));
    }

    @Test
    void httpFunctionsOnGoogle() throws Exception {
        GcpDoubles.Response r = GooglePlatform.http(AzureNativeAdapterTest.REGISTRY, "hello",
                new GcpDoubles.Request("GET", "https://hello-x.a.run.app/?name=Ada", Map.of("User-Agent", "curl/8"), new byte[0]));
        assertThat(r.status).isEqualTo(200);
        assertThat(r.contentType).isEqualTo("text/plain");
        assertThat(r.body.toString(StandardCharsets.UTF_8)).isEqualTo("Hello, Ada ua=curl/8");

        GcpDoubles.Response order = GooglePlatform.http(AzureNativeAdapterTest.REGISTRY, "order",
                new GcpDoubles.Request("POST", "https://order-x.a.run.app/", Map.of("Content-Type", "application/json"),
                        "{\"item\":\"cake\",\"quantity\":2}".getBytes(StandardCharsets.UTF_8)));
        assertThat(order.status).isEqualTo(200);
        assertThat(Json.parse(order.body.toString(StandardCharsets.UTF_8))).isEqualTo(Map.of("item", "CAKE", "quantity", 4L));

        GcpDoubles.Response missing = GooglePlatform.http(AzureNativeAdapterTest.REGISTRY, "hello",
                new GcpDoubles.Request("GET", "https://hello-x.a.run.app/", Map.of(), new byte[0]));
        assertThat(missing.status).isEqualTo(400);
        assertThat(missing.body.toString(StandardCharsets.UTF_8))
                .isEqualTo("Please pass a name on the query string or in the request body");
    }

    @Test
    void queueFunctionOnLambdaWithTheSqsSampleEvent() throws Exception {
        FakeLambdaContext lambda = new FakeLambdaContext("audit", 30_000);
        AwsPlatform.invoke(AzureNativeAdapterTest.REGISTRY, "audit", resource("sqs-record.json"), lambda);
        // SentTimestamp 1523232000000 is the insertion time, ApproximateReceiveCount the dequeue count
        assertThat(Storage.RECEIVED).containsExactly("audit Hello from SQS! id=19dd0b57-b21e-4ac1-bd88-01bbb068cb78 "
                + "count=1 at=2018-04-09T00:00:00Z fn=audit");
        assertThat(lambda.lines).anySatisfy(l -> assertThat(l).contains("audit Hello from SQS!"));
    }

    @Test
    void timerFunctionOnLambdaWithTheEventBridgeSampleEvent() throws Exception {
        AwsPlatform.invoke(AzureNativeAdapterTest.REGISTRY, "keep-alive", resource("cloudwatch-scheduled.json"),
                new FakeLambdaContext("keep-alive", 30_000));
        assertThat(Storage.RECEIVED).singleElement().asString()
                .contains("\"Next\":\"2020-02-02T12:34:56Z\"").contains("\"IsPastDue\":false");
    }

    @Test
    void outputsAndUnreadableBlobsAreRefusedOnALambdaWithoutCredentialsBeforeTheFunctionRuns() {
        assertThatThrownBy(() -> AwsPlatform.invoke(AzureNativeAdapterTest.REGISTRY, "queue-processor",
                resource("sqs-record.json"), new FakeLambdaContext("queue-processor", 30_000)))
                .hasMessageContaining("has the @QueueOutput 'out' (shipments), but this environment has none of Faasport's "
                        + "ways to write it (the local provider's FAASPORT_QUEUE_URL/FAASPORT_STORAGE_URL, Lambda's AWS_REGION and "
                        + "credentials, Cloud Run's K_SERVICE, or Azure's storage connection setting), perhaps you should");
        assertThatThrownBy(() -> AwsPlatform.invoke(AzureNativeAdapterTest.REGISTRY, "inspect",
                resource("s3-notification.json").replace("\"name\": \"my-bucket\"", "\"name\": \"photos\""),
                new FakeLambdaContext("inspect", 30_000)))
                .hasMessageContaining("is an Azure blob trigger, whose content Faasport reads on Azure, AWS, Google and the "
                        + "local provider only"); // here: a Lambda environment without its credentials
        assertThat(Storage.RECEIVED).isEmpty();
    }

    @Test
    void queueFunctionOnGoogleWithThePubSubSampleMessage() throws Exception {
        GooglePlatform.event(AzureNativeAdapterTest.REGISTRY, "audit", new GcpDoubles.Event("ev-1",
                "google.cloud.pubsub.topic.v1.messagePublished", URI.create("//pubsub.googleapis.com/projects/my-project/topics/audit"),
                null, OffsetDateTime.parse("2021-02-05T04:06:15Z"), resource("MessagePublishedData-text.json").getBytes(StandardCharsets.UTF_8)));
        assertThat(Storage.RECEIVED).containsExactly("audit test message 3 id=message-id count=1 at=2021-02-05T04:06:14.109Z fn=audit");
    }

    @Test
    void timerFunctionOnGoogleWithCloudSchedulersPubSubMessage() throws Exception {
        // Cloud Scheduler publishes to the function's topic: the publish time is the tick
        GooglePlatform.event(AzureNativeAdapterTest.REGISTRY, "keep-alive", new GcpDoubles.Event("ev-2",
                "google.cloud.pubsub.topic.v1.messagePublished", URI.create("//pubsub.googleapis.com/projects/my-project/topics/keep-alive"),
                null, OffsetDateTime.parse("2021-02-05T04:06:15Z"), resource("MessagePublishedData-text.json").getBytes(StandardCharsets.UTF_8)));
        assertThat(Storage.RECEIVED).singleElement().asString().contains("\"Next\":\"2021-02-05T04:06:14.109Z\"");
    }

    @Test
    void eventFunctionsOnAzureGetWhatTheHostSentThem() throws Exception {
        var handlers = AzurePlatform.handlers(AzureNativeAdapterTest.REGISTRY);
        // the queue trigger's message metadata (queue trigger reference "Message metadata", read 2026-12)
        handlers.queue("hello", "\"4c3f-id\"", "2", "\"2026-12-01T08:00:00+00:00\"", "\"2026-12-08T08:00:00+00:00\"",
                "\"2026-12-01T08:10:00+00:00\"", "\"AgAAAAMAAAAAAAAA\"", new AzureDoubles.Execution("audit"));
        assertThat(Storage.RECEIVED).containsExactly("audit hello id=4c3f-id count=2 at=2026-12-01T08:00:00Z fn=audit "
                + "receipt=AgAAAAMAAAAAAAAA");

        Storage.RECEIVED.clear();
        handlers.blob("a photo".getBytes(StandardCharsets.UTF_8), "cat.png", "photos/cat.png",
                "{\"ETag\":\"\\\"0x8DC\\\"\",\"LastModified\":\"2026-12-01T08:30:00+00:00\"}",
                "\"https://acct.blob.core.windows.net/photos/cat.png\"", "{\"camera\":\"x100\"}", new AzureDoubles.Execution("inspect"));
        // the host's own Properties pass as it sent them, with the blob's Uri (blob trigger reference "Blob metadata")
        assertThat(Storage.RECEIVED).containsExactly("inspect cat.png a photo props="
                + "{\"ETag\":\"\\\"0x8DC\\\"\",\"LastModified\":\"2026-12-01T08:30:00+00:00\"} "
                + "uri=https://acct.blob.core.windows.net/photos/cat.png");

        Storage.RECEIVED.clear();
        handlers.timer("{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"2026-12-01T08:00:00+00:00\","
                + "\"Next\":\"2026-12-01T08:05:00+00:00\",\"LastUpdated\":\"2026-12-01T08:00:01+00:00\"},\"IsPastDue\":false}",
                new AzureDoubles.Execution("keep-alive"));
        assertThat(Storage.RECEIVED).singleElement().asString().contains("\"Next\":\"2026-12-01T08:05:00Z\"");
    }

    @Test
    void httpFunctionOfAManyFunctionClassBehindKnativesHttpServer() throws Exception {
        try (HttpMain main = HttpMain.start(new Invoker(AzureNativeAdapterTest.REGISTRY.get("get-item")),
                new InetSocketAddress("127.0.0.1", 0))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + main.address().getPort() + "/items/7")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("item 7");
        }
    }
}
