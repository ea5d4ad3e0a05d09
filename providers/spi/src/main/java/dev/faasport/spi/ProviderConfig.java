package dev.faasport.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a provider session is opened with.
 *
 * @param setName    the function set
 * @param properties provider settings, keys prefixed by provider id ({@code aws.region}, {@code local.port},
 *                   {@code azure.endpoint}); never credentials, which come from the vendors' default chains
 * @param workDir    a directory the provider may write to (the build's {@code target/faas})
 * @param log        where to report progress
 */
public record ProviderConfig(String setName, Map<String, String> properties, Path workDir, Log log) {
    public ProviderConfig {
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** @return a property's value, if set and not blank */
    public Optional<String> property(String key) {
        String v = properties.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** Progress and diagnostics; the Maven plugin routes it to the build log. */
    public interface Log {
        void info(String message);

        void warn(String message);

        void debug(String message);

        /** A log that discards everything. */
        static Log silent() {
            return new Log() {
                public void info(String m) { }
                public void warn(String m) { }
                public void debug(String m) { }
            };
        }
    }
}
