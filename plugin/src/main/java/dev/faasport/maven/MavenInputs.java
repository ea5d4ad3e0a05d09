package dev.faasport.maven;

import dev.faasport.core.model.Project;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.limits.JavaRuntimes;
import dev.faasport.packaging.Dependency;
import dev.faasport.packaging.JavaLevel;
import dev.faasport.packaging.PackagingException;
import dev.faasport.spi.PackageFormat;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * Maven's half of the seam (Jib's ProjectProperties): compiled classes, runtime dependencies, the adapter jars this
 * plugin ships, and a class loader over the user's classes for inspecting handlers.
 */
final class MavenInputs {

    static final String GROUP = "dev.faasport";
    private static final Set<String> RUNTIME_ARTIFACTS = Set.of("faasport-runtime-api", "faasport-runtime-common", "faasport-json",
            "faasport-runtime-local", "faasport-runtime-aws", "faasport-runtime-azure", "faasport-runtime-gcp");
    private static final Map<PackageFormat, List<String>> ADAPTERS = Map.of(
            PackageFormat.LOCAL_ZIP, List.of("faasport-runtime-local"),
            PackageFormat.LAMBDA_ZIP, List.of("faasport-runtime-aws", "aws-lambda-java-core"),
            PackageFormat.AZURE_APP_ZIP, List.of("faasport-runtime-azure"),
            PackageFormat.GCF_SOURCE_ZIP, List.of("faasport-runtime-gcp"),
            PackageFormat.OCI_IMAGE, List.of("faasport-runtime-http"));

    private final MavenProject project;
    private final List<Artifact> pluginArtifacts;
    private final Log log;

    MavenInputs(MavenProject project, List<Artifact> pluginArtifacts, Log log) {
        this.project = project;
        this.pluginArtifacts = pluginArtifacts;
        this.log = log;
    }

    Project project(FunctionSetConfig config, Path outputDir, String outputTimestamp, boolean sharedLayer,
                    Map<String, String> settings, String allowPlaintextSecret) throws MojoExecutionException {
        Path classes = Path.of(project.getBuild().getOutputDirectory());
        Map<String, String> all = new java.util.TreeMap<>();
        List<Dependency> dependencies = dependencies();
        // measured from what was compiled, so -Dmaven.compiler.release and compiler-plugin configuration both count
        int level = javaLevel(classes, dependencies, outputDir);
        if (level > 0) {
            all.put(JavaRuntimes.VERSION, Integer.toString(level));
        }
        if (settings != null) {
            all.putAll(settings);
        }
        return new Project(config, userClassLoader(classes), classes, dependencies, adapterJars(), outputDir,
                timestamp(outputTimestamp), sharedLayer, all, allowPlaintextSecret == null ? Set.of()
                : java.util.Arrays.stream(allowPlaintextSecret.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                        .collect(java.util.stream.Collectors.toSet()));
    }

    private static int javaLevel(Path classes, List<Dependency> dependencies, Path outputDir) {
        try {
            return JavaLevel.measure(classes, dependencies.stream().map(Dependency::file).toList(),
                    outputDir.resolve(".faasport-java-levels.json"));
        } catch (PackagingException e) {
            throw new dev.faasport.core.PackagingFailedException(e.getMessage(), e); // a user error, like packaging's
        }
    }

    /** Runtime-scope dependencies, minus Faasport's own runtime jars, which every package gets as adapters. */
    List<Dependency> dependencies() {
        List<Dependency> out = new ArrayList<>();
        for (Artifact a : project.getArtifacts()) {
            boolean runtime = Artifact.SCOPE_COMPILE.equals(a.getScope()) || Artifact.SCOPE_RUNTIME.equals(a.getScope());
            if (!runtime || a.getFile() == null || isFaasportRuntime(a)) {
                continue;
            }
            String coords = a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion()
                    + (a.getClassifier() == null || a.getClassifier().isEmpty() ? "" : ":" + a.getClassifier());
            out.add(new Dependency(coords, a.getFile().toPath()));
        }
        return out;
    }

    private static boolean isFaasportRuntime(Artifact a) {
        return GROUP.equals(a.getGroupId()) && RUNTIME_ARTIFACTS.contains(a.getArtifactId());
    }

    /**
     * Vendor-native handlers (an AWS RequestHandler, a Google HttpFunction, an Azure @FunctionName method) run on every
     * target through a translation adapter; a project written against a vendor API has that API among its
     * dependencies, so the adapter (and the API itself, where the user has it as provided) is added only then.
     */
    private record NativeVendor(String adapter, String apiGroup, List<String> apiArtifacts, PackageFormat home,
                                List<String> providedApis) {
    }

    private static final List<NativeVendor> NATIVE = List.of(
            // aws-lambda-java-core alone: POJO, Map, String and stream handlers (RequestHandler, Class::method)
            new NativeVendor("faasport-runtime-native-aws", "com.amazonaws", List.of("aws-lambda-java-core",
                    "aws-lambda-java-events"), PackageFormat.LAMBDA_ZIP, List.of("aws-lambda-java-core", "aws-lambda-java-events", "joda-time")),
            new NativeVendor("faasport-runtime-native-gcp", "com.google.cloud.functions", List.of("functions-framework-api"),
                    PackageFormat.GCF_SOURCE_ZIP, List.of("functions-framework-api", "cloudevents-api")),
            new NativeVendor("faasport-runtime-native-azure", "com.microsoft.azure.functions",
                    List.of("azure-functions-java-library"), PackageFormat.AZURE_APP_ZIP,
                    List.of("azure-functions-java-library", "azure-functions-java-core-library")));

    private List<Path> nativeJars(PackageFormat format) {
        List<Path> out = new ArrayList<>();
        for (NativeVendor v : NATIVE) {
            boolean used = project.getArtifacts().stream().anyMatch(a -> a.getGroupId().equals(v.apiGroup())
                    && v.apiArtifacts().contains(a.getArtifactId()));
            Path adapter = pluginJar(v.adapter());
            if (!used || adapter == null) {
                continue;
            }
            out.add(adapter);
            if (format == v.home()) {
                continue; // the vendor's own platform provides its API
            }
            for (Artifact a : project.getArtifacts()) {
                if (Artifact.SCOPE_PROVIDED.equals(a.getScope()) && v.providedApis().contains(a.getArtifactId())
                        && a.getFile() != null) {
                    out.add(a.getFile().toPath());
                }
            }
        }
        return out;
    }

    Map<PackageFormat, List<Path>> adapterJars() {
        Path api = pluginJar("faasport-runtime-api");
        Path common = pluginJar("faasport-runtime-common");
        Path json = pluginJar("faasport-json");
        Map<PackageFormat, List<Path>> out = new java.util.TreeMap<>();
        ADAPTERS.forEach((format, ids) -> {
            List<Path> jars = new ArrayList<>();
            for (String id : ids) {
                Path p = pluginJar(id);
                if (p == null) {
                    log.debug("faas: no " + id + " in the plugin's dependencies; " + format + " packages cannot be built");
                    return;
                }
                jars.add(p);
            }
            jars.add(common);
            jars.add(json);
            jars.add(api);
            for (Path p : nativeJars(format)) {
                if (!jars.contains(p)) {
                    jars.add(p);
                }
            }
            out.put(format, List.copyOf(jars));
        });
        return out;
    }

    private Path pluginJar(String artifactId) {
        for (Artifact a : pluginArtifacts) {
            if (a.getArtifactId().equals(artifactId) && a.getFile() != null) {
                return a.getFile().toPath();
            }
        }
        return null;
    }

    /**
     * The user's classes and compile classpath, with Faasport's API taken from the plugin so that the handler's
     * interfaces are the very classes the core checks against; nothing else of the plugin leaks in.
     */
    private ClassLoader userClassLoader(Path classes) throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(classes.toUri().toURL());
            for (String element : project.getCompileClasspathElements()) {
                File f = new File(element);
                if (!f.toPath().equals(classes)) {
                    urls.add(f.toURI().toURL());
                }
            }
            for (Artifact a : project.getArtifacts()) {
                if (a.getFile() != null && Artifact.SCOPE_RUNTIME.equals(a.getScope())) {
                    urls.add(a.getFile().toURI().toURL());
                }
            }
        } catch (MalformedURLException | org.apache.maven.artifact.DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("Reading the project's classpath failed: " + e.getMessage(), e);
        }
        ClassLoader pluginLoader = MavenInputs.class.getClassLoader();
        ClassLoader apiOnly = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("dev.faasport.api.")) {
                    return pluginLoader.loadClass(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        return new URLClassLoader("faas-user-classes", urls.toArray(URL[]::new), apiOnly);
    }

    static Instant timestamp(String outputTimestamp) {
        if (outputTimestamp == null || outputTimestamp.isBlank() || outputTimestamp.length() < 2) {
            return null;
        }
        if (outputTimestamp.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochSecond(Long.parseLong(outputTimestamp));
        }
        try {
            return OffsetDateTime.parse(outputTimestamp).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
