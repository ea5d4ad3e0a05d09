package dev.faasport.packaging;

import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything {@link Packager} needs to build the archives of one function set. Immutable.
 *
 * @param setName      the function set's name
 * @param functions    the validated functions of the set
 * @param classesDir   the compiled classes and resources of the project ({@code target/classes}); may be null when
 *                     the set has no classes of its own
 * @param dependencies the project's runtime dependencies, in any order
 * @param adapterJars  per format, the Faasport runtime jars to add (the vendor adapter, runtime-common, faasport-json, runtime-api,
 *                     and the vendor's own runtime library where the platform does not provide it)
 * @param outputDir    where to write, normally {@code target/faas}; archives go to {@code outputDir/<providerId>/}
 * @param timestamp    the time stamped on every archive entry (the build's {@code project.build.outputTimestamp})
 * @param sharedLayer  for AWS Lambda: put the dependencies into one layer zip shared by all functions
 * @param settings     set-level settings, keys prefixed by provider id ({@code azure.app}, {@code gcp.generation})
 *                     plus neutral ones ({@code java.version})
 * @param allowPlaintextSecrets environment variables whose credential-like values the user lets through in clear
 *                     ({@code -Dfaas.allowPlaintextSecret}); the manifest keeps only a hash of their values
 */
public record PackageRequest(String setName, List<FunctionSpec> functions, Path classesDir,
                             List<Dependency> dependencies, Map<PackageFormat, List<Path>> adapterJars,
                             Path outputDir, Instant timestamp, boolean sharedLayer, Map<String, String> settings,
                             java.util.Set<String> allowPlaintextSecrets) {

    /** A request that lets no credential-like value through. */
    public PackageRequest(String setName, List<FunctionSpec> functions, Path classesDir,
                          List<Dependency> dependencies, Map<PackageFormat, List<Path>> adapterJars,
                          Path outputDir, Instant timestamp, boolean sharedLayer, Map<String, String> settings) {
        this(setName, functions, classesDir, dependencies, adapterJars, outputDir, timestamp, sharedLayer, settings,
                java.util.Set.of());
    }

    public PackageRequest {
        Objects.requireNonNull(setName, "setName");
        Objects.requireNonNull(outputDir, "outputDir");
        functions = functions == null ? List.of() : List.copyOf(functions);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        Map<PackageFormat, List<Path>> adapters = new TreeMap<>();
        if (adapterJars != null) {
            adapterJars.forEach((k, v) -> adapters.put(k, v == null ? List.of() : List.copyOf(v)));
        }
        adapterJars = java.util.Collections.unmodifiableMap(adapters);
        timestamp = timestamp == null ? Instant.parse("1980-01-01T00:00:02Z") : timestamp;
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
        allowPlaintextSecrets = allowPlaintextSecrets == null ? java.util.Set.of()
                : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(allowPlaintextSecrets));
    }

    /** @return the adapter jars for a format, empty when none were given */
    public List<Path> adapters(PackageFormat format) {
        return adapterJars.getOrDefault(format, List.of());
    }
}
