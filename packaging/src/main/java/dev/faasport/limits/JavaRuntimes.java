package dev.faasport.limits;

import dev.faasport.spi.FunctionSpec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the vendor's Java runtime for a unit from the limit table's runtime data: the runtime asked for
 * ({@code aws.runtime}, {@code gcp.runtime}, {@code azure.javaVersion}, as a function option or a set setting) when
 * the vendor offers it, otherwise the newest long-term-support runtime that is not a preview and runs the compiled
 * level. Packaging writes the choice into every unit as {@value #RUNTIME}; the checker judges it.
 */
public final class JavaRuntimes {
    /** The unit setting with the Java feature version the project's classes and dependencies are compiled for. */
    public static final String VERSION = "java.version";
    /** The unit setting with the Java feature version Faasport's own adapter jars in the package need. */
    public static final String ADAPTER_VERSION = "java.adapterVersion";
    /** The unit setting with the chosen runtime, in the vendor's spelling ({@code java21}, Azure {@code 21}). */
    public static final String RUNTIME = "java.runtime";

    private JavaRuntimes() {
    }

    /** @return the runtime the functions ask for through the table's property, function options first, or null */
    public static String asked(Limit runtimes, Map<String, String> settings, List<FunctionSpec> functions) {
        if (runtimes.property() == null) {
            return null;
        }
        for (FunctionSpec f : functions) {
            String v = f.options().get(runtimes.property());
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        String v = settings.get(runtimes.property());
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** @return the Java feature version the unit's package needs: its classes, dependencies and adapters; 0 unknown */
    public static int needed(Map<String, String> settings) {
        return Math.max(version(settings.get(VERSION)), version(settings.get(ADAPTER_VERSION)));
    }

    /**
     * @param offered the runtimes offered, newest first
     * @param level   the Java feature version needed, 0 when unknown
     * @param asked   the runtime asked for, or null
     * @return the runtime asked for when offered (even when too old: the checker says so), else the newest LTS
     *         non-preview runtime that runs the level (else the newest non-preview one that does, as the local
     *         provider's JVM); empty when the one asked for is not offered or none runs it
     */
    public static Optional<JavaRuntime> select(List<JavaRuntime> offered, int level, String asked) {
        if (asked != null) {
            return find(offered, asked);
        }
        Optional<JavaRuntime> lts = offered.stream().filter(r -> r.lts() && !r.preview() && r.runs(level)).findFirst();
        return lts.isPresent() ? lts : offered.stream().filter(r -> !r.preview() && r.runs(level)).findFirst();
    }

    /** @return the offered runtime of that name, compared ignoring case */
    public static Optional<JavaRuntime> find(List<JavaRuntime> offered, String name) {
        return offered.stream().filter(r -> r.name().equalsIgnoreCase(name.trim())).findFirst();
    }

    /** @return a Java feature version setting as a number ("21", "1.8" gives 8), 0 when unset or unreadable */
    public static int version(String v) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim().toLowerCase(Locale.ROOT).replaceFirst("^1\\.", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
