package dev.faasport.provider.aws;

import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the SDK's "did not complete before the specified timeout" and "Read timed out" (which name no endpoint) into
 * a failure of the same class that says which endpoint did not answer within how long, so that {@link AwsErrors}
 * can say it once with the fix.
 */
final class NamesUnansweredEndpoint implements ExecutionInterceptor {

    static final String UNANSWERED = " did not answer within ";
    private static final Pattern NAMED = Pattern.compile("(.+)" + UNANSWERED + "(\\d+) s");

    private final Duration timeout;

    NamesUnansweredEndpoint(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable e = context.exception();
        if (!unanswered(e) || String.valueOf(e.getMessage()).contains(UNANSWERED)) return e;
        String endpoint = context.httpRequest()
                .map(r -> r.protocol() + "://" + r.host() + (r.port() > 0 ? ":" + r.port() : "")).orElse("the AWS endpoint");
        String message = endpoint + UNANSWERED + timeout.toSeconds() + " s";
        // the SDK wants the same exception class back
        if (e.getClass() == ApiCallTimeoutException.class) return ApiCallTimeoutException.builder().message(message).cause(e).build();
        if (e.getClass() == ApiCallAttemptTimeoutException.class) {
            return ApiCallAttemptTimeoutException.builder().message(message).cause(e).build();
        }
        if (e.getClass() == SdkClientException.class) return SdkClientException.builder().message(message).cause(e).build();
        return e;
    }

    static boolean unanswered(Throwable e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) return true;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) return true; // SocketTimeoutException, HttpTimeoutException
        }
        return false;
    }

    /**
     * @return the endpoint that did not answer and the seconds it was given, when {@link #modifyException} named them
     *         in this failure, else null
     */
    static String[] endpointAndSeconds(Throwable e) {
        Matcher m = NAMED.matcher(String.valueOf(e.getMessage()));
        return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
    }
}
