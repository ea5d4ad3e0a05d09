package dev.faasport.runtime.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faasport.api.HttpRequest;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LambdaHandlerTest {

    private static final FunctionRegistry REGISTRY = FunctionRegistry.load(LambdaHandlerTest.class.getClassLoader());
    private FakeLambdaContext lambda;

    @BeforeEach
    void clear() {
        AwsFixtures.RECEIVED.clear();
        AwsFixtures.CONTEXTS.clear();
    }

    static String resource(String name) {
        try (InputStream in = LambdaHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String invoke(String function, String event) throws IOException {
        return invoke(function, event, Map.of());
    }

    private String invoke(String function, String event, Map<String, String> env) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("FAASPORT_FUNCTION", function);
        lambda = new FakeLambdaContext("aws-test-" + function, 30_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LambdaHandler(REGISTRY, all).handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, lambda);
        return out.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return (Map<String, Object>) Json.parse(text);
    }

    @Test
    void apiGatewayV2RequestReachesTheHttpFunctionAndGetsAV2Response() throws IOException {
        Map<String, Object> r = json(invoke("echo", resource("apigateway-v2.json")));
        HttpRequest req = (HttpRequest) AwsFixtures.RECEIVED.get(0);
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.path()).as("stage removed from rawPath").isEqualTo("/nodejs-apig-function-1G3XMPLZXVXYI");
        assertThat(req.header("User-Agent")).hasValueSatisfying(v -> assertThat(v).startsWith("Mozilla/5.0"));
        assertThat(req.header("cookie")).contains("s_fid=7AABXMPL1AFD9BBF-0643XMPL09956DE2; regStatus=pre-register");
        assertThat(req.query()).isEmpty();
        assertThat(req.bodyAsString()).isEqualTo("Hello world!");
        assertThat(r).containsEntry("statusCode", 200L).containsEntry("isBase64Encoded", false)
                .containsEntry("body", "GET /nodejs-apig-function-1G3XMPLZXVXYI Hello world!");
        assertThat((Map<String, Object>) r.get("headers")).containsEntry("content-type", "text/plain; charset=utf-8");
        assertThat(AwsFixtures.CONTEXTS.get(0)).startsWith("echo/8f5c1a2e-req/");
        long remaining = Long.parseLong(AwsFixtures.CONTEXTS.get(0).split("/")[2]);
        assertThat(remaining).isBetween(20_000L, 30_000L);
        assertThat(lambda.lines).anySatisfy(l -> assertThat(l).isEqualTo("[8f5c1a2e-req] echo /nodejs-apig-function-1G3XMPLZXVXYI\n"));
    }

    @Test
    void functionUrlWithBase64BodyQueryAndBinaryResponse() throws IOException {
        String event = resource("apigateway-v2.json")
                .replace("\"rawPath\": \"/default/nodejs-apig-function-1G3XMPLZXVXYI\"", "\"rawPath\": \"/png\"")
                .replace("\"stage\": \"default\"", "\"stage\": \"$default\"")
                .replace("\"rawQueryString\": \"\"", "\"rawQueryString\": \"a=1&a=2&b=x+y%21&flag\"")
                .replace("\"body\": \"Hello world!\"", "\"body\": \"" + Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xff}) + "\"");
        Map<String, Object> r = json(invoke("echo", event));
        HttpRequest req = (HttpRequest) AwsFixtures.RECEIVED.get(0);
        assertThat(req.path()).isEqualTo("/png");
        assertThat(req.query()).isEqualTo(Map.of("a", List.of("1", "2"), "b", List.of("x y!"), "flag", List.of("")));
        assertThat(req.body()).containsExactly(0, 0xff);
        assertThat(r).containsEntry("statusCode", 201L).containsEntry("isBase64Encoded", true);
        assertThat(Base64.getDecoder().decode((String) r.get("body"))).containsExactly(0x89, 'P', 'N', 'G');

        Map<String, Object> cookie = json(invoke("echo", event.replace("\"rawPath\": \"/png\"", "\"rawPath\": \"/cookie\"")));
        assertThat(cookie.get("cookies")).isEqualTo(List.of("session=abc; HttpOnly"));
        assertThat((Map<String, Object>) cookie.get("headers")).doesNotContainKey("Set-Cookie").doesNotContainKey("set-cookie");
    }

    @Test
    void userExceptionIsA500WithJsonBody() throws IOException {
        String event = resource("apigateway-v2.json").replace("/default/nodejs-apig-function-1G3XMPLZXVXYI", "/default/fail");
        Map<String, Object> r = json(invoke("echo", event));
        assertThat(r).containsEntry("statusCode", 500L).containsEntry("isBase64Encoded", false);
        assertThat(json((String) r.get("body"))).isEqualTo(Map.of("error", "IllegalStateException: echo failed", "function", "echo"));
        assertThat(lambda.lines).anySatisfy(l -> assertThat(l).contains("ERROR function 'echo' failed").contains("at dev.faasport"));
    }

    @Test
    void apiGatewayV1RequestGetsAV1Response() throws IOException {
        Map<String, Object> r = json(invoke("echo", resource("apigateway-v1.json")));
        HttpRequest req = (HttpRequest) AwsFixtures.RECEIVED.get(0);
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.path()).isEqualTo("/");
        assertThat(req.header("host")).contains("70ixmpl4fl.execute-api.ca-central-1.amazonaws.com");
        assertThat(req.bodyAsString()).isEqualTo("Hello world!");
        assertThat(r).containsEntry("statusCode", 200L).containsEntry("body", "GET / Hello world!")
                .containsEntry("isBase64Encoded", false).doesNotContainKey("cookies");
    }

    @Test
    void typedFunctionBehindApiGatewayAnswersJson() throws IOException {
        String event = resource("apigateway-v2.json").replace("\"isBase64Encoded\": true", "\"isBase64Encoded\": false");
        Map<String, Object> ok = json(invoke("price", event.replace("\"Hello world!\"", "\"{\\\"item\\\":\\\"tea\\\",\\\"quantity\\\":4}\"")));
        assertThat(ok).containsEntry("statusCode", 200L).containsEntry("isBase64Encoded", false);
        assertThat((Map<String, Object>) ok.get("headers")).containsEntry("content-type", "application/json");
        assertThat(ok.get("body")).isEqualTo("{\"item\":\"tea\",\"total\":5.00}");
        assertThat(AwsFixtures.RECEIVED).containsExactly(new AwsFixtures.Quote("tea", 4));

        Map<String, Object> bad = json(invoke("price", event));
        assertThat(bad).containsEntry("statusCode", 400L);
        assertThat((String) bad.get("body")).contains("needs JSON input");

        Map<String, Object> failed = json(invoke("price", event.replace("\"Hello world!\"", "\"{\\\"item\\\":\\\"tea\\\",\\\"quantity\\\":0}\"")));
        assertThat(failed).containsEntry("statusCode", 500L);
        assertThat(json((String) failed.get("body"))).containsEntry("error", "IllegalArgumentException: nothing to price");
    }

    @Test
    void typedFunctionInvokedDirectlyTakesAndReturnsPlainJson() throws IOException {
        assertThat(invoke("price", "{\"item\":\"cake\",\"quantity\":2}")).isEqualTo("{\"item\":\"cake\",\"total\":2.50}");
    }

    @Test
    void s3NotificationBecomesStorageEvents() throws IOException {
        Map<String, Object> r = json(invoke("thumbs", resource("s3-notification.json")));
        assertThat(r).isEqualTo(Map.of("function", "thumbs", "status", "handled"));
        assertThat(AwsFixtures.RECEIVED).containsExactly(new StorageEvent(StorageEvent.Kind.CREATED, "BUCKET_NAME",
                "inbound/sample-java-s3.png", 21476, "d132690b6c65b6d1629721dcfb49b883", Instant.parse("2020-03-08T00:30:12.456Z")));

        AwsFixtures.RECEIVED.clear();
        invoke("thumbs", resource("s3-notification.json").replace("ObjectCreated:Put", "ObjectRemoved:Delete")
                .replace("inbound/sample-java-s3.png", "my+holiday%281%29.jpg").replace("\"size\": 21476,", ""));
        StorageEvent deleted = (StorageEvent) AwsFixtures.RECEIVED.get(0);
        assertThat(deleted.kind()).isEqualTo(StorageEvent.Kind.DELETED);
        assertThat(deleted.key()).isEqualTo("my holiday(1).jpg");
        assertThat(deleted.size()).isEqualTo(-1);
    }

    @Test
    void storageFailurePropagatesWithTheUsersExceptionType() {
        String event = resource("s3-notification.json").replace("sample-java-s3.png", "x.bad");
        assertThatThrownBy(() -> invoke("thumbs", event)).isInstanceOf(IOException.class).hasMessage("unreadable inbound/x.bad");
    }

    @Test
    void sqsBatchBecomesQueueMessages() throws IOException {
        invoke("worker", resource("sqs-record.json"));
        assertThat(AwsFixtures.RECEIVED.get(0)).isEqualTo("MyQueue");
        QueueMessage m = ((List<QueueMessage>) AwsFixtures.RECEIVED.get(1)).get(0);
        assertThat(m.id()).isEqualTo("19dd0b57-b21e-4ac1-bd88-01bbb068cb78");
        assertThat(m.bodyAsString()).isEqualTo("Hello from SQS!");
        assertThat(m.deliveryCount()).isEqualTo(1);
        assertThat(m.sentAt()).isEqualTo(Instant.ofEpochMilli(1523232000000L));
        assertThat(m.attributes()).isEmpty();
    }

    @Test
    void sqsFailureFailsTheBatchUnlessPartialResponsesAreOn() throws IOException {
        String two = twoMessages();
        assertThatThrownBy(() -> invoke("worker", two)).hasMessage("poison id-2");

        AwsFixtures.RECEIVED.clear();
        Map<String, Object> r = json(invoke("worker", two, Map.of(LambdaHandler.BATCH_ITEM_FAILURES, "true")));
        assertThat(r).isEqualTo(Map.of("batchItemFailures", List.of(Map.of("itemIdentifier", "id-2"))));
        assertThat(AwsFixtures.RECEIVED).as("the batch, then each message alone").hasSize(6);
        QueueMessage first = ((List<QueueMessage>) AwsFixtures.RECEIVED.get(1)).get(0);
        assertThat(first.attributes()).isEqualTo(Map.of("colour", "red"));
        assertThat(first.deliveryCount()).isEqualTo(3);

        Map<String, Object> none = json(invoke("worker", resource("sqs-record.json"), Map.of(LambdaHandler.BATCH_ITEM_FAILURES, "true")));
        assertThat(none).isEqualTo(Map.of("batchItemFailures", List.of()));
    }

    @Test
    void aPartialBatchFailureReportsOnlyTheMessagesItNames() throws IOException {
        String two = twoMessages();
        Map<String, Object> r = json(invoke("partial", two, Map.of(LambdaHandler.BATCH_ITEM_FAILURES, "true")));
        assertThat(r).isEqualTo(Map.of("batchItemFailures", List.of(Map.of("itemIdentifier", "id-2"))));
        assertThat(AwsFixtures.RECEIVED).as("the function said which failed: no retries one by one").hasSize(1);
        // without ReportBatchItemFailures on the mapping Lambda would delete the whole batch on success: fail it all
        assertThatThrownBy(() -> invoke("partial", two)).isInstanceOf(dev.faasport.api.PartialBatchFailure.class)
                .hasMessageContaining("[id-2]");
    }

    @Test
    void snsNotificationsAreAQueueBatchOfTheTopic() throws IOException {
        invoke("worker", resource("sns-notification.json"));
        assertThat(AwsFixtures.RECEIVED.get(0)).isEqualTo("java-events-topic");
        QueueMessage m = ((List<QueueMessage>) AwsFixtures.RECEIVED.get(1)).get(0);
        assertThat(m.id()).isEqualTo("476643b1-xmpl-526c-973d-1542ba9af1d6");
        assertThat(m.bodyAsString()).startsWith("Updated and expanded documentation");
        assertThat(m.sentAt()).isEqualTo(Instant.parse("2020-02-02T12:34:56Z"));
        assertThat(m.deliveryCount()).isEqualTo(1);
        assertThat(m.attributes()).containsEntry("string-att", "[\"value\", \"value\"]")
                .containsEntry("binary-att", "WyJ2YWx1ZSIsICJ2YWx1ZSJd").containsEntry("Subject", "Latest updates from AWS Lambda");
    }

    private static String twoMessages() {
        Map<String, Object> event = json(resource("sqs-record.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) ((List<?>) event.get("Records")).get(0);
        Map<String, Object> a = new java.util.LinkedHashMap<>(record);
        a.put("messageId", "id-1");
        a.put("messageAttributes", Map.of("colour", Map.of("stringValue", "red", "dataType", "String")));
        a.put("attributes", Map.of("ApproximateReceiveCount", "3", "SentTimestamp", "1523232000000"));
        Map<String, Object> b = new java.util.LinkedHashMap<>(record);
        b.put("messageId", "id-2");
        b.put("body", "poison pill");
        return Json.write(Map.of("Records", List.of(a, b)));
    }

    @Test
    void eventBridgeScheduleBecomesATickWithTheDescriptorsExpression() throws IOException {
        invoke("nightly", resource("cloudwatch-scheduled.json"));
        assertThat(AwsFixtures.RECEIVED).containsExactly(new ScheduleEvent("cron(0 3 * * ? *)", Instant.parse("2020-02-02T12:34:56Z"), false));
        AwsFixtures.RECEIVED.clear();
        // the event EventBridge really sends spells the field "detail-type"
        invoke("nightly", resource("cloudwatch-scheduled.json").replace("\"detailType\"", "\"detail-type\""));
        assertThat(AwsFixtures.RECEIVED).hasSize(1);
    }

    @Test
    void neutralEventJsonInvokesEventFunctionsDirectly() throws IOException {
        String r = invoke("nightly", "{\"kind\":\"schedule\",\"scheduledTime\":\"2026-11-27T03:00:00Z\"}");
        assertThat(r).isEqualTo("{\"function\":\"nightly\",\"status\":\"handled\"}");
        assertThat(AwsFixtures.RECEIVED).containsExactly(new ScheduleEvent("cron(0 3 * * ? *)", Instant.parse("2026-11-27T03:00:00Z"), true));
        assertThatThrownBy(() -> invoke("thumbs", "{\"kind\":\"storage\",\"event\":{\"bucket\":\"b\",\"key\":\"k.bad\"}}"))
                .isInstanceOf(IOException.class).hasMessage("unreadable k.bad");
        assertThatThrownBy(() -> invoke("thumbs", resource("cloudwatch-scheduled.json")))
                .hasMessageContaining("function 'thumbs' is a STORAGE function and cannot take a schedule event");
        assertThatThrownBy(() -> invoke("thumbs", "{\"hello\":1}")).hasMessageContaining("needs neutral event JSON, found an object with keys [hello]");
        assertThatThrownBy(() -> invoke("thumbs", "")).hasMessageContaining("needs neutral event JSON, found null");
    }

    @Test
    void theConstructorLambdaUsesReadsTheClasspathDescriptorAndPicksByFunctionName() throws IOException {
        // no FAASPORT_FUNCTION here and five functions: the Lambda function's own name decides
        LambdaHandler handler = new LambdaHandler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(resource("apigateway-v1.json").getBytes(StandardCharsets.UTF_8)), out,
                new FakeLambdaContext("echo", 3000));
        assertThat(json(out.toString(StandardCharsets.UTF_8))).containsEntry("statusCode", 200L).containsEntry("body", "GET / Hello world!");
        assertThat(LambdaHandler.HANDLER).isEqualTo(LambdaHandler.class.getName() + "::handleRequest");
    }
}
