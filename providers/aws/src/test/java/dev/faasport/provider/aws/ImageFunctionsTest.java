package dev.faasport.provider.aws;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
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
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.PackageType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Container-image functions (packageType image): ECR checks, repositories, create/update/unchanged, the zip switch. */
class ImageFunctionsTest {

    static final String ROLE = LambdaSessionTest.ROLE;
    static final String REGISTRY = LambdaTestServer.ACCOUNT + ".dkr.ecr." + LambdaTestServer.REGION + ".amazonaws.com";
    static final String REPO = "team/demo/hello";

    @TempDir
    Path dir;
    LambdaTestServer server;
    ProviderSession session;

    @BeforeAll
    static void fakeCredentials() {
        // obviously fake static keys for the in-process test server; the SDK's default chain reads system properties
        System.setProperty("aws.accessKeyId", "S3RVER");
        System.setProperty("aws.secretAccessKey", "S3RVER");
    }

    @BeforeEach
    void start() throws Exception {
        server = new LambdaTestServer().transitions(Duration.ofMillis(60), Duration.ofMillis(60)).role(ROLE);
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
        return LambdaSessionTest.open(server, dir, extra);
    }

    static FunctionSpec imageSpec(String name, int memory) {
        return new FunctionSpec(name, "com.example." + name, FunctionShape.HTTP, new Trigger.Http(List.of(), true),
                memory, 30, Map.of("GREETING", "hi"), 0, 0, FunctionSpec.PackageType.IMAGE, null);
    }

    /** An image as faas:package describes it once pushed: digest hex as sha256, {@code registry/repo@sha256:...}. */
    static Artifact image(String registryAndRepo, String content) throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
        return new Artifact(PackageFormat.OCI_IMAGE, null, hex, 60_000_000L, 20_000_000L,
                registryAndRepo + "@sha256:" + hex);
    }

    static DeployUnit unit(FunctionSpec f, Artifact a, String hash) {
        return new DeployUnit("demo", f.name(), List.of(f), a, hash, Map.of("image.ref", String.valueOf(a.imageRef())));
    }

    DeployedUnit create(FunctionSpec f, Artifact a) throws ProviderException {
        return session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit(f, a, "cfg-1"), null));
    }

    DeployedUnit listed(String name) throws ProviderException {
        return session.list().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void createMakesAnImageFunctionWithoutHandlerOrRuntimeAndTagsTheRepositoryItCreated() throws Exception {
        Artifact a = image(REGISTRY + "/" + REPO, "v1");
        DeployedUnit u = create(imageSpec("hello", 1024), a);

        Map<String, Object> cfg = server.configuration("hello");
        assertThat(cfg).containsEntry("PackageType", "Image").containsEntry("MemorySize", 1024)
                .containsEntry("CodeSha256", a.sha256()).doesNotContainKeys("Handler", "Runtime");
        assertThat(cfg.get("Environment").toString()).contains("FAASPORT_FUNCTION=hello");
        assertThat(server.imageUri("hello")).isEqualTo(a.imageRef());
        assertThat(server.repositories()).containsOnlyKeys(REPO);
        assertThat(server.repositories().get(REPO)).containsEntry("faasport-set", "demo");
        assertThat(server.aliases("hello")).containsExactly(Map.entry("live", "1"));
        assertThat(u.endpoints()).containsKey("hello");
        assertThat(u.artifactSha256()).isEqualTo(a.sha256());
        assertThat(u.attributes()).containsEntry("packageType", "Image").containsEntry("imageUri", a.imageRef());
        assertThat(u.functions()).singleElement()
                .satisfies(f -> assertThat(f.packageType()).isEqualTo(FunctionSpec.PackageType.IMAGE));
    }

    @Test
    void anImageFunctionIsInvokedThroughItsAliasLikeAZipFunction() throws Exception {
        create(imageSpec("hello", 512), image(REGISTRY + "/" + REPO, "v1"));
        // the test server's default invoker echoes the function URL event it received
        dev.faasport.spi.InvocationResult r = session.invoke("hello", new dev.faasport.spi.Invocation("GET", "/x",
                Map.of(), new byte[0]));
        assertThat(r.status()).isEqualTo(201);
        assertThat(dev.faasport.runtime.json.Json.parseObject(r.bodyAsString())).containsEntry("function", "hello:1")
                .containsEntry("path", "/x");
    }

    @Test
    void aNewDigestUpdatesOnlyTheCodeWithTheImageUriAndMovesTheAlias() throws Exception {
        FunctionSpec f = imageSpec("hello", 512);
        server.repository(REPO);
        DeployedUnit first = create(f, image(REGISTRY + "/" + REPO, "v1"));
        server.resetCounters();
        Artifact v2 = image(REGISTRY + "/" + REPO, "v2");

        DeployedUnit u = session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CODE, unit(f, v2, "cfg-1"), first));

        assertThat(server.updateFunctionCodeCalls()).isEqualTo(1);
        assertThat(server.updateFunctionConfigurationCalls()).isZero();
        assertThat(server.createFunctionCalls()).isZero();
        assertThat(server.calls("CreateRepository")).isZero();
        assertThat(server.imageUri("hello")).isEqualTo(v2.imageRef());
        assertThat(server.configuration("hello")).containsEntry("CodeSha256", v2.sha256())
                .containsEntry("PackageType", "Image");
        assertThat(server.aliases("hello")).containsExactly(Map.entry("live", "2"));
        assertThat(u.artifactSha256()).isEqualTo(v2.sha256());
        assertThat(listed("hello").artifactSha256()).isEqualTo(v2.sha256());
    }

    @Test
    void aConfigChangeOfAnImageFunctionSendsNoHandlerRuntimeOrLayers() throws Exception {
        Artifact a = image(REGISTRY + "/" + REPO, "v1");
        DeployedUnit first = create(imageSpec("hello", 512), a);
        server.resetCounters();

        // the test server rejects Handler, Runtime and Layers on an Image function like Lambda does
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, unit(imageSpec("hello", 2048), a, "cfg-2"), first));

        assertThat(server.updateFunctionConfigurationCalls()).isEqualTo(1);
        assertThat(server.updateFunctionCodeCalls()).isZero();
        assertThat(server.configuration("hello")).containsEntry("MemorySize", 2048);
        assertThat(listed("hello").configHash()).isEqualTo("cfg-2");
    }

    @Test
    void theSameDigestListsAsUnchangedWithoutACall() throws Exception {
        FunctionSpec f = imageSpec("hello", 512);
        Artifact a = image(REGISTRY + "/" + REPO, "v1");
        create(f, a);
        DeployedUnit listed = listed("hello");
        server.resetCounters();

        assertThat(listed.artifactSha256()).isEqualTo(a.sha256()); // what the planner compares: digest to digest
        assertThat(listed.configHash()).isEqualTo("cfg-1");
        // the planner sends nothing for an unchanged unit (UnitUpdate has no such kind); listing made no write
        int total = 0;
        for (String op : List.of("CreateFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration",
                "PublishVersion", "UpdateAlias", "CreateRepository", "DescribeRepositories", "TagResource")) {
            total += server.calls(op);
        }
        assertThat(total).isZero();
    }

    @Test
    void switchingAZipFunctionToAnImageIsAPermanentErrorWithTheFix() throws Exception {
        FunctionSpec zip = TestPackages.http("hello", 256, 30, true);
        DeployedUnit first = session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE,
                TestPackages.unit(zip, TestPackages.zip(dir, "hello", "v1", 0), "c"), null));
        server.resetCounters();

        assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE,
                unit(imageSpec("hello", 256), image(REGISTRY + "/" + REPO, "v1"), "c2"), first)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("'hello'", "deployed as a zip", "PackageType");
                    assertThat(e.suggestion()).contains("delete-function --function-name hello", "new name");
                });
        assertThat(server.updateFunctionCodeCalls() + server.updateFunctionConfigurationCalls()
                + server.calls("CreateRepository") + server.calls("DeleteFunction")).isZero();
        assertThat(server.configuration("hello")).containsEntry("PackageType", "Zip");
    }

    @Test
    void switchingAnImageFunctionToAZipIsAPermanentErrorToo() throws Exception {
        DeployedUnit first = create(imageSpec("hello", 256), image(REGISTRY + "/" + REPO, "v1"));
        FunctionSpec zip = TestPackages.http("hello", 256, 30, true);

        assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE,
                TestPackages.unit(zip, TestPackages.zip(dir, "hello", "v2", 0), "c2"), first)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("deployed as a container image", "now packaged as a zip");
                });
        assertThat(server.configuration("hello")).containsEntry("PackageType", "Image");
    }

    @Test
    void aNonEcrImageIsRejectedBeforeAnyRemoteCall() throws Exception {
        session.close();
        // no aws.endpoint, so the host is checked; the SDK's own aws.endpointUrl setting still routes every call to
        // the test server, where the counters show that none was made
        System.setProperty("aws.endpointUrl", server.endpoint().toString());
        try {
            session = open(Map.of("aws.endpoint", ""));
            FunctionSpec zip = TestPackages.http("zipped", 256, 30, true);
            session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE,
                    TestPackages.unit(zip, TestPackages.zip(dir, "zipped", "v1", 0), "c"), null));
            assertThat(server.functionNames()).containsExactly("zipped"); // this session does reach the server
            server.resetCounters();

            assertThatThrownBy(() -> create(imageSpec("hello", 256), image("ghcr.io/team/demo/hello", "v1")))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("function 'hello'", "ghcr.io/team/demo/hello",
                                "not in Amazon ECR");
                        assertThat(e.suggestion()).contains("<image.registry>", ".dkr.ecr.us-east-1.amazonaws.com");
                    });
            assertThatThrownBy(() -> create(imageSpec("hello", 256),
                    image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/demo/hello", "v1")))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.getMessage()).contains("ECR region eu-west-1", "deploys to us-east-1");
                        assertThat(e.suggestion()).contains("-Dfaas.aws.region=eu-west-1");
                    });
            assertThatThrownBy(() -> create(imageSpec("hello", 256),
                    image("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/team/demo/hello", "v1")))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage()).contains("FIPS"));
            assertThat(server.totalCalls()).isZero();
            assertThat(server.functionNames()).containsExactly("zipped");

            // the same session deploys an ECR image of its region
            create(imageSpec("hello", 256), image(REGISTRY + "/" + REPO, "v1"));
            assertThat(server.configuration("hello")).containsEntry("PackageType", "Image");
        } finally {
            System.clearProperty("aws.endpointUrl");
        }
    }

    @Test
    void behindAnEmulatorEndpointTheHostIsNotCheckedButTheServiceStillRejectsANonEcrImage() throws Exception {
        assertThatThrownBy(() -> create(imageSpec("hello", 256), image("ghcr.io/team/demo/hello", "v1")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("InvalidParameterValueException", "Source image");
                    assertThat(e.suggestion()).contains("Amazon ECR");
                });
        assertThat(server.createFunctionCalls()).isEqualTo(1);
    }

    @Test
    void layersSnapStartAndAnotherArchitectureAreRejectedForImagesBeforeAnyRemoteCall() throws Exception {
        FunctionSpec snap = new FunctionSpec("hello", "com.example.hello", FunctionShape.HTTP,
                new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, FunctionSpec.PackageType.IMAGE,
                Map.of("aws.snapStart", "true"));
        Artifact a = image(REGISTRY + "/" + REPO, "v1");
        assertThatThrownBy(() -> create(snap, a)).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.getMessage()).contains("SnapStart"));
        DeployUnit layered = new DeployUnit("demo", "hello", List.of(imageSpec("hello", 512)), a, "c",
                Map.of("aws.layers", "arn:aws:lambda:us-east-1:123456789012:layer:x:1"));
        assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, layered, null)))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage()).contains("no layers"));
        DeployUnit arm = new DeployUnit("demo", "hello", List.of(imageSpec("hello", 512)), a, "c",
                Map.of("aws.architecture", "arm64"));
        assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, arm, null)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.getMessage()).contains("function 'hello'", "built for arm64", "deploys it as x86_64");
                    assertThat(e.suggestion()).contains("aws.architecture");
                });
        assertThat(server.calls("GetFunction") + server.createFunctionCalls()).isZero();
    }

    @Test
    void doctorCreatesTheListedRepositoriesOnceTaggedWithTheSet() throws Exception {
        server.repository("team/demo/existing");
        session.close();
        String list = "team/demo/a, " + REGISTRY + "/team/demo/b:aws, team/demo/existing, ghcr.io/x/y";
        session = open(Map.of("aws.ecrRepositories", list));

        List<String> lines = session.doctor();

        assertThat(lines).contains("ecr repository team/demo/a: CREATED",
                "ecr repository " + REGISTRY + "/team/demo/b:aws: CREATED",
                "ecr repository team/demo/existing: OK exists");
        // behind an emulator endpoint the host is not checked; without one ghcr.io would be refused (test above)
        assertThat(server.repositories()).containsKeys("team/demo/a", "team/demo/b", "team/demo/existing", "x/y");
        assertThat(server.repositories().get("team/demo/a")).containsEntry("faasport-set", "demo")
                .containsEntry("faasport-purpose", "lambda-images");
        assertThat(server.repositories().get("team/demo/existing")).isEmpty(); // not ours: never re-tagged
        int created = server.calls("CreateRepository");

        session.close();
        session = open(Map.of("aws.ecrRepositories", list));
        assertThat(session.doctor()).contains("ecr repository team/demo/a: OK exists",
                "ecr repository " + REGISTRY + "/team/demo/b:aws: OK exists");
        assertThat(server.calls("CreateRepository")).isEqualTo(created);

        // a deploy into a repository doctor created creates nothing more, and a second session neither
        create(imageSpec("a", 256), image(REGISTRY + "/team/demo/a", "v1"));
        assertThat(server.calls("CreateRepository")).isEqualTo(created);
    }

    @Test
    void doctorChecksTheImagesOfTheLastPackageAndCreatesTheirMissingRepositories() throws Exception {
        String good = REGISTRY + "/" + REPO + "@sha256:" + "c".repeat(64);
        String bad = "ghcr.io/team/demo/bad@sha256:" + "d".repeat(64);
        java.nio.file.Files.writeString(dir.resolve("manifest.json"), dev.faasport.runtime.json.Json.write(Map.of(
                "set", "demo", "providers", Map.of("aws", Map.of("format", "LAMBDA_ZIP", "units", List.of(
                        Map.of("name", "hello", "artifact", Map.of("format", "OCI_IMAGE", "imageRef", good)),
                        Map.of("name", "bad", "artifact", Map.of("format", "OCI_IMAGE", "imageRef", bad)),
                        Map.of("name", "zipped", "artifact", Map.of("format", "LAMBDA_ZIP"))))))));
        session.close();
        // without aws.endpoint the hosts are checked; aws.endpointUrl (an SDK setting) routes the calls here
        System.setProperty("aws.endpointUrl", server.endpoint().toString());
        try {
            session = open(Map.of("aws.endpoint", ""));
            List<String> lines = session.doctor();

            assertThat(lines).contains("image of function 'hello' (" + good + "): CREATED");
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("image of function 'bad' (" + bad + "): FAILED")
                    .contains("not in Amazon ECR", "perhaps you should set <image.registry>"));
            assertThat(lines).noneMatch(l -> l.contains("zipped"));
            assertThat(server.repositories()).containsOnlyKeys(REPO);
        } finally {
            System.clearProperty("aws.endpointUrl");
        }
    }

    @Test
    void aRepositoryCreatedMeanwhileByAnotherRunConverges() throws Exception {
        // DescribeRepositories answers "not found", then another run creates it before our CreateRepository
        server.repositoryAppearsAfterDescribe(REPO);
        Artifact a = image(REGISTRY + "/" + REPO, "v1");

        create(imageSpec("hello", 256), a);

        assertThat(server.calls("DescribeRepositories")).isEqualTo(1);
        assertThat(server.calls("CreateRepository")).isEqualTo(1); // answered RepositoryAlreadyExistsException
        assertThat(server.repositories()).containsOnlyKeys(REPO);
        assertThat(server.imageUri("hello")).isEqualTo(a.imageRef());
    }

    @Test
    void imageReferencesAreParsedLikeDocker() {
        EcrImages.ImageRef r = EcrImages.parse(REGISTRY + "/team/demo/hello:aws@sha256:" + "a".repeat(64));
        assertThat(r.account()).isEqualTo(LambdaTestServer.ACCOUNT);
        assertThat(r.region()).isEqualTo("us-east-1");
        assertThat(r.repository()).isEqualTo("team/demo/hello");
        assertThat(EcrImages.parse("localhost:5000/demo/f:aws").host()).isEqualTo("localhost:5000");
        assertThat(EcrImages.parse("localhost:5000/demo/f:aws").repository()).isEqualTo("demo/f");
        assertThat(EcrImages.parse("team/demo/f").host()).isEmpty();
        assertThat(EcrImages.parse("team/demo/f").ecr()).isFalse();
        assertThatThrownBy(() -> EcrImages.parse("ghcr.io/Team/UPPER")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTestServerEnforcesLambdasImageRules() throws Exception {
        server.repository(REPO);
        String digest = "b".repeat(64);
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(server.endpoint())
                .region(Region.of(LambdaTestServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("S3RVER", "S3RVER")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            String uri = REGISTRY + "/" + REPO + "@sha256:" + digest;
            assertThatThrownBy(() -> lambda.createFunction(b -> b.functionName("img").role(ROLE)
                    .packageType(PackageType.IMAGE).handler("x::y").code(c -> c.imageUri(uri))))
                    .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Handler or Runtime");
            assertThatThrownBy(() -> lambda.createFunction(b -> b.functionName("img").role(ROLE)
                    .packageType(PackageType.IMAGE).code(c -> c.zipFile(SdkBytes.fromUtf8String("x")))))
                    .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("ZipFile");
            assertThatThrownBy(() -> lambda.createFunction(b -> b.functionName("img").role(ROLE)
                    .packageType(PackageType.IMAGE).code(c -> c.imageUri(REGISTRY + "/nope@sha256:" + digest))))
                    .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("does not exist");
            assertThatThrownBy(() -> lambda.createFunction(b -> b.functionName("img").role(ROLE)
                    .packageType(PackageType.IMAGE).code(c -> c.imageUri(
                            LambdaTestServer.ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/" + REPO + ":aws"))))
                    .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("not valid");

            var created = lambda.createFunction(b -> b.functionName("img").role(ROLE).packageType(PackageType.IMAGE)
                    .code(c -> c.imageUri(uri)));
            assertThat(created.packageType()).isEqualTo(PackageType.IMAGE);
            assertThat(created.codeSha256()).isEqualTo(digest);
            assertThat(created.handler()).isNull();
            var got = lambda.getFunction(b -> b.functionName("img"));
            assertThat(got.code().repositoryType()).isEqualTo("ECR");
            assertThat(got.code().resolvedImageUri()).isEqualTo(uri);

            Thread.sleep(100); // past Pending
            assertThatThrownBy(() -> lambda.updateFunctionCode(b -> b.functionName("img")
                    .zipFile(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("PackageType Image");
            assertThatThrownBy(() -> lambda.updateFunctionConfiguration(b -> b.functionName("img").runtime("java17")))
                    .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Handler or Runtime");
            lambda.updateFunctionCode(b -> b.functionName("img").imageUri(REGISTRY + "/" + REPO + ":aws"));
            assertThat(lambda.getFunction(b -> b.functionName("img")).code().imageUri()).endsWith(":aws");
        }
    }
}
