package dev.faasport.core.deploy;

import dev.faasport.spi.DeployedUnit;
import dev.faasport.core.plan.UnitChange;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What happened to one unit of a plan.
 *
 * @param name       the unit's name
 * @param kind       the planned change
 * @param outcome    how it ended
 * @param attempts   provider calls made (0 for unchanged or skipped units)
 * @param duration   time from the first call to the outcome
 * @param endpoints  function name to URL, for HTTP functions of the unit
 * @param error      what failed, or null
 * @param suggestion the "perhaps you should" part, or null
 * @param deployed   the unit as the target holds it after the change (null for deletes and failures)
 */
public record UnitResult(String name, UnitChange.Kind kind, Outcome outcome, int attempts, Duration duration,
                         Map<String, String> endpoints, String error, String suggestion, DeployedUnit deployed) {

    public UnitResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        duration = duration == null ? Duration.ZERO : duration;
        endpoints = endpoints == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(endpoints));
    }

    /** How a unit's step ended. */
    public enum Outcome {
        /** the target now holds the desired state */
        SUCCEEDED,
        /** the step failed for good */
        FAILED,
        /** no call was made: the unit was unchanged, or its delete waited on a failed step */
        SKIPPED
    }

    /** @return the error with its suggestion, as one sentence; null when there is no error */
    public String message() {
        if (error == null) {
            return null;
        }
        if (suggestion == null || suggestion.isBlank()) {
            return error;
        }
        return error + dev.faasport.core.error.HelpfulSuggestions.perhaps(suggestion);
    }
}
