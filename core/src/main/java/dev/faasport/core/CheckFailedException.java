package dev.faasport.core;

import dev.faasport.core.error.FaasportException;
import dev.faasport.core.error.HelpfulSuggestions;

/** The set does not fit a target's limits; nothing was uploaded. */
public class CheckFailedException extends FaasportException {

    private final transient CheckOutcome outcome;

    public CheckFailedException(CheckOutcome outcome, Requests.FailOn failOn) {
        super(HelpfulSuggestions.checkFailed(outcome.render(), failOn == Requests.FailOn.WARNING,
                outcome.markdown() == null ? null : outcome.markdown().toString()));
        this.outcome = outcome;
    }

    public CheckOutcome outcome() {
        return outcome;
    }
}
