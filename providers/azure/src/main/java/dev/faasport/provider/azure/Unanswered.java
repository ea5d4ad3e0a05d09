package dev.faasport.provider.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import reactor.core.publisher.Mono;

import java.io.InterruptedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * An Azure endpoint that accepted a call and did not answer within {@code azure.timeoutSeconds}: the HTTP client's
 * timeouts name no endpoint ("Channel response timed out after 60000 milliseconds"), so {@link Policy} (one per try,
 * below the retry policy) wraps them in this failure, which says which endpoint and how long, and which the retry
 * policy does not retry (the call's whole patience went into waiting; a rerun converges).
 */
final class Unanswered extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String endpoint;
    final Duration timeout;

    Unanswered(String endpoint, Duration timeout, Throwable cause) {
        super(endpoint + " did not answer within " + timeout.toSeconds() + " s", cause);
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    /** @return whether a failure is the HTTP client giving up waiting for an answer */
    static boolean timedOut(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c instanceof InterruptedIOException
                    || c.getClass().getName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SDK's exponential retries ({@code retries} of them, 200 ms doubling to 10 s) of throttling, server errors and
     * I/O failures, except a call that went unanswered for its whole timeout.
     */
    static RetryOptions retryOptions(int retries) {
        return new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(retries)
                .setBaseDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(10)))
                .setShouldRetryCondition(c -> c.getThrowable() != null ? !timedOut(c.getThrowable())
                        : retryableStatus(c.getResponse().getStatusCode()));
    }

    /** azure-core's default: 408, 429 and 5xx but 501 and 505 (com.azure.core.http.policy.ExponentialBackoff). */
    private static boolean retryableStatus(int status) {
        return status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505);
    }

    /** Wraps an unanswered try in {@link Unanswered}, naming the request's endpoint. */
    static final class Policy implements HttpPipelinePolicy {
        private final Duration timeout;

        Policy(Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            return next.process().onErrorMap(Unanswered::timedOut, t -> wrap(context, t));
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            try {
                return next.processSync();
            } catch (RuntimeException e) {
                if (timedOut(e) && !(e instanceof Unanswered)) throw wrap(context, e);
                throw e;
            }
        }

        private Unanswered wrap(HttpPipelineCallContext context, Throwable t) {
            if (t instanceof Unanswered u) return u;
            URL url = context.getHttpRequest().getUrl();
            return new Unanswered(url.getProtocol() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : ""),
                    timeout, t);
        }
    }
}
