package dev.faasport.provider.gcp;

import com.google.cloud.functions.v2.Function;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.ProviderConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section 2 of issue 14 for Google: the packages {@code faas:package} builds for Google, deployed as the provider
 * deploys them (entry point, environment and runtime from {@link FunctionMapping}), run under Google's own Functions
 * Framework invoker started the way Google's Java buildpack starts a pre-built jar ({@link FunctionsFramework}), on
 * the JDK of the selected runtime, and driven with the requests Google's platform sends: HTTP (binary body, cookies),
 * Cloud Storage and Pub/Sub CloudEvents in binary mode with Google's sample payloads, the 1st gen legacy event, a
 * Cloud Scheduler tick through Pub/Sub. Nothing here runs Faasport's adapters in-process.
 */
class FunctionsFrameworkConformanceTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static Path dir;
    private static Path out;
    private static List<DeployUnit> units;

    @BeforeAll
    static void pack() throws Exception {
        dir = Files.createTempDirectory("gcf-conformance");
        out = Files.createDirectories(dir.resolve("out"));
        units = ConformanceFunctions.pack(dir, out);
    }

    @AfterAll
    static void clean() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Invoker versions the buildpack installs, on the default runtime (newest LTS) and on Java 17. */
    static Stream<Arguments> platforms() {
        return Stream.of(Arguments.of(FunctionsFramework.BUILDPACK_DEFAULT, "java25"),
                Arguments.of(FunctionsFramework.V2, "java25"),
                Arguments.of(FunctionsFramework.BUILDPACK_DEFAULT, "java17"),
                Arguments.of(FunctionsFramework.V2, "java17"));
    }

    @ParameterizedTest(name = "java-function-invoker {0} on {1}")
    @MethodSource("platforms")
    void everyTriggerKindRunsUnderGooglesInvoker(String invoker, String runtime) throws Exception {
        try (Deployed echo = deploy("http-echo", invoker, runtime)) {
            byte[] binary = new byte[256];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) i;
            }
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(echo.url("/items/7?q=a%20b"))
                    .header("Content-Type", "application/octet-stream").header("Cookie", "a=1; b=2")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(binary)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(echo.log()).isEqualTo(201);
            assertThat(r.body()).as("a binary body survives both ways").isEqualTo(binary);
            assertThat(r.headers().firstValue("content-type")).hasValue("application/octet-stream");
            assertThat(r.headers().firstValue("x-method")).hasValue("PUT");
            assertThat(r.headers().firstValue("x-path")).hasValue("/items/7");
            assertThat(r.headers().firstValue("x-query")).hasValue("[a b]");
            assertThat(r.headers().firstValue("x-cookies")).hasValue("a=1; b=2");
            assertThat(r.headers().firstValue("x-function")).hasValue("http-echo");
            assertThat(r.headers().firstValue("x-java").orElseThrow()).as("the runtime's JDK runs it")
                    .startsWith(runtime.substring("java".length()) + ".");
            assertThat(r.headers().allValues("set-cookie")).containsExactly("session=abc123; Path=/; HttpOnly");
        }
        try (Deployed upper = deploy("typed-upper", invoker, runtime)) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(upper.url("/"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ada\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(upper.log()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"NAME\":\"ADA\"}");
            HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(upper.url("/"))
                    .POST(HttpRequest.BodyPublishers.ofString("not json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
        }
        try (Deployed thumbnail = deploy("thumbnail", invoker, runtime)) {
            String data = sample("StorageObjectData-complex.json");
            assertThat(cloudEvent(thumbnail, "google.cloud.storage.object.v1.finalized",
                    "//storage.googleapis.com/projects/_/buckets/sample-bucket", "objects/MyFile", data))
                    .as(thumbnail.log()).isEqualTo(200);
            assertThat(written("thumbnail")).containsExactly(
                    "CREATED sample-bucket MyFile 0 COu8mb3Dn+kCEAE= 2020-05-06T15:14:15.917Z");
            // 1st gen delivers legacy events; the invoker turns them into the same CloudEvent
            String legacy = "{\"context\":{\"eventId\":\"1147091835525187\",\"timestamp\":\"2020-05-06T15:14:16Z\","
                    + "\"eventType\":\"google.storage.object.finalize\",\"resource\":{\"service\":\"storage.googleapis.com\","
                    + "\"name\":\"projects/_/buckets/sample-bucket/objects/MyFile\",\"type\":\"storage#object\"}},"
                    + "\"data\":" + data + "}";
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(thumbnail.url("/"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(legacy)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(thumbnail.log()).isEqualTo(200);
            assertThat(written("thumbnail")).containsExactly(
                    "CREATED sample-bucket MyFile 0 COu8mb3Dn+kCEAE= 2020-05-06T15:14:16Z");
        }
        try (Deployed orders = deploy("orders", invoker, runtime)) {
            String source = "//pubsub.googleapis.com/projects/my-project/topics/orders";
            assertThat(cloudEvent(orders, "google.cloud.pubsub.topic.v1.messagePublished", source, null,
                    sample("MessagePublishedData-text.json"))).as(orders.log()).isEqualTo(200);
            assertThat(written("orders")).containsExactly(
                    "orders message-id test message 3 {attr1=attr1-value} 2021-02-05T04:06:14.109Z");
            // Pub/Sub pushes one message per request: a failing message answers 500 and only it is redelivered
            assertThat(cloudEvent(orders, "google.cloud.pubsub.topic.v1.messagePublished", source, null,
                    published("poison", "m-2"))).isEqualTo(500);
            assertThat(cloudEvent(orders, "google.cloud.pubsub.topic.v1.messagePublished", source, null,
                    published("fine", "m-3"))).isEqualTo(200);
            assertThat(written("orders")).hasSize(1).allMatch(l -> l.startsWith("orders m-3 fine"));
        }
        try (Deployed nightly = deploy("nightly", invoker, runtime)) {
            // what the Cloud Scheduler job Faasport creates publishes: the neutral schedule as JSON
            String data = published("{\"expression\":\"rate(1 hour)\"}", "tick-1");
            assertThat(cloudEvent(nightly, "google.cloud.pubsub.topic.v1.messagePublished",
                    "//pubsub.googleapis.com/projects/p/topics/" + FunctionMapping.scheduleTopic("nightly"), null, data))
                    .as(nightly.log()).isEqualTo(200);
            assertThat(written("nightly")).containsExactly("rate(1 hour) 2021-02-05T04:06:14.109Z false");
        }
    }

    @org.junit.jupiter.api.Test
    void theCloudFunctionsDoubleRunsDeployedPackagesUnderTheInvoker() throws Exception {
        try (FakeCloudFunctions server = new FakeCloudFunctions().runPackages(dir.resolve("double"))) {
            server.operationDelayMillis = 20;
            server.createBucket("sample-bucket", "EUROPE-WEST1");
            Map<String, String> props = GcpTestSupport.props(server);
            try (dev.faasport.spi.ProviderSession s = GcpTestSupport.open(ConformanceFunctions.SET, props)) {
                for (String name : List.of("http-echo", "thumbnail")) {
                    s.apply(GcpTestSupport.create(withRuntime(name, "java25")));
                }
                assertThat(server.runningInvokers()).as("started at the first request, not at deploy").isZero();
                var r = s.invoke("http-echo", new dev.faasport.spi.Invocation("POST", "/x?q=1",
                        Map.of("Cookie", "k=v"), new byte[]{0, 1, 2, (byte) 255}));
                assertThat(r.status()).isEqualTo(201);
                assertThat(r.body()).containsExactly(0, 1, 2, 255);
                assertThat(r.headers()).containsEntry("x-cookies", "k=v").containsEntry("x-path", "/x");
                assertThat(r.headers().get("x-java")).startsWith("25.");
                var e = s.invoke("thumbnail", new dev.faasport.spi.Invocation(null, null, null,
                        "{\"bucket\":\"sample-bucket\",\"key\":\"in/cat.png\",\"size\":12}"
                                .getBytes(StandardCharsets.UTF_8)));
                assertThat(e.status()).isEqualTo(200);
                assertThat(written("thumbnail")).singleElement().asString()
                        .startsWith("CREATED sample-bucket in/cat.png 12 ");
                assertThat(server.runningInvokers()).isEqualTo(2);
                assertThat(s.logs("http-echo", 10)).anyMatch(l -> l.contains("GcfHttpHandler") && l.contains("201"));
                for (var unit : s.list()) {
                    s.delete(unit);
                }
                assertThat(server.runningInvokers()).as("deleting a function stops its invoker").isZero();
            }
        }
    }

    private static DeployUnit withRuntime(String name, String runtime) {
        DeployUnit packaged = units.stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
        Map<String, String> settings = new TreeMap<>(packaged.settings());
        settings.put(FunctionMapping.JAVA_RUNTIME, runtime);
        return new DeployUnit(packaged.setName(), packaged.name(), packaged.functions(), packaged.artifact(),
                packaged.configHash(), settings);
    }

    /** One function deployed: its unpacked upload and the invoker serving it. */
    private record Deployed(FunctionsFramework.Instance instance) implements AutoCloseable {
        URI url(String pathAndQuery) {
            return URI.create(instance.url() + pathAndQuery);
        }

        String log() {
            return instance.log();
        }

        @Override
        public void close() {
            instance.close();
        }
    }

    /** Deploys a unit as the provider would: entry point, environment, memory and runtime from FunctionMapping. */
    private static Deployed deploy(String name, String invoker, String runtime) throws Exception {
        DeployUnit unit = withRuntime(name, runtime);
        GcpSettings gcp = GcpSettings.from(unit.setName(), new ProviderConfig(unit.setName(),
                Map.of("gcp.project", "p-conformance", "gcp.triggerRegion", "us"), null, null), Map.of());
        Function f = FunctionMapping.desired(gcp, unit).function();
        assertThat(f.getBuildConfig().getRuntime()).isEqualTo(runtime);
        Path source = FunctionsFramework.unpack(Files.readAllBytes(unit.artifact().path()),
                dir.resolve(name + "-" + invoker + "-" + runtime));
        boolean event = f.hasEventTrigger();
        Files.deleteIfExists(out.resolve(name + ".txt"));
        return new Deployed(FunctionsFramework.start(FunctionsFramework.invokerJar(invoker),
                FunctionsFramework.javaHome(runtime), source, f.getBuildConfig().getEntryPoint(),
                event ? "cloudevent" : "http", FunctionMapping.functionId(name),
                FunctionMapping.memoryMib(f.getServiceConfig().getAvailableMemory()),
                f.getServiceConfig().getEnvironmentVariablesMap()));
    }

    /** A binary-mode CloudEvent as Eventarc pushes it; @return the status */
    private static int cloudEvent(Deployed fn, String type, String source, String subject, String data)
            throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", "1147091835525187");
        headers.put("ce-type", type);
        headers.put("ce-source", source);
        headers.put("ce-time", "2020-05-06T15:14:15.917Z");
        if (subject != null) {
            headers.put("ce-subject", subject);
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(fn.url("/")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(data));
        headers.forEach(req::header);
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** MessagePublishedData as the Pub/Sub sample has it, with another message body and id. */
    private static String published(String body, String id) throws IOException {
        return sample("MessagePublishedData-text.json")
                .replace("dGVzdCBtZXNzYWdlIDM=", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
                .replace("\"message-id\"", "\"" + id + "\"");
    }

    private static String sample(String name) throws IOException {
        try (InputStream in = FunctionsFrameworkConformanceTest.class.getResourceAsStream("/events/gcp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** @return the lines a function wrote, and forgets them */
    private static List<String> written(String name) throws IOException {
        Path file = out.resolve(name + ".txt");
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        Files.deleteIfExists(file);
        return lines;
    }
}
