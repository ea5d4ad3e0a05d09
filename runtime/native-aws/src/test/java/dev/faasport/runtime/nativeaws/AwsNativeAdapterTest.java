package dev.faasport.runtime.nativeaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.example.aws.HelloApi;
import com.example.aws.UploadListener;
import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
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
            assertThatThrownBy(() -> Shapes.detect("com.example.aws.MapHandler", user))
                    .hasMessageContaining("implements none of HttpFunction")
                    .hasMessageContaining("it implements com.amazonaws.services.lambda.runtime.RequestHandler, but with "
                            + "event types dev.faasport:faasport-runtime-native-aws does not translate");
        }
    }

    @Test
    void detectionNeedsNoAwsTypesInTheBuildsOwnLoader() throws Exception {
        // as in the plugin: Faasport's runtime and this adapter in one loader without AWS jars, the user's code in another
        try (URLClassLoader build = new URLClassLoader(new URL[] {location(Shapes.class), location(HttpFunction.class),
                location(AwsNativeAdapter.class)}, ClassLoader.getPlatformClassLoader());
             URLClassLoader user = new URLClassLoader(new URL[] {location(HelloApi.class), location(HttpFunction.class),
                     location(RequestHandler.class), location(APIGatewayV2HTTPEvent.class)}, ClassLoader.getPlatformClassLoader())) {
            assertThat(build.getResource("com/amazonaws/services/lambda/runtime/RequestHandler.class")).isNull();
            java.lang.reflect.Method detect = build.loadClass(Shapes.class.getName()).getMethod("detect", String.class, ClassLoader.class);
            assertThat(detect.invoke(null, "com.example.aws.HelloApi", user)).hasToString("HTTP");
            assertThat(detect.invoke(null, "com.example.aws.UploadListener", user)).hasToString("STORAGE");
        }
    }

    static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
