package ${package};

import java.time.Instant;

/**
 * Something the nightly job may clean up: a session, a temporary upload, a draft.
 *
 * @param id       its id
 * @param lastUsed when it was last used; entries unused for longer than the retention period are deleted
 */
public record Entry(String id, Instant lastUsed) {
}
