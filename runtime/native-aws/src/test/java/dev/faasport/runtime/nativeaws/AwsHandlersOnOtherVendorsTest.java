package dev.faasport.runtime.nativeaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.example.aws.HelloApi;
import com.example.aws.MapHandler;
import com.example.aws.NightlyReport;
import com.example.aws.OrderQueue;
import com.example.aws.TopicListener;
import com.example.aws.UploadListener;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.faasport.api.PartialBatchFailure;
import dev.faasport.runtime.aws.AwsPlatform;
import dev.faasport.runtime.aws.FakeLambdaContext;
import dev.faasport.runtime.aws.LambdaHandler;
import dev.faasport.runtime.azure.AzureDoubles;
import dev.faasport.runtime.azure.AzureHandlers;
import dev.faasport.runtime.azure.AzurePlatform;
import dev.faasport.runtime.gcp.GcpDoubles;
import dev.faasport.runtime.Invoker;
import dev.faasport.runtime.gcp.GooglePlatform;
import dev.faasport.runtime.http.HttpMain;
import java.net.InetSocketAddress;
import dev.faasport.runtime.json.Json;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AWS handlers behind Lambda's own entry point (a round trip through the neutral event) and the Google and Azure
 * adapters, fed those platforms' documented requests and events.
 */
@SuppressWarnings("unchecked")
class AwsHandlersOnOtherVendorsTest {

    private static final OffsetDateTime EVENT_TIME = OffsetDateTime.parse("2026-11-27T10:00:00Z");

    @BeforeEach
    void clear() {
        HelloApi.RECEIVED.clear();
        UploadListener.RECEIVED.clear();
        OrderQueue.RECEIVED.clear();
        TopicListener.RECEIVED.clear();
        NightlyReport.RECEIVED.clear();
        MapHandler.RECEIVED.clear();
    }

    private static String text(String name) throws Exception {
        return new String(resource(name), StandardCharsets.UTF_8);
    }

    // ---- on AWS itself: Lambda's event -> neutral -> the event the handler reads (runtime/aws's sample events)

    @Test
    void sqsHandlerOnLambdaGetsTheRecordBackAndItsBatchResponse() throws Exception {
        FakeLambdaContext lambda = new FakeLambdaContext("order-queue", 3000);
        String out = AwsPlatform.invoke(AwsNativeAdapterTest.REGISTRY, "order-queue", text("sqs-record.json"), lambda,
                Map.of(LambdaHandler.BATCH_ITEM_FAILURES, "true"));
        assertThat(out).isEqualTo("{\"batchItemFailures\":[]}");
        Map<String, Object> sample = (Map<String, Object>) ((List<?>) Json.parseObject(text("sqs-record.json")).get("Records")).get(0);
        SQSEvent.SQSMessage m = OrderQueue.RECEIVED.get(0);
        assertThat(m.getMessageId()).isEqualTo(sample.get("messageId"));
        assertThat(m.getBody()).isEqualTo(sample.get("body"));
        assertThat(m.getMd5OfBody()).isEqualTo(sample.get("md5OfBody"));
        assertThat(m.getEventSource()).isEqualTo(sample.get("eventSource"));
        Map<String, String> attributes = (Map<String, String>) sample.get("attributes");
        assertThat(m.getAttributes()).containsEntry("ApproximateReceiveCount", attributes.get("ApproximateReceiveCount"))
                .containsEntry("SentTimestamp", attributes.get("SentTimestamp"));
        // the queue's name survives; the account in its ARN does not travel in a neutral message
        assertThat(m.getEventSourceArn()).endsWith(":MyQueue");
        assertThat(lambda.lines).anyMatch(l -> l.contains("order " + sample.get("messageId")));

        // a batch response naming a message: Lambda's batchItemFailures
        String poisoned = text("sqs-record.json").replace("Hello from SQS!", "poison pill");
        assertThat(AwsPlatform.invoke(AwsNativeAdapterTest.REGISTRY, "order-queue", poisoned, lambda,
                Map.of(LambdaHandler.BATCH_ITEM_FAILURES, "true")))
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + sample.get("messageId") + "\"}]}");
    }

    @Test
    void snsHandlerOnLambdaGetsTheNotificationBack() throws Exception {
        AwsPlatform.invoke(AwsNativeAdapterTest.REGISTRY, "topic", text("sns-notification.json"),
                new FakeLambdaContext("topic", 3000));
        SNSEvent.SNSRecord r = TopicListener.RECEIVED.get(0);
        assertThat(r.getEventSource()).isEqualTo("aws:sns");
        assertThat(r.getSNS().getMessageId()).isEqualTo("476643b1-xmpl-526c-973d-1542ba9af1d6");
        assertThat(r.getSNS().getMessage()).startsWith("Updated and expanded documentation");
        assertThat(r.getSNS().getSubject()).isEqualTo("Latest updates from AWS Lambda");
        assertThat(r.getSNS().getTimestamp().getMillis()).isEqualTo(java.time.Instant.parse("2020-02-02T12:34:56Z").toEpochMilli());
        assertThat(r.getSNS().getTopicArn()).endsWith(":java-events-topic");
        assertThat(r.getSNS().getMessageAttributes()).containsOnlyKeys("string-att", "binary-att");
        assertThat(r.getSNS().getMessageAttributes().get("string-att").getValue()).isEqualTo("[\"value\", \"value\"]");
    }

    @Test
    void scheduledHandlerOnLambdaGetsTheScheduledTime() throws Exception {
        AwsPlatform.invoke(AwsNativeAdapterTest.REGISTRY, "nightly", text("cloudwatch-scheduled.json"),
                new FakeLambdaContext("nightly", 3000));
        ScheduledEvent e = NightlyReport.RECEIVED.get(0);
        assertThat(e.getTime().getMillis()).isEqualTo(java.time.Instant.parse("2020-02-02T12:34:56Z").toEpochMilli());
        assertThat(e.getSource()).isEqualTo("aws.events");
        assertThat(e.getDetailType()).isEqualTo("Scheduled Event");
    }

    @Test
    void pojoHandlerOnLambdaIsInvokedWithItsJson() throws Exception {
        FakeLambdaContext lambda = new FakeLambdaContext("greet", 3000);
        assertThat(AwsPlatform.invoke(AwsNativeAdapterTest.REGISTRY, "greet", "{\"name\":\"Ada\",\"age\":36}", lambda))
                .isEqualTo("{\"message\":\"hello Ada (36)\",\"requestId\":\"" + lambda.getAwsRequestId() + "\"}");
    }

    // ---- on Azure: one queue message per invocation, timer ticks, HTTP bodies as JSON

    @Test
    void sqsHandlerOnAzureGetsEachQueueMessageAndAFailedOneIsRetriedByTheHost() throws Exception {
        AzureHandlers handlers = AzurePlatform.handlers(AwsNativeAdapterTest.REGISTRY);
        handlers.queue("{\"order\":7}", "a1b2", "2", "\"2026-11-27T09:59:00+00:00\"", null, null, null, new AzureDoubles.Execution("order-queue"));
        SQSEvent.SQSMessage m = OrderQueue.RECEIVED.get(0);
        assertThat(m.getMessageId()).isEqualTo("a1b2");
        assertThat(m.getBody()).isEqualTo("{\"order\":7}");
        assertThat(m.getAttributes()).containsEntry("ApproximateReceiveCount", "2")
                .containsEntry("SentTimestamp", Long.toString(java.time.Instant.parse("2026-11-27T09:59:00Z").toEpochMilli()));
        assertThat(m.getEventSourceArn()).endsWith(":MyQueue");
        // the batch response names it: the invocation fails, so the Functions host retries it, then poisons it
        assertThatThrownBy(() -> handlers.queue("poison", "p1", "1", null, null, null, null, new AzureDoubles.Execution("order-queue")))
                .isInstanceOf(PartialBatchFailure.class).hasMessageContaining("[p1]");
    }

    @Test
    void scheduledAndSnsAndPojoHandlersOnAzure() throws Exception {
        AzureHandlers handlers = AzurePlatform.handlers(AwsNativeAdapterTest.REGISTRY);
        handlers.timer("{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"2026-11-26T03:00:00+00:00\","
                + "\"Next\":\"2026-11-27T03:00:00+00:00\",\"LastUpdated\":\"2026-11-26T03:00:00+00:00\"},\"IsPastDue\":false}",
                new AzureDoubles.Execution("nightly"));
        assertThat(NightlyReport.RECEIVED.get(0).getTime().getMillis())
                .isEqualTo(java.time.Instant.parse("2026-11-27T03:00:00Z").toEpochMilli());

        handlers.queue("news", "n-9", "1", null, null, null, null, new AzureDoubles.Execution("topic"));
        assertThat(TopicListener.RECEIVED.get(0).getSNS().getMessage()).isEqualTo("news");
        assertThat(TopicListener.RECEIVED.get(0).getSNS().getMessageId()).isEqualTo("n-9");

        HttpResponseMessage r = handlers.http(new AzureDoubles.Request(HttpMethod.POST,
                URI.create("https://app.azurewebsites.net/api/greet"), Map.of("Content-Type", "application/json"),
                Optional.of("{\"name\":\"Bo\",\"age\":3}".getBytes(StandardCharsets.UTF_8))), new AzureDoubles.Execution("greet"));
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(new String((byte[]) r.getBody(), StandardCharsets.UTF_8))
                .isEqualTo("{\"message\":\"hello Bo (3)\",\"requestId\":\"6f0a-invocation\"}");
    }

    // ---- on Knative: the image's HTTP server (runtime/http), HTTP and JSON handlers

    @Test
    void httpAndPojoHandlersOnKnative() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        try (HttpMain api = HttpMain.start(new Invoker(AwsNativeAdapterTest.REGISTRY.get("hello-api")), new InetSocketAddress("127.0.0.1", 0));
             HttpMain greet = HttpMain.start(new Invoker(AwsNativeAdapterTest.REGISTRY.get("greet")), new InetSocketAddress("127.0.0.1", 0))) {
            java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api.address().getPort() + "/greet?name=Kn"))
                    .header("Ce-Id", "x").header("X-Request-Id", "kn-1").POST(java.net.http.HttpRequest.BodyPublishers.ofString("hi"))
                    .timeout(java.time.Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(((APIGatewayV2HTTPEvent) HelloApi.RECEIVED.get(0)).getQueryStringParameters()).containsEntry("name", "Kn");
            assertThat(r.body()).startsWith("hello Kn POST /greet body=hi fn=hello-api req=");

            java.net.http.HttpResponse<String> g = client.send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + greet.address().getPort() + "/"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"Kay\",\"age\":9}"))
                    .timeout(java.time.Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(g.statusCode()).isEqualTo(200);
            assertThat(g.body()).startsWith("{\"message\":\"hello Kay (9)\",\"requestId\":\"");
        }
    }

    // ---- on Google: Pub/Sub messages (also Cloud Scheduler's), HTTP bodies as JSON

    @Test
    void snsAndSqsHandlersOnGoogleGetThePubSubMessage() throws Exception {
        GcpDoubles.Event published = new GcpDoubles.Event("evt-3", "google.cloud.pubsub.topic.v1.messagePublished",
                URI.create("//pubsub.googleapis.com/projects/my-project/topics/java-events-topic"), null, EVENT_TIME,
                resource("MessagePublishedData-text.json"));
        GooglePlatform.event(AwsNativeAdapterTest.REGISTRY, "topic", published);
        SNSEvent.SNS sns = TopicListener.RECEIVED.get(0).getSNS();
        assertThat(sns.getMessage()).isEqualTo("test message 3");
        assertThat(sns.getMessageId()).isEqualTo("message-id");
        assertThat(sns.getTopicArn()).endsWith(":java-events-topic");
        assertThat(sns.getMessageAttributes().get("attr1").getValue()).isEqualTo("attr1-value");
        assertThat(sns.getTimestamp().getMillis()).isEqualTo(java.time.Instant.parse("2021-02-05T04:06:14.109Z").toEpochMilli());

        GooglePlatform.event(AwsNativeAdapterTest.REGISTRY, "order-queue", published);
        assertThat(OrderQueue.RECEIVED.get(0).getBody()).isEqualTo("test message 3");
        assertThat(OrderQueue.RECEIVED.get(0).getMessageAttributes().get("attr1").getStringValue()).isEqualTo("attr1-value");
    }

    @Test
    void scheduledHandlerOnGoogleTicksAtCloudSchedulersPublishTime() throws Exception {
        GooglePlatform.event(AwsNativeAdapterTest.REGISTRY, "nightly", new GcpDoubles.Event("evt-4",
                "google.cloud.pubsub.topic.v1.messagePublished", URI.create("//pubsub.googleapis.com/projects/p/topics/nightly"),
                null, EVENT_TIME, resource("MessagePublishedData-text.json")));
        assertThat(NightlyReport.RECEIVED.get(0).getTime().getMillis())
                .isEqualTo(java.time.Instant.parse("2021-02-05T04:06:14.109Z").toEpochMilli());
    }

    @Test
    void mapHandlerOnGoogleIsInvokedWithTheRequestJson() throws Exception {
        GcpDoubles.Response r = GooglePlatform.http(AwsNativeAdapterTest.REGISTRY, "map", new GcpDoubles.Request("POST",
                "https://map-x.a.run.app/", Map.of("Content-Type", "application/json"), "{\"z\":1,\"y\":2}".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status).isEqualTo(200);
        assertThat(r.body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"fn\":\"map\",\"keys\":\"[y, z]\"}");
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = AwsHandlersOnOtherVendorsTest.class.getResourceAsStream("/events/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void httpHandlerOnGoogle() throws Exception {
        GcpDoubles.Response r = GooglePlatform.http(AwsNativeAdapterTest.REGISTRY, "hello-api",
                new GcpDoubles.Request("POST", "https://hello-api-x.a.run.app/greet?name=Ada",
                        Map.of("Function-Execution-Id", "exec-9", "Content-Type", "text/plain"),
                        "tea".getBytes(StandardCharsets.UTF_8)));
        APIGatewayV2HTTPEvent e = (APIGatewayV2HTTPEvent) HelloApi.RECEIVED.get(0);
        assertThat(e.getRawPath()).isEqualTo("/greet");
        assertThat(e.getHeaders()).containsEntry("content-type", "text/plain");
        assertThat(r.status).isEqualTo(201);
        assertThat(r.contentType).isEqualTo("text/plain");
        assertThat(r.headers).containsEntry("X-Greeter", List.of("aws"));
        assertThat(r.body.toString(StandardCharsets.UTF_8))
                .isEqualTo("hello Ada POST /greet body=tea fn=hello-api req=exec-9");

        GcpDoubles.Response failed = GooglePlatform.http(AwsNativeAdapterTest.REGISTRY, "hello-api",
                new GcpDoubles.Request("GET", "http://localhost:8080/fail", Map.of(), new byte[0]));
        assertThat(failed.status).isEqualTo(500);
        assertThat(failed.body.toString(StandardCharsets.UTF_8)).contains("no such greeting");
    }

    @Test
    void s3HandlerOnGoogleGetsTheCloudStorageObject() throws Exception {
        GooglePlatform.event(AwsNativeAdapterTest.REGISTRY, "uploads", new GcpDoubles.Event("evt-1",
                "google.cloud.storage.object.v1.finalized", URI.create("//storage.googleapis.com/projects/_/buckets/sample-bucket"),
                "objects/MyFile", EVENT_TIME, resource("StorageObjectData-complex.json")));
        assertThat(UploadListener.RECEIVED).containsExactly("ObjectCreated:Put|sample-bucket|MyFile|MyFile|0|COu8mb3Dn+kCEAE=|"
                + EVENT_TIME.toInstant().toEpochMilli() + "|aws:s3");
        assertThatThrownBy(() -> GooglePlatform.event(AwsNativeAdapterTest.REGISTRY, "uploads", new GcpDoubles.Event("evt-2",
                "google.cloud.storage.object.v1.finalized", URI.create("//storage.googleapis.com/projects/_/buckets/b"),
                "objects/fail.csv", EVENT_TIME, "{\"bucket\":\"b\",\"name\":\"fail.csv\",\"size\":\"3\"}".getBytes())))
                .hasMessage("cannot process fail.csv");
    }

    @Test
    void httpHandlerOnAzure() {
        AzureHandlers handlers = AzurePlatform.handlers(AwsNativeAdapterTest.REGISTRY);
        AzureDoubles.Execution ctx = new AzureDoubles.Execution("hello-api");
        HttpResponseMessage r = handlers.http(new AzureDoubles.Request(HttpMethod.POST,
                URI.create("https://app.azurewebsites.net/api/hello-api/greet?name=Bob"),
                Map.of("Content-Type", "application/json"), Optional.of("{}".getBytes(StandardCharsets.UTF_8))), ctx);
        assertThat(((APIGatewayV2HTTPEvent) HelloApi.RECEIVED.get(0)).getRawPath()).isEqualTo("/greet");
        assertThat(r.getStatusCode()).isEqualTo(201);
        assertThat(r.getHeader("X-Greeter")).isEqualTo("aws");
        assertThat(new String((byte[]) r.getBody(), StandardCharsets.UTF_8))
                .isEqualTo("hello Bob POST /greet body={} fn=hello-api req=6f0a-invocation");
        assertThat(ctx.lines).contains("INFO [6f0a-invocation] hello /greet");
    }

    @Test
    void restApiHandlerOnAzure() {
        HttpResponseMessage r = AzurePlatform.handlers(AwsNativeAdapterTest.REGISTRY).http(new AzureDoubles.Request(
                HttpMethod.GET, URI.create("https://app.azurewebsites.net/api/orders/7?status=open"), Map.of(), Optional.empty()),
                new AzureDoubles.Execution("orders"));
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(new String((byte[]) r.getBody(), StandardCharsets.UTF_8))
                .isEqualTo("{\"path\":\"/7\",\"status\":\"open\",\"method\":\"GET\",\"body\":\"null\"}");
    }

    @Test
    void s3HandlerOnAzureGetsTheBlob() throws Exception {
        AzureHandlers handlers = AzurePlatform.handlers(AwsNativeAdapterTest.REGISTRY);
        handlers.blob(new byte[42], "in/cat pic.png", "uploads/in/cat pic.png", null, null, null, new AzureDoubles.Execution("uploads"));
        assertThat(UploadListener.RECEIVED).singleElement().asString()
                .startsWith("ObjectCreated:Put|uploads|in/cat+pic.png|in/cat pic.png|42|null|");
    }
}
