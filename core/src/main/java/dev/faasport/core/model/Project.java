package dev.faasport.core.model;

import dev.faasport.packaging.Dependency;
import dev.faasport.spi.PackageFormat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The build's view of the function set: what the Mojo reads from Maven and hands to the core. The POM is one way to
 * fill it; a Gradle plugin or a test fills it the same way.
 *
 * @param config       the function set as configured (read when an operation starts; do not change it afterwards)
 * @param classes      a loader over the compiled classes and runtime dependencies, used to inspect handlers
 *                     without initialising them
 * @param classesDir   the compiled classes ({@code target/classes}), scanned when no function is declared and
 *                     packaged
 * @param dependencies the runtime dependencies to package
 * @param adapterJars  per package format, the Faasport runtime jars to add (adapter, runtime-common, faasport-json, runtime-api)
 * @param outputDir    where packages and reports go ({@code target/faas})
 * @param timestamp    the time stamped on archive entries ({@code project.build.outputTimestamp}); null for the
 *                     packager's fixed default
 * @param sharedLayer  AWS: put the dependencies into one shared layer
 * @param settings     set-level packaging settings, keys prefixed by provider id ({@code azure.app}) or neutral
 *                     ({@code java.version}); they are part of each unit's configuration hash
 * @param allowPlaintextSecrets environment variables whose credential-like values may be packaged in clear
 *                     ({@code -Dfaas.allowPlaintextSecret}); the manifest keeps only a hash of them
 */
public record Project(FunctionSetConfig config, ClassLoader classes, Path classesDir, List<Dependency> dependencies,
                      Map<PackageFormat, List<Path>> adapterJars, Path outputDir, Instant timestamp, boolean sharedLayer,
                      Map<String, String> settings, java.util.Set<String> allowPlaintextSecrets) {

    /** A project that lets no credential-like value through. */
    public Project(FunctionSetConfig config, ClassLoader classes, Path classesDir, List<Dependency> dependencies,
                   Map<PackageFormat, List<Path>> adapterJars, Path outputDir, Instant timestamp, boolean sharedLayer,
                   Map<String, String> settings) {
        this(config, classes, classesDir, dependencies, adapterJars, outputDir, timestamp, sharedLayer, settings,
                java.util.Set.of());
    }

    public Project {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(outputDir, "outputDir");
        classes = classes == null ? Project.class.getClassLoader() : classes;
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        Map<PackageFormat, List<Path>> adapters = new java.util.TreeMap<>();
        if (adapterJars != null) {
            adapterJars.forEach((k, v) -> adapters.put(k, v == null ? List.of() : List.copyOf(v)));
        }
        adapterJars = java.util.Collections.unmodifiableMap(adapters);
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
        allowPlaintextSecrets = allowPlaintextSecrets == null ? java.util.Set.of()
                : java.util.Set.copyOf(allowPlaintextSecrets);
    }
}
