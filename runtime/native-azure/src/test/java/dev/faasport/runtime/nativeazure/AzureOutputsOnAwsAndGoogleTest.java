package dev.faasport.runtime.nativeazure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.azure.Storage;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.Invoker;
import dev.faasport.runtime.NeutralEvent;
import dev.faasport.runtime.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * {@code @QueueOutput} / {@code @BlobOutput} written on AWS (S3 PutObject, SQS GetQueueUrl + SendMessage, signed as the
 * AWS SDK's own SigV4 signer signs them) and on Google (Cloud Storage media upload, Pub/Sub publish, with the metadata
 * server's token), against small doubles of those APIs on 127.0.0.1.
 */
class AzureOutputsOnAwsAndGoogleTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /** One request a double received. */
    record Seen(String method, String path, String query, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        Storage.RECEIVED.clear();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        base = "127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** @return the request as received: method, raw path and query, lower-case header names, body */
    static Seen seen(HttpExchange ex) {
        try {
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            return new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(), headers,
                    ex.getRequestBody().readAllBytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Answers as the vendors' APIs answer the calls under test; everything else is a 404. */
    private void answer(HttpExchange ex) throws IOException {
        Seen s = seen(ex);
        seen.add(s);
        String target = s.headers().getOrDefault("x-amz-target", "");
        String body;
        int status = 200;
        if (target.equals("AmazonSQS.GetQueueUrl")) {
            String name = (String) Json.parseObject(s.text()).get("QueueName");
            if (name.equals("shipments")) {
                body = "{\"QueueUrl\":\"http://" + base + "/123456789012/shipments\"}";
            } else {
                // SQS API reference, GetQueueUrl "Errors" and "Common Errors" (JSON protocol), read 2026-12
                status = 400;
                body = "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"The specified queue does not exist.\"}";
            }
        } else if (target.equals("AmazonSQS.SendMessage")) {
            body = "{\"MD5OfMessageBody\":\"x\",\"MessageId\":\"5fea7756-0ea4-451a-a703-a558b933e274\"}";
        } else if (s.path().endsWith("/token")) {
            body = "{\"access_token\":\"ya29.test\",\"expires_in\":3599,\"token_type\":\"Bearer\"}";
        } else if (s.path().equals("/computeMetadata/v1/project/project-id")) {
            body = "meta-project";
        } else if (s.path().endsWith(":publish")) {
            body = "{\"messageIds\":[\"42\"]}";
        } else if (s.method().equals("GET")) {
            body = "a dog photo";
        } else {
            body = "{}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    /** One message on the function's queue, as every adapter hands it over, in the given platform's environment. */
    private void queue(String function, String message, Map<String, String> environment) throws Exception {
        new Invoker(AzureNativeAdapterTest.REGISTRY.get(function)).event(new NeutralEvent.Queue("orders", List.of(new QueueMessage(
                "m-1", message.getBytes(StandardCharsets.UTF_8), Map.of(), 1, Instant.now()))),
                AzureNativeAdapterTest.context(function, "inv-1", environment, log));
    }

    /** uploads/in/dog.png created: its content read from the platform's storage, the thumbnail written there. */
    private void blob(Map<String, String> environment) throws Exception {
        new Invoker(AzureNativeAdapterTest.REGISTRY.get("blob-trigger-java")).event(new NeutralEvent.Storage(new StorageEvent(
                StorageEvent.Kind.CREATED, "uploads", "in/dog.png", 11, "e", Instant.now())),
                AzureNativeAdapterTest.context("blob-trigger-java", "inv-2", environment, log));
    }

    private Map<String, String> lambda() {
        return Map.of("AWS_REGION", "us-east-2", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET,
                "AWS_SESSION_TOKEN", "session-token", "AWS_ENDPOINT_URL_S3", "http://" + base, "AWS_ENDPOINT_URL_SQS", "http://" + base);
    }

    /** Asserts the request carries the signature the AWS SDK's own SigV4 signer gives it, for that service. */
    static void signedAsAwsSigns(Seen s, String service) {
        String authorization = s.headers().get("authorization");
        String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]*),.*", "$1");
        SdkHttpRequest.Builder r = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(s.method()))
                .uri(URI.create("http://" + s.headers().get("host") + s.path() + (s.query() == null ? "" : "?" + s.query())));
        for (String h : signedHeaders.split(";")) r.putHeader(h, s.headers().get(h));
        ZonedDateTime at = ZonedDateTime.parse(s.headers().get("x-amz-date"),
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC));
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(q -> q.request(r.build())
                .payload(() -> new ByteArrayInputStream(s.body()))
                .identity(AwsSessionCredentialsIdentity.create("AKIDEXAMPLE", SECRET, "session-token"))
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-2")
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at.toInstant(), ZoneOffset.UTC))).request();
        assertThat(authorization).isEqualTo(signed.firstMatchingHeader("Authorization").orElseThrow());
        assertThat(s.headers()).containsEntry("x-amz-security-token", "session-token");
    }

    @Test
    void aQueueOutputOnLambdaIsAnSqsSendMessageToTheQueueOfThatName() throws Exception {
        queue("queue-processor", "Hello from SQS!", lambda());

        assertThat(seen).extracting(s -> s.headers().get("x-amz-target"))
                .containsExactly("AmazonSQS.GetQueueUrl", "AmazonSQS.SendMessage");
        for (Seen s : seen) {
            // SQS API reference, "Making query API requests using AWS JSON protocol", read 2026-12
            assertThat(s.method() + " " + s.path()).isEqualTo("POST /");
            assertThat(s.headers()).containsEntry("content-type", "application/x-amz-json-1.0");
            signedAsAwsSigns(s, "sqs");
        }
        assertThat(Json.parseObject(seen.get(0).text())).isEqualTo(Map.of("QueueName", "shipments"));
        assertThat(Json.parseObject(seen.get(1).text())).isEqualTo(Map.of("QueueUrl", "http://" + base + "/123456789012/shipments",
                "MessageBody", "shipped Hello from SQS!"));
        assertThat(log).contains("wrote a message to queue 'shipments'");
    }

    @Test
    void aBlobOutputOnLambdaIsAnS3PutObjectIntoTheBucketOfTheContainersName() throws Exception {
        blob(lambda());

        assertThat(seen).extracting(s -> s.method() + " " + s.path()).containsExactly("GET /uploads/in/dog.png", "PUT /thumbnails/dog.txt");
        Seen put = seen.get(1);
        assertThat(put.text()).isEqualTo("thumbnail of dog (11 bytes)");
        signedAsAwsSigns(put, "s3");
    }

    @Test
    void aMissingQueueOnLambdaFailsTheInvocationWithTheFix() {
        Map<String, String> env = new HashMap<>(lambda());
        assertThatThrownBy(() -> CloudObjects.sqsSend("no-such-queue", "x".getBytes(StandardCharsets.UTF_8), env))
                .hasMessageContaining("answered HTTP 400")
                .hasMessageContaining("QueueDoesNotExist")
                .hasMessageContaining("perhaps you should create the queue 'no-such-queue'");
    }

    @Test
    void binaryOutputsThatSqsCannotCarryAreRefused() {
        // SQS API reference, SendMessage "MessageBody": only #x9, #xA, #xD, #x20 to #xD7FF, #xE000 to #xFFFD,
        // #x10000 to #x10FFFF as Unicode text (read 2026-12)
        assertThatThrownBy(() -> CloudObjects.sqsSend("shipments", new byte[] {0, (byte) 0xff}, lambda()))
                .hasMessageContaining("is not text SQS can carry")
                .hasMessageContaining("perhaps you should");
        assertThat(seen).isEmpty();
    }

    private Map<String, String> cloudRun(String function) {
        return Map.of("K_SERVICE", function, "GCE_METADATA_HOST", base, "STORAGE_EMULATOR_HOST", "http://" + base,
                "PUBSUB_EMULATOR_HOST", base, "GOOGLE_CLOUD_PROJECT", "my-project");
    }

    @Test
    void aQueueOutputOnGoogleIsAPubSubPublishToTheTopicOfThatName() throws Exception {
        queue("queue-processor", "test message 3", cloudRun("queue-processor"));

        assertThat(seen).extracting(s -> s.method() + " " + s.path()).containsExactly(
                "GET /computeMetadata/v1/instance/service-accounts/default/token", "POST /v1/projects/my-project/topics/shipments:publish");
        Seen publish = seen.get(1);
        assertThat(publish.headers()).containsEntry("authorization", "Bearer ya29.test").containsEntry("content-type", "application/json");
        Map<String, Object> message = (Map<String, Object>) ((List<Object>) Json.parseObject(publish.text()).get("messages")).get(0);
        assertThat(new String(Base64.getDecoder().decode((String) message.get("data")), StandardCharsets.UTF_8))
                .isEqualTo("shipped test message 3");
    }

    @Test
    void theTopicsProjectIsTheMetadataServersWhenTheEnvironmentHasNone() throws Exception {
        Map<String, String> env = new HashMap<>(cloudRun("queue-processor"));
        env.remove("GOOGLE_CLOUD_PROJECT");
        CloudObjects.publish("shipments", new byte[] {1}, env);
        assertThat(seen).extracting(s -> s.method() + " " + s.path()).contains("GET /computeMetadata/v1/project/project-id");
        assertThat(seen.get(seen.size() - 1).path()).isEqualTo("/v1/projects/meta-project/topics/shipments:publish");
    }

    @Test
    void knativeWhichAlsoSetsKServiceIsNotTakenForGoogle() {
        // Knative Serving sets K_SERVICE as Cloud Run does ("Runtime contract", read 2026-12); a Kubernetes pod also
        // gets KUBERNETES_SERVICE_HOST (Kubernetes "Service" page, "Environment variables", read 2026-12)
        Map<String, String> knative = Map.of("K_SERVICE", "queue-processor", "KUBERNETES_SERVICE_HOST", "10.0.0.1");
        assertThatThrownBy(() -> queue("queue-processor", "1 pie", knative))
                .hasMessageContaining("has the @QueueOutput 'out' (shipments), but this environment has none of Faasport's ways");
        assertThat(Storage.RECEIVED).isEmpty();
        assertThat(seen).isEmpty();
    }

    @Test
    void aBlobOutputOnGoogleIsACloudStorageMediaUpload() throws Exception {
        blob(cloudRun("blob-trigger-java"));

        Seen upload = seen.get(seen.size() - 1);
        // Cloud Storage JSON API, "Objects: insert" and "Perform a single-request upload", read 2026-12
        assertThat(upload.method() + " " + upload.path() + "?" + upload.query())
                .isEqualTo("POST /upload/storage/v1/b/thumbnails/o?uploadType=media&name=dog.txt");
        assertThat(upload.headers()).containsEntry("authorization", "Bearer ya29.test");
        assertThat(upload.text()).isEqualTo("thumbnail of dog (11 bytes)");
    }
}
