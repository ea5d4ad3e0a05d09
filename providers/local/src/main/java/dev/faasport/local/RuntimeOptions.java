package dev.faasport.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Limits and event-delivery settings of the local runtime.
 *
 * @param maxObjectBytes   largest bucket object (default 100 MB: S3 takes 5 GB, but Lambda's synchronous payload is
 *                         6 MB; 100 MB covers the photos and documents functions are given while keeping a local disk
 *                         safe); provider property {@code local.maxObjectMb}
 * @param maxMessageBytes  largest queue message (default 256 KB, SQS's limit); {@code local.maxMessageKb}
 * @param retryBaseMillis  first retry delay of a failed event, doubled at each further attempt (default 1,000 ms;
 *                         Lambda's async invoke waits about 1 and 2 minutes, scaled down for a development loop);
 *                         {@code local.retryBaseMillis}
 * @param eventConcurrency most batches delivered at once per queue, capped by the function's max concurrency
 *                         (default 4); {@code local.eventConcurrency}
 */
record RuntimeOptions(long maxObjectBytes, int maxMessageBytes, long retryBaseMillis, int eventConcurrency) {

    /** Lambda's async invoke: the first try and 2 retries. */
    static final int ASYNC_ATTEMPTS = 3;
    /** Attempts of a queue batch when the trigger sets none. */
    static final int DEFAULT_QUEUE_ATTEMPTS = 3;
    /** Batch size of a queue trigger that sets none (SQS's default for Lambda). */
    static final int DEFAULT_BATCH_SIZE = 10;

    static RuntimeOptions defaults() {
        return new RuntimeOptions(100L << 20, 256 << 10, 1000, 4);
    }

    /** @return the daemon command-line arguments that carry these options */
    List<String> args() {
        List<String> a = new ArrayList<>();
        a.add("--max-object-bytes");
        a.add(Long.toString(maxObjectBytes));
        a.add("--max-message-bytes");
        a.add(Integer.toString(maxMessageBytes));
        a.add("--retry-base-millis");
        a.add(Long.toString(retryBaseMillis));
        a.add("--event-concurrency");
        a.add(Integer.toString(eventConcurrency));
        return a;
    }

    /** @return these options with one daemon argument applied, or null when the argument is not an option */
    RuntimeOptions with(String arg, String value) {
        return switch (arg) {
            case "--max-object-bytes" -> new RuntimeOptions(Long.parseLong(value), maxMessageBytes, retryBaseMillis, eventConcurrency);
            case "--max-message-bytes" -> new RuntimeOptions(maxObjectBytes, Integer.parseInt(value), retryBaseMillis, eventConcurrency);
            case "--retry-base-millis" -> new RuntimeOptions(maxObjectBytes, maxMessageBytes, Long.parseLong(value), eventConcurrency);
            case "--event-concurrency" -> new RuntimeOptions(maxObjectBytes, maxMessageBytes, retryBaseMillis, Math.max(1, Integer.parseInt(value)));
            default -> null;
        };
    }

    /** @return the retry delay after a number of failed attempts: base, 2 x base, 4 x base..., at most 5 minutes */
    long backoffMillis(int failedAttempts) {
        return Math.min(300_000L, retryBaseMillis << Math.min(20, Math.max(0, failedAttempts - 1)));
    }

    /** @return a description of the async retry policy, for faas:info */
    String asyncPolicy() {
        return (ASYNC_ATTEMPTS - 1) + " retries after " + backoffMillis(1) + " ms and " + backoffMillis(2)
                + " ms, then dead-letter";
    }
}
