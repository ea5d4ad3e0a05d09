package dev.faasport.limits;

import java.util.List;

/**
 * How one function (or one unit) stands against one limit of one provider.
 *
 * @param unit                the deploy unit's name
 * @param function            the function's name, or null when the finding is about the whole unit (an Azure app)
 * @param provider            provider id
 * @param plan                the plan checked against
 * @param key                 the limit's key ({@code package.unzipped.bytes})
 * @param severity            fits, warning, violation, or no documented limit
 * @param measured            the function's value, readable ("312.4 MB")
 * @param limit               the limit, readable ("250 MB", "128-10240 MB", "no documented limit")
 * @param asOf                when the limit was read from its source
 * @param source              where the limit comes from (URL)
 * @param message             "&lt;what&gt; ... perhaps you should &lt;fix&gt;" for warnings and violations, a short
 *                            statement otherwise
 * @param fixes               concrete fixes, most useful first
 * @param largestDependencies for size findings, the largest jars by unzipped size ("coordinates size")
 */
public record Finding(String unit, String function, String provider, String plan, String key, Severity severity,
                      String measured, String limit, String asOf, String source, String message, List<String> fixes,
                      List<String> largestDependencies) {
    public Finding {
        fixes = fixes == null ? List.of() : List.copyOf(fixes);
        largestDependencies = largestDependencies == null ? List.of() : List.copyOf(largestDependencies);
    }
}
