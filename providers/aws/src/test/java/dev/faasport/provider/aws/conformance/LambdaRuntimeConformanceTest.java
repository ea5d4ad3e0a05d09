package dev.faasport.provider.aws.conformance;

import dev.faasport.packaging.Dependency;
import dev.faasport.packaging.PackageRequest;
import dev.faasport.packaging.PackageResult;
import dev.faasport.packaging.Packager;
import dev.faasport.provider.aws.LambdaTestServer;
import dev.faasport.provider.aws.RicRuntime;
import dev.faasport.runtime.json.Json;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import dev.faasport.testing.LambdaJavaRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, section 2 for AWS: a function set packaged by Faasport's real {@link Packager}, deployed by the real AWS
 * provider into LambdaTestServer, and invoked with AWS's sample events (resources {@code events/aws}) under AWS's own
 * runtime interface client, in a JVM of the runtime the function was created with. Every trigger kind: HTTP (function
 * URL / HTTP API payload 2.0, with a binary body and cookies), storage (S3 notification), queue (SQS with a partial
 * batch failure) and schedule (EventBridge scheduled event); for the plain Lambda zip and for the zip plus the shared
 * dependency layer (mounted on /opt as Lambda does, see {@code LambdaJavaRuntime}).
 *
 * <p>Container images are not run here: their base is AWS's Lambda Java base image (public.ecr.aws/lambda/java), which
 * no machine here can pull; their task root holds what the zip holds (see README).
 */
class LambdaRuntimeConformanceTest {

    static final String ROLE = "arn:aws:iam::" + LambdaTestServer.ACCOUNT + ":role/faasport-conformance";
    static final String FN = "dev.faasport.provider.aws.conformance.fn.";
    /** Any bytes, not UTF-8: the body must travel base64-encoded both ways. */
    static final byte[] BINARY = {0, 1, 2, (byte) 0xff, (byte) 0xfe, (byte) 0x80, 10, 13, 0x7f, (byte) 0xc3};

    @TempDir
    static Path dir;
    static Path classes;
    static List<Dependency> dependencies;
    static Map<PackageFormat, List<Path>> adapters;

    /** The Lambda Java runtimes: java25 (Faasport's default, the newest LTS), java21 and java17. */
    static Stream<Arguments> runtimes() {
        List<Arguments> out = new ArrayList<>();
        for (String runtime : List.of("java25", "java21", "java17")) {
            out.add(Arguments.of(runtime, false));
            out.add(Arguments.of(runtime, true));
        }
        return out.stream();
    }

    @BeforeAll
    static void buildInputs() throws Exception {
        // fake static keys for the test server only; the SDK's default chain reads these system properties
        System.setProperty("aws.accessKeyId", "AKIAFAASPORTCONFORM0");
        System.setProperty("aws.secretAccessKey", "faasport-conformance-fake-secret");
        Path testClasses = codeSource("dev.faasport.provider.aws.conformance.fn.Web");
        classes = dir.resolve("classes");
        copyPackage(testClasses, "dev/faasport/provider/aws/conformance/fn/", classes);
        Path dep = dir.resolve("greetings-1.0.jar");
        jar(testClasses, "dev/faasport/provider/aws/conformance/dep/", dep);
        // NativeOrders is written against AWS's events library: a dependency of the project, as in a user's pom
        dependencies = List.of(new Dependency("com.example:greetings:1.0", dep), new Dependency(
                "com.amazonaws:aws-lambda-java-events:3.16.1", adapterJar("com.amazonaws.services.lambda.runtime.events.SQSEvent")));
        adapters = Map.of(PackageFormat.LAMBDA_ZIP, List.of(adapterJar("dev.faasport.runtime.aws.LambdaHandler"),
                adapterJar("com.amazonaws.services.lambda.runtime.Context"),
                adapterJar("dev.faasport.runtime.FunctionRegistry"), adapterJar("dev.faasport.runtime.json.Json"),
                adapterJar("dev.faasport.api.HttpFunction"),
                adapterJar("dev.faasport.runtime.nativeaws.AwsNativeAdapter")));
    }

    @ParameterizedTest(name = "{0}, shared layer {1}")
    @MethodSource("runtimes")
    void everyTriggerKindRunsUnderAwsRuntimeInterfaceClient(String runtime, boolean sharedLayer) throws Exception {
        Assumptions.assumeTrue(RicRuntime.jdk(runtime).isPresent(), "no Java " + runtime.substring(4) + " JDK on this "
                + "machine (java.home, /usr/lib/jvm): " + runtime + " is not run here; .ci/run installs the JDKs it can");
        Path work = Files.createDirectories(dir.resolve(runtime + "-" + sharedLayer));
        List<FunctionSpec> functions = List.of(
                spec("web", "Web", FunctionShape.HTTP, new Trigger.Http(List.of(), true)),
                spec("thumbs", "Thumbs", FunctionShape.STORAGE, new Trigger.Storage("uploads", null, null, null)),
                spec("orders", "Orders", FunctionShape.QUEUE, new Trigger.Queue("orders", 10, 3)),
                spec("native-orders", "NativeOrders", FunctionShape.QUEUE, new Trigger.Queue("native-orders", 10, 3)),
                spec("nightly", "Nightly", FunctionShape.SCHEDULE, new Trigger.Schedule("rate(1 day)")));
        PackageResult packaged = new Packager().pack(new PackageRequest("conformance", functions, classes,
                dependencies, adapters, work.resolve("faas"), null, sharedLayer, Map.of("aws.runtime", runtime)),
                "aws", PackageFormat.LAMBDA_ZIP);
        if (sharedLayer) {
            assertThat(packaged.units()).allSatisfy(u -> assertThat(u.settings()).containsKey("aws.layer.path"));
        }

        try (LambdaTestServer server = new LambdaTestServer().transitions(Duration.ofMillis(10), Duration.ofMillis(10))
                .role(ROLE).queue("orders").queue("native-orders").bucket("uploads").runtime(new RicRuntime(work.resolve("runtime")));
             ProviderSession session = open(server, work, runtime);
             LambdaClient lambda = client(server)) {
            for (DeployUnit u : packaged.units()) {
                session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, u, null));
            }
            for (FunctionSpec f : functions) {
                assertThat(server.configuration(f.name())).containsEntry("Runtime", runtime)
                        .containsEntry("Handler", dev.faasport.packaging.LambdaZipLayout.HANDLER);
                assertThat(server.layers(f.name())).hasSize(sharedLayer ? 1 : 0);
            }
            String java = "on Java " + runtime.substring(4);

            // HTTP: payload format 2.0 with a binary body and the sample's two cookies
            Map<String, Object> http = event("apigateway-v2.json");
            http.put("body", Base64.getEncoder().encodeToString(BINARY));
            http.put("isBase64Encoded", true);
            map(map(http.get("requestContext")).get("http")).put("method", "POST");
            map(http.get("headers")).put("content-type", "application/octet-stream");
            Invoked web = invoke(lambda, "web", http);
            assertThat(web.error()).as(web.text()).isNull();
            Map<String, Object> response = Json.parseObject(web.text());
            assertAcceptedByLambda(response);
            assertThat(response).containsEntry("statusCode", 200L).containsEntry("isBase64Encoded", true)
                    .containsEntry("cookies", List.of("seen=2; Path=/; HttpOnly"));
            byte[] reversed = new byte[BINARY.length];
            for (int i = 0; i < BINARY.length; i++) {
                reversed[i] = BINARY[BINARY.length - 1 - i];
            }
            assertThat(Base64.getDecoder().decode((String) response.get("body"))).isEqualTo(reversed);
            assertThat(map(response.get("headers"))).containsEntry("x-cookie",
                    "s_fid=7AABXMPL1AFD9BBF-0643XMPL09956DE2; regStatus=pre-register").containsEntry("x-function", "web");
            assertThat(web.log()).anyMatch(l -> l.contains("handled POST /nodejs-apig-function-1G3XMPLZXVXYI " + java));
            // the dependency comes from the function's lib/, or from the layer where Lambda puts it: /opt/java/lib
            String from = String.valueOf(map(response.get("headers")).get("x-dependency-from"));
            if (!sharedLayer) {
                assertThat(from).endsWith("/task/lib/greetings-1.0.jar");
            } else if (LambdaJavaRuntime.canMount()) {
                assertThat(from).isEqualTo("/opt/java/lib/greetings-1.0.jar");
            } else {
                assertThat(from).endsWith("/opt/java/lib/greetings-1.0.jar"); // the layer directory, on the class path
            }

            // storage: S3's notification
            Invoked thumbs = invoke(lambda, "thumbs", event("s3-notification.json"));
            assertThat(thumbs.error()).as(thumbs.text()).isNull();
            assertThat(thumbs.log()).anyMatch(l -> l.contains("handled CREATED BUCKET_NAME/inbound/sample-java-s3.png 21476 "
                    + java));

            // queue: the sample message plus a poison one -> only the poison one is reported
            Map<String, Object> sqs = event("sqs-record.json");
            List<Object> records = new ArrayList<>((List<?>) sqs.get("Records"));
            Map<String, Object> poison = new LinkedHashMap<>(map(records.get(0)));
            poison.put("messageId", "2e1424d4-f796-459a-8184-9c92662be6da");
            poison.put("body", "poison pill");
            records.add(poison);
            sqs.put("Records", records);
            assertThat(server.eventSourceMappings()).hasSize(2).allSatisfy(m ->
                    assertThat(m.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures")));
            Invoked orders = invoke(lambda, "orders", sqs);
            assertThat(orders.error()).as(orders.text()).isNull();
            assertThat(Json.parseObject(orders.text())).isEqualTo(Map.of("batchItemFailures",
                    List.of(Map.of("itemIdentifier", "2e1424d4-f796-459a-8184-9c92662be6da"))));
            assertThat(orders.log()).anyMatch(l -> l.contains("handled 1 messages from MyQueue " + java));
            // as Lambda's poller: only the poison message stays on the queue, the other is deleted
            assertThat(server.deliverSqs("orders", records.stream().map(LambdaRuntimeConformanceTest::map).toList()))
                    .containsExactly("2e1424d4-f796-459a-8184-9c92662be6da");

            // queue, the same batch to a handler written against AWS's own API (SQSEvent in, SQSBatchResponse out)
            assertThat(server.deliverSqs("native-orders", records.stream().map(LambdaRuntimeConformanceTest::map).toList()))
                    .containsExactly("2e1424d4-f796-459a-8184-9c92662be6da");
            Invoked nativeOrders = invoke(lambda, "native-orders", sqs);
            assertThat(nativeOrders.error()).as(nativeOrders.text()).isNull();
            assertThat(Json.parseObject(nativeOrders.text())).isEqualTo(Map.of("batchItemFailures",
                    List.of(Map.of("itemIdentifier", "2e1424d4-f796-459a-8184-9c92662be6da"))));
            // the record the handler read: the sample's id and MD5, its queue in the ARN
            assertThat(nativeOrders.log()).anyMatch(l -> l.contains("native handled 19dd0b57-b21e-4ac1-bd88-01bbb068cb78 md5 "
                    + "7b270e59b47ff90a553787216d55d91d from arn:aws:sqs:") && l.contains("::MyQueue " + java));

            // schedule: EventBridge's scheduled event
            Invoked nightly = invoke(lambda, "nightly", event("cloudwatch-scheduled.json"));
            assertThat(nightly.error()).as(nightly.text()).isNull();
            assertThat(nightly.log()).anyMatch(l -> l.contains("handled tick 2020-02-02T12:34:56Z rate(1 day) " + java));

            // a failing invocation comes back as Lambda reports a runtime's error: Unhandled, with the error body
            Map<String, Object> bad = event("s3-notification.json");
            map(map(map((List<?>) bad.get("Records"), 0).get("s3")).get("object")).put("key", "broken.corrupt");
            Invoked failed = invoke(lambda, "thumbs", bad);
            assertThat(failed.error()).isEqualTo("Unhandled");
            assertThat(Json.parseObject(failed.text())).containsEntry("errorType", "java.lang.IllegalStateException")
                    .containsEntry("errorMessage", "cannot read BUCKET_NAME/broken.corrupt").containsKey("stackTrace");
        }
    }

    /**
     * Issue 14's defect, now visible to the double: classes compiled for Java 25 (class-file major version 69) fail on
     * the java17 runtime with UnsupportedClassVersionError, reported by AWS's runtime client as an init error, and run
     * on java25.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"java17", "java25"})
    void classesCompiledForANewerJavaFailOnAnOlderRuntime(String runtime) throws Exception {
        Assumptions.assumeTrue(RicRuntime.jdk(runtime).isPresent(), "no Java " + runtime.substring(4) + " JDK on this "
                + "machine (java.home, /usr/lib/jvm): " + runtime + " is not run here");
        Path work = Files.createDirectories(dir.resolve("classversion-" + runtime));
        Path classes25 = work.resolve("classes");
        copyPackage(classes, "dev/faasport/provider/aws/conformance/fn/", classes25);
        Path nightlyClass = classes25.resolve("dev/faasport/provider/aws/conformance/fn/Nightly.class");
        byte[] bytes = Files.readAllBytes(nightlyClass);
        bytes[6] = 0;
        bytes[7] = 69; // major version 69: Java 25
        Files.write(nightlyClass, bytes);
        List<FunctionSpec> functions = List.of(spec("nightly", "Nightly", FunctionShape.SCHEDULE,
                new Trigger.Schedule("rate(1 day)")));
        PackageResult packaged = new Packager().pack(new PackageRequest("conformance", functions, classes25,
                dependencies, adapters, work.resolve("faas"), null, false, Map.of("aws.runtime", runtime)),
                "aws", PackageFormat.LAMBDA_ZIP);
        try (LambdaTestServer server = new LambdaTestServer().transitions(Duration.ofMillis(10), Duration.ofMillis(10))
                .role(ROLE).runtime(new RicRuntime(work.resolve("runtime")));
             ProviderSession session = open(server, work, runtime);
             LambdaClient lambda = client(server)) {
            session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, packaged.units().get(0), null));
            Invoked tick = invoke(lambda, "nightly", event("cloudwatch-scheduled.json"));
            if (runtime.equals("java17")) {
                assertThat(tick.error()).isEqualTo("Unhandled");
                assertThat(tick.text()).contains("UnsupportedClassVersionError");
            } else {
                assertThat(tick.error()).as(tick.text()).isNull();
                assertThat(tick.log()).anyMatch(l -> l.contains("handled tick 2020-02-02T12:34:56Z rate(1 day) on Java 25"));
            }
        }
    }

    /**
     * The response shape Lambda accepts from a function behind a function URL or an HTTP API (payload format 2.0):
     * "Invoking Lambda function URLs", response payload format (docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html,
     * read 2026-12): statusCode (integer), headers (string to string), body (string), isBase64Encoded (boolean),
     * cookies (strings), nothing else.
     */
    static void assertAcceptedByLambda(Map<String, Object> response) {
        assertThat(response.keySet()).isSubsetOf(Set.of("statusCode", "headers", "body", "isBase64Encoded", "cookies"));
        assertThat(response.get("statusCode")).isInstanceOf(Long.class);
        assertThat(map(response.get("headers")).values()).allMatch(v -> v instanceof String);
        assertThat(response.get("body")).isInstanceOf(String.class);
        assertThat(response.get("isBase64Encoded")).isInstanceOf(Boolean.class);
        assertThat((List<?>) response.getOrDefault("cookies", List.of())).allMatch(c -> c instanceof String);
    }

    record Invoked(String text, String error, List<String> log) {
    }

    static Invoked invoke(LambdaClient lambda, String function, Map<String, Object> event) {
        InvokeResponse r = lambda.invoke(b -> b.functionName(function).qualifier("live").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String(Json.write(event))));
        String log = r.logResult() == null ? "" : new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
        return new Invoked(r.payload().asUtf8String(), r.functionError(), log.lines().toList());
    }

    static FunctionSpec spec(String name, String type, FunctionShape shape, Trigger trigger) {
        return new FunctionSpec(name, FN + type, shape, trigger, 512, 30, Map.of("GREETING", "hi"), 0, 0, null, null);
    }

    static ProviderSession open(LambdaTestServer server, Path work, String runtime) throws Exception {
        Map<String, String> props = server.providerProperties(ROLE, 10);
        props.put("aws.waitSeconds", "20");
        props.put("aws.runtime", runtime);
        Provider aws = ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("aws")).findFirst().orElseThrow();
        return aws.open(new ProviderConfig("conformance", props, work, ProviderConfig.Log.silent()));
    }

    static LambdaClient client(LambdaTestServer server) {
        return LambdaClient.builder().endpointOverride(server.endpoint()).region(Region.of(LambdaTestServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKE", "fake")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(120)).build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(180)))
                .build();
    }

    /** A sample event of {@code events/aws}, as AWS documents it, to modify per test. */
    static Map<String, Object> event(String name) throws IOException {
        try (InputStream in = LambdaRuntimeConformanceTest.class.getResourceAsStream("/events/aws/" + name)) {
            return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static Map<String, Object> map(List<?> l, int i) {
        return map(l.get(i));
    }

    static Path codeSource(String className) throws ClassNotFoundException, URISyntaxException {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The jar of an adapter class; a reactor build's class folder is jarred first, as the plugin's inputs are jars. */
    static Path adapterJar(String className) throws Exception {
        Path source = codeSource(className);
        if (Files.isRegularFile(source)) {
            return source;
        }
        Path jar = dir.resolve("adapters").resolve(className + ".jar");
        Files.createDirectories(jar.getParent());
        jar(source, "", jar);
        return jar;
    }

    static void copyPackage(Path root, String prefix, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve(prefix))) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path target = to.resolve(root.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
    }

    static void jar(Path root, String prefix, Path jar) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(root.resolve(prefix))) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                ZipEntry e = new ZipEntry(root.relativize(p).toString().replace('\\', '/'));
                e.setTime(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
                out.putNextEntry(e);
                out.write(Files.readAllBytes(p));
            }
        }
        Files.write(jar, bytes.toByteArray());
    }
}
