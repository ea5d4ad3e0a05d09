package dev.faasport.provider.aws.conformance;

import dev.faasport.packaging.PackageRequest;
import dev.faasport.packaging.PackageResult;
import dev.faasport.packaging.Packager;
import dev.faasport.provider.aws.LambdaTestServer;
import dev.faasport.provider.aws.RicRuntime;
import dev.faasport.runtime.json.Json;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import dev.faasport.testing.SecretLeaks;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 20 on AWS: a function referencing {@code secret:db-password}, packaged by the real Packager and deployed by the
 * real provider, reads the secret at cold start from the Secrets Manager double under its execution role's
 * credentials (signed by the adapter's own SigV4 signer, checked with the AWS SDK's) and answers a value derived from
 * it; the double refuses a role without the grant, and faas:remove takes the grant back.
 */
class SecretsConformanceTest {
    static final String SECRET = "s3cr3t-aws-Qm7Vx2Lp9Kd";
    static final String RUNTIME = "java17";

    @org.junit.jupiter.api.io.TempDir
    static Path dir;

    @BeforeAll
    static void inputs() throws Exception {
        LambdaRuntimeConformanceTest.dir = dir;
        LambdaRuntimeConformanceTest.buildInputs();
    }

    @Test
    void aFunctionReadsItsSecretAtColdStartWithItsRoleAndTheGrantGoesWithIt() throws Exception {
        Assumptions.assumeTrue(RicRuntime.jdk(RUNTIME).isPresent(), "no Java 17 JDK on this machine");
        Path work = Files.createDirectories(LambdaRuntimeConformanceTest.dir.resolve("secrets"));
        List<FunctionSpec> functions = List.of(
                reader("reader", "db-password"), reader("denied", "api-key"), reader("missing", "not-created"));
        PackageResult packaged = new Packager().pack(new PackageRequest("conformance", functions,
                LambdaRuntimeConformanceTest.classes, LambdaRuntimeConformanceTest.dependencies,
                LambdaRuntimeConformanceTest.adapters, work.resolve("faas"), null, false, Map.of("aws.runtime", RUNTIME)),
                "aws", PackageFormat.LAMBDA_ZIP);
        String role = LambdaRuntimeConformanceTest.ROLE;
        try (LambdaTestServer server = new LambdaTestServer().transitions(Duration.ofMillis(10), Duration.ofMillis(10))
                .role(role).runtime(new RicRuntime(work.resolve("runtime")));
             ProviderSession session = LambdaRuntimeConformanceTest.open(server, work, RUNTIME);
             LambdaClient lambda = LambdaRuntimeConformanceTest.client(server);
             IamClient iam = IamClient.builder().endpointOverride(server.endpoint()).region(Region.AWS_GLOBAL)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKE", "fake")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            server.putSecret("db-password", SECRET);
            server.putSecret("api-key", "api-" + SECRET);
            // faas:deploy's check before any change: every referenced secret must exist
            assertThatThrownBy(() -> session.verify(packaged.units())).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("'missing'").hasMessageContaining("'not-created'")
                    .satisfies(e -> assertThat(((ProviderException) e).suggestion())
                            .contains("aws secretsmanager create-secret --name not-created"));
            assertThat(session.secretExists("db-password")).hasValue(true);
            assertThat(session.secretExists("not-created")).hasValue(false);
            // deployed all the same (as if the secret were deleted later): the cold start says what is wrong
            for (DeployUnit u : packaged.units()) {
                session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, u, null));
            }
            assertThat(server.configuration("reader").get("Environment").toString())
                    .contains("FAASPORT_SECRET_DB_PASSWORD=db-password").doesNotContain(SECRET);
            assertThat(server.rolePolicyNames(role)).containsExactly("faasport-secrets-denied",
                    "faasport-secrets-missing", "faasport-secrets-reader");
            String policy = java.net.URLDecoder.decode(iam.getRolePolicy(b -> b.roleName("faasport-conformance")
                    .policyName("faasport-secrets-reader")).policyDocument(), StandardCharsets.UTF_8);
            assertThat(Json.parseObject(policy).get("Statement").toString()).contains("secretsmanager:GetSecretValue")
                    .contains("arn:aws:secretsmanager:us-east-1:" + LambdaTestServer.ACCOUNT + ":secret:db-password-??????");

            LambdaRuntimeConformanceTest.Invoked read = LambdaRuntimeConformanceTest.invoke(lambda, "reader", get());
            assertThat(read.error()).as(read.text() + read.log()).isNull();
            assertThat(Json.parseObject(read.text()).get("body")).isEqualTo("digest " + digest(SECRET));

            // the double enforces the grant: without its policy the role may not read the secret (the role is the set's,
            // so the secret is one no other function of the set references)
            iam.deleteRolePolicy(b -> b.roleName("faasport-conformance").policyName("faasport-secrets-denied"));
            LambdaRuntimeConformanceTest.Invoked denied = LambdaRuntimeConformanceTest.invoke(lambda, "denied", get());
            assertThat(denied.error()).isNotNull();
            assertThat(denied.text()).contains("AccessDeniedException").contains("api-key")
                    .contains("deploy again with faas:deploy");
            LambdaRuntimeConformanceTest.Invoked missing = LambdaRuntimeConformanceTest.invoke(lambda, "missing", get());
            // IAM decides before the service looks: a role granted only named secrets hears AccessDenied for a missing one
            assertThat(missing.text()).contains("AccessDeniedException").contains("not-created")
                    .contains("aws secretsmanager create-secret --name not-created");

            // listing reads the references back; removing takes each grant back
            assertThat(session.list()).filteredOn(u -> u.name().equals("reader")).singleElement()
                    .satisfies(u -> assertThat(u.functions().get(0).secrets()).containsEntry("DB_PASSWORD", "db-password"));
            for (DeployedUnit u : session.list()) {
                session.delete(u);
            }
            assertThat(server.rolePolicyNames(role)).isEmpty();
        }
        // packages, manifest, the runtime's unpacked tasks and logs: no produced file holds the secret
        assertThat(SecretLeaks.find(work, SECRET)).isEmpty();
    }

    static FunctionSpec reader(String name, String secret) {
        return new FunctionSpec(name, LambdaRuntimeConformanceTest.FN + "Secrets", FunctionShape.HTTP,
                new Trigger.Http(List.of(), true), 512, 30, Map.of("GREETING", "hi"), 0, 0, null, null,
                Map.of("DB_PASSWORD", secret));
    }

    static Map<String, Object> get() throws Exception {
        return LambdaRuntimeConformanceTest.event("apigateway-v2.json");
    }

    static String digest(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
    }
}
