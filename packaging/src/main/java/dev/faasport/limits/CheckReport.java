package dev.faasport.limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The result of checking one function set against one provider's limits.
 *
 * @param provider      provider id
 * @param displayName   the vendor's product name
 * @param plan          the plan checked against
 * @param findings      every finding, including those that fit
 * @param unitFunctions unit name to the names of its functions
 */
public record CheckReport(String provider, String displayName, String plan, List<Finding> findings,
                          Map<String, List<String>> unitFunctions) {
    public CheckReport {
        findings = List.copyOf(findings);
        unitFunctions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unitFunctions));
    }

    /** @return the functions checked, sorted */
    public List<String> functions() {
        TreeSet<String> out = new TreeSet<>();
        unitFunctions.values().forEach(out::addAll);
        return new ArrayList<>(out);
    }

    /** @return the findings about a function, including those about its whole unit */
    public List<Finding> findingsFor(String function) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            if (function.equals(f.function())
                    || f.function() == null && unitFunctions.getOrDefault(f.unit(), List.of()).contains(function)) {
                out.add(f);
            }
        }
        return out;
    }

    /** @return the worst severity for a function, or null when the function is not part of this report */
    public Severity worstFor(String function) {
        if (!functions().contains(function)) {
            return null;
        }
        Severity s = Severity.FITS;
        for (Finding f : findingsFor(function)) {
            s = s.max(f.severity());
        }
        return s;
    }

    /** @return the worst severity of all findings */
    public Severity worst() {
        Severity s = Severity.FITS;
        for (Finding f : findings) {
            s = s.max(f.severity());
        }
        return s;
    }

    /** @return the findings of one severity */
    public List<Finding> withSeverity(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).toList();
    }

    /** @return whether any finding is a violation */
    public boolean hasViolations() {
        return worst() == Severity.VIOLATION;
    }

    /** @return whether any finding is a warning */
    public boolean hasWarnings() {
        return !withSeverity(Severity.WARNING).isEmpty();
    }
}
