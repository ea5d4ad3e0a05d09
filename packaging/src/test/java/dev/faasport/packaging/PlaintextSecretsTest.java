package dev.faasport.packaging;

import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.faasport.testing.SecretLeaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Credential-looking values fail packaging whatever the variable is called (issue 20); look-alikes pass. */
class PlaintextSecretsTest {
    // test values shaped as the vendors document their credentials; none is a real credential
    static final String AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String AZURE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    @TempDir
    Path tmp;
    Fixtures fx;

    @BeforeEach
    void setUp() throws IOException {
        fx = new Fixtures(tmp);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "S3_KEY|" + AWS_KEY_ID + "|an AWS access key id",
            "SESSION_ID|ASIAY34FZKBOKMUTVV7A|an AWS access key id",
            "S3_SECRET|" + AWS_SECRET + "|an AWS secret access key",
            "CONFIG|aws_secret_access_key=" + AWS_SECRET + "|an AWS secret access key",
            "STORAGE|DefaultEndpointsProtocol=https;AccountName=photos;AccountKey=" + AZURE_KEY + ";EndpointSuffix=core.windows.net|an Azure connection string",
            "BLOB|" + AZURE_KEY + "|an Azure storage account key",
            "GCP|{\"type\":\"service_account\",\"project_id\":\"p\",\"private_key_id\":\"1\"}|a Google service-account key",
            "GCP2|{\"private_key\":\"x\"}|a Google service-account key",
            "NOTE|-----BEGIN EC PRIVATE KEY-----MHcCAQEE-----END EC PRIVATE KEY-----|a PEM private key",
            "SESSION|eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c|a JSON Web Token",
            "API_TOKEN|ghp_8fKx92LmQz3VbN7rT1pWc5YdHs0aJe4U|a high-entropy token",
            "STRIPE_KEY|sk_live_51Hb7xK2eZvKYlo2C0a9fQ3mR|a high-entropy token",
            "DB_PASSWORD|Xq9#mP2v!Lr7zK4w|a high-entropy token"})
    void credentialLookingValuesFailWhateverTheName(String name, String value, String kind) {
        fx.functions.add(fn("leaky", Map.of(name, value)));
        assertThatThrownBy(() -> new Packager().pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP))
                .isInstanceOf(PackagingException.class)
                .hasMessageContaining("'leaky'").hasMessageContaining(name).hasMessageContaining(kind)
                .hasMessageContaining("secret:NAME").hasMessageContaining("-Dfaas.allowPlaintextSecret=" + name)
                .hasMessageNotContaining(value);
        assertThat(fx.out).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GREETING|hello world",
            "BUCKET_KEY_PREFIX|uploads/images/thumbnails",
            "TOKEN_URL|https://login.example.com/oauth2/v2.0/token",
            "KMS_KEY_ARN|arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "CACHE_KEY|user-profile-v2",
            "PASSWORD_MIN_LENGTH|12",
            "BUILD_ID|2026.12.07-build-4411",
            "KEYSPACE|orders_by_customer_2026"})
    void lookAlikesPass(String name, String value) throws Exception {
        fx.functions.add(fn("plain", Map.of(name, value)));
        assertThat(new Packager().pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP).units()).hasSize(5);
    }

    @org.junit.jupiter.api.Test
    void anAllowedVariablePassesAndNoProducedFileHoldsItsValue() throws Exception {
        fx.functions.add(fn("allowed", Map.of("S3_KEY", AWS_KEY_ID, "GREETING", "hi")));
        fx.functions.add(fn("referencing", Map.of("GREETING", "hi")).withSecrets(Map.of("DB_PASSWORD", "db-password")));
        Packager packager = new Packager();
        for (String provider : List.of("aws", "azure", "gcp", "local")) {
            PackageFormat format = switch (provider) {
                case "aws" -> PackageFormat.LAMBDA_ZIP;
                case "azure" -> PackageFormat.AZURE_APP_ZIP;
                case "gcp" -> PackageFormat.GCF_SOURCE_ZIP;
                default -> PackageFormat.LOCAL_ZIP;
            };
            PackageResult r = packager.pack(withAllowed(Set.of("S3_KEY")), provider, format);
            // the provider still deploys the value, which the user let through
            assertThat(r.units().stream().flatMap(u -> u.functions().stream()).filter(f -> f.name().equals("allowed"))
                    .findFirst().orElseThrow().environment()).containsEntry("S3_KEY", AWS_KEY_ID);
        }
        assertThat(SecretLeaks.find(tmp.resolve("target"), AWS_KEY_ID)).isEmpty();
        String manifest = java.nio.file.Files.readString(fx.out.resolve(Packager.MANIFEST));
        assertThat(manifest).contains("\"S3_KEY\": \"sha256:" + ConfigHash.sha256(AWS_KEY_ID.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)) + "\"").contains("\"DB_PASSWORD\": \"db-password\"");
        // another variable holding a credential still fails: the escape is for the variables it names
        fx.functions.add(fn("other", Map.of("S3_SECRET", AWS_SECRET)));
        assertThatThrownBy(() -> packager.pack(withAllowed(Set.of("S3_KEY")), "aws", PackageFormat.LAMBDA_ZIP))
                .hasMessageContaining("S3_SECRET");
    }

    @org.junit.jupiter.api.Test
    void secretReferencesAreConfigurationButNeverValues() {
        FunctionSpec plain = fn("a", Map.of("GREETING", "hi"));
        FunctionSpec referencing = plain.withSecrets(Map.of("DB_PASSWORD", "db-password"));
        assertThat(ConfigHash.of(List.of(plain), Map.of())).isNotEqualTo(ConfigHash.of(List.of(referencing), Map.of()));
        assertThat(ConfigHash.of(List.of(referencing), Map.of()))
                .isNotEqualTo(ConfigHash.of(List.of(plain.withSecrets(Map.of("DB_PASSWORD", "other"))), Map.of()));
        // a function without references keeps the hash it had before references existed
        assertThat(SpecJson.fullSpec(plain)).doesNotContainKey("secrets");
    }

    PackageRequest withAllowed(Set<String> allowed) {
        return new PackageRequest("hello-set", fx.functions, fx.classes, fx.deps, fx.adapters, fx.out, Fixtures.TS,
                false, fx.settings, allowed);
    }

    static FunctionSpec fn(String name, Map<String, String> env) {
        return new FunctionSpec(name, "com.example.Hello", FunctionShape.HTTP, new Trigger.Http(List.of(), true), 256,
                30, env, 0, 0, null, null);
    }
}
