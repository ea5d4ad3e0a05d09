package dev.faasport.runtime.nativegcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.gcp.HelloHttp;
import com.example.gcp.StorageListener;
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
import io.cloudevents.CloudEvent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Google handlers through the portable path every platform adapter uses: registry, Invoker, neutral values. */
class GcpNativeAdapterTest {

    static final FunctionRegistry REGISTRY = FunctionRegistry.load(GcpNativeAdapterTest.class.getClassLoader());

    @BeforeEach
    void clear() {
        HelloHttp.RECEIVED.clear();
        StorageListener.RECEIVED.clear();
    }

    private static HttpResponse http(HttpRequest request) {
        return new Invoker(REGISTRY.get("hello-http")).http(request, InvocationContext.of(REGISTRY.get("hello-http"), "inv-3"));
    }

    @Test
    void requestIsOfferedAsTheFrameworkOffersItAndTheWrittenResponseComesBack() {
        HttpResponse r = http(new HttpRequest("POST", "/greet/sub dir", Map.of("name", List.of("Ada", "Bob")),
                Map.of("Content-Type", List.of("text/plain; charset=utf-8"), "Host", List.of("fn-x.a.run.app"),
                        "X-Forwarded-Proto", List.of("https")), "tea".getBytes(StandardCharsets.UTF_8)));
        assertThat(HelloHttp.RECEIVED).containsExactly(
                "POST https://fn-x.a.run.app/greet/sub%20dir?name=Ada&name=Bob {name=[Ada, Bob]}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers()).containsEntry("content-type", "text/plain; charset=utf-8").containsEntry("X-Greeter", "gcp");
        assertThat(r.bodyAsString()).isEqualTo("hello Ada POST /greet/sub%20dir body=tea ct=text/plain; charset=utf-8");
    }

    @Test
    void bytesWrittenToTheOutputStreamAndFailures() {
        HttpResponse logo = http(new HttpRequest("GET", "/logo", null, null, null));
        assertThat(logo.status()).isEqualTo(200);
        assertThat(logo.headers()).containsEntry("content-type", "image/png");
        assertThat(logo.body()).containsExactly((byte) 0x89, 'P', 'N', 'G');

        HttpResponse failed = http(new HttpRequest("GET", "/fail", null, null, null));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.bodyAsString()).contains("IllegalStateException: no such greeting");
    }

    @Test
    void storageEventsBecomeCloudStorageCloudEvents() throws Exception {
        Invoker objects = new Invoker(REGISTRY.get("objects"));
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        objects.event(new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.CREATED, "uploads", "in/a b.png", 21476,
                "d132690b", t)), InvocationContext.of(objects.entry(), "evt-1"));
        objects.event(new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.DELETED, "uploads", "old.txt", -1, null, t)),
                InvocationContext.of(objects.entry(), "evt-2"));
        assertThat(StorageListener.RECEIVED).containsExactly(
                "google.cloud.storage.object.v1.finalized|//storage.googleapis.com/projects/_/buckets/uploads|objects/in/a b.png"
                        + "|uploads|in/a b.png|21476|d132690b|2026-11-27T10:00:00Z",
                "google.cloud.storage.object.v1.deleted|//storage.googleapis.com/projects/_/buckets/uploads|objects/old.txt"
                        + "|uploads|old.txt|null|null|2026-11-27T10:00:00Z");
        assertThatThrownBy(() -> objects.event(new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.CREATED,
                "uploads", "fail.csv", 1, null, t)), InvocationContext.of(objects.entry(), "evt-3")))
                .hasMessage("cannot process fail.csv");

        CloudEvent e = GcpStorageFunction.cloudEvent(new StorageEvent(StorageEvent.Kind.CREATED, "b", "k", 5, "e", t), "id-1");
        assertThat(e.getId()).isEqualTo("id-1");
        assertThat(e.getAttribute("subject")).isEqualTo("objects/k");
        assertThat(e.getDataContentType()).isEqualTo("application/json");
        assertThat(dev.faasport.runtime.json.Json.parseObject(new String(e.getData().toBytes(), StandardCharsets.UTF_8)))
                .containsEntry("size", "5").containsEntry("bucket", "b").containsEntry("name", "k")
                .containsEntry("timeCreated", "2026-11-27T10:00:00Z");
    }

    @Test
    void detectsGoogleHandlersByNameInAnIsolatedLoaderWithoutInitialisingThem() throws Exception {
        assertThat(Shapes.detect(HelloHttp.class)).isEqualTo(Shape.HTTP);
        assertThat(Shapes.detect(StorageListener.class)).isEqualTo(Shape.STORAGE);
        System.clearProperty(HelloHttp.MARK);
        try (URLClassLoader user = new URLClassLoader(new URL[] {location(HelloHttp.class), location(HttpFunction.class),
                location(com.google.cloud.functions.HttpFunction.class), location(CloudEvent.class)},
                ClassLoader.getPlatformClassLoader())) {
            assertThat(Shapes.detect("com.example.gcp.HelloHttp", user)).isEqualTo(Shape.HTTP);
            assertThat(Shapes.detect("com.example.gcp.StorageListener", user)).isEqualTo(Shape.STORAGE);
            assertThat(System.getProperty(HelloHttp.MARK)).as("the handler's static initialiser must not run").isNull();
        }
    }

    @Test
    void detectionNeedsNoGoogleTypesInTheBuildsOwnLoader() throws Exception {
        // as in the plugin: Faasport's runtime and this adapter in one loader without Google jars, the user's code in another
        try (URLClassLoader build = new URLClassLoader(new URL[] {location(Shapes.class), location(HttpFunction.class),
                location(GcpNativeAdapter.class)}, ClassLoader.getPlatformClassLoader());
             URLClassLoader user = new URLClassLoader(new URL[] {location(HelloHttp.class), location(HttpFunction.class),
                     location(com.google.cloud.functions.HttpFunction.class), location(CloudEvent.class)},
                     ClassLoader.getPlatformClassLoader())) {
            assertThat(build.getResource("com/google/cloud/functions/HttpFunction.class")).isNull();
            java.lang.reflect.Method detect = build.loadClass(Shapes.class.getName()).getMethod("detect", String.class, ClassLoader.class);
            assertThat(detect.invoke(null, "com.example.gcp.HelloHttp", user)).hasToString("HTTP");
            assertThat(detect.invoke(null, "com.example.gcp.StorageListener", user)).hasToString("STORAGE");
        }
    }

    static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
