package dev.faasport.provider.aws;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14's AWS defects: what the test server refuses as Lambda, S3 and SQS do, and what the provider does so that a
 * deploy that passes here also passes on AWS.
 */
class LambdaFidelityTest {

    static final String ROLE = LambdaSessionTest.ROLE;

    @TempDir
    Path dir;
    LambdaTestServer server;
    ProviderSession session;
    LambdaClient lambda;

    @BeforeAll
    static void fakeCredentials() {
        LambdaSessionTest.fakeCredentials();
    }

    @BeforeEach
    void start() throws Exception {
        server = new LambdaTestServer().transitions(Duration.ofMillis(50), Duration.ofMillis(50)).role(ROLE);
        session = LambdaSessionTest.open(server, dir, Map.of());
        lambda = LambdaClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        lambda.close();
        session.close();
        server.close();
    }

    static FunctionSpec fn(String name, String handler, Trigger t, FunctionShape shape, int timeout, Map<String, String> env) {
        return new FunctionSpec(name, handler, shape, t, 256, timeout, env, 0, 0, null, null);
    }

    void create(FunctionSpec f) throws Exception {
        create(TestPackages.unit(f, TestPackages.zip(dir, f.name(), "v1", 0), "c1"));
    }

    void create(DeployUnit unit) throws ProviderException {
        session.verify(List.of(unit)); // as the core does after planning
        session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit, null));
    }

    /** A zip function created directly through the SDK, as another tool would. */
    void createDirectly(String name, int timeout) throws Exception {
        SdkBytes zip = SdkBytes.fromByteArray(Files.readAllBytes(TestPackages.zip(dir, name, "v1", 0).path()));
        lambda.createFunction(b -> b.functionName(name).role(ROLE).runtime("java17").handler("h::h").timeout(timeout)
                .code(c -> c.zipFile(zip)));
    }

    // ---------------------------------------------------------------- environment size and reserved keys

    @Test
    void lambdaMeasuresTheCompactJsonOfAllVariablesIncludingFaasportsOwn() {
        // names plus values, FAASPORT_FUNCTION=big included: 4096 bytes, which the old measure let through; the JSON
        // Lambda measures adds quotes, colons, commas and braces
        Map<String, String> env = Map.of("AA", "v".repeat(2036), "BB", "w".repeat(2036));
        FunctionSpec f = fn("big", "com.example.Big", new Trigger.Http(List.of(), true), FunctionShape.HTTP, 30, env);
        assertThatThrownBy(() -> create(f)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("InvalidParameterValueException", "exceeded the 4KB limit",
                    "String measured: {\"AA\":\"vvv", "\"FAASPORT_FUNCTION\":\"big\"}");
            assertThat(e.suggestion()).contains("JSON of all variables", "FAASPORT_");
        });
        assertThat(server.functionNames()).isEmpty();
    }

    @Test
    void reservedKeysAreRefusedAsLambdaRefusesThem() {
        FunctionSpec f = fn("env", "com.example.Env", new Trigger.Http(List.of(), true), FunctionShape.HTTP, 30,
                Map.of("AWS_REGION", "eu-west-1", "AWS_LAMBDA_FUNCTION_NAME", "x", "TZ", "Europe/Paris"));
        assertThatThrownBy(() -> create(f)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.getMessage()).contains("contains reserved keys that are currently not supported for "
                    + "modification. Reserved keys used in this request: AWS_LAMBDA_FUNCTION_NAME, AWS_REGION");
            assertThat(e.suggestion()).contains("rename the variables");
        });
    }

    // ---------------------------------------------------------------- SQS visibility timeout

    @Test
    void aQueueWhoseVisibilityTimeoutIsShorterThanTheFunctionTimeoutFailsBeforeAnythingIsDeployed() {
        server.queue("jobs"); // SQS's default visibility timeout: 30 s
        FunctionSpec f = fn("worker", "com.example.Worker", new Trigger.Queue("jobs", 10, 3), FunctionShape.QUEUE, 60, Map.of());
        assertThatThrownBy(() -> create(f)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("Queue 'jobs'", "visibility timeout of 30 s", "60 s timeout of function 'worker'");
            assertThat(e.suggestion()).contains("VisibilityTimeout to at least 60 s", "360", "or lower the timeout of 'worker' to at most 30 s");
        });
        assertThat(server.totalCalls()).as("only the queue was read").isEqualTo(server.calls("GetQueueUrl")
                + server.calls("GetQueueAttributes"));
        assertThat(server.functionNames()).isEmpty();
    }

    @Test
    void aLongEnoughVisibilityTimeoutDeploys() throws Exception {
        server.queue("jobs", 60);
        create(fn("worker", "com.example.Worker", new Trigger.Queue("jobs", 10, 3), FunctionShape.QUEUE, 60, Map.of()));
        assertThat(server.eventSourceMappings()).hasSize(1);
    }

    @Test
    void theServerRefusesTheMappingAndATimeoutAboveTheVisibilityTimeoutAsLambdaDoes() throws Exception {
        server.queue("jobs");
        createDirectly("slow", 60);
        createDirectly("quick", 30);
        Thread.sleep(100); // Pending -> Active
        String queue = "arn:aws:sqs:us-east-1:123456789012:jobs";
        assertThatThrownBy(() -> lambda.createEventSourceMapping(b -> b.functionName("slow").eventSourceArn(queue)))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds"));
        lambda.createEventSourceMapping(b -> b.functionName("quick").eventSourceArn(queue));
        assertThatThrownBy(() -> lambda.updateFunctionConfiguration(b -> b.functionName("quick").timeout(31)))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Queue visibility timeout: 30 seconds is less than Function timeout: 31 seconds"));
    }

    // ---------------------------------------------------------------- tags

    @Test
    void aNestedClassHandlerIsStoredAsAValidTagValueAndReadBack() throws Exception {
        FunctionSpec f = fn("nested", "com.example.Outer$Inner", new Trigger.Http(List.of(), true), FunctionShape.HTTP, 30, Map.of());
        create(f);
        assertThat(lambda.listTags(b -> b.resource("arn:aws:lambda:us-east-1:123456789012:function:nested")).tags())
                .containsEntry("faasport-handler", "com.example.Outer@0024Inner");
        assertThat(session.list()).singleElement().satisfies(u ->
                assertThat(u.functions().get(0).handler()).isEqualTo("com.example.Outer$Inner"));
    }

    @Test
    void theServerRefusesTagValuesOutsideLambdasPattern() throws Exception {
        createDirectly("plain", 30);
        assertThatThrownBy(() -> lambda.tagResource(b -> b.resource("arn:aws:lambda:us-east-1:123456789012:function:plain")
                .tags(Map.of("faasport-handler", "com.example.Outer$Inner"))))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("at 'tags' failed to satisfy constraint: Map value must satisfy constraint"));
        assertThat(TagValues.encode("a".repeat(300))).isNull();
        assertThat(TagValues.decode(TagValues.encode("com.example.A$B$C"))).isEqualTo("com.example.A$B$C");
    }

    // ---------------------------------------------------------------- runtime

    @Test
    void theRuntimePackagingSelectedWinsOverTheProviderDefaultAndMovesOnUpdate() throws Exception {
        FunctionSpec f = fn("modern", "com.example.Modern", new Trigger.Http(List.of(), true), FunctionShape.HTTP, 30, Map.of());
        Artifact a = TestPackages.zip(dir, "modern", "v1", 0);
        create(new DeployUnit("demo", "modern", List.of(f), a, "c1", Map.of("java.runtime", "java21")));
        assertThat(server.configuration("modern")).containsEntry("Runtime", "java21");

        var current = session.list().get(0);
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG,
                new DeployUnit("demo", "modern", List.of(f), a, "c1", Map.of("java.runtime", "java25")), current));
        assertThat(server.configuration("modern")).containsEntry("Runtime", "java25");

        // without the setting (older manifests): aws.runtime, else java17
        create(TestPackages.unit(fn("legacy", "com.example.L", new Trigger.Http(List.of(), true), FunctionShape.HTTP,
                30, Map.of()), TestPackages.zip(dir, "legacy", "v1", 0), "c1"));
        assertThat(server.configuration("legacy")).containsEntry("Runtime", "java17");
    }

    @Test
    void aRuntimeThatIsNoLambdaJavaRuntimeFailsBeforeAnyRemoteCall() throws Exception {
        FunctionSpec f = fn("odd", "com.example.Odd", new Trigger.Http(List.of(), true), FunctionShape.HTTP, 30, Map.of());
        DeployUnit u = new DeployUnit("demo", "odd", List.of(f), TestPackages.zip(dir, "odd", "v1", 0), "c", Map.of("java.runtime", "21"));
        server.resetCounters();
        assertThatThrownBy(() -> create(u)).isInstanceOfSatisfying(ProviderException.class, e ->
                assertThat(e.getMessage()).contains("'21'", "java.runtime"));
        assertThat(server.totalCalls()).isZero();
    }

    // ---------------------------------------------------------------- S3 notifications

    @Test
    void s3RefusesOverlappingNotificationFiltersForTheSameEvent() throws Exception {
        server.bucket("pics");
        Set<Trigger.StorageEventKind> created = Set.of(Trigger.StorageEventKind.CREATED);
        create(fn("thumbs", "com.example.T", new Trigger.Storage("pics", created, "in/", ".png"), FunctionShape.STORAGE, 30, Map.of()));
        create(fn("deleted", "com.example.D", new Trigger.Storage("pics", Set.of(Trigger.StorageEventKind.DELETED), "in/", ".png"),
                FunctionShape.STORAGE, 30, Map.of()));
        create(fn("docs", "com.example.Docs", new Trigger.Storage("pics", created, "in/", ".pdf"), FunctionShape.STORAGE, 30, Map.of()));
        FunctionSpec all = fn("all", "com.example.All", new Trigger.Storage("pics", created, "", ""), FunctionShape.STORAGE, 30, Map.of());
        DeployUnit allUnit = TestPackages.unit(all, TestPackages.zip(dir, "all", "v1", 0), "c1");
        // verify() compares with what the bucket keeps before anything is deployed
        assertThatThrownBy(() -> create(allUnit)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.getMessage()).contains("function 'all'", "overlaps the notification 'faasport-thumbs' of bucket 'pics'");
            assertThat(e.suggestion()).contains("aws s3api get-bucket-notification-configuration --bucket pics");
        });
        assertThat(server.functionNames()).doesNotContain("all");
        // and S3 itself refuses it when it gets that far
        assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, allUnit, null)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.getMessage()).contains("InvalidArgument", "Configuration is ambiguously defined");
                    assertThat(e.suggestion()).contains("function 'all' a prefix or suffix");
                });
        assertThat(server.bucketNotifications("pics")).hasSize(3);

        try (S3Client s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String arn = "arn:aws:lambda:us-east-1:123456789012:function:thumbs:live";
            assertThatThrownBy(() -> s3.putBucketNotificationConfiguration(b -> b.bucket("pics").notificationConfiguration(n -> n
                    .lambdaFunctionConfigurations(c -> c.id("a").lambdaFunctionArn(arn).eventsWithStrings("s3:ObjectCreated:*"),
                            c -> c.id("b").lambdaFunctionArn(arn).eventsWithStrings("s3:ObjectCreated:Put")))))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Configurations overlap. Configurations on the same bucket cannot share a common event type."));
        }
    }

    @Test
    void storageFunctionsOfOneBucketDeployedInParallelKeepEachOthersNotification() throws Exception {
        server.bucket("pics");
        List<DeployUnit> units = new java.util.ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            units.add(TestPackages.unit(fn(name, "com.example.H", new Trigger.Storage("pics",
                    Set.of(Trigger.StorageEventKind.CREATED), name + "/", ""), FunctionShape.STORAGE, 30, Map.of()),
                    TestPackages.zip(dir, name, "v1", 0), "c1"));
        }
        server.latency(Duration.ofMillis(30)); // the bucket's notification is read, changed and written back
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (DeployUnit u : units) {
                runs.add(pool.submit(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, u, null))));
            }
            for (var r : runs) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.bucketNotifications("pics")).hasSize(4);
    }

    // ---------------------------------------------------------------- doctor permissions

    @Test
    void doctorSimulatesEveryActionTheGoalsNeedAndNamesTheMissingOnes() throws Exception {
        assertThat(session.doctor()).anyMatch(l -> l.startsWith("permissions: OK, arn:aws:iam::123456789012:user/faasport-test"
                + " may call all"));

        server.allow("arn:aws:iam::123456789012:user/faasport-test", "lambda:*", "sqs:Get*", "s3:*", "events:*");
        List<String> lines = session.doctor();
        assertThat(lines).filteredOn(l -> l.startsWith("permission ")).extracting(l -> l.substring(0, l.indexOf(": ")))
                .containsExactly("permission iam:PassRole");
        assertThat(lines).anyMatch(l -> l.contains("iam:PassRole: MISSING (implicitDeny, needed by faas:deploy, "
                + "faas:migrate (the execution role)), perhaps you should add it"));
    }

    @Test
    void anAssumedRoleIsSimulatedAsItsRoleAndTheRootUserIsNotSimulated() throws Exception {
        String role = "arn:aws:iam::123456789012:role/deployer";
        server.role(role).caller("arn:aws:sts::123456789012:assumed-role/deployer/session-1")
                .allow(role, "lambda:*");
        assertThat(session.doctor()).anyMatch(l -> l.startsWith("permission iam:PassRole: MISSING") && l.contains(role));

        server.caller("arn:aws:iam::123456789012:root");
        assertThat(session.doctor()).anyMatch(l -> l.startsWith("permissions: NOT CHECKED") && l.contains("root user"));
    }

    @Test
    void theReadmePolicyGrantsEveryActionDoctorChecks() throws Exception {
        Path readme = Path.of("README.md");
        String text = Files.readString(readme);
        for (String action : AwsPermissions.ACTIONS.keySet()) {
            assertThat(text).as("providers/aws/README.md policy").contains("\"" + action + "\"");
        }
    }
}
