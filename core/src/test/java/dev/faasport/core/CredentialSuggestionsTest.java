package dev.faasport.core;

import dev.faasport.core.error.DoctorFailedException;
import dev.faasport.core.error.HelpfulSuggestions;
import dev.faasport.core.error.ProviderOperationException;
import dev.faasport.core.session.Target;
import dev.faasport.spi.ProviderException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every credential failure says, first and once, how a person logs in to that cloud; the SDK's long story stays in the cause. */
class CredentialSuggestionsTest {

    /** What the AWS SDK says when its default chain finds nothing: one very long line naming every provider it tried. */
    private static final String CHAIN_DUMP = "Unable to load credentials from any of the providers in the chain "
            + "AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), "
            + "EnvironmentVariableCredentialsProvider(), WebIdentityTokenCredentialsProvider(), ProfileCredentialsProvider("
            + "profileName=default, profileFile=ProfileFile(sections=[])), ContainerCredentialsProvider(), "
            + "InstanceProfileCredentialsProvider()]) : [SystemPropertyCredentialsProvider(): Unable to load credentials "
            + "from system settings. Access key must be specified either via environment variable (AWS_ACCESS_KEY_ID) or "
            + "system property (aws.accessKeyId)., ...]";

    @ParameterizedTest
    @CsvSource({
            "aws,   `aws sso login`",
            "azure, `az login`",
            "gcp,   `gcloud auth application-default login`"})
    void aCredentialFailureLeadsWithTheLoginCommandOfItsCloud(String provider, String login) {
        ProviderException e = ProviderException.notLoggedIn("Listing Lambda functions found no credentials",
                new IllegalStateException(CHAIN_DUMP));

        String message = new ProviderOperationException("Listing the deployed functions", provider, e).getMessage();

        assertThat(message).startsWith("Not logged in to provider '" + provider + "', perhaps you should log in with "
                + login);
        assertThat(message.split(java.util.regex.Pattern.quote(login), -1)).as("the login command, once").hasSize(2);
        assertThat(message).contains("Listing the deployed functions failed: Listing Lambda functions found no "
                + "credentials").doesNotContain("AwsCredentialsProviderChain").hasSizeLessThan(400);
        assertThat(new ProviderOperationException("x", provider, e).getCause()).isSameAs(e);
    }

    @ParameterizedTest
    @CsvSource({
            "aws,   `aws configure`",
            "azure, AZURE_CLIENT_SECRET",
            "gcp,   GOOGLE_APPLICATION_CREDENTIALS"})
    void theLoginAlsoNamesTheWayForMachines(String provider, String alternative) {
        assertThat(HelpfulSuggestions.login(provider)).contains(alternative);
    }

    @org.junit.jupiter.api.Test
    void otherFailuresKeepTheirOwnSuggestion() {
        ProviderException denied = ProviderException.permanent("AccessDenied", "grant lambda:GetFunction");

        assertThat(new ProviderOperationException("Listing", "aws", denied).getMessage())
                .isEqualTo("Listing on provider 'aws' failed: AccessDenied, perhaps you should grant lambda:GetFunction");
    }

    @org.junit.jupiter.api.Test
    void aProviderWithoutAKnownLoginIsToldToCheckItsCredentials() {
        assertThat(new ProviderOperationException("Listing", "knative",
                ProviderException.notLoggedIn("the cluster refused the token", null)).getMessage())
                .isEqualTo("Not logged in to provider 'knative', perhaps you should log in to the cluster your "
                        + "kubeconfig names (`kubectl config current-context`; -Dfaas.knative.context picks another); "
                        + "Listing failed: the cluster refused the token");
        assertThat(HelpfulSuggestions.login("other")).isEqualTo("check the credentials provider 'other' reads");
    }

    @org.junit.jupiter.api.Test
    void doctorLeadsWithTheLoginWhenThereIsNone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Faasport faasport = new Faasport(dev.faasport.spi.ProviderConfig.Log.silent(),
                CredentialSuggestionsTest.class.getClassLoader());

        assertThat(faasport.doctor(new Target("fake", java.util.Map.of(), dir), "shop")).containsExactly("login: OK", "identity: OK tester");
        // issue 17: every check prints, and the goal fails when one did
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> faasport.doctor(
                new Target("fake", java.util.Map.of("fake.loggedOut", "true"), dir), "shop"))
                .isInstanceOf(DoctorFailedException.class)
                .satisfies(e -> assertThat(((DoctorFailedException) e).failed()).containsExactly(
                        "login: FAILED Not logged in to provider 'fake', perhaps you should check the credentials provider"
                                + " 'fake' reads; Listing the deployed functions failed: ListFunctions found no credentials",
                        "identity: FAILED no credentials"));
    }

    @org.junit.jupiter.api.Test
    void doctorThatCannotOpenASessionSaysWhyAndFails(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.util.List<String> printed = new java.util.ArrayList<>();
        Faasport faasport = new Faasport(new dev.faasport.spi.ProviderConfig.Log() {
            public void info(String m) { printed.add("INFO " + m); }
            public void warn(String m) { printed.add("WARN " + m); }
            public void debug(String m) { }
        }, CredentialSuggestionsTest.class.getClassLoader());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> faasport.doctor(
                new Target("fake", java.util.Map.of("fake.fail", "10.0.0.9"), dir), "shop"))
                .isInstanceOf(DoctorFailedException.class).hasMessageContaining("control plane at 10.0.0.9");
        assertThat(printed).singleElement().asString().startsWith("WARN connection: FAILED");
    }

    @org.junit.jupiter.api.Test
    void liveLimitsThatNeedALoginSaySo() {
        assertThat(HelpfulSuggestions.liveLimitsUnavailable("gcp",
                ProviderException.notLoggedIn("no Application Default Credentials", null)))
                .isEqualTo("Could not read the live limits of provider 'gcp' (not logged in: log in with `gcloud auth "
                        + "application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS to a service account key "
                        + "file)), checking against the built-in table");
    }
}
