package dev.faasport.provider.azure;

import com.azure.core.http.HttpHeaders;
import com.azure.identity.CredentialUnavailableException;
import dev.faasport.spi.ProviderException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AzureErrorsTest {

    @Test
    void throttlingAndServerErrorsAreRetryableWithTheServersDelay() {
        ProviderException e = AzureErrors.fromStatus("Creating app 'x'", 429, "TooManyRequests", "slow down",
                new HttpHeaders().set("Retry-After", "12"), null);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(e.getMessage()).isEqualTo("Creating app 'x' failed: HTTP 429 TooManyRequests: slow down");
        assertThat(AzureErrors.fromStatus("x", 503, null, null, new HttpHeaders().set("retry-after-ms", "250"), null).retryAfter())
                .isEqualTo(Duration.ofMillis(250));
        assertThat(AzureErrors.fromStatus("x", 500, null, null, new HttpHeaders(), null).retryable()).isTrue();
        assertThat(AzureErrors.map("x", new UncheckedIOException(new IOException("reset"))).retryable()).isTrue();
    }

    @Test
    void conflictsAreRetryableOnlyWhileAnotherOperationRuns() {
        assertThat(AzureErrors.fromStatus("x", 409, "Conflict", "There is another operation in progress", null, null).retryable()).isTrue();
        ProviderException taken = AzureErrors.fromStatus("x", 409, "Conflict", "Website with given name shop already exists.", null, null);
        assertThat(taken.retryable()).isFalse();
        assertThat(taken.suggestion()).contains("azure.app");
        assertThat(AzureErrors.fromStatus("x", 409, "StorageAccountAlreadyTaken", "taken", null, null).suggestion())
                .contains("azure.storageAccount");
    }

    @Test
    void authenticationFailuresSaySignIn() {
        assertThat(AzureErrors.fromStatus("x", 403, "AuthorizationFailed", "no", null, null).suggestion()).contains("DefaultAzureCredential");
        ProviderException noIdentity = AzureErrors.map("Listing apps", new CredentialUnavailableException("nothing found"));
        assertThat(noIdentity.retryable()).isFalse();
        assertThat(noIdentity.getMessage()).startsWith("Listing apps failed: no Azure identity");
        assertThat(AzureErrors.fromStatus("x", 400, "InvalidSiteName", "bad", null, null).retryable()).isFalse();
    }

    @Test
    void settingsMergeKeepsForeignKeysAndDropsOnesFaasportNoLongerWants() {
        Map<String, String> current = Map.of("A", "1", "OLD", "x", "APPINSIGHTS", "kept", "FAASPORT_SETTINGS", "A,OLD,FAASPORT_SETTINGS");
        Map<String, String> desired = Map.of("A", "2", "FAASPORT_SETTINGS", "A,FAASPORT_SETTINGS");
        assertThat(AzureSession.merge(current, desired)).containsOnly(Map.entry("A", "2"), Map.entry("APPINSIGHTS", "kept"),
                Map.entry("FAASPORT_SETTINGS", "A,FAASPORT_SETTINGS"));
        assertThat(AzureSession.matches("Microsoft.Web/*", "Microsoft.Web/sites/write")).isTrue();
        assertThat(AzureSession.matches("*/read", "Microsoft.Web/sites/write")).isFalse();
        assertThat(AzureSession.httpAuthLevel(Map.of("bindings", List.of(Map.of("type", "httpTrigger", "authLevel", "Anonymous")))))
                .isEqualTo("anonymous");
        assertThat(AzureSession.httpAuthLevel(Map.of("bindings", List.of(Map.of("type", "timerTrigger"))))).isNull();
    }
}
