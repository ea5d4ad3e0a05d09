package dev.faasport.core.migrate;

import java.util.Objects;

/**
 * One function invoked on both sides with the same request, and what each answered.
 *
 * @param function     the function
 * @param request      the request sent, readable ("GET /", "storage event CREATED images/...")
 * @param sourceStatus the source's status (0 when the call failed)
 * @param sourceBody   the source's body, shortened for the report
 * @param targetStatus the target's status (0 when the call failed)
 * @param targetBody   the target's body, shortened for the report
 * @param result       how the comparison ended
 * @param detail       why it did not pass, or null
 */
public record Verification(String function, String request, int sourceStatus, String sourceBody, int targetStatus,
                           String targetBody, Result result, String detail) {

    public Verification {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(result, "result");
    }

    /** How a comparison ended. */
    public enum Result {
        /** same status and same body (JSON compared as values) */
        PASSED,
        /** different status or body, a call failed, or both sides failed */
        FAILED,
        /** not compared: the source does not hold the function */
        SKIPPED
    }

    public boolean passed() {
        return result == Result.PASSED;
    }
}
