package dev.faasport.runtime.nativeazure;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.azure.Storage;
import dev.faasport.api.Context;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.runtime.Invoker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Azure queue, blob and timer functions on the local provider: the neutral event JSON its runtime sends a worker
 * (CommonDispatch posts it to the Invoker), trigger values and metadata as the Functions host binds them, and
 * outputs written to the local queues and buckets after the function returns.
 */
class AzureEventFunctionTest {

    private final List<String> log = new ArrayList<>();
    private LocalStorageApi local;

    @BeforeEach
    void start() throws Exception {
        Storage.RECEIVED.clear();
        local = new LocalStorageApi();
    }

    @AfterEach
    void stop() {
        local.close();
    }

    private HttpResponse deliver(String function, String neutralJson) {
        Context context = AzureNativeAdapterTest.context(function, "inv-7", local.environment(), log);
        return new Invoker(AzureNativeAdapterTest.REGISTRY.get(function)).http(new HttpRequest("POST", "/", Map.of(),
                Map.of("content-type", List.of("application/json")), neutralJson.getBytes(StandardCharsets.UTF_8)), context);
    }

    @Test
    void aQueueMessageGetsItsMetadataAndTheOutputIsSentAfterTheFunctionReturns() {
        HttpResponse r = deliver("queue-processor", "{\"kind\":\"queue\",\"queue\":\"orders\",\"messages\":[{\"id\":\"m-1\","
                + "\"body\":\"2 cakes\",\"deliveryCount\":3,\"sentAt\":\"2026-12-01T08:00:00Z\"}]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(Storage.RECEIVED).containsExactly("queue 2 cakes id=m-1 count=3 at=2026-12-01T08:00:00Z");
        assertThat(log).contains("Java Queue trigger function processed a message: 2 cakes", "wrote a message to queue 'shipments'");
        assertThat(local.sent).containsExactly("shipments: shipped 2 cakes");
    }

    @Test
    void anHttpFunctionQueuesItsReturnValueAndAnswersWithItsHttpOutput() {
        Context context = AzureNativeAdapterTest.context("http-to-queue", "inv-8", local.environment(), log);
        HttpResponse r = new Invoker(AzureNativeAdapterTest.REGISTRY.get("http-to-queue")).http(new HttpRequest("POST", "/",
                Map.of(), Map.of(), "milk".getBytes(StandardCharsets.UTF_8)), context);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo("milk has been added.");
        assertThat(local.sent).containsExactly("myqueue-items: milk");
    }

    @Test
    void aFailingFunctionWritesNoOutputAndFailsTheDeliverySoItIsRetried() {
        HttpResponse r = deliver("queue-processor", "{\"kind\":\"queue\",\"messages\":[{\"body\":\"poison pill\"}]}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.bodyAsString()).contains("cannot ship poison pill");
        assertThat(local.sent).isEmpty();
    }

    @Test
    void aQueueMessageBindsToAPojoFromJson() {
        assertThat(deliver("order-pojo", "{\"kind\":\"queue\",\"messages\":[{\"body\":\"{\\\"item\\\":\\\"tea\\\",\\\"quantity\\\":2}\"}]}")
                .status()).isEqualTo(200);
        assertThat(Storage.RECEIVED).containsExactly("pojo tea x2");
    }

    @Test
    void aBlobIsReadFromTheLocalBucketAndTheReturnValueWrittenToItsBlobOutput() {
        local.objects.put("uploads/in/cat.png", new byte[] {1, 2, 3, 4});
        HttpResponse r = deliver("blob-trigger-java", "{\"kind\":\"storage\",\"event\":{\"kind\":\"CREATED\","
                + "\"bucket\":\"uploads\",\"key\":\"in/cat.png\",\"size\":4,\"etag\":\"e-4\",\"time\":\"2026-12-01T08:00:00Z\"}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(Storage.RECEIVED).containsExactly("blob cat size=4 path=uploads/in/cat.png props="
                + "{\"Length\":4,\"ETag\":\"e-4\",\"LastModified\":\"2026-12-01T08:00:00Z\"}");
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("Java Blob trigger function processed a blob. Name: cat"));
        assertThat(new String(local.objects.get("thumbnails/cat.txt"), StandardCharsets.UTF_8)).isEqualTo("thumbnail of cat (4 bytes)");
    }

    @Test
    void onLambdaTheBlobIsReadFromS3WithTheFunctionsCredentials() throws Exception {
        List<String> paths = new ArrayList<>();
        com.sun.net.httpserver.HttpServer s3 = CloudObjectsTest.objectServer("a photo", ex -> paths.add(
                ex.getRequestURI().getRawPath() + " " + ex.getRequestHeaders().getFirst("Authorization").startsWith("AWS4-HMAC-SHA256")));
        try {
            Map<String, String> lambda = Map.of("AWS_REGION", "us-east-2", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                    "AWS_SECRET_ACCESS_KEY", "secret", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + s3.getAddress().getPort());
            new Invoker(AzureNativeAdapterTest.REGISTRY.get("inspect")).event(new dev.faasport.runtime.NeutralEvent.Storage(
                    new dev.faasport.api.StorageEvent(dev.faasport.api.StorageEvent.Kind.CREATED, "photos", "cat.png", 7, "\"e7\"",
                            java.time.Instant.parse("2020-03-08T00:30:12Z"))), AzureNativeAdapterTest.context("inspect", "inv-3", lambda, log));
        } finally {
            s3.stop(0);
        }
        assertThat(paths).containsExactly("/photos/cat.png true");
        assertThat(Storage.RECEIVED).containsExactly("inspect cat.png a photo props="
                + "{\"Length\":7,\"ETag\":\"\\\"e7\\\"\",\"LastModified\":\"2020-03-08T00:30:12Z\"}");
    }

    @Test
    void aDeletionIsSkippedAsAzuresBlobTriggerNeverReportsOne() {
        HttpResponse r = deliver("blob-trigger-java", "{\"kind\":\"storage\",\"event\":{\"kind\":\"DELETED\","
                + "\"bucket\":\"uploads\",\"key\":\"in/cat.png\"}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(Storage.RECEIVED).isEmpty();
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("skipped the deletion of uploads/in/cat.png"));
    }

    @Test
    void aTimerGetsTheTimerInfoJsonWithTheTicksTime() {
        assertThat(deliver("keep-alive", "{\"kind\":\"schedule\",\"scheduledTime\":\"2026-12-01T08:05:00Z\",\"manual\":false}")
                .status()).isEqualTo(200);
        assertThat(Storage.RECEIVED).containsExactly("timer {\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":"
                + "{\"Last\":null,\"Next\":\"2026-12-01T08:05:00Z\",\"LastUpdated\":\"2026-12-01T08:05:00Z\"},\"IsPastDue\":false}");
    }
}
