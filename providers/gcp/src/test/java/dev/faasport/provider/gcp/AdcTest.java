package dev.faasport.provider.gcp;

import dev.faasport.spi.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Without gcp.noCredentials the provider insists on Application Default Credentials and says how to get them. */
class AdcTest {

    @Test
    @DisabledIfEnvironmentVariable(named = "GOOGLE_APPLICATION_CREDENTIALS", matches = ".+")
    void missingApplicationDefaultCredentialsAreAClearPermanentError() {
        assumeFalse(Files.exists(Path.of(System.getProperty("user.home"),
                ".config/gcloud/application_default_credentials.json")), "this machine has ADC");
        Map<String, String> props = Map.of("gcp.project", "faasport-test", "gcp.endpoint", "http://127.0.0.1:9");
        long start = System.nanoTime();
        assertThatThrownBy(() -> GcpTestSupport.open("set", props)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("no Application Default Credentials");
            assertThat(e.needsLogin()).as("core then says: gcloud auth application-default login").isTrue();
        });
        System.out.println("ADC lookup took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @Test
    void aMissingProjectSuggestsAPropertyThatWorks() {
        assertThatThrownBy(() -> GcpSettings.from("set", new dev.faasport.spi.ProviderConfig("set", Map.of(), null, null),
                Map.of())).isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.suggestion())
                .contains("-Dfaas.gcp.project=").doesNotContain("-Dgcp.project"));
    }

    @Test
    void unauthenticatedAndDeniedCallsSayHowToLogInAndWhatToCheck() {
        // every unauthenticated path is a login failure: core leads its message with `gcloud auth application-default login`
        assertThat(GcpErrors.ofHttp("x", 401, "expired").needsLogin()).isTrue();
        assertThat(GcpErrors.ofOperation("x", 16, "expired", null).needsLogin()).isTrue();
        assertThat(GcpErrors.suggestion(com.google.api.gax.rpc.StatusCode.Code.PERMISSION_DENIED))
                .contains("faas:doctor -Dfaas.provider=gcp");
    }
}
