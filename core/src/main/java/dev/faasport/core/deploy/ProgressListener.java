package dev.faasport.core.deploy;

import dev.faasport.core.plan.PlanRenderer;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.core.plan.UnitChange;

import java.time.Duration;

/**
 * Progress of a deploy, unit by unit. Called from the engine's worker threads, possibly at the same time for
 * different units: implementations must be thread-safe. An exception thrown by a listener is ignored.
 */
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() { };

    /** The unit's first provider call is about to be made. */
    default void started(UnitChange change) {
    }

    /** A call failed and will be retried after {@code delay}. */
    default void retrying(UnitChange change, int attempt, ProviderException failure, Duration delay) {
    }

    /** The unit is done (also called, with no provider call made, for unchanged and skipped units). */
    default void finished(UnitResult result) {
    }

    /** @return a listener writing one line per event to a log (the Maven plugin's build log) */
    static ProgressListener logTo(ProviderConfig.Log log) {
        return new ProgressListener() {
            @Override
            public void started(UnitChange change) {
                log.info(PlanRenderer.label(change.kind()) + " " + change.name() + " ...");
            }

            @Override
            public void retrying(UnitChange change, int attempt, ProviderException failure, Duration delay) {
                log.warn(change.name() + ": attempt " + attempt + " failed (" + failure.getMessage() + "), retrying in "
                        + delay.toMillis() + " ms");
            }

            @Override
            public void finished(UnitResult r) {
                if (r.kind() == UnitChange.Kind.UNCHANGED) {
                    return; // the plan table already lists them; one line each would bury the real changes
                }
                String line = r.name() + ": " + r.outcome().name().toLowerCase(java.util.Locale.ROOT)
                        + (r.attempts() > 0 ? " in " + r.duration().toMillis() + " ms" : "")
                        + (r.error() == null ? "" : " - " + r.message());
                if (r.outcome() == UnitResult.Outcome.FAILED) {
                    log.warn(line);
                } else {
                    log.info(line);
                }
            }
        };
    }
}
