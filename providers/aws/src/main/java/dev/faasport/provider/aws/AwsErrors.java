package dev.faasport.provider.aws;

import dev.faasport.spi.ProviderException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Maps SDK failures to {@link ProviderException}: retryable for throttling, 5xx, conflicts with an update in
 * progress and I/O timeouts; permanent otherwise, with the suggestions kept in one place so their tone stays the same.
 */
final class AwsErrors {

    private static final Set<String> THROTTLING = Set.of("TooManyRequestsException", "ThrottlingException",
            "Throttling", "ThrottledException", "RequestLimitExceeded", "SlowDown", "RequestThrottled",
            "RequestThrottledException", "ProvisionedThroughputExceededException", "LimitExceededException");
    /** Keys AWS does not know, or that expired: logging in again fixes these (AWS STS and Lambda error codes). */
    private static final Set<String> LOGIN = Set.of("UnrecognizedClientException", "ExpiredToken",
            "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch", "InvalidAccessKeyId");
    private static final Set<String> AUTH = Set.of("AccessDeniedException", "AccessDenied", "InvalidSignatureException",
            "KMSAccessDeniedException");

    private AwsErrors() {
    }

    /**
     * @param what     what was being done, e.g. "CreateFunction for 'hello'"
     * @param function the function concerned, named in the message and suggestion (may be null)
     */
    static ProviderException map(String what, String function, Exception e) {
        if (e instanceof ProviderException pe) {
            return pe;
        }
        if (e instanceof AwsServiceException ase) {
            return service(what, function, ase);
        }
        String[] unanswered = e instanceof SdkException ? NamesUnansweredEndpoint.endpointAndSeconds(e) : null;
        if (unanswered != null) {
            // not retried: the call's whole patience went into waiting; a rerun converges (calls are idempotent)
            return new ProviderException(what + " failed: " + e.getMessage() + " (-Dfaas.aws.timeoutSeconds="
                    + unanswered[1] + ")", "check that " + unanswered[0] + " is the AWS endpoint you mean (-Dfaas.aws.endpoint, "
                    + "-Dfaas.aws.region) and that it answers (faas:doctor), or raise -Dfaas.aws.timeoutSeconds for a "
                    + "slow network", false, null, e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return ProviderException.transientFailure(what + " timed out", Duration.ofSeconds(1), e);
        }
        if (e instanceof SdkClientException sce) {
            String m = String.valueOf(sce.getMessage());
            // the SDK's own text (a chain of every provider it tried) stays in the cause; core says how to log in
            if (m.contains("SSO session") && m.contains("expired")) {
                return ProviderException.notLoggedIn(what + " failed: the SSO session has expired", e);
            }
            if (m.contains("Unable to load credentials") || m.contains("credentials")) {
                return ProviderException.notLoggedIn(what + " failed: no AWS credentials found", e);
            }
            if (hasCause(sce, IOException.class)) {
                return ProviderException.transientFailure(what + " failed: " + firstLine(m), Duration.ofSeconds(1), e);
            }
            return new ProviderException(what + " failed: " + firstLine(m),
                    "check -Dfaas.aws.endpoint and -Dfaas.aws.region, and run faas:doctor", false, null, e);
        }
        if (e instanceof UncheckedIOException || e instanceof IOException) {
            return ProviderException.transientFailure(what + " failed: " + e.getMessage(), Duration.ofSeconds(1), e);
        }
        if (e instanceof IllegalStateException) {
            String m = e.getMessage();
            int i = m.indexOf(", perhaps you should ");
            return i < 0 ? new ProviderException(what + " failed: " + m, null, false, null, e)
                    : new ProviderException(what + " failed: " + m.substring(0, i),
                    m.substring(i + ", perhaps you should ".length()), false, null, e);
        }
        if (e instanceof SdkException) {
            return new ProviderException(what + " failed: " + e.getMessage(), null, false, null, e);
        }
        return new ProviderException(what + " failed unexpectedly: " + e, null, false, null, e);
    }

    /** @return the service error code of an SDK exception, or "" */
    static String code(Exception e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && ase.awsErrorDetails().errorCode() != null) {
            return ase.awsErrorDetails().errorCode();
        }
        return "";
    }

    /** @return whether the failure says the resource does not exist */
    static boolean notFound(Exception e) {
        String c = code(e);
        return c.equals("ResourceNotFoundException") || c.equals("NoSuchEntity") || c.equals("NoSuchBucket")
                || c.equals("NotFound") || c.equals("ResourceNotFound")
                || c.endsWith("NotFoundException") || (e instanceof AwsServiceException ase && ase.statusCode() == 404);
    }

    private static ProviderException service(String what, String function, AwsServiceException e) {
        String code = code(e);
        int status = e.statusCode();
        String detail = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : firstLine(String.valueOf(e.getMessage()));
        String message = what + " failed: " + (code.isEmpty() ? "HTTP " + status : code) + ": " + detail;
        String fn = function == null ? "the function" : "function '" + function + "'";
        String lower = detail.toLowerCase(Locale.ROOT);

        if (THROTTLING.contains(code) || status == 429) {
            return ProviderException.transientFailure(message, retryAfter(e), e);
        }
        if (code.equals("ResourceConflictException") || code.equals("ResourceInUseException")
                || code.equals("OperationAbortedException") || code.equals("ConcurrentModification")) {
            // Lambda answers 409 while a previous update of the function is still in progress
            return ProviderException.transientFailure(message, Duration.ofSeconds(2), e);
        }
        if (status >= 500 || code.equals("ServiceException") || code.equals("InternalError")
                || code.equals("ServiceUnavailable")) {
            return ProviderException.transientFailure(message, retryAfter(e), e);
        }
        if (code.equals("InvalidParameterValueException") && lower.contains("cannot be assumed by lambda")) {
            // a freshly created role takes a few seconds to propagate through IAM
            return ProviderException.transientFailure(message, Duration.ofSeconds(5), e);
        }
        if (code.equals("RequestEntityTooLargeException") || status == 413) {
            return permanent(message, "shrink the package of " + fn + " (exclude unused dependencies), or upload "
                    + "it through S3 by lowering -Dfaas.aws.directUploadMaxBytes and setting -Dfaas.aws.bucket", e);
        }
        if (LOGIN.contains(code)) {
            return ProviderException.notLoggedIn(message, e);
        }
        if (AUTH.contains(code) || status == 403) {
            return permanent(message, "check the credentials and IAM permissions of the caller with faas:doctor "
                    + "(lambda:*, iam:PassRole on the execution role, s3 on the deployment bucket, logs:FilterLogEvents)", e);
        }
        if (code.equals("InvalidArgument") && (lower.contains("overlap") || lower.contains("ambiguously defined"))) {
            return permanent(message, "give " + fn + " a prefix or suffix that cannot match the keys another "
                    + "notification of the bucket matches for the same event (aws s3api get-bucket-notification-"
                    + "configuration lists them)", e);
        }
        if (code.equals("NoSuchBucket")) {
            return permanent(message, "create the bucket that " + fn + " is triggered by, or fix its name", e);
        }
        if (code.equals("ResourceNotFoundException") || status == 404) {
            return permanent(message, "check that " + fn + " is deployed (faas:info) in region and account of this build", e);
        }
        if (code.equals("QueueDoesNotExist") || code.endsWith("NonExistentQueue")) {
            return permanent(message, "create the queue that " + fn + " reads before deploying it, or fix its name", e);
        }
        if (code.equals("CodeStorageExceededException")) {
            return permanent(message, "delete old versions of your Lambda functions or ask AWS for more code storage", e);
        }
        if (code.equals("InvalidParameterValueException") || code.equals("ValidationException")
                || code.equals("InvalidRequestContentException")) {
            return permanent(message, invalidParameterFix(fn, lower), e);
        }
        return permanent(message, "read the AWS error above for " + fn + " and fix its configuration", e);
    }

    private static String invalidParameterFix(String fn, String lower) {
        if (lower.contains("source image") || lower.contains("imageuri")) {
            return "push the image of " + fn + " to Amazon ECR in this region (faas:package with image.registry on "
                    + "<account>.dkr.ecr.<region>.amazonaws.com) and let Lambda pull it (ECR repository policy)";
        }
        if (lower.contains("memorysize") || lower.contains("memory")) {
            LambdaLimits.Range memory = LambdaLimits.get().memoryMb();
            return "set memoryMb of " + fn + " between " + memory.min() + " and " + memory.max();
        }
        if (lower.contains("queue visibility timeout")) {
            return "raise the queue's VisibilityTimeout to at least the timeout of " + fn + " (AWS recommends six "
                    + "times it), or lower the timeout of " + fn;
        }
        if (lower.contains("timeout")) {
            LambdaLimits.Range timeout = LambdaLimits.get().timeoutSeconds();
            return "set timeoutSeconds of " + fn + " between " + timeout.min() + " and " + timeout.max();
        }
        if (lower.contains("unzipped size")) {
            return "make " + fn + " smaller than 250 MB unzipped (exclude dependencies it does not use, or use a "
                    + "container image)";
        }
        if (lower.contains("functionname") || lower.contains("function name")) {
            return "rename " + fn + " to 1-64 letters, digits, '-' or '_'";
        }
        if (lower.contains("role")) {
            return "pass an execution role that Lambda can assume with -Dfaas.aws.role, or -Dfaas.aws.createRole=true";
        }
        if (lower.contains("reserved keys")) {
            return "rename the variables of " + fn + " that Lambda reserves (named above; Lambda sets them itself)";
        }
        if (lower.contains("environment")) {
            return "keep the environment of " + fn + " under 4 KB as Lambda measures it (the JSON of all variables, "
                    + "Faasport's FAASPORT_* included) and its names to letters, digits and '_'";
        }
        return "fix the configuration of " + fn + " named in the AWS error";
    }

    private static ProviderException permanent(String message, String suggestion, Throwable cause) {
        return new ProviderException(message, suggestion, false, null, cause);
    }

    private static Duration retryAfter(AwsServiceException e) {
        String header = null;
        if (e instanceof TooManyRequestsException t && t.retryAfterSeconds() != null) {
            header = t.retryAfterSeconds();
        } else if (e.awsErrorDetails() != null && e.awsErrorDetails().sdkHttpResponse() != null) {
            header = e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").orElse(null);
        }
        if (header != null) {
            try {
                return Duration.ofSeconds(Long.parseLong(header.trim()));
            } catch (NumberFormatException ignored) {
                // an HTTP date or junk: fall back to the core's own backoff
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable t, Class<?> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
