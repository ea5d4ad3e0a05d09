package dev.faasport.runtime.nativeaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.example.aws.HelloApi;
import com.example.aws.UploadListener;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.faasport.runtime.azure.AzureDoubles;
import dev.faasport.runtime.azure.AzureHandlers;
import dev.faasport.runtime.azure.AzurePlatform;
import dev.faasport.runtime.gcp.GcpDoubles;
import dev.faasport.runtime.gcp.GooglePlatform;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AWS handlers behind the Google and Azure adapters, fed those platforms' documented requests and events. */
class AwsHandlersOnOtherVendorsTest {

    private static final OffsetDateTime EVENT_TIME = OffsetDateTime.parse("2026-11-27T10:00:00Z");

    @BeforeEach
    void clear() {
        HelloApi.RECEIVED.clear();
        UploadListener.RECEIVED.clear();
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
        handlers.blob(new byte[42], "in/cat pic.png", "uploads/in/cat pic.png", new AzureDoubles.Execution("uploads"));
        assertThat(UploadListener.RECEIVED).singleElement().asString()
                .startsWith("ObjectCreated:Put|uploads|in/cat+pic.png|in/cat pic.png|42|null|");
    }
}
