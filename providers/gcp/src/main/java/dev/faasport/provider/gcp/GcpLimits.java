package dev.faasport.provider.gcp;

import dev.faasport.limits.Limit;
import dev.faasport.limits.LimitTable;

/**
 * The 2nd gen bounds {@link FunctionMapping} checks before any remote call (memory, timeouts by trigger, concurrency,
 * environment size), read from the one table faas:check and the migration mapper read, faasport-packaging's
 * {@code dev/faasport/limits/gcp.json}, so that the numbers live only there.
 *
 * @param memoryMb          smallest and largest memory in MiB
 * @param httpTimeout       shortest and longest timeout of an HTTP function, in seconds
 * @param eventTimeout      shortest and longest timeout of an event-driven function, in seconds
 * @param maxConcurrency    most concurrent requests per instance
 * @param maxEnvironmentBytes largest total size of the environment variables
 */
record GcpLimits(Range memoryMb, Range httpTimeout, Range eventTimeout, long maxConcurrency, long maxEnvironmentBytes) {

    /** The table's provider id. */
    static final String PROVIDER = "gcp";
    /** The plan the provider deploys: Cloud Functions 2nd gen (Cloud Run functions) only. */
    static final String PLAN = "gen2";

    /** An inclusive range. */
    record Range(long min, long max) {
        boolean contains(long v) {
            return v >= min && v <= max;
        }
    }

    private static final class Loaded {
        static final GcpLimits LIMITS = of(LimitTable.load(PROVIDER));
    }

    /** @return the bounds of the table on the class path, read once */
    static GcpLimits get() {
        return Loaded.LIMITS;
    }

    /** @return the timeout bounds of a function with an HTTP trigger or an event trigger */
    Range timeout(boolean http) {
        return http ? httpTimeout : eventTimeout;
    }

    /**
     * Reads the 2nd gen bounds from a table; the event-driven timeout is the queue trigger's (Pub/Sub, which also
     * carries schedules); {@link #of} refuses a table whose storage or schedule timeout differs from it.
     *
     * @throws IllegalStateException when a bound is missing
     */
    static GcpLimits of(LimitTable table) {
        Range event = range(table, "timeout.seconds", "queue");
        for (String kind : new String[] {"storage", "schedule"}) {
            if (!range(table, "timeout.seconds", kind).equals(event)) {
                throw new IllegalStateException("The gcp limit table gives " + kind + " functions another timeout than"
                        + " queue functions; the provider checks one event-driven timeout");
            }
        }
        return new GcpLimits(range(table, "memory.mb", null), range(table, "timeout.seconds", "http"), event,
                max(table, "concurrency.max"), max(table, "environment.bytes"));
    }

    private static Range range(LimitTable table, String key, String trigger) {
        Limit l = limit(table, key, trigger);
        if (l.min() == null) {
            throw new IllegalStateException("The gcp limit table has no min for " + key + " on " + PLAN);
        }
        return new Range(l.min(), l.max());
    }

    private static long max(LimitTable table, String key) {
        return limit(table, key, null).max();
    }

    private static Limit limit(LimitTable table, String key, String trigger) {
        return table.find(key, PLAN, trigger).filter(l -> l.max() != null)
                .orElseThrow(() -> new IllegalStateException("The gcp limit table has no max for " + key + " on "
                        + PLAN + (trigger == null ? "" : " (" + trigger + " trigger)")));
    }
}
