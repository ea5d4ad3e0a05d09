package dev.faasport.core.config;

import dev.faasport.limits.Limit;
import dev.faasport.limits.LimitTable;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Provider;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns a front end's {@link RawConfiguration} into what the engine takes: the provider properties after precedence,
 * the settings that shape packages, the target list. Every front end (the Maven plugin, a Gradle plugin, a CLI) gets
 * the same answers because none of them decides.
 */
public final class ConfigurationProcessor {

    /** Command-line and build properties that address a provider: {@code faas.<provider>.<key>}. */
    public static final String PROPERTY_PREFIX = "faas.";

    /**
     * Provider property keys that change what is packaged, whatever the provider: its plan or generation, the app a
     * unit goes to, the architecture, layers, and the image settings (registry, base, platforms). The Java runtime's
     * key is each limit table's own ({@code runtime.java}'s {@code property}).
     */
    private static final Pattern SHAPES_PACKAGES =
            Pattern.compile("[a-z]+\\.(plan|generation|app|architecture|layers)|([a-z]+\\.)?image\\.[A-Za-z.]+");

    private final RawConfiguration raw;
    private final List<Provider> providers;

    /** @param providers the providers on the classpath, asked which key picks their Java runtime */
    public ConfigurationProcessor(RawConfiguration raw, List<Provider> providers) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.providers = List.copyOf(providers);
    }

    /**
     * @return the build file's provider properties, overridden by {@code faas.<provider>.<key>} from the project's
     *         properties, then the system's, then the command line's
     */
    public Map<String, String> providerProperties() {
        Map<String, String> out = new LinkedHashMap<>(nonNull(raw.providerProperties()));
        copyPrefixed(raw.projectProperties(), out);
        copyPrefixed(raw.systemProperties(), out);
        copyPrefixed(raw.commandLineProperties(), out);
        return out;
    }

    /**
     * The build file's settings plus the provider properties that shape packages, so that
     * {@code -Dfaas.azure.plan=premium} or {@code -Dfaas.aws.runtime=java21} packages, checks and deploys alike. Other
     * provider properties (ports, endpoints, regions) stay out: they would change every unit's configuration hash.
     */
    public Map<String, String> packagingSettings() {
        Set<String> runtimeKeys = runtimeKeys();
        Map<String, String> out = new TreeMap<>();
        providerProperties().forEach((k, v) -> {
            if (SHAPES_PACKAGES.matcher(k).matches() || runtimeKeys.contains(k)) {
                out.put(k, v);
            }
        });
        nonNull(raw.settings()).forEach(out::putIfAbsent);
        return out;
    }

    /** @return the keys that pick a provider's Java runtime, from the limit tables ({@code aws.runtime} ...) */
    Set<String> runtimeKeys() {
        Set<String> keys = new TreeSet<>();
        for (Provider p : providers) {
            try {
                LimitTable.load(p.id()).limits().stream().filter(l -> l.key().equals(LimitTable.RUNTIME_KEY))
                        .map(Limit::property).filter(Objects::nonNull).forEach(keys::add);
            } catch (IllegalArgumentException e) {
                // a provider without a limit table picks no runtime by property
            }
        }
        return keys;
    }

    /** @return the registry images are pushed to ({@code image.registry}, or a provider's), or null */
    public String imageRegistry() {
        return packagingSettings().entrySet().stream()
                .filter(e -> e.getKey().equals("image.registry") || e.getKey().endsWith(".image.registry"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /**
     * @return the targets of the typed list: local when none; for "all", every provider on the classpath, those that
     *         deploy images only when a registry is set to push to
     */
    public List<String> providerIds() {
        String spec = raw.providers();
        if (spec == null || spec.isBlank()) {
            return List.of("local");
        }
        if (spec.trim().equalsIgnoreCase("all")) {
            boolean registry = providerProperties().containsKey("image.registry")
                    || nonNull(raw.settings()).containsKey("image.registry");
            return providers.stream().filter(p -> registry || p.packageFormat() != PackageFormat.OCI_IMAGE)
                    .map(Provider::id).sorted().toList();
        }
        return Arrays.stream(spec.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void copyPrefixed(Map<String, String> from, Map<String, String> to) {
        nonNull(from).forEach((key, value) -> {
            if (key.startsWith(PROPERTY_PREFIX) && key.indexOf('.', PROPERTY_PREFIX.length()) > 0) {
                to.put(key.substring(PROPERTY_PREFIX.length()), value);
            }
        });
    }

    private static Map<String, String> nonNull(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
