package dev.faasport.limits;

import java.util.List;

/**
 * One vendor limit, as data.
 *
 * @param key          what it limits: {@code package.unzipped.bytes}, {@code timeout.seconds}, {@code memory.mb} ...
 * @param plans        the plans it applies to; empty means all
 * @param triggers     the trigger kinds it applies to; empty means all
 * @param min          the smallest allowed value, or null
 * @param max          the largest allowed value, or null
 * @param step         values must be a multiple of this above {@code min}, or null
 * @param values       the only allowed values (as text), or empty
 * @param pattern      a regular expression a name must match entirely, or null
 * @param reserved     names that are not allowed: function and app names compared ignoring case; environment
 *                     variable names exactly, a trailing {@code *} standing for any suffix ({@code AWS_LAMBDA_*})
 * @param unbounded    the vendor documents that there is no maximum
 * @param undocumented the vendor documents no limit: reported as "no documented limit", never checked
 * @param severity     what exceeding it means: {@link Severity#VIOLATION} or {@link Severity#WARNING}
 * @param what         a short description for messages ("unzipped size including layers")
 * @param note         more context, or null
 * @param asOf         when the value was read from the source (yyyy-MM)
 * @param source       where the value comes from (URL)
 * @param runtimes     for {@code runtime.java}: the Java runtimes offered, newest first; empty otherwise
 * @param property     the provider property that overrides the table's choice ({@code aws.runtime}), or null
 */
public record Limit(String key, List<String> plans, List<String> triggers, Long min, Long max, Long step,
                    List<String> values, String pattern, List<String> reserved, boolean unbounded,
                    boolean undocumented, Severity severity, String what, String note, String asOf, String source,
                    List<JavaRuntime> runtimes, String property) {
    public Limit {
        plans = plans == null ? List.of() : List.copyOf(plans);
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
        values = values == null ? List.of() : List.copyOf(values);
        reserved = reserved == null ? List.of() : List.copyOf(reserved);
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
        severity = severity == null ? Severity.VIOLATION : severity;
        what = what == null ? key : what;
    }

    /** @return whether it applies to the plan and trigger kind */
    public boolean appliesTo(String plan, String triggerKind) {
        return (plans.isEmpty() || plans.contains(plan)) && (triggers.isEmpty() || triggerKind == null
                || triggers.contains(triggerKind));
    }

    /** @return a copy whose maximum comes from the live account */
    public Limit withLiveMax(long liveMax) {
        return new Limit(key, plans, triggers, min, liveMax, step, values, pattern, reserved, false, false, severity,
                what, "read from the live account", "live", "the account's live limits", runtimes, property);
    }
}
