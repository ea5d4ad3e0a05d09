package dev.faasport.provider.aws;

import dev.faasport.spi.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.model.LambdaException;

import static org.assertj.core.api.Assertions.assertThat;

/** A missing, unknown or expired identity is a "log in" failure (core names the command), told in one short line. */
class AwsCredentialErrorsTest {

    /** The default chain's answer when nothing is configured (SDK 2.x wording; one long line). */
    private static final String CHAIN_DUMP = "Unable to load credentials from any of the providers in the chain "
            + "AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), "
            + "EnvironmentVariableCredentialsProvider(), WebIdentityTokenCredentialsProvider(), "
            + "ProfileCredentialsProvider(profileName=default, profileFile=ProfileFile(sections=[])), "
            + "ContainerCredentialsProvider(), InstanceProfileCredentialsProvider()]) : [SystemPropertyCredentialsProvider"
            + "(): Unable to load credentials from system settings. Access key must be specified either via environment "
            + "variable (AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId)., ...]";

    @Test
    void noCredentialsIsALoginFailureWithoutTheChainDump() {
        SdkClientException cause = SdkClientException.create(CHAIN_DUMP);

        ProviderException e = AwsErrors.map("Listing Lambda functions", null, cause);

        assertThat(e.needsLogin()).isTrue();
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).isEqualTo("Listing Lambda functions failed: no AWS credentials found");
        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void anExpiredSsoSessionIsALoginFailure() {
        ProviderException e = AwsErrors.map("GetFunction for 'hello'", "hello", SdkClientException.create(
                "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO "
                        + "session run aws sso login with the corresponding profile."));

        assertThat(e.needsLogin()).isTrue();
        assertThat(e.getMessage()).isEqualTo("GetFunction for 'hello' failed: the SSO session has expired");
    }

    // the error codes AWS answers for unknown, wrong or expired keys (AWS STS and Lambda API references, read 2026-12)
    @ParameterizedTest
    @ValueSource(strings = {"ExpiredTokenException", "ExpiredToken", "UnrecognizedClientException",
            "InvalidClientTokenId", "InvalidAccessKeyId", "SignatureDoesNotMatch"})
    void keysAwsDoesNotAcceptAreALoginFailure(String code) {
        ProviderException e = AwsErrors.map("CreateFunction for 'hello'", "hello", LambdaException.builder()
                .statusCode(403).awsErrorDetails(AwsErrorDetails.builder().errorCode(code)
                        .errorMessage("The security token included in the request is invalid.").build()).build());

        assertThat(e.needsLogin()).isTrue();
        assertThat(e.getMessage()).isEqualTo("CreateFunction for 'hello' failed: " + code
                + ": The security token included in the request is invalid.");
    }

    @Test
    void aMissingPermissionIsNotALoginFailure() {
        ProviderException e = AwsErrors.map("CreateFunction for 'hello'", "hello", LambdaException.builder()
                .statusCode(403).awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException")
                        .errorMessage("not authorized to perform: lambda:CreateFunction").build()).build());

        assertThat(e.needsLogin()).isFalse();
        assertThat(e.suggestion()).contains("IAM permissions");
    }
}
