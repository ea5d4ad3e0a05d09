package dev.faasport.provider.gcp;

import dev.faasport.spi.ProviderException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** No Application Default Credentials, or ones Google refuses, is a "log in" failure (core names the gcloud command). */
class GcpCredentialErrorsTest {

    @Test
    void noApplicationDefaultCredentialsIsALoginFailureInOneShortLine() {
        IOException cause = new IOException("Your default credentials were not found. To set up Application Default "
                + "Credentials for your environment, see https://cloud.google.com/docs/authentication/external/set-up-adc.");

        ProviderException e = GcpErrors.noCredentials(cause);

        assertThat(e.needsLogin()).isTrue();
        assertThat(e.getMessage()).isEqualTo("Google Cloud Functions: no Application Default Credentials found");
        assertThat(e.getCause()).isSameAs(cause);
    }

    // 401 UNAUTHENTICATED: "The request does not have valid authentication credentials" (google.rpc.Code, read 2026-12);
    // 403 PERMISSION_DENIED is a missing role, which logging in again does not fix
    @Test
    void unauthenticatedIsALoginFailureAndPermissionDeniedIsNot() {
        ProviderException e = GcpErrors.ofHttp("Uploading the source of 'hello'", 401,
                "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\"}}");
        assertThat(e.needsLogin()).isTrue();
        assertThat(e.getMessage()).startsWith("Uploading the source of 'hello' failed: HTTP 401");

        assertThat(GcpErrors.ofOperation("Creating function 'hello'", 16, "invalid credentials", null).needsLogin())
                .isTrue();
        assertThat(GcpErrors.ofHttp("x", 403, "denied").needsLogin()).isFalse();
    }
}
