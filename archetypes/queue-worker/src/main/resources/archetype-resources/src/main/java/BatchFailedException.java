package ${package};

import java.util.Map;

/**
 * Some messages of a batch could not be processed. Thrown after the rest of the batch was processed, so the platform
 * delivers the batch again (the processed messages are then skipped as duplicates) and, after the function's
 * {@code maxAttempts}, moves it to the dead-letter queue.
 */
public class BatchFailedException extends Exception {

    private final Map<String, String> failures;

    /** @param failures the failed message ids and why each failed */
    public BatchFailedException(Map<String, String> failures) {
        super(failures.size() + " message(s) failed: " + failures);
        this.failures = Map.copyOf(failures);
    }

    /** @return the failed message ids and why each failed */
    public Map<String, String> failures() {
        return failures;
    }
}
