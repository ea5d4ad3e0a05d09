package dev.faasport.runtime.nativeaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
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
import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.api.PartialBatchFailure;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.InvocationContext;
import dev.faasport.runtime.Invoker;
import dev.faasport.runtime.NeutralEvent;
import dev.faasport.runtime.Shape;
import dev.faasport.runtime.Shapes;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AWS handlers through the portable path every platform adapter uses: registry, Invoker, neutral values. */
class AwsNativeAdapterTest {

    static final FunctionRegistry REGISTRY = FunctionRegistry.load(AwsNativeAdapterTest.class.getClassLoader());
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void clear() {
        HelloApi.RECEIVED.clear();
        UploadListener.RECEIVED.clear();
        OrderQueue.RECEIVED.clear();
        TopicListener.RECEIVED.clear();
        NightlyReport.RECEIVED.clear();
        MapHandler.RECEIVED.clear();
    }

    private Context context(String function) {
        return new InvocationContext(function, "inv-7", () -> 9000, Map.of(), new Context.Logger() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void error(String message, Throwable error) {
                log.add("ERROR " + message + " " + error);
            }
        });
    }

    @Test
    void httpRequestBecomesAnHttpApiV2EventAndTheResponseComesBack() {
        HttpRequest request = new HttpRequest("post", "/greet/sub dir", Map.of("name", List.of("Ada", "Bob")),
                Map.of("Content-Type", List.of("application/json"), "Cookie", List.of("a=1; b=2"),
                        "Host", List.of("abc123.lambda-url.us-east-2.on.aws"), "X-Multi", List.of("x", "y")),
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        HttpResponse r = new Invoker(REGISTRY.get("hello-api")).http(request, context("hello-api"));

        APIGatewayV2HTTPEvent e = (APIGatewayV2HTTPEvent) HelloApi.RECEIVED.get(0);
        assertThat(e.getVersion()).isEqualTo("2.0");
        assertThat(e.getRawPath()).isEqualTo("/greet/sub%20dir");
        assertThat(e.getRawQueryString()).isEqualTo("name=Ada&name=Bob");
        assertThat(e.getQueryStringParameters()).isEqualTo(Map.of("name", "Ada,Bob"));
        assertThat(e.getHeaders()).containsEntry("content-type", "application/json").containsEntry("x-multi", "x,y")
                .doesNotContainKey("cookie");
        assertThat(e.getCookies()).containsExactly("a=1", "b=2");
        assertThat(e.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        assertThat(e.getRequestContext().getHttp().getPath()).isEqualTo("/greet/sub%20dir");
        assertThat(e.getRequestContext().getRequestId()).isEqualTo("inv-7");
        assertThat(e.getRequestContext().getDomainName()).isEqualTo("abc123.lambda-url.us-east-2.on.aws");
        assertThat(e.getBody()).isEqualTo("{\"n\":1}");
        assertThat(e.getIsBase64Encoded()).isFalse();

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers()).containsEntry("Content-Type", "text/plain").containsEntry("X-Greeter", "aws")
                .containsEntry("set-cookie", "seen=1; Path=/");
        assertThat(r.bodyAsString()).isEqualTo("hello Ada,Bob POST /greet/sub%20dir body={\"n\":1} fn=hello-api req=inv-7");
        assertThat(log).contains("hello /greet/sub%20dir");
    }

    @Test
    void binaryBodiesTravelBase64BothWays() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff};
        HttpRequest upload = new HttpRequest("PUT", "/logo", null, Map.of("content-type", List.of("image/png")), png);
        HttpResponse r = new Invoker(REGISTRY.get("hello-api")).http(upload, context("hello-api"));
        APIGatewayV2HTTPEvent e = (APIGatewayV2HTTPEvent) HelloApi.RECEIVED.get(0);
        assertThat(e.getIsBase64Encoded()).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(e.getBody())).containsExactly(png);
        assertThat(e.getQueryStringParameters()).isNull();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).containsExactly((byte) 0x89, 'P', 'N', 'G');
    }

    @Test
    void restApiHandlersGetAPayload10ProxyEvent() {
        com.example.aws.OrdersRestApi.RECEIVED.clear();
        HttpResponse r = new Invoker(REGISTRY.get("orders")).http(new HttpRequest("POST", "/orders/42",
                Map.of("status", List.of("open", "paid")), Map.of("Content-Type", List.of("text/plain")),
                "note".getBytes(StandardCharsets.UTF_8)), context("orders"));
        var e = com.example.aws.OrdersRestApi.RECEIVED.get(0);
        assertThat(e.getMultiValueQueryStringParameters()).isEqualTo(Map.of("status", List.of("open", "paid")));
        assertThat(e.getPathParameters()).isEqualTo(Map.of("proxy", "orders/42"));
        assertThat(e.getRequestContext().getRequestId()).isEqualTo("inv-7");
        assertThat(e.getIsBase64Encoded()).isFalse();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("Content-Type", "application/json");
        assertThat(r.bodyAsString()).isEqualTo("{\"path\":\"/orders/42\",\"status\":\"paid\",\"method\":\"POST\",\"body\":\"note\"}");
        assertThat(Shapes.detect(com.example.aws.OrdersRestApi.class)).isEqualTo(Shape.HTTP);
    }

    @Test
    void handlerFailuresAnswer500AndANullResponseIsExplained() throws Exception {
        HttpResponse r = new Invoker(REGISTRY.get("hello-api")).http(new HttpRequest("GET", "/fail", null, null, null),
                context("hello-api"));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.bodyAsString()).contains("IllegalStateException: no such greeting");

        @SuppressWarnings("unchecked")
        HttpFunction none = AwsHttpFunction.of((RequestHandler<APIGatewayV2HTTPEvent, Object>) (ev, c) -> null);
        assertThatThrownBy(() -> none.handle(new HttpRequest("GET", "/", null, null, null), context("f")))
                .hasMessageContaining("returned no APIGatewayV2HTTPResponse, perhaps you should return");
    }

    @Test
    void storageEventsBecomeS3Notifications() throws Exception {
        Invoker uploads = new Invoker(REGISTRY.get("uploads"));
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        uploads.event(new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.CREATED, "uploads", "in/my photo+1.png",
                21476, "d132690b", t)), context("uploads"));
        uploads.event(new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.DELETED, "uploads", "old.txt", -1,
                null, t)), context("uploads"));
        assertThat(UploadListener.RECEIVED).containsExactly(
                "ObjectCreated:Put|uploads|in/my+photo%2B1.png|in/my photo+1.png|21476|d132690b|" + t.toEpochMilli() + "|aws:s3",
                "ObjectRemoved:Delete|uploads|old.txt|old.txt|null|null|" + t.toEpochMilli() + "|aws:s3");
        assertThatThrownBy(() -> uploads.event(new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.CREATED,
                "uploads", "fail.csv", 3, "e", t)), context("uploads")))
                .isInstanceOf(IllegalStateException.class).hasMessage("cannot process fail.csv");
    }

    @Test
    void detectsAwsHandlersByNameInAnIsolatedLoaderWithoutInitialisingThem() throws Exception {
        assertThat(Shapes.detect(HelloApi.class)).isEqualTo(Shape.HTTP);
        assertThat(Shapes.detect(UploadListener.class)).isEqualTo(Shape.STORAGE);
        System.clearProperty(HelloApi.MARK);
        // as core does at build time: the user's classes and dependencies, and a parent with only the platform
        try (URLClassLoader user = new URLClassLoader(new URL[] {location(HelloApi.class), location(HttpFunction.class),
                location(RequestHandler.class), location(APIGatewayV2HTTPEvent.class), location(org.joda.time.DateTime.class)},
                ClassLoader.getPlatformClassLoader())) {
            assertThat(Shapes.detect("com.example.aws.HelloApi", user)).isEqualTo(Shape.HTTP);
            assertThat(Shapes.detect("com.example.aws.UploadListener", user)).isEqualTo(Shape.STORAGE);
            assertThat(System.getProperty(HelloApi.MARK)).as("the handler's static initialiser must not run").isNull();
            assertThat(Shapes.detect("com.example.aws.MapHandler", user)).isEqualTo(Shape.TYPED);
        }
    }

    @Test
    void detectionNeedsNoAwsTypesInTheBuildsOwnLoader() throws Exception {
        // as in the plugin: Faasport's runtime and this adapter in one loader without AWS jars, the user's code in another
        try (URLClassLoader build = new URLClassLoader(new URL[] {location(Shapes.class), location(dev.faasport.runtime.json.Json.class), location(HttpFunction.class),
                location(AwsNativeAdapter.class)}, ClassLoader.getPlatformClassLoader());
             URLClassLoader user = new URLClassLoader(new URL[] {location(HelloApi.class), location(HttpFunction.class),
                     location(RequestHandler.class), location(APIGatewayV2HTTPEvent.class)}, ClassLoader.getPlatformClassLoader())) {
            assertThat(build.getResource("com/amazonaws/services/lambda/runtime/RequestHandler.class")).isNull();
            java.lang.reflect.Method detect = build.loadClass(Shapes.class.getName()).getMethod("detect", String.class, ClassLoader.class);
            assertThat(detect.invoke(null, "com.example.aws.HelloApi", user)).hasToString("HTTP");
            assertThat(detect.invoke(null, "com.example.aws.UploadListener", user)).hasToString("STORAGE");
        }
    }

    @Test
    void sqsBatchesBecomeSqsEventsAndABatchResponseNamesTheFailedMessages() throws Exception {
        Invoker queue = new Invoker(REGISTRY.get("order-queue"));
        Instant sent = Instant.parse("2026-11-27T10:00:00Z");
        queue.event(new NeutralEvent.Queue("MyQueue", List.of(new QueueMessage("m-1", "Hello from SQS!".getBytes(StandardCharsets.UTF_8),
                Map.of("colour", "red"), 2, sent))), context("order-queue"));
        SQSEvent.SQSMessage m = OrderQueue.RECEIVED.get(0);
        assertThat(m.getMessageId()).isEqualTo("m-1");
        assertThat(m.getBody()).isEqualTo("Hello from SQS!");
        assertThat(m.getMd5OfBody()).isEqualTo("7b270e59b47ff90a553787216d55d91d"); // as in AWS's sample event
        assertThat(m.getAttributes()).containsEntry("ApproximateReceiveCount", "2")
                .containsEntry("SentTimestamp", Long.toString(sent.toEpochMilli()));
        assertThat(m.getMessageAttributes().get("colour").getStringValue()).isEqualTo("red");
        assertThat(m.getMessageAttributes().get("colour").getDataType()).isEqualTo("String");
        assertThat(m.getEventSource()).isEqualTo("aws:sqs");
        assertThat(m.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1::MyQueue");
        assertThat(m.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(log).contains("order m-1 from arn:aws:sqs:us-east-1::MyQueue");

        List<QueueMessage> batch = List.of(message("a", "fine"), message("b", "poison"), message("c", "fine too"));
        assertThatThrownBy(() -> queue.event(new NeutralEvent.Queue("MyQueue", batch), context("order-queue")))
                .isInstanceOfSatisfying(PartialBatchFailure.class, e -> assertThat(e.failedMessageIds()).containsExactly("b"));
        assertThatThrownBy(() -> queue.event(new NeutralEvent.Queue("MyQueue", List.of(message("d", "bogus"))), context("order-queue")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("itemIdentifier 'not-in-the-batch'")
                .hasMessageContaining("the whole batch fails");
    }

    static QueueMessage message(String id, String body) {
        return new QueueMessage(id, body.getBytes(StandardCharsets.UTF_8), Map.of(), 1, Instant.parse("2026-11-27T10:00:00Z"));
    }

    @Test
    void snsHandlersGetEachMessageAsAnSnsRecordOfTheTopic() throws Exception {
        new Invoker(REGISTRY.get("topic")).event(new NeutralEvent.Queue("java-events-topic", List.of(new QueueMessage("n-1",
                "news".getBytes(StandardCharsets.UTF_8), Map.of("Subject", "Latest", "kind", "doc"), 1,
                Instant.parse("2020-02-02T12:34:56Z")))), context("topic"));
        SNSEvent.SNS sns = TopicListener.RECEIVED.get(0).getSNS();
        assertThat(TopicListener.RECEIVED.get(0).getEventSource()).isEqualTo("aws:sns");
        assertThat(sns.getType()).isEqualTo("Notification");
        assertThat(sns.getMessageId()).isEqualTo("n-1");
        assertThat(sns.getMessage()).isEqualTo("news");
        assertThat(sns.getSubject()).isEqualTo("Latest");
        assertThat(sns.getTopicArn()).isEqualTo("arn:aws:sns:us-east-1::java-events-topic");
        assertThat(sns.getTimestamp().getMillis()).isEqualTo(Instant.parse("2020-02-02T12:34:56Z").toEpochMilli());
        assertThat(sns.getMessageAttributes()).containsOnlyKeys("kind");
        assertThat(sns.getMessageAttributes().get("kind").getValue()).isEqualTo("doc");
    }

    @Test
    void ticksBecomeEventBridgeScheduledEvents() throws Exception {
        new Invoker(REGISTRY.get("nightly")).event(new NeutralEvent.Schedule(new ScheduleEvent(null,
                Instant.parse("2026-11-27T03:00:00Z"), false)), context("nightly"));
        ScheduledEvent e = NightlyReport.RECEIVED.get(0);
        assertThat(e.getSource()).isEqualTo("aws.events");
        assertThat(e.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(e.getId()).isEqualTo("inv-7");
        assertThat(e.getTime().getMillis()).isEqualTo(Instant.parse("2026-11-27T03:00:00Z").toEpochMilli());
        assertThat(e.getDetail()).isEmpty();
        assertThat(e.getRegion()).isEqualTo("us-east-1");
    }

    @Test
    void pojoMapStringNumberAndStreamHandlersAreInvokedWithJson() throws Exception {
        assertThat(direct("greet", "{\"name\":\"Ada\",\"age\":36}"))
                .isEqualTo("{\"message\":\"hello Ada (36)\",\"requestId\":\"inv-7\"}");
        assertThat(log).contains("greeted Ada");
        assertThat(direct("twice", "21")).isEqualTo("42");
        assertThat(direct("shout", "\"psst\"")).isEqualTo("\"PSST\"");
        assertThat(direct("map", "{\"b\":1,\"a\":[true]}")).isEqualTo("{\"fn\":\"map\",\"keys\":\"[a, b]\"}");
        assertThat(MapHandler.RECEIVED.get(0)).isEqualTo(Map.of("b", 1L, "a", List.of(true)));
        assertThat(direct("echo", "{\"x\":[1,2]}")).isEqualTo("{\"echo\":{\"x\":[1,2]},\"fn\":\"echo\"}");
        assertThat(direct("raw", "[1,2,3]")).isEqualTo("\"got 7 bytes\"");
        assertThatThrownBy(() -> direct("greet", "{}")).isInstanceOf(IllegalArgumentException.class).hasMessage("who?");

        // a Map handler on a queue: each message's JSON body is its input, as a direct Lambda invocation would be
        MapHandler.RECEIVED.clear();
        new Invoker(REGISTRY.get("map-queue")).event(new NeutralEvent.Queue("MyQueue", List.of(message("q1", "{\"order\":7}"))),
                context("map-queue"));
        assertThat(MapHandler.RECEIVED).containsExactly(Map.of("order", 7L));
    }

    private String direct(String function, String json) throws Exception {
        return new String(new Invoker(REGISTRY.get(function)).direct(json.getBytes(StandardCharsets.UTF_8), context(function)),
                StandardCharsets.UTF_8);
    }

    @Test
    void handlerStringsAndSignaturesNameTheApiAndWhatToDeclare() {
        assertThat(Shapes.resolve(com.example.aws.Greeter.class, "greet", "greet", null).vendor().api())
                .isEqualTo("AWS handler method Greeter::greet(Person, Context)");
        assertThat(Shapes.resolve(OrderQueue.class, null, null, null).vendor().api())
                .isEqualTo("AWS RequestHandler<SQSEvent, SQSBatchResponse>");
        assertThat(Shapes.resolve(OrderQueue.class, "handleRequest", null, "queue").shape()).isEqualTo(Shape.QUEUE);
        assertThat(Shapes.detect(com.example.aws.RawStream.class)).isEqualTo(Shape.TYPED);
        assertThat(Shapes.detect(NightlyReport.class)).isEqualTo(Shape.SCHEDULE);
        assertThat(Shapes.detect(TopicListener.class)).isEqualTo(Shape.QUEUE);
        assertThatThrownBy(() -> Shapes.detect(com.example.aws.KinesisReader.class))
                .hasMessageContaining("class com.example.aws.KinesisReader is an AWS RequestHandler<KinesisEvent, Void>: "
                        + "Faasport translates APIGatewayV2HTTPEvent, APIGatewayProxyRequestEvent, S3Event, SQSEvent, "
                        + "SNSEvent and ScheduledEvent into every platform's events, not KinesisEvent, perhaps you should");
        assertThatThrownBy(() -> Shapes.resolve(OrderQueue.class, "process", null, null))
                .hasMessageContaining("is an AWS RequestHandler without a public method process taking (I), (I, Context)")
                .hasMessageContaining("com.example.aws.OrderQueue::handleRequest");
        // a class of no AWS API with a method that is no handler: not Lambda's
        assertThatThrownBy(() -> Shapes.detect(com.example.aws.Greeter.class)).hasMessageContaining("implements none of");
    }

    static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
