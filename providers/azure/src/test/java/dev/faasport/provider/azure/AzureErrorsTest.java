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
    void retryAfterMayBeAnHttpDate() {
        java.time.Clock now = java.time.Clock.fixed(java.time.Instant.parse("2026-11-27T11:00:00Z"), java.time.ZoneOffset.UTC);
        assertThat(AzureErrors.retryAfter(new HttpHeaders().set("Retry-After", "Fri, 27 Nov 2026 11:00:42 GMT"), now))
                .isEqualTo(Duration.ofSeconds(42));
        // a date already past means "now", not a negative wait
        assertThat(AzureErrors.retryAfter(new HttpHeaders().set("Retry-After", "Fri, 27 Nov 2026 10:59:00 GMT"), now))
                .isEqualTo(Duration.ZERO);
        assertThat(AzureErrors.retryAfter(new HttpHeaders().set("Retry-After", "soon"), now)).isNull();
        assertThat(AzureErrors.retryAfter(new HttpHeaders().set("Retry-After", "3"), now)).isEqualTo(Duration.ofSeconds(3));
        // the date form reaches the exception the core's retry loop reads
        ProviderException e = AzureErrors.fromStatus("x", 429, null, null,
                new HttpHeaders().set("Retry-After", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(120))), null);
        assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120));
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
        // a refused or missing identity is a login failure: core leads the message with `az login`
        assertThat(AzureErrors.fromStatus("x", 401, "InvalidAuthenticationToken", "expired", null, null).needsLogin()).isTrue();
        // signed in but without the role: the roles to ask for, not a login
        assertThat(AzureErrors.fromStatus("x", 403, "AuthorizationFailed", "no", null, null).suggestion())
                .contains("Website Contributor").contains("faas:doctor").doesNotContain("az login");
        ProviderException noIdentity = AzureErrors.map("Listing apps", new CredentialUnavailableException("nothing found"));
        assertThat(noIdentity.retryable()).isFalse();
        assertThat(noIdentity.needsLogin()).isTrue();
        assertThat(noIdentity.getMessage()).startsWith("Listing apps failed: no Azure identity");
        assertThat(AzureErrors.fromStatus("x", 400, "InvalidSiteName", "bad", null, null).retryable()).isFalse();
    }

    @Test
    void settingsMergeKeepsForeignKeysAndDropsOnesFaasportNoLongerWants() {
        Map<String, String> current = Map.of("A", "1", "OLD", "x", "APPINSIGHTS", "kept", "FAASPORT_SETTINGS", "A,OLD,FAASPORT_SETTINGS");
        Map<String, String> desired = Map.of("A", "2", "FAASPORT_SETTINGS", "A,FAASPORT_SETTINGS");
        assertThat(FunctionAppMapping.merge(current, desired)).containsOnly(Map.entry("A", "2"), Map.entry("APPINSIGHTS", "kept"),
                Map.entry("FAASPORT_SETTINGS", "A,FAASPORT_SETTINGS"));
        assertThat(AzurePermissions.matches("Microsoft.Web/*", "Microsoft.Web/sites/write")).isTrue();
        assertThat(AzurePermissions.matches("*/read", "Microsoft.Web/sites/write")).isFalse();
        assertThat(FunctionAppMapping.httpAuthLevel(Map.of("bindings", List.of(Map.of("type", "httpTrigger", "authLevel", "Anonymous")))))
                .isEqualTo("anonymous");
        assertThat(FunctionAppMapping.httpAuthLevel(Map.of("bindings", List.of(Map.of("type", "timerTrigger"))))).isNull();
    }
}
