package dev.faasport.core.session;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where to deploy: a provider and its settings.
 *
 * @param providerId the provider's id; null or blank means {@value Providers#DEFAULT_ID}
 * @param properties provider settings, keys prefixed by provider id ({@code aws.region}); never credentials
 * @param workDir    a directory the provider may write to (the build's {@code target/faas})
 */
public record Target(String providerId, Map<String, String> properties, Path workDir) {
    public Target {
        providerId = providerId == null || providerId.isBlank() ? Providers.DEFAULT_ID : providerId.trim();
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** @return the local provider with default settings */
    public static Target local(Path workDir) {
        return new Target(Providers.DEFAULT_ID, Map.of(), workDir);
    }
}
