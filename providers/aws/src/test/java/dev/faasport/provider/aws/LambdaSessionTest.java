package dev.faasport.provider.aws;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.UnitUpdate;
import dev.faasport.runtime.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdaSessionTest {

    static final String ROLE = "arn:aws:iam::" + LambdaTestServer.ACCOUNT + ":role/faasport-test-role";

    @TempDir
    Path dir;
    LambdaTestServer server;
    ProviderSession session;

    @BeforeAll
    static void fakeCredentials() {
        // s3rver's built-in fake key pair (it verifies signatures); the SDK's default chain reads system properties
        System.setProperty("aws.accessKeyId", "S3RVER");
        System.setProperty("aws.secretAccessKey", "S3RVER");
    }

    @BeforeEach
    void start() throws Exception {
        server = new LambdaTestServer().transitions(Duration.ofMillis(120), Duration.ofMillis(120)).role(ROLE)
                .queue("orders");
        session = open(Map.of());
    }

    @AfterEach
    void stop() {
        if (session != null) {
            session.close();
        }
        server.close();
    }

    ProviderSession open(Map<String, String> extra) throws ProviderException {
        return open(server, dir, extra);
    }

    /** Opens a session of set 'demo' on the test server; an empty value in {@code extra} removes that property. */
    static ProviderSession open(LambdaTestServer server, Path dir, Map<String, String> extra) throws ProviderException {
        Map<String, String> props = server.providerProperties(ROLE, 20);
        props.put("aws.waitSeconds", "10");
        props.putAll(extra);
        props.values().removeIf(v -> v == null || v.isEmpty());
        return provider().open(new ProviderConfig("demo", props, dir, ProviderConfig.Log.silent()));
    }

    static Provider provider() {
        return ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("aws")).findFirst().orElseThrow();
    }

    DeployedUnit create(FunctionSpec f, Artifact a, String hash) throws ProviderException {
        return session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, TestPackages.unit(f, a, hash), null));
    }

    DeployedUnit only(String name) throws ProviderException {
        return session.list().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void registeredThroughServiceLoader() {
        Provider p = provider();
        assertThat(p.displayName()).isEqualTo("AWS Lambda");
        assertThat(p.packageFormat()).isEqualTo(PackageFormat.LAMBDA_ZIP);
        assertThat(p.grouping()).isEqualTo(Provider.UnitGrouping.PER_FUNCTION);
    }

    @Test
    void createDeploysPublishesAndExposesAPublicUrl() throws Exception {
        Artifact a = TestPackages.zip(dir, "hello", "v1", 0);
        DeployedUnit u = create(TestPackages.http("hello", 256, 30, true), a, "cfg-1");

        assertThat(u.artifactSha256()).isEqualTo(a.sha256());
        assertThat(u.configHash()).isEqualTo("cfg-1");
        assertThat(u.attributes()).containsEntry("version", "1").containsEntry("alias", "live")
                .containsEntry("state", "Active");
        assertThat(u.endpoints().get("hello")).matches("https://.*\\.lambda-url\\.us-east-1\\.on\\.aws/");
        assertThat(u.functions()).singleElement().satisfies(f -> {
            assertThat(f.handler()).isEqualTo("com.example.hello");
            assertThat(f.memoryMb()).isEqualTo(256);
            assertThat(f.environment()).containsEntry("GREETING", "hi").doesNotContainKey("FAASPORT_FUNCTION");
        });

        Map<String, Object> cfg = server.configuration("hello");
        assertThat(cfg).containsEntry("Handler", "dev.faasport.runtime.aws.LambdaHandler::handleRequest")
                .containsEntry("Runtime", "java17").containsEntry("MemorySize", 256).containsEntry("Timeout", 30)
                .containsEntry("Role", ROLE);
        assertThat(cfg.get("Environment").toString()).contains("FAASPORT_FUNCTION=hello", "GREETING=hi");
        assertThat(server.code("hello")).isEqualTo(java.nio.file.Files.readAllBytes(a.path()));
        assertThat(server.aliases("hello")).containsExactly(Map.entry("live", "1"));
        assertThat(server.permissions("hello")).containsExactlyInAnyOrder("live:faasport-url", "live:faasport-url-invoke");
        assertThat(server.createFunctionCalls()).isEqualTo(1);
        assertThat(session.list()).extracting(DeployedUnit::name).containsExactly("hello");
    }

    @Test
    void privateHttpFunctionGetsAnIamUrlAndNoPublicPermission() throws Exception {
        DeployedUnit u = create(TestPackages.http("secret", 128, 10, false), TestPackages.zip(dir, "secret", "v1", 0), "c");
        assertThat(u.attributes()).containsEntry("urlAuthType", "AWS_IAM");
        assertThat(server.permissions("secret")).isEmpty();
    }

    @Test
    void updateCodeOnlyUploadsCodeAndMovesTheAlias() throws Exception {
        FunctionSpec f = TestPackages.http("hello", 256, 30, true);
        DeployedUnit first = create(f, TestPackages.zip(dir, "hello", "v1", 0), "cfg-1");
        server.resetCounters();
        Artifact v2 = TestPackages.zip(dir, "hello", "v2", 0);

        DeployedUnit u = session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CODE, TestPackages.unit(f, v2, "cfg-1"), first));

        assertThat(server.updateFunctionCodeCalls()).isEqualTo(1);
        assertThat(server.updateFunctionConfigurationCalls()).isZero();
        assertThat(server.createFunctionCalls()).isZero();
        assertThat(u.artifactSha256()).isEqualTo(v2.sha256());
        assertThat(u.attributes()).containsEntry("version", "2");
        assertThat(server.aliases("hello")).containsEntry("live", "2");
        assertThat(only("hello").artifactSha256()).isEqualTo(v2.sha256());
    }

    @Test
    void updateConfigOnlyChangesConfiguration() throws Exception {
        Artifact a = TestPackages.zip(dir, "hello", "v1", 0);
        DeployedUnit first = create(TestPackages.http("hello", 256, 30, true), a, "cfg-1");
        server.resetCounters();

        DeployedUnit u = session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG,
                TestPackages.unit(TestPackages.http("hello", 512, 60, true), a, "cfg-2"), first));

        assertThat(server.updateFunctionConfigurationCalls()).isEqualTo(1);
        assertThat(server.updateFunctionCodeCalls()).isZero();
        assertThat(server.configuration("hello")).containsEntry("MemorySize", 512).containsEntry("Timeout", 60);
        assertThat(u.configHash()).isEqualTo("cfg-2");
        assertThat(u.attributes()).containsEntry("version", "2");
    }

    @Test
    void listShowsTheHashesThePlannerComparesAndMakesNoUploadOrUpdate() throws Exception {
        FunctionSpec f = TestPackages.http("hello", 256, 30, true);
        Artifact a = TestPackages.zip(dir, "hello", "v1", 0);
        create(f, a, "cfg-1");
        server.resetCounters();

        DeployedUnit listed = only("hello");
        assertThat(listed.artifactSha256()).isEqualTo(a.sha256());
        assertThat(listed.configHash()).isEqualTo("cfg-1");
        // equal hashes make the planner's step UNCHANGED, which never reaches a session (UnitUpdate has no such kind)
        assertThat(server.createFunctionCalls() + server.updateFunctionCodeCalls()
                + server.updateFunctionConfigurationCalls() + server.calls("PublishVersion")).isZero();
    }

    @Test
    void deleteRemovesOnlyTheSetsFunctionAndIsIdempotent() throws Exception {
        DeployedUnit u = create(TestPackages.http("hello", 256, 30, true), TestPackages.zip(dir, "hello", "v1", 0), "c");
        try (ProviderSession other = provider().open(new ProviderConfig("other-set", Map.of("aws.region", "us-east-1",
                "aws.endpoint", server.endpoint().toString(), "aws.role", ROLE), dir, null))) {
            assertThat(other.list()).isEmpty();
            assertThatThrownBy(() -> other.delete(u)).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("not managed by set 'other-set'");
        }
        assertThat(server.functionNames()).containsExactly("hello");

        session.delete(u);
        assertThat(server.functionNames()).isEmpty();
        assertThat(session.list()).isEmpty();
        session.delete(u); // deleting a missing unit succeeds
        assertThat(server.calls("DeleteFunctionUrlConfig")).isEqualTo(1);
    }

    @Test
    void aKilledFirstDeployConvergesWithoutADuplicate() throws Exception {
        FunctionSpec f = TestPackages.http("hello", 256, 30, true);
        Artifact a = TestPackages.zip(dir, "hello", "v1", 0);
        server.failOnce("PublishVersion");

        assertThatThrownBy(() -> create(f, a, "cfg-1")).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.retryable()).isTrue());
        DeployedUnit half = only("hello");
        // the hashes say "not finished", so a plan would not call it unchanged
        assertThat(half.artifactSha256()).isNotEqualTo(a.sha256());
        assertThat(half.attributes()).containsEntry("version", "none");

        DeployedUnit u = create(f, a, "cfg-1");
        assertThat(server.functionNames()).containsExactly("hello");
        assertThat(server.createFunctionCalls()).isEqualTo(1);
        assertThat(server.aliases("hello")).containsExactly(Map.entry("live", "1"));
        assertThat(u.artifactSha256()).isEqualTo(a.sha256());
        assertThat(u.endpoints()).containsKey("hello");
    }

    @Test
    void aCreateThatFindsTheFunctionWithoutItsAliasRepairsIt() throws Exception {
        FunctionSpec f = TestPackages.http("hello", 256, 30, true);
        Artifact a = TestPackages.zip(dir, "hello", "v1", 0);
        create(f, a, "cfg-1");
        server.removeAlias("hello", "live");
        server.resetCounters();

        DeployedUnit u = create(f, a, "cfg-1");

        assertThat(server.createFunctionCalls()).isZero();
        assertThat(server.functionNames()).containsExactly("hello");
        assertThat(server.aliases("hello")).containsEntry("live", "1");
        assertThat(server.versions("hello")).isEqualTo(1); // nothing changed, so no new version either
        assertThat(u.attributes()).containsEntry("version", "1");
    }

    @Test
    void aFunctionOfAnotherOwnerIsNeverTakenOver() throws Exception {
        create(TestPackages.http("hello", 256, 30, true), TestPackages.zip(dir, "hello", "v1", 0), "c");
        try (ProviderSession other = provider().open(new ProviderConfig("other-set", Map.of("aws.region", "us-east-1",
                "aws.endpoint", server.endpoint().toString(), "aws.role", ROLE, "aws.pollMillis", "20"), dir, null))) {
            DeployUnit theirs = new DeployUnit("other-set", "hello", List.of(TestPackages.http("hello", 128, 3, true)),
                    TestPackages.zip(dir, "hello", "v9", 0), "x", Map.of());
            assertThatThrownBy(() -> other.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, theirs, null)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.suggestion()).contains("rename");
                    });
        }
        assertThat(server.updateFunctionCodeCalls()).isZero();
    }

    @Test
    void missingRoleFailsBeforeAnyRemoteCall() throws Exception {
        session.close();
        session = open(Map.of("aws.role", ""));
        assertThatThrownBy(() -> create(TestPackages.http("hello", 256, 30, true), TestPackages.zip(dir, "h", "v1", 0), "c"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.getMessage()).contains("No execution role", "set 'demo'");
                    assertThat(e.suggestion()).contains("-Dfaas.aws.role=", "-Dfaas.aws.createRole=true");
                });
        assertThat(server.calls("GetFunction") + server.createFunctionCalls()).isZero();
    }

    @Test
    void invalidSettingsAreRejectedWhenOpening() {
        assertThatThrownBy(() -> open(Map.of("aws.endpoint", "not a url"))).isInstanceOf(ProviderException.class)
                .hasMessageContaining("aws.endpoint");
        assertThatThrownBy(() -> open(Map.of("aws.architecture", "sparc"))).isInstanceOfSatisfying(
                ProviderException.class, e -> assertThat(e.suggestion()).contains("x86_64 or arm64"));
        assertThatThrownBy(() -> open(Map.of("aws.role", "admin"))).isInstanceOf(ProviderException.class)
                .hasMessageContaining("aws.role");
        assertThatThrownBy(() -> open(Map.of("aws.createRole", "yes"))).isInstanceOf(ProviderException.class)
                .hasMessageContaining("aws.createRole");
        assertThat(server.calls("ListFunctions")).isZero();
    }

    @Test
    void createRoleMakesAMinimalLoggingRoleOnce() throws Exception {
        session.close();
        session = open(Map.of("aws.role", "", "aws.createRole", "true"));
        create(TestPackages.http("a", 256, 30, true), TestPackages.zip(dir, "a", "v1", 0), "c");
        create(TestPackages.http("b", 256, 30, true), TestPackages.zip(dir, "b", "v1", 0), "c");
        assertThat(server.calls("CreateRole")).isEqualTo(1);
        assertThat(server.calls("AttachRolePolicy")).isEqualTo(1);
        assertThat(server.configuration("a").get("Role")).isEqualTo(
                "arn:aws:iam::" + LambdaTestServer.ACCOUNT + ":role/faasport-demo-lambda");
    }

    @Test
    void validationErrorsOfTheServiceBecomeClearPermanentErrors() throws Exception {
        Artifact a = TestPackages.zip(dir, "hello", "v1", 0);
        assertThatThrownBy(() -> create(TestPackages.http("small", 64, 30, true), a, "c"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("ValidationException", "memorySize", "'small'");
                    assertThat(e.suggestion()).isEqualTo("set memoryMb of function 'small' between 128 and 10240");
                });
        assertThatThrownBy(() -> create(TestPackages.http("slow", 256, 901, true), a, "c"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.suggestion()).isEqualTo("set timeoutSeconds of function 'slow' between 1 and 900");
                });
        assertThatThrownBy(() -> create(TestPackages.http("bad.name", 256, 30, true), a, "c"))
                .isInstanceOfSatisfying(ProviderException.class, e ->
                        assertThat(e.suggestion()).contains("rename function 'bad.name'"));
        assertThat(server.functionNames()).isEmpty();
    }

    @Test
    void anUnzippedSizeAboveTheLimitIsRejectedByMeasuringTheZip() throws Exception {
        Artifact bomb = TestPackages.bomb(dir, LambdaTestServer.UNZIPPED_LIMIT + 1);
        assertThat(bomb.zippedBytes()).isLessThan(2_000_000); // small upload, large content
        assertThatThrownBy(() -> create(TestPackages.http("big", 256, 30, true), bomb, "c"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("InvalidParameterValueException", "Unzipped size must be smaller than 262144000");
                    assertThat(e.suggestion()).contains("function 'big'", "250 MB unzipped");
                });
        assertThat(server.functionNames()).isEmpty();
    }

    @Test
    void aDirectUploadAboveTheServiceLimitIs413() throws Exception {
        server.directUploadLimit(10_000);
        Artifact a = TestPackages.zip(dir, "big", "v1", 20_000);
        assertThatThrownBy(() -> create(TestPackages.http("big", 256, 30, true), a, "c"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("RequestEntityTooLargeException");
                    assertThat(e.suggestion()).contains("function 'big'", "S3");
                });
    }

    @Test
    void throttlingAndServerErrorsAreRetryable() throws Exception {
        server.faults(1.0, 0, 0, Duration.ZERO);
        assertThatThrownBy(() -> session.list()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            assertThat(e.getMessage()).contains("TooManyRequestsException");
        });
        server.faults(0, 1.0, 0, Duration.ZERO);
        assertThatThrownBy(() -> session.list()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("ServiceException");
        });
    }

    @Test
    void anUpdateInProgressIsAConflictThatIsRetryable() throws Exception {
        create(TestPackages.http("hello", 256, 30, true), TestPackages.zip(dir, "hello", "v1", 0), "c");
        server.transitions(Duration.ofMillis(120), Duration.ofSeconds(5));
        try (AwsClients clients = new AwsClients(AwsSettings.from(new ProviderConfig("demo", Map.of(
                "aws.region", "us-east-1", "aws.endpoint", server.endpoint().toString()), dir, null)))) {
            clients.lambda().updateFunctionConfiguration(b -> b.functionName("hello").memorySize(300));
            Exception conflict = null;
            try {
                clients.lambda().updateFunctionConfiguration(b -> b.functionName("hello").memorySize(400));
            } catch (RuntimeException e) {
                conflict = e;
            }
            assertThat(conflict).isNotNull();
            ProviderException pe = AwsErrors.map("UpdateFunctionConfiguration", "hello", conflict);
            assertThat(pe.retryable()).isTrue();
            assertThat(pe.getMessage()).contains("ResourceConflictException", "update is in progress");
        }
    }

    @Test
    void deployConvergesUnderThrottlingErrorsAndSlowAnswers() throws Exception {
        server.faults(0.1, 0.05, 0.1, Duration.ofMillis(30));
        // one session, several threads, as the core applies a plan
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<DeployedUnit>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                FunctionSpec f = TestPackages.http("fn" + i, 256, 30, true);
                Artifact a = TestPackages.zip(dir, "fn" + i, "v1", 0);
                done.add(pool.submit(() -> withRetries(() -> create(f, a, "cfg"))));
            }
            for (var d : done) {
                d.get();
            }
        } finally {
            pool.shutdownNow();
        }
        server.faults(0, 0, 0, Duration.ZERO);
        assertThat(server.functionNames()).containsExactly("fn0", "fn1", "fn2", "fn3", "fn4", "fn5");
        for (DeployedUnit u : session.list()) {
            assertThat(u.attributes()).containsEntry("version", "1");
            assertThat(u.configHash()).isEqualTo("cfg");
            assertThat(server.aliases(u.name())).containsOnlyKeys("live");
            assertThat(server.permissions(u.name())).hasSize(2);
        }
    }

    /** What the core's retry loop does: apply the same change again while the failure is retryable. */
    static <T> T withRetries(ThrowingSupplier<T> action) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (ProviderException e) {
                // a create is ~15 calls; with 25% of calls faulted most attempts fail, so allow many (bounded)
                if (!e.retryable() || attempt == 400) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    @Test
    void invokeWrapsHttpInAFunctionUrlEventAndReadsTheResponseAndLogTail() throws Exception {
        create(TestPackages.http("hello", 256, 30, true), TestPackages.zip(dir, "hello", "v1", 0), "c");
        // the test server's default invoker echoes the event it received; it runs no user code
        InvocationResult r = session.invoke("hello", new Invocation("PUT", "/greet/x?name=Ada&a=1",
                Map.of("Content-Type", "application/json"), "{\"n\":1}".getBytes(StandardCharsets.UTF_8)));

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers()).containsEntry("x-echo", "1");
        Map<String, Object> echoed = Json.parseObject(r.bodyAsString());
        assertThat(echoed).containsEntry("function", "hello:1").containsEntry("method", "PUT")
                .containsEntry("path", "/greet/x").containsEntry("query", "name=Ada&a=1")
                .containsEntry("body", "{\"n\":1}").containsEntry("isBase64Encoded", false);
        assertThat(r.logTail()).anyMatch(l -> l.startsWith("START RequestId:")).anyMatch(l -> l.equals("echo PUT /greet/x"));
    }

    @Test
    void invokeOfAnEventFunctionPassesTheEventAndFunctionErrorsBecome5xx() throws Exception {
        create(TestPackages.queue("orders"), TestPackages.zip(dir, "orders", "v1", 0), "c");
        InvocationResult r = session.invoke("orders", new Invocation(null, null, null,
                "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyAsString()).contains("\"received\":{\"Records\":[]}");
        assertThat(server.calls("CreateFunctionUrlConfig")).isZero();

        server.invoker((fn, payload) -> new LambdaTestServer.Invoked(
                "{\"errorMessage\":\"boom\"}".getBytes(StandardCharsets.UTF_8), "Unhandled", List.of("boom")));
        InvocationResult failed = session.invoke("orders", new Invocation(null, null, null, "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.bodyAsString()).contains("boom");
    }

    @Test
    void invokingAnUndeployedFunctionSaysSo() {
        assertThatThrownBy(() -> session.invoke("ghost", new Invocation("GET", "/", null, null)))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.suggestion()).contains("faas:deploy"));
    }

    @Test
    void logsReturnTheMostRecentLinesOldestFirst() throws Exception {
        create(TestPackages.http("hello", 256, 30, true), TestPackages.zip(dir, "hello", "v1", 0), "c");
        assertThat(session.logs("hello", 10)).isEmpty(); // no log group before the first invocation
        for (int i = 0; i < 3; i++) {
            session.invoke("hello", new Invocation("GET", "/n" + i, null, null));
        }
        List<String> lines = session.logs("hello", 6);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(2)).isEqualTo("START RequestId: " + lines.get(2).substring(17, 53) + " Version: 1");
        assertThat(lines.get(3)).isEqualTo("echo GET /n2");
        assertThat(lines.get(5)).startsWith("REPORT RequestId:");
    }

    @Test
    void liveLimitsComeFromGetAccountSettings() throws Exception {
        assertThat(session.liveLimits()).containsOnly(Map.entry("package.unzipped.bytes", 262_144_000L),
                Map.entry("package.zipped.directUpload.bytes", 52_428_800L), Map.entry("concurrency.max", 1000L));
    }

    @Test
    void doctorChecksIdentityListingAndTheRole() throws Exception {
        List<String> lines = session.doctor();
        assertThat(lines).anyMatch(l -> l.startsWith("region: us-east-1"))
                .anyMatch(l -> l.contains("identity: OK arn:aws:iam::123456789012:user/faasport-test"))
                .anyMatch(l -> l.startsWith("lambda:ListFunctions: OK"))
                .anyMatch(l -> l.startsWith("execution role: OK " + ROLE));
        session.close();
        session = open(Map.of("aws.role", "arn:aws:iam::123456789012:role/missing"));
        assertThat(session.doctor()).anyMatch(l -> l.startsWith("execution role: FAILED") && l.contains("NoSuchEntity"));
    }

    static FunctionSpec withTrigger(FunctionSpec f, dev.faasport.spi.Trigger t, dev.faasport.spi.FunctionShape shape) {
        return new FunctionSpec(f.name(), f.handler(), shape, t, f.memoryMb(), f.timeoutSeconds(), f.environment(),
                0, 0, null, null);
    }

    @Test
    void theDoublesSqsPollerKeepsOnTheQueueWhatLambdaKeeps() throws Exception {
        create(TestPackages.queue("orders"), TestPackages.zip(dir, "orders", "v1", 0), "c1");
        List<Map<String, Object>> batch = List.of(Map.of("messageId", "a", "body", "x"), Map.of("messageId", "b", "body", "y"));
        String[] answer = {null};
        String[] error = {null};
        server.runtime((name, zip, env, payload) -> new LambdaTestServer.Invoked(
                answer[0].getBytes(java.nio.charset.StandardCharsets.UTF_8), error[0], List.of()));
        java.util.function.Function<String, List<String>> kept = response -> {
            answer[0] = response;
            return server.deliverSqs("orders", batch);
        };
        assertThat(kept.apply("{\"batchItemFailures\":[{\"itemIdentifier\":\"b\"}]}")).containsExactly("b");
        assertThat(kept.apply("{\"batchItemFailures\":[]}")).isEmpty();
        assertThat(kept.apply("{\"batchItemFailures\":null}")).isEmpty();
        assertThat(kept.apply("")).isEmpty();
        assertThat(kept.apply("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}")).containsExactly("a", "b");
        assertThat(kept.apply("{\"batchItemFailures\":[{\"itemIdentifier\":\"zz\"}]}")).containsExactly("a", "b");
        assertThat(kept.apply("{\"batchItemFailures\":[{\"id\":\"b\"}]}")).containsExactly("a", "b");
        assertThat(kept.apply("not json")).containsExactly("a", "b");
        error[0] = "Unhandled";
        assertThat(kept.apply("{\"errorMessage\":\"boom\"}")).containsExactly("a", "b");
    }

    @Test
    void aQueueTriggerIsOneEventSourceMappingOnTheAliasKeptInStepAndRemovedWithTheFunction() throws Exception {
        FunctionSpec f = TestPackages.queue("orders");
        Artifact a = TestPackages.zip(dir, "orders", "v1", 0);
        DeployedUnit u = create(f, a, "c1");
        create(f, a, "c1"); // a rerun adds no second mapping
        assertThat(server.eventSourceMappings()).singleElement().satisfies(m -> {
            assertThat(m).containsEntry("EventSourceArn", "arn:aws:sqs:us-east-1:123456789012:orders")
                    .containsEntry("FunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:orders:live")
                    .containsEntry("BatchSize", 10L)
                    .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"));
        });
        // the adapter reports failed messages only when told to, matching ReportBatchItemFailures
        assertThat(server.configuration("orders").get("Environment").toString())
                .contains("FAASPORT_SQS_BATCH_ITEM_FAILURES=true");

        FunctionSpec bigger = withTrigger(f, new dev.faasport.spi.Trigger.Queue("orders", 50, 3), f.shape());
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, TestPackages.unit(bigger, a, "c2"), u));
        assertThat(server.eventSourceMappings()).singleElement().satisfies(m ->
                assertThat(m).containsEntry("BatchSize", 50L).containsEntry("MaximumBatchingWindowInSeconds", 1L));

        session.delete(only("orders"));
        assertThat(server.eventSourceMappings()).isEmpty();
    }

    @Test
    void aMissingQueueIsAClearPermanentError() throws Exception {
        FunctionSpec f = withTrigger(TestPackages.queue("payments"),
                new dev.faasport.spi.Trigger.Queue("payments", 10, 3), dev.faasport.spi.FunctionShape.QUEUE);
        assertThatThrownBy(() -> create(f, TestPackages.zip(dir, "payments", "v1", 0), "c"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("QueueDoesNotExist");
                    assertThat(e.suggestion()).contains("create the queue", "function 'payments'");
                });
    }

    @Test
    void aScheduleIsAnEventBridgeRuleTargetingTheAliasAndFollowsChanges() throws Exception {
        FunctionSpec tick = withTrigger(TestPackages.queue("tick"), new dev.faasport.spi.Trigger.Schedule("rate(5 minutes)"),
                dev.faasport.spi.FunctionShape.SCHEDULE);
        Artifact a = TestPackages.zip(dir, "tick", "v1", 0);
        DeployedUnit u = create(tick, a, "c1");
        assertThat(server.rules()).containsExactly(Map.entry("faasport-tick", "rate(5 minutes)"));
        assertThat(server.ruleTargets("faasport-tick"))
                .containsExactly("arn:aws:lambda:us-east-1:123456789012:function:tick:live");
        assertThat(server.permissions("tick")).containsExactly("live:faasport-schedule");

        FunctionSpec noon = withTrigger(tick, new dev.faasport.spi.Trigger.Schedule("cron(0 12 * * ? *)"), tick.shape());
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, TestPackages.unit(noon, a, "c2"), u));
        assertThat(server.rules()).containsExactly(Map.entry("faasport-tick", "cron(0 12 * * ? *)"));

        FunctionSpec http = withTrigger(tick, new dev.faasport.spi.Trigger.Http(List.of(), true),
                dev.faasport.spi.FunctionShape.TYPED);
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, TestPackages.unit(http, a, "c3"), only("tick")));
        assertThat(server.rules()).isEmpty();
        assertThat(server.permissions("tick")).containsExactlyInAnyOrder("live:faasport-url", "live:faasport-url-invoke");

        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, TestPackages.unit(noon, a, "c4"), only("tick")));
        assertThat(only("tick").endpoints()).isEmpty();
        session.delete(only("tick"));
        assertThat(server.rules()).isEmpty();
    }

    @Test
    void anInvalidScheduleExpressionIsPermanent() throws Exception {
        FunctionSpec bad = withTrigger(TestPackages.queue("tick"), new dev.faasport.spi.Trigger.Schedule("every monday"),
                dev.faasport.spi.FunctionShape.SCHEDULE);
        assertThatThrownBy(() -> create(bad, TestPackages.zip(dir, "tick", "v1", 0), "c"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("ScheduleExpression");
                });
    }

    @Test
    void aStorageTriggerIsTheFunctionsEntryInTheBucketNotificationNextToOthers() throws Exception {
        server.bucket("pics").bucket("archive");
        FunctionSpec other = withTrigger(TestPackages.queue("audit"), new dev.faasport.spi.Trigger.Storage("pics",
                java.util.Set.of(dev.faasport.spi.Trigger.StorageEventKind.DELETED), "", ""),
                dev.faasport.spi.FunctionShape.STORAGE);
        create(other, TestPackages.zip(dir, "audit", "v1", 0), "c");
        FunctionSpec thumbs = withTrigger(TestPackages.queue("thumbs"), new dev.faasport.spi.Trigger.Storage("pics",
                null, "in/", ".png"), dev.faasport.spi.FunctionShape.STORAGE);
        Artifact a = TestPackages.zip(dir, "thumbs", "v1", 0);
        DeployedUnit u = create(thumbs, a, "c1");
        create(thumbs, a, "c1"); // a rerun changes nothing
        assertThat(server.calls("PutBucketNotificationConfiguration")).isEqualTo(2);
        assertThat(server.bucketNotifications("pics")).containsExactlyInAnyOrder(
                "faasport-audit=arn:aws:lambda:us-east-1:123456789012:function:audit:live [s3:ObjectRemoved:*]",
                "faasport-thumbs=arn:aws:lambda:us-east-1:123456789012:function:thumbs:live [s3:ObjectCreated:*]"
                        + " [Prefix:in/, Suffix:.png]");
        assertThat(server.permissions("thumbs")).containsExactly("live:faasport-storage");

        // moving to another bucket leaves the first one with only the other function's entry
        FunctionSpec moved = withTrigger(thumbs, new dev.faasport.spi.Trigger.Storage("archive", null, "", ""), thumbs.shape());
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, TestPackages.unit(moved, a, "c2"), u));
        assertThat(server.bucketNotifications("pics")).singleElement().asString().startsWith("faasport-audit=");
        assertThat(server.bucketNotifications("archive")).singleElement().asString().startsWith("faasport-thumbs=");

        session.delete(only("thumbs"));
        assertThat(server.bucketNotifications("archive")).isEmpty();
        assertThat(server.bucketNotifications("pics")).hasSize(1);
    }

    @Test
    void aMissingBucketOfAStorageTriggerIsPermanent() throws Exception {
        FunctionSpec f = withTrigger(TestPackages.queue("thumbs"), new dev.faasport.spi.Trigger.Storage("nope", null, "", ""),
                dev.faasport.spi.FunctionShape.STORAGE);
        assertThatThrownBy(() -> create(f, TestPackages.zip(dir, "thumbs", "v1", 0), "c"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("NoSuchBucket");
                    assertThat(e.suggestion()).contains("bucket");
                });
    }

    @Test
    void listingTwentyFunctionsAtOneHundredMillisecondsPerCallReadsThemConcurrently() throws Exception {
        server.transitions(Duration.ofMillis(5), Duration.ofMillis(5));
        for (int i = 0; i < 20; i++) {
            create(TestPackages.http(String.format("f%02d", i), 128, 10, true), TestPackages.zip(dir, "f" + i, "v1", 0), "c");
        }
        server.latency(Duration.ofMillis(100)).resetCounters();
        List<DeployedUnit> units = session.list();

        assertThat(units).hasSize(20).allSatisfy(u -> assertThat(u.endpoints()).hasSize(1));
        // 61 calls one after another would take 6.1 s
        assertThat(server.calls("GetFunction") + server.calls("GetAlias") + server.calls("GetFunctionUrlConfig")).isEqualTo(60);
        // the min-instances tag says none is provisioned, so no function costs a fourth read
        assertThat(server.calls("GetProvisionedConcurrencyConfig")).isZero();
        // the reads overlap (how long a list takes is for benchmarks/deploy, whose deploys start with one)
        assertThat(server.mostConcurrentCalls()).as("calls in flight at once").isGreaterThan(1);
        assertThat(server.createFunctionCalls() + server.updateFunctionCodeCalls() + server.updateFunctionConfigurationCalls()).isZero();
    }

    @Test
    void lostResponsesOfCreateCallsLeaveNoDuplicateOnRetry() throws Exception {
        FunctionSpec f = TestPackages.queue("orders");
        Artifact a = TestPackages.zip(dir, "orders", "v1", 0);
        server.loseResponseOnce("CreateFunction");
        assertThatThrownBy(() -> create(f, a, "c")).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.retryable()).isTrue());
        server.loseResponseOnce("CreateEventSourceMapping");
        assertThatThrownBy(() -> create(f, a, "c")).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.retryable()).isTrue());

        DeployedUnit u = create(f, a, "c");
        assertThat(server.functionNames()).containsExactly("orders");
        assertThat(server.createFunctionCalls()).isEqualTo(1);
        assertThat(server.eventSourceMappings()).hasSize(1);
        assertThat(server.aliases("orders")).containsExactly(Map.entry("live", "1"));
        assertThat(u.artifactSha256()).isEqualTo(a.sha256());
    }

    @Test
    void maxConcurrencyIsReservedAndMinInstancesAreProvisionedOnTheAlias() throws Exception {
        Artifact a = TestPackages.zip(dir, "hot", "v1", 0);
        FunctionSpec base = TestPackages.http("hot", 256, 30, true);
        FunctionSpec hot = new FunctionSpec("hot", base.handler(), base.shape(), base.trigger(), 256, 30, Map.of(), 20, 2,
                null, null);
        DeployedUnit u = create(hot, a, "c1");
        assertThat(server.reservedConcurrency("hot")).isEqualTo(20);
        assertThat(server.provisionedConcurrency("hot")).containsExactly(Map.entry("live", 2));

        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, TestPackages.unit(base, a, "c2"), u));
        assertThat(server.reservedConcurrency("hot")).isNull();
        assertThat(server.provisionedConcurrency("hot")).isEmpty();

        FunctionSpec tooWarm = new FunctionSpec("hot", base.handler(), base.shape(), base.trigger(), 256, 30, Map.of(),
                1, 5, null, null);
        assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG,
                TestPackages.unit(tooWarm, a, "c3"), only("hot"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void missingCredentialsArePermanentWithAHint() throws Exception {
        session.close();
        session = open(Map.of("aws.profile", "faasport-no-such-profile"));
        assertThatThrownBy(() -> session.list()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("no AWS credentials");
            assertThat(e.needsLogin()).as("core then names aws sso login, aws configure and -Dfaas.aws.profile").isTrue();
        });
        assertThat(server.calls("ListFunctions")).isZero();
    }

    @Test
    void anUnreachableEndpointIsRetryable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again below: nothing listens there any more
        }
        session.close();
        session = open(Map.of("aws.endpoint", "http://127.0.0.1:" + port));
        assertThatThrownBy(() -> session.list()).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void anEndpointThatAcceptsAndNeverAnswersFailsWithinItsTimeoutNamingIt() throws Exception {
        // issue 19: an endpoint that accepts the connection and never answers held a deploy past 120 s, silently
        try (java.net.ServerSocket hole = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            session.close();
            session = open(Map.of("aws.endpoint", "http://127.0.0.1:" + hole.getLocalPort(), "aws.timeoutSeconds", "2"));
            long start = System.nanoTime();
            assertThatThrownBy(() -> session.list()).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.retryable()).as("its patience is spent: a rerun converges").isFalse();
                assertThat(e.getMessage()).contains("http://127.0.0.1:" + hole.getLocalPort()
                        + " did not answer within 2 s (-Dfaas.aws.timeoutSeconds=2)");
                assertThat(e.suggestion()).contains("raise -Dfaas.aws.timeoutSeconds");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void uploadsAndInvocationsGetTimeOnTopOfTheCallTimeout() throws Exception {
        try (AwsClients clients = new AwsClients(AwsSettings.from(new ProviderConfig("demo", Map.of(
                "aws.region", "us-east-1", "aws.endpoint", server.endpoint().toString()), dir, null)))) {
            assertThat(clients.upload(0).apiCallTimeout()).contains(Duration.ofSeconds(60));
            assertThat(clients.upload(50L * 1024 * 1024).apiCallTimeout()).contains(Duration.ofSeconds(60 + 200));
            assertThat(clients.invocation(900).apiCallTimeout()).contains(Duration.ofSeconds(960));
        }
    }

    @Test
    void theRealAwsAdapterAnswersTheFunctionUrlEventOfAnInvocation() throws Exception {
        Artifact real = TestPackages.realPackage(dir);
        try (RicRuntime runtime = new RicRuntime(dir.resolve("runtime"))) {
            server.runtime(runtime);
            FunctionSpec greet = new FunctionSpec("greet", "dev.faasport.provider.aws.fixture.Greet",
                    dev.faasport.spi.FunctionShape.HTTP, new dev.faasport.spi.Trigger.Http(List.of(), true), 256, 30,
                    Map.of(), 0, 0, null, null);
            create(greet, real, "c");

            InvocationResult r = session.invoke("greet", new Invocation("POST", "/hi?name=Ada",
                    Map.of("Content-Type", "text/plain"), "yo".getBytes(StandardCharsets.UTF_8)));

            assertThat(r.status()).isEqualTo(202);
            assertThat(r.headers()).containsEntry("x-greeted", "yes");
            assertThat(Json.parseObject(r.bodyAsString())).containsEntry("greeting", "hello Ada")
                    .containsEntry("method", "POST").containsEntry("path", "/hi").containsEntry("body", "yo");
            assertThat(r.logTail()).anyMatch(l -> l.endsWith("greeting Ada"));
        }
    }
    // ---------------------------------------------------------------- rollback

    @Test
    void rollbackMovesTheAliasBackAndTheNextDeployMovesItForwardWithoutANewVersion() throws Exception {
        FunctionSpec f = TestPackages.http("hello", 256, 30, true);
        Artifact v1 = TestPackages.zip(dir, "hello", "v1", 0);
        Artifact v2 = TestPackages.zip(dir, "hello", "v2", 0);
        DeployedUnit first = create(f, v1, "cfg-1");
        DeployedUnit second = session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CODE, TestPackages.unit(f, v2, "cfg-1"), first));
        assertThat(server.aliases("hello")).containsExactly(Map.entry("live", "2"));
        assertThat(session).isInstanceOf(dev.faasport.spi.Rollback.class);
        dev.faasport.spi.Rollback rollback = (dev.faasport.spi.Rollback) session;

        assertThat(rollback.rollback(second, null)).singleElement().asString().contains("from version 2 to 1");
        assertThat(server.aliases("hello")).containsExactly(Map.entry("live", "1"));
        // the plan must not call the rolled-back function unchanged
        DeployedUnit rolledBack = only("hello");
        assertThat(rolledBack.artifactSha256()).isEqualTo("pending");
        assertThat(rolledBack.configHash()).isEqualTo("pending");
        assertThat(rolledBack.attributes()).containsEntry("version", "1");
        assertThatThrownBy(() -> rollback.rollback(rolledBack, null)).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.getMessage()).contains("no version before 1"));
        assertThatThrownBy(() -> rollback.rollback(rolledBack, "7")).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.getMessage()).contains("has no version '7'", "[1, 2]"));

        server.resetCounters();
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE, TestPackages.unit(f, v2, "cfg-1"), rolledBack));
        assertThat(server.aliases("hello")).containsExactly(Map.entry("live", "2"));
        assertThat(server.versions("hello")).isEqualTo(2);
        assertThat(only("hello").artifactSha256()).isEqualTo(v2.sha256());

        assertThat(rollback.rollback(only("hello"), "1")).singleElement().asString().contains("to 1");
        assertThat(server.aliases("hello")).containsExactly(Map.entry("live", "1"));
    }

    @Test
    void rollingBackAFunctionOfNoSetIsRefused() throws Exception {
        DeployedUnit ghost = new DeployedUnit("demo", "ghost", "x", "y", List.of(), Map.of(), Map.of());
        assertThatThrownBy(() -> ((dev.faasport.spi.Rollback) session).rollback(ghost, null))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("'ghost'", "not deployed");
                });
    }

    // ---------------------------------------------------------------- layers

    static DeployUnit layered(FunctionSpec f, Artifact a, String configHash, Artifact layer) {
        Map<String, String> settings = new HashMap<>();
        if (layer != null) {
            settings.put("aws.layer.path", layer.path().toString());
            settings.put("aws.layer.sha256", layer.sha256());
            settings.put("aws.layer.zippedBytes", String.valueOf(layer.zippedBytes()));
            settings.put("aws.layer.unzippedBytes", String.valueOf(layer.unzippedBytes()));
        }
        return new DeployUnit("demo", f.name(), List.of(f), a, configHash, settings);
    }

    @Test
    void theSharedLayerIsPublishedOncePerContentAndAttachedToEveryFunction() throws Exception {
        Artifact layer = TestPackages.zip(dir, "layer", "deps-1", 1000);
        FunctionSpec a = TestPackages.http("a", 256, 30, true);
        FunctionSpec b = TestPackages.queue("b");
        Artifact za = TestPackages.zip(dir, "a", "v1", 0);
        Artifact zb = TestPackages.zip(dir, "b", "v1", 0);
        DeployedUnit ua = session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, layered(a, za, "c1", layer), null));
        session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, layered(b, zb, "c1", layer), null));

        String v1 = "arn:aws:lambda:us-east-1:123456789012:layer:faasport-demo-deps:1";
        assertThat(server.calls("PublishLayerVersion")).isEqualTo(1);
        assertThat(server.layers("a")).containsExactly(v1);
        assertThat(server.layers("b")).containsExactly(v1);
        assertThat(ua.attributes()).containsEntry("layers", v1);

        // a new session (a rerun) finds the published version by the hash in its description
        session.close();
        session = open(Map.of());
        server.resetCounters();
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, layered(a, za, "c2", layer), only("a")));
        assertThat(server.calls("PublishLayerVersion")).isZero();
        assertThat(server.layerVersions("faasport-demo-deps")).isEqualTo(1);

        // new dependencies: a second layer version, attached on the update
        Artifact layer2 = TestPackages.zip(dir, "layer", "deps-2", 1000);
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, layered(a, za, "c3", layer2), only("a")));
        assertThat(server.layers("a")).containsExactly("arn:aws:lambda:us-east-1:123456789012:layer:faasport-demo-deps:2");
        assertThat(server.layers("b")).containsExactly(v1);

        // no layer any more: detached
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, layered(a, za, "c4", null), only("a")));
        assertThat(server.layers("a")).isEmpty();
    }

    @Test
    void codeAndLayersTogetherAboveTheUnzippedLimitArePermanent() throws Exception {
        server.unzippedLimit(150_000);
        Artifact layer = TestPackages.zip(dir, "layer", "deps-1", 100_000);
        FunctionSpec a = TestPackages.http("a", 256, 30, true);
        Artifact za = TestPackages.zip(dir, "a", "v1", 60_000);
        assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, layered(a, za, "c", layer), null)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("combined with layers");
                });
        assertThat(server.functionNames()).isEmpty();
    }

    // ---------------------------------------------------------------- inventory

    @Test
    void listReadsTheLiveSpecificationOfEveryTriggerKind() throws Exception {
        server.bucket("pics").queue("orders", 360); // the queue function's timeout is 60 s
        Artifact z = TestPackages.zip(dir, "any", "v1", 0);
        FunctionSpec q = new FunctionSpec("orders", "com.example.Orders", dev.faasport.spi.FunctionShape.QUEUE,
                new dev.faasport.spi.Trigger.Queue("orders", 5, 3), 512, 60, Map.of("MODE", "fast"), 7, 0, null, null);
        FunctionSpec tick = withTrigger(TestPackages.queue("tick"),
                new dev.faasport.spi.Trigger.Schedule("cron(0 12 * * ? *)"), dev.faasport.spi.FunctionShape.SCHEDULE);
        FunctionSpec thumbs = withTrigger(TestPackages.queue("thumbs"), new dev.faasport.spi.Trigger.Storage("pics",
                java.util.Set.of(dev.faasport.spi.Trigger.StorageEventKind.CREATED,
                        dev.faasport.spi.Trigger.StorageEventKind.DELETED), "in/", ".png"),
                dev.faasport.spi.FunctionShape.STORAGE);
        FunctionSpec web = new FunctionSpec("web", "com.example.Web", dev.faasport.spi.FunctionShape.HTTP,
                new dev.faasport.spi.Trigger.Http(List.of(), true), 256, 30, Map.of(), 10, 2, null, null);
        for (FunctionSpec f : List.of(q, tick, thumbs, web)) {
            create(f, z, "c");
        }

        Map<String, FunctionSpec> live = new HashMap<>();
        session.list().forEach(u -> live.put(u.name(), u.functions().get(0)));

        assertThat(live.get("orders")).satisfies(f -> {
            assertThat(f.trigger()).isEqualTo(new dev.faasport.spi.Trigger.Queue("orders", 5, 0));
            assertThat(f.memoryMb()).isEqualTo(512);
            assertThat(f.timeoutSeconds()).isEqualTo(60);
            assertThat(f.environment()).containsExactly(Map.entry("MODE", "fast"));
            assertThat(f.maxConcurrency()).isEqualTo(7);
            assertThat(f.shape()).isEqualTo(dev.faasport.spi.FunctionShape.QUEUE);
            assertThat(f.handler()).isEqualTo("com.example.Orders");
        });
        assertThat(live.get("tick").trigger()).isEqualTo(new dev.faasport.spi.Trigger.Schedule("cron(0 12 * * ? *)"));
        assertThat(live.get("thumbs").trigger()).isEqualTo(thumbs.trigger());
        assertThat(live.get("web")).satisfies(f -> {
            assertThat(f.trigger()).isEqualTo(web.trigger());
            assertThat(f.maxConcurrency()).isEqualTo(10);
            assertThat(f.minInstances()).isEqualTo(2);
        });
    }
    // ---------------------------------------------------------------- API Gateway HTTP API

    @Test
    void withApiGatewayAnHttpFunctionGetsOneHttpApiInsteadOfAUrlAndSwitchingBackConverges() throws Exception {
        session.close();
        session = open(Map.of("aws.http", "apigateway"));
        FunctionSpec web = TestPackages.http("web", 256, 30, true);
        Artifact a = TestPackages.zip(dir, "web", "v1", 0);
        DeployedUnit u = create(web, a, "c1");
        create(web, a, "c1"); // a rerun finds the API by name and tag

        assertThat(server.calls("CreateApi")).isEqualTo(1);
        assertThat(server.httpApis()).containsExactly(Map.entry("faasport-web",
                "arn:aws:lambda:us-east-1:123456789012:function:web:live [NONE]"));
        assertThat(server.permissions("web")).containsExactly("live:faasport-apigw");
        assertThat(server.calls("CreateFunctionUrlConfig")).isZero();
        assertThat(u.endpoints().get("web")).matches("https://[0-9a-f]+\\.execute-api\\.us-east-1\\.amazonaws\\.com");
        assertThat(u.attributes()).containsEntry("http", "apigateway");
        assertThat(only("web").functions()).singleElement().satisfies(f ->
                assertThat(f.trigger()).isEqualTo(new dev.faasport.spi.Trigger.Http(List.of(), true)));

        FunctionSpec closed = TestPackages.http("web", 256, 30, false);
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, TestPackages.unit(closed, a, "c2"), only("web")));
        assertThat(server.httpApis().get("faasport-web")).endsWith("[AWS_IAM]");
        assertThat(only("web").functions().get(0).trigger()).isEqualTo(new dev.faasport.spi.Trigger.Http(List.of(), false));

        session.close();
        session = open(Map.of());
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, TestPackages.unit(web, a, "c3"), only("web")));
        assertThat(server.httpApis()).isEmpty();
        assertThat(server.permissions("web")).containsExactlyInAnyOrder("live:faasport-url", "live:faasport-url-invoke");
        assertThat(only("web").endpoints().get("web")).contains(".lambda-url.");
    }

    @Test
    void removingAFunctionBehindAnHttpApiRemovesTheApi() throws Exception {
        session.close();
        session = open(Map.of("aws.http", "apigateway"));
        create(TestPackages.http("web", 256, 30, true), TestPackages.zip(dir, "web", "v1", 0), "c1");
        create(TestPackages.queue("orders"), TestPackages.zip(dir, "orders", "v1", 0), "c1");
        assertThat(server.httpApis()).containsOnlyKeys("faasport-web");

        session.delete(only("web"));
        assertThat(server.httpApis()).isEmpty();
        assertThat(server.functionNames()).containsExactly("orders");
    }

    @Test
    void anUnknownHttpModeIsRejectedWhenOpening() {
        assertThatThrownBy(() -> open(Map.of("aws.http", "alb"))).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.getMessage() + e.suggestion()).contains("aws.http", "apigateway"));
    }
}
