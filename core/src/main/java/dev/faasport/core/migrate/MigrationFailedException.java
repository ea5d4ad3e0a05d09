package dev.faasport.core.migrate;

import dev.faasport.core.error.FaasportException;

/** A migration stopped (blockers, a failed deploy, a failed verification or cutover); the report says where. */
public class MigrationFailedException extends FaasportException {

    private final transient MigrationOutcome outcome;

    public MigrationFailedException(String message, MigrationOutcome outcome, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
    }

    /** @return the outcome, with the report's paths */
    public MigrationOutcome outcome() {
        return outcome;
    }
}
