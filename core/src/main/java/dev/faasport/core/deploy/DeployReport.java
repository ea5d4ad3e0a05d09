package dev.faasport.core.deploy;

import dev.faasport.core.plan.PlanRenderer;
import dev.faasport.core.plan.Table;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The outcome of applying a plan: one result per step, in plan order.
 *
 * @param setName  the function set
 * @param results  per-unit results, in plan order
 * @param duration wall time of the whole apply
 */
public record DeployReport(String setName, List<UnitResult> results, Duration duration) {

    public DeployReport {
        Objects.requireNonNull(setName, "setName");
        results = List.copyOf(results);
        duration = duration == null ? Duration.ZERO : duration;
    }

    /** @return true when no unit failed */
    public boolean succeeded() {
        return failures().isEmpty();
    }

    /** @return the units that failed */
    public List<UnitResult> failures() {
        return results.stream().filter(r -> r.outcome() == UnitResult.Outcome.FAILED).toList();
    }

    /** @return how many units ended with this outcome */
    public long count(UnitResult.Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** @return every HTTP function's URL, by function name */
    public Map<String, String> endpoints() {
        Map<String, String> all = new TreeMap<>();
        results.forEach(r -> all.putAll(r.endpoints()));
        return all;
    }

    /** @return the result for one unit */
    public java.util.Optional<UnitResult> result(String unitName) {
        return results.stream().filter(r -> r.name().equals(unitName)).findFirst();
    }

    /** @return a plain-text table (unit, change, outcome, attempts, time, URL) and the errors below it */
    public String render() {
        List<String[]> rows = new ArrayList<>();
        // providers that publish versions (Lambda) record them as the "version" attribute
        boolean versions = results.stream().anyMatch(r -> r.deployed() != null
                && r.deployed().attributes().containsKey("version"));
        rows.add(versions ? new String[]{"UNIT", "CHANGE", "OUTCOME", "ATTEMPTS", "TIME", "VERSION", "URL"}
                : new String[]{"UNIT", "CHANGE", "OUTCOME", "ATTEMPTS", "TIME", "URL"});
        for (UnitResult r : results) {
            String urls = String.join(" ", r.endpoints().values());
            List<String> row = new ArrayList<>(List.of(r.name(), PlanRenderer.label(r.kind()),
                    r.outcome().name().toLowerCase(java.util.Locale.ROOT), String.valueOf(r.attempts()),
                    r.attempts() == 0 ? "-" : r.duration().toMillis() + " ms"));
            if (versions) {
                row.add(r.deployed() == null ? "-" : r.deployed().attributes().getOrDefault("version", "-"));
            }
            row.add(urls.isEmpty() ? "-" : urls);
            rows.add(row.toArray(String[]::new));
        }
        StringBuilder sb = new StringBuilder("Deploy of function set '").append(setName).append("' ")
                .append(succeeded() ? "succeeded" : "FAILED").append(" in ").append(duration.toMillis()).append(" ms:\n");
        sb.append(Table.format(rows));
        for (UnitResult r : results) {
            if (r.error() != null) {
                sb.append("  ").append(r.name()).append(": ").append(r.message()).append('\n');
            }
        }
        return sb.toString();
    }
}
