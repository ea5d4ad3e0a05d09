package dev.faasport.limits;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A rule across functions (limit {@code storage.overlap}): a vendor that keeps one notification configuration per
 * bucket (S3) refuses two storage triggers of one bucket that can match the same object for a common event
 * ({@link Trigger.Storage#overlaps}).
 */
final class StorageOverlaps {

    static final String KEY = "storage.overlap";

    private StorageOverlaps() {
    }

    /** @return one finding per storage function of the units: fits, or overlaps an earlier function (by name) */
    static List<Finding> check(LimitTable table, String plan, List<DeployUnit> units) {
        Limit l = table.find(KEY, plan, "storage").orElse(null);
        List<Finding> out = new ArrayList<>();
        if (l == null) {
            return out;
        }
        List<Owned> storage = new ArrayList<>();
        for (DeployUnit u : units) {
            for (FunctionSpec f : u.functions()) {
                if (f.trigger() instanceof Trigger.Storage s) {
                    storage.add(new Owned(u.name(), f.name(), s));
                }
            }
        }
        storage.sort(Comparator.comparing(Owned::function));
        for (int i = 0; i < storage.size(); i++) {
            Owned b = storage.get(i);
            Owned a = storage.subList(0, i).stream().filter(o -> o.trigger().overlaps(b.trigger())).findFirst().orElse(null);
            String measured = describe(b.trigger());
            if (a == null) {
                out.add(new Finding(b.unit(), b.function(), table.provider(), plan, KEY, Severity.FITS, measured,
                        l.what(), l.asOf(), l.source(), "storage trigger " + measured + " overlaps no other of the set",
                        List.of(), List.of()));
                continue;
            }
            List<String> fixes = List.of("give '" + a.function() + "' and '" + b.function() + "' prefixes of which"
                            + " neither starts the other (such as '" + a.function() + "/' and '" + b.function() + "/'),"
                            + " or suffixes of which neither ends the other",
                    "handle both in one function", "trigger them on different event kinds or buckets");
            out.add(new Finding(b.unit(), b.function(), table.provider(), plan, KEY, l.severity(), measured, l.what(),
                    l.asOf(), l.source(), "Function '" + b.function() + "' does not fit " + table.displayName()
                    + ": its storage trigger " + measured + " overlaps the one of function '" + a.function() + "' "
                    + describe(a.trigger()) + "; " + l.note() + " (limit as of " + l.asOf() + ", source " + l.source()
                    + "), perhaps you should " + String.join(", or ", fixes), fixes, List.of()));
        }
        return out;
    }

    private static String describe(Trigger.Storage s) {
        return "on bucket '" + s.bucket() + "' (" + s.events().stream().map(e -> e.name().toLowerCase(java.util.Locale.ROOT))
                .sorted().toList() + ", prefix '" + s.prefix() + "', suffix '" + s.suffix() + "')";
    }

    private record Owned(String unit, String function, Trigger.Storage trigger) {
    }
}
