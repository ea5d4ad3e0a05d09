package dev.faasport.runtime.nativegcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.gcp.HelloHttp;
import com.example.gcp.StorageListener;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.faasport.runtime.aws.AwsPlatform;
import dev.faasport.runtime.aws.FakeLambdaContext;
import dev.faasport.runtime.azure.AzureDoubles;
import dev.faasport.runtime.azure.AzureHandlers;
import dev.faasport.runtime.azure.AzurePlatform;
import dev.faasport.runtime.json.Json;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Google handlers behind the AWS and Azure adapters, fed those platforms' documented events and requests. */
class GcpHandlersOnOtherVendorsTest {

    @BeforeEach
    void clear() {
        HelloHttp.RECEIVED.clear();
        StorageListener.RECEIVED.clear();
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
    void storageFunctionOnAzureGetsTheBlob() throws Exception {
        AzurePlatform.handlers(GcpNativeAdapterTest.REGISTRY).blob(new byte[7], "in/x.csv", "uploads/in/x.csv",
                new AzureDoubles.Execution("objects"));
        assertThat(StorageListener.RECEIVED).singleElement().asString().startsWith("google.cloud.storage.object.v1.finalized"
                + "|//storage.googleapis.com/projects/_/buckets/uploads|objects/in/x.csv|uploads|in/x.csv|7|null|");
    }
}
