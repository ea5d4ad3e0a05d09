package dev.faasport.provider.gcp;

import com.google.gson.JsonParser;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.testing.SecretLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 20 on Google: a function packaged by the real Packager with {@code secret:db-password} is deployed with
 * {@code secretEnvironmentVariables}, its runtime service account is granted the accessor role on the secret, it reads
 * the value under Google's invoker and answers a value derived from it; the grant goes with {@code faas:remove}.
 */
class GcpSecretsTest {
    static final String SECRET = "s3cr3t-gcp-Jd8Rt5Wm";
    static final String ACCOUNT = "serviceAccount:" + FakeSecretManager.PROJECT_NUMBER + "-compute@developer.gserviceaccount.com";

    @TempDir
    Path dir;

    @Test
    void aFunctionReadsItsSecretFromSecretManagerWithItsServiceAccount() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        DeployUnit reader = ConformanceFunctions.pack(dir, out).stream().filter(u -> u.name().equals("secret-reader"))
                .findFirst().orElseThrow();
        try (FakeCloudFunctions server = new FakeCloudFunctions().runPackages(dir.resolve("double"))) {
            server.operationDelayMillis = 20;
            try (ProviderSession s = GcpTestSupport.open(ConformanceFunctions.SET, GcpTestSupport.props(server))) {
                assertThatThrownBy(() -> s.verify(List.of(reader))).isInstanceOf(ProviderException.class)
                        .hasMessageContaining("'db-password'").hasMessageContaining("DB_PASSWORD")
                        .satisfies(e -> assertThat(((ProviderException) e).suggestion())
                                .contains("gcloud secrets create db-password --data-file="));
                assertThat(s.secretExists("db-password")).hasValue(false);
                server.putSecret("db-password", SECRET);
                s.verify(List.of(reader));

                DeployedUnit deployed = s.apply(GcpTestSupport.create(reader));
                assertThat(server.secretAccessors("db-password")).containsExactly(ACCOUNT);
                assertThat(deployed.functions().get(0).secrets()).containsExactly(Map.entry("DB_PASSWORD", "db-password"));
                var answer = s.invoke("secret-reader", new Invocation("GET", "/", Map.of(), new byte[0]));
                assertThat(answer.bodyAsString()).isEqualTo("digest " + digest(SECRET));

                s.delete(deployed);
                assertThat(server.secretAccessors("db-password")).isEmpty();
            }
        }
        assertThat(SecretLeaks.find(dir, SECRET)).isEmpty();
    }

    @Test
    void theDoubleFailsADeploymentWhoseAccountCannotReadTheSecret() {
        FakeSecretManager sm = new FakeSecretManager();
        sm.put("api-key", "x");
        var service = JsonParser.parseString("{\"serviceAccountEmail\": \"fn@p.iam.gserviceaccount.com\","
                + " \"secretEnvironmentVariables\": [{\"key\": \"API_KEY\", \"projectId\": \"p\", \"secret\": \"api-key\","
                + " \"version\": \"latest\"}]}").getAsJsonObject();
        assertThat(sm.deployFailure("fn", service)).contains("Permission denied on secret: projects/"
                + FakeSecretManager.PROJECT_NUMBER + "/secrets/api-key/versions/latest")
                .contains("fn@p.iam.gserviceaccount.com").contains("roles/secretmanager.secretAccessor");
        sm.setPolicy("api-key", JsonParser.parseString("{\"bindings\": [{\"role\": \"roles/secretmanager.secretAccessor\","
                + " \"members\": [\"serviceAccount:fn@p.iam.gserviceaccount.com\"]}]}").getAsJsonObject());
        assertThat(sm.deployFailure("fn", service)).isNull();
    }

    static String digest(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
    }
}
