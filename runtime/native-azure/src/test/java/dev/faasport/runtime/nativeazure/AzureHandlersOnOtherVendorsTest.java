package dev.faasport.runtime.nativeazure;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.azure.Function;
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
}
