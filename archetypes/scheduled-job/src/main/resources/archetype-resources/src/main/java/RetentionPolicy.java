package ${package};

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Which entries are expired at a given tick. Computed from the tick's scheduled time, never from the clock, so a late,
 * retried or hand-fired run removes exactly what the scheduled one would have.
 *
 * @param retention how long an unused entry is kept
 */
public record RetentionPolicy(Duration retention) {

    /** Refuses a retention that is not positive. */
    public RetentionPolicy {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("Retention is " + retention
                    + ", perhaps you should set RETENTION_DAYS to 1 or more");
        }
    }

    /** @return the instant before which an entry is expired */
    public Instant cutoff(Instant tick) {
        return tick.minus(retention);
    }

    /** @return the entries last used strictly before the cutoff, oldest first */
    public List<Entry> expired(List<Entry> entries, Instant tick) {
        Instant cutoff = cutoff(tick);
        return entries.stream()
                .filter(e -> e.lastUsed().isBefore(cutoff))
                .sorted(Comparator.comparing(Entry::lastUsed).thenComparing(Entry::id))
                .toList();
    }
}
