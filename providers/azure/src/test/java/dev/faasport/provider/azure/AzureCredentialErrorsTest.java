package dev.faasport.provider.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;
import dev.faasport.spi.ProviderException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** No identity, or one ARM does not accept, is a "log in" failure (core names `az login`), told in one short line. */
class AzureCredentialErrorsTest {

    /** What DefaultAzureCredential says when no credential in its chain has a token (azure-identity 1.x wording). */
    private static final String CHAIN_DUMP = "DefaultAzureCredential failed to retrieve a token from the included "
            + "credentials.\nAttempted credentials:\nEnvironmentCredential authentication unavailable. Environment "
            + "variables are not fully configured.\nManagedIdentityCredential authentication unavailable. Connection to "
            + "IMDS endpoint cannot be established.\nAzure CLI not installed.\nTo mitigate this issue, please refer to "
            + "the troubleshooting guidelines here at https://aka.ms/azsdk/java/identity/defaultazurecredential/troubleshoot";

    @Test
    void noIdentityIsALoginFailureWithoutTheChainDump() {
        CredentialUnavailableException cause = new CredentialUnavailableException(CHAIN_DUMP);

        ProviderException e = AzureErrors.map("Listing apps", cause);

        assertThat(e.needsLogin()).isTrue();
        assertThat(e.getMessage()).isEqualTo("Listing apps failed: no Azure identity (DefaultAzureCredential found none)");
        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void aRefusedTokenIsALoginFailure() {
        ProviderException e = AzureErrors.map("Reading app 'x'", new ClientAuthenticationException(
                "AADSTS700082: The refresh token has expired due to inactivity.\nTrace ID: 1", null));

        assertThat(e.needsLogin()).isTrue();
        assertThat(e.getMessage()).isEqualTo("Reading app 'x' failed: Azure sign-in failed (AADSTS700082: "
                + "The refresh token has expired due to inactivity.)");
    }

    @Test
    void aChainThatGaveUpSaysSoInOneShortLine() {
        // what DefaultAzureCredential answered on a machine without any Azure login (measured here, 2026-12)
        ProviderException e = AzureErrors.map("Listing function apps", new ClientAuthenticationException(
                "DefaultAzureCredential authentication failed. ---> ManagedIdentityCredential authentication failed. "
                        + "Error Details: Managed Identity authentication failed, see inner exception for more "
                        + "information.", null));

        assertThat(e.needsLogin()).isTrue();
        assertThat(e.getMessage()).isEqualTo("Listing function apps failed: Azure sign-in failed (DefaultAzureCredential "
                + "authentication failed.)");
    }

    // ARM answers 401 for a missing, expired or invalid bearer token (Azure Resource Manager "Authenticate requests",
    // read 2026-12); 403 means the identity is known but lacks a role, which logging in again does not fix
    @Test
    void arm401IsALoginFailureAnd403IsNot() {
        ProviderException unauthenticated = AzureErrors.fromStatus("Creating app 'x'", 401, "ExpiredAuthenticationToken",
                "The access token expiry UTC time is earlier than current UTC time.", null, null);
        assertThat(unauthenticated.needsLogin()).isTrue();
        assertThat(unauthenticated.getMessage()).isEqualTo("Creating app 'x' failed: HTTP 401 ExpiredAuthenticationToken: "
                + "The access token expiry UTC time is earlier than current UTC time.");

        assertThat(AzureErrors.fromStatus("x", 403, "AuthorizationFailed", "no", null, null).needsLogin()).isFalse();
    }
}
