package ${package};

import dev.faasport.api.Context;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.ScheduleFunction;
import java.time.Duration;
import java.util.List;

/**
 * A nightly cleanup job: deletes the entries unused for longer than {@code RETENTION_DAYS} (default 30) and logs a
 * report. {@code DRY_RUN=true} reports without deleting.
 */
public class NightlyCleanup implements ScheduleFunction {

    // one store per function instance; a real job reads your database or bucket here
    private static final EntryStore SHARED_STORE = new InMemoryEntryStore();
    static final int DEFAULT_RETENTION_DAYS = 30;

    private final EntryStore store;

    /** The constructor the platform calls. */
    public NightlyCleanup() {
        this(SHARED_STORE);
    }

    /** For tests and for wiring another store. */
    public NightlyCleanup(EntryStore store) {
        this.store = store;
    }

    @Override
    public void handle(ScheduleEvent event, Context context) {
        CleanupReport report = run(event, context);
        context.logger().info((event.manual() ? "manual " : "") + report.summary());
    }

    /** Runs the cleanup for one tick and says what it did. */
    public CleanupReport run(ScheduleEvent event, Context context) {
        RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(retentionDays(context)));
        boolean dryRun = Boolean.parseBoolean(context.environment().getOrDefault("DRY_RUN", "false").trim());
        List<Entry> all = store.list();
        List<String> expired = policy.expired(all, event.scheduledTime()).stream().map(Entry::id).toList();
        if (!dryRun) {
            expired.forEach(store::delete);
        }
        return new CleanupReport(event.scheduledTime(), policy.cutoff(event.scheduledTime()), all.size(), expired,
                dryRun);
    }

    private static long retentionDays(Context context) {
        String value = context.environment().get("RETENTION_DAYS");
        if (value == null || value.isBlank()) {
            return DEFAULT_RETENTION_DAYS;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Environment variable RETENTION_DAYS of function '"
                    + context.functionName() + "' is '" + value + "', perhaps you should set a number of days", e);
        }
    }
}
