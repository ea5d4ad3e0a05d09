package dev.faasport.provider.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.functions.v2.BuildConfig;
import com.google.cloud.functions.v2.CreateFunctionRequest;
import com.google.cloud.functions.v2.Environment;
import com.google.cloud.functions.v2.EventTrigger;
import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.FunctionServiceClient;
import com.google.cloud.functions.v2.FunctionServiceSettings;
import com.google.cloud.functions.v2.GenerateUploadUrlRequest;
import com.google.cloud.functions.v2.GenerateUploadUrlResponse;
import com.google.cloud.functions.v2.ServiceConfig;
import com.google.cloud.functions.v2.Source;
import com.google.longrunning.Operation;
import dev.faasport.spi.ProviderException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fake server's limits, checked through the official SDK (so its answers are also what the SDK accepts). */
class FakeCloudFunctionsTest {
    private static final String PARENT = "projects/p-limits/locations/us-central1";
    static FakeCloudFunctions server;
    static FunctionServiceClient client;
    static GenerateUploadUrlResponse upload;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeCloudFunctions();
        server.operationDelayMillis = 0;
        client = FunctionServiceClient.create(FunctionServiceSettings.newHttpJsonBuilder()
                .setEndpoint(server.endpoint()).setCredentialsProvider(NoCredentialsProvider.create()).build());
        upload = client.generateUploadUrl(GenerateUploadUrlRequest.newBuilder().setParent(PARENT).build());
        byte[] zip = java.nio.file.Files.readAllBytes(GcpTestSupport.zip(java.nio.file.Files.createTempDirectory("gcf"),
                "src", "src").path());
        // the 2nd gen contract lists one header, content-type: application/zip
        assertThat(put(upload, zip, false)).isEqualTo(200);
    }

    private static int put(GenerateUploadUrlResponse url, byte[] zip, boolean lengthRange) throws Exception {
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(url.getUploadUrl()))
                .header("Content-Type", "application/zip").PUT(HttpRequest.BodyPublishers.ofByteArray(zip));
        if (lengthRange) {
            put.header("x-goog-content-length-range", "0,104857600");
        }
        return HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void onlyFirstGenUploadsNeedTheLengthRangeHeader() throws Exception {
        byte[] zip = java.nio.file.Files.readAllBytes(GcpTestSupport.zip(java.nio.file.Files.createTempDirectory("gcf"),
                "src1", "src1").path());
        GenerateUploadUrlResponse gen1 = client.generateUploadUrl(GenerateUploadUrlRequest.newBuilder().setParent(PARENT)
                .setEnvironment(Environment.GEN_1).build());
        assertThat(put(gen1, zip, false)).as("the v1 contract lists x-goog-content-length-range").isEqualTo(400);
        assertThat(put(gen1, zip, true)).isEqualTo(200);
        GenerateUploadUrlResponse gen2 = client.generateUploadUrl(GenerateUploadUrlRequest.newBuilder().setParent(PARENT)
                .setEnvironment(Environment.GEN_2).build());
        assertThat(put(gen2, zip, false)).isEqualTo(200);
    }

    @Test
    void storageTriggersMustBeInTheBucketsLocation() {
        server.createBucket("multi-us", "US").createBucket("in-region", "US-CENTRAL1");
        Function onUs = base(Environment.GEN_2, s -> s).toBuilder().setEventTrigger(storage("multi-us", "")).build();
        rejected("wrong-region", onUs, "Bucket 'multi-us' is in location 'us', but the trigger location is 'us-central1'");
        rejected("no-bucket", base(Environment.GEN_2, s -> s).toBuilder().setEventTrigger(storage("missing", "")).build(),
                "does not exist");
        assertThat(create("right-region", base(Environment.GEN_2, s -> s).toBuilder()
                .setEventTrigger(storage("multi-us", "us")).build()).getName()).isNotEmpty();
        assertThat(create("same-region", base(Environment.GEN_2, s -> s).toBuilder()
                .setEventTrigger(storage("in-region", "")).build()).getName())
                .as("the default trigger region is the function's").isNotEmpty();
    }

    @Test
    void requestsAreCheckedAgainstTheProtosFieldBehavior() throws Exception {
        server.createBucket("fb-bucket", "US-CENTRAL1");
        // REQUIRED: EventTrigger.event_type, EventFilter.attribute and .value
        rejected("no-event-type", base(Environment.GEN_2, s -> s).toBuilder()
                .setEventTrigger(EventTrigger.newBuilder().setPubsubTopic("projects/p-limits/topics/t")).build(),
                "function.event_trigger.event_type");
        rejected("no-filter-value", base(Environment.GEN_2, s -> s).toBuilder().setEventTrigger(
                storage("fb-bucket", "").toBuilder().addEventFilters(com.google.cloud.functions.v2.EventFilter
                        .newBuilder().setAttribute("subject"))).build(), "function.event_trigger.event_filters[1].value");
        // OUTPUT_ONLY fields a client sets are ignored, at any depth
        create("output-only", base(Environment.GEN_2, s -> s.setUri("https://mine.example").setRevision("mine"))
                .toBuilder().setState(Function.State.FAILED).setUrl("https://mine.example")
                .setEventTrigger(storage("fb-bucket", "").toBuilder().setTrigger("projects/x/locations/y/triggers/mine"))
                .build());
        Thread.sleep(20);
        Function stored = client.getFunction(PARENT + "/functions/output-only");
        assertThat(stored.getState()).isEqualTo(Function.State.ACTIVE);
        assertThat(stored.getUrl()).isNotEqualTo("https://mine.example");
        assertThat(stored.getServiceConfig().getUri()).isNotEqualTo("https://mine.example");
        assertThat(stored.getServiceConfig().getRevision()).isNotEqualTo("mine");
        assertThat(stored.getEventTrigger().getTrigger()).isNotEqualTo("projects/x/locations/y/triggers/mine");
        // a field the message does not have is refused, as the JSON transcoding does
        HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                server.endpoint() + "/v2/" + PARENT + "/functions?functionId=unknown-field"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"buildConfig\":{\"runtime\":\"java17\"},\"colour\":1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("Invalid JSON payload received").contains("colour");
    }

    private static EventTrigger storage(String bucket, String region) {
        return EventTrigger.newBuilder().setEventType("google.cloud.storage.object.v1.finalized").setTriggerRegion(region)
                .addEventFilters(com.google.cloud.functions.v2.EventFilter.newBuilder().setAttribute("bucket")
                        .setValue(bucket)).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static Function base(Environment gen, UnaryOperator<ServiceConfig.Builder> service) {
        return Function.newBuilder().setEnvironment(gen)
                .setBuildConfig(BuildConfig.newBuilder().setRuntime("java17").setEntryPoint("a.B")
                        .setSource(Source.newBuilder().setStorageSource(upload.getStorageSource())))
                .setServiceConfig(service.apply(ServiceConfig.newBuilder())).build();
    }

    private static Operation create(String id, Function f) {
        return client.createFunctionCallable().call(CreateFunctionRequest.newBuilder().setParent(PARENT)
                .setFunctionId(id).setFunction(f).build());
    }

    private static void rejected(String id, Function f, String why) {
        assertThatThrownBy(() -> create(id, f)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getStatusCode().getCode().name()).isEqualTo("INVALID_ARGUMENT");
            assertThat(GcpErrors.detail(e)).contains(why);
            ProviderException mapped = GcpErrors.of("Deploying function '" + id + "'", e);
            assertThat(mapped.retryable()).isFalse();
            assertThat(mapped.getMessage()).contains(id).contains(why);
            assertThat(mapped.suggestion()).startsWith("perhaps you should");
        });
    }

    @Test
    void gen2Limits() {
        rejected("Upper_Case", base(Environment.GEN_2, s -> s), "/[a-z][0-9]-/");
        rejected("big-mem", base(Environment.GEN_2, s -> s.setAvailableMemory("9Gi").setAvailableCpu("2")),
                "requires at least 4 CPUs");
        rejected("mem-cpu", base(Environment.GEN_2, s -> s.setAvailableMemory("5Gi").setAvailableCpu("1")),
                "requires at least 2 CPUs");
        rejected("cpu-mem", base(Environment.GEN_2, s -> s.setAvailableMemory("1Gi").setAvailableCpu("4")), "2Gi");
        rejected("concurrent", base(Environment.GEN_2, s -> s.setAvailableMemory("512Mi")
                .setMaxInstanceRequestConcurrency(8)), "requires at least 1 CPU");
        rejected("too-long-http", base(Environment.GEN_2, s -> s.setTimeoutSeconds(3601)), "at most 3600");
        rejected("too-long-event", base(Environment.GEN_2, s -> s.setTimeoutSeconds(541)).toBuilder()
                .setEventTrigger(EventTrigger.newBuilder().setEventType("google.cloud.pubsub.topic.v1.messagePublished")
                        .setPubsubTopic("projects/p-limits/topics/t")).build(), "at most 540");
        rejected("old-runtime", base(Environment.GEN_2, s -> s).toBuilder()
                .setBuildConfig(base(Environment.GEN_2, s -> s).getBuildConfig().toBuilder().setRuntime("java11")).build(),
                "not a supported runtime");
        rejected("bad-labels", base(Environment.GEN_2, s -> s).toBuilder().putLabels("Set", "X").build(), "Invalid label");
        Operation ok = create("fine-http", base(Environment.GEN_2, s -> s.setAvailableMemory("16Gi").setAvailableCpu("4")
                .setTimeoutSeconds(3600).setMaxInstanceRequestConcurrency(100)));
        assertThat(ok.getName()).startsWith(PARENT + "/operations/");
    }

    @Test
    void gen1Limits() {
        rejected("gen1-mem", base(Environment.GEN_1, s -> s.setAvailableMemory("300M")), "1st gen memory");
        rejected("gen1-timeout", base(Environment.GEN_1, s -> s.setAvailableMemory("256M").setTimeoutSeconds(600)),
                "540");
        rejected("gen1-concurrency", base(Environment.GEN_1, s -> s.setAvailableMemory("256M")
                .setMaxInstanceRequestConcurrency(2)), "concurrency");
        assertThat(create("Gen1_Name", base(Environment.GEN_1, s -> s.setAvailableMemory("256M"))).getName())
                .as("1st gen ids may hold upper case and '_'").isNotEmpty();
    }

    @Test
    void secondCreateReportsAlreadyExistsInTheOperation() throws Exception {
        Function f = base(Environment.GEN_2, s -> s);
        create("twice", f);
        Operation second = create("twice", f);
        assertThat(second.getDone()).isTrue();
        assertThat(second.getError().getCode()).isEqualTo(6);
    }

    @Test
    void enumsAreNumbersOnlyWhenAsked() throws Exception {
        create("enum-check", base(Environment.GEN_2, s -> s));
        Thread.sleep(20);
        HttpClient http = HttpClient.newHttpClient();
        String url = server.endpoint() + "/v2/" + PARENT + "/functions/enum-check";
        String names = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        String ints = http.send(HttpRequest.newBuilder(URI.create(url + "?$alt=json;enum-encoding%3Dint")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(names).contains("\"environment\":\"GEN_2\"");
        assertThat(ints).contains("\"environment\":2");
        assertThat(client.getFunction(PARENT + "/functions/enum-check").getState()).isEqualTo(Function.State.ACTIVE);
    }
}
