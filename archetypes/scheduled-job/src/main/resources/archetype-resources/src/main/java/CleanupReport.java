package ${package};

import java.time.Instant;
import java.util.List;

/**
 * What one run of the job did.
 *
 * @param tick     the scheduled time of the run
 * @param cutoff   entries last used before this were expired
 * @param examined how many entries were looked at
 * @param deleted  the ids deleted (or, on a dry run, that would have been)
 * @param dryRun   true when nothing was actually deleted
 */
public record CleanupReport(Instant tick, Instant cutoff, int examined, List<String> deleted, boolean dryRun) {

    /** @return one log line */
    public String summary() {
        return "cleanup for " + tick + ": " + (dryRun ? "would delete " : "deleted ") + deleted.size() + " of "
                + examined + " entries unused since " + cutoff + (deleted.isEmpty() ? "" : " " + deleted);
    }
}
