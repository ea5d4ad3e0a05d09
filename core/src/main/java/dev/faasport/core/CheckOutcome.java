package dev.faasport.core;

import dev.faasport.core.Requests.FailOn;
import dev.faasport.limits.CheckReport;
import dev.faasport.limits.CheckReports;
import dev.faasport.lockin.LockIn;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of faas:check (or of the check inside faas:deploy).
 *
 * @param reports  one report per provider checked (providers without a limit table are left out)
 * @param skipped  provider ids that have no limit table, so were not checked
 * @param markdown the written {@code check-report.md}, or null
 * @param html     the written {@code check-report.html}, or null
 * @param lockIn   the vendor services each function calls (information, never a failure), or null when not scanned
 */
public record CheckOutcome(List<CheckReport> reports, List<String> skipped, Path markdown, Path html, LockIn lockIn) {

    public CheckOutcome {
        reports = List.copyOf(reports);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    /** @return whether this outcome fails the build under the given rule */
    public boolean fails(FailOn failOn) {
        return reports.stream().anyMatch(r -> r.hasViolations() || failOn == FailOn.WARNING && r.hasWarnings());
    }

    /** @return the function-by-provider matrix, the problems and the lock-in table, for the build log */
    public String render() {
        StringBuilder sb = new StringBuilder(CheckReports.matrix(reports));
        CheckReports.runtimes(reports).forEach(r -> sb.append(r).append('\n'));
        CheckReports.problems(reports).forEach(p -> sb.append(p).append('\n'));
        skipped.forEach(id -> sb.append("provider ").append(id).append(": no limit table, not checked\n"));
        sb.append(CheckReports.lockIn(lockIn, providers()));
        return sb.toString();
    }

    /** @return the providers checked or skipped, each once */
    public List<String> providers() {
        List<String> out = new java.util.ArrayList<>(reports.stream().map(CheckReport::provider).distinct().toList());
        skipped.stream().filter(id -> !out.contains(id)).forEach(out::add);
        return out;
    }
}
