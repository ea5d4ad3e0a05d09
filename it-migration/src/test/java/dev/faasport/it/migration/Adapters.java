package dev.faasport.it.migration;

import dev.faasport.spi.PackageFormat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter jars each package format needs, as the plugin hands them to the core, found on the test class path by
 * a class each holds. In a reactor build a module may be a classes directory: it is jarred once into a temp file.
 */
final class Adapters {

    private static final Map<String, String> MARKERS = Map.of(
            "faasport-runtime-api", "dev.faasport.api.HttpFunction",
            "faasport-runtime-common", "dev.faasport.runtime.FunctionRegistry",
            "faasport-json", "dev.faasport.runtime.json.Json",
            "faasport-runtime-local", "dev.faasport.runtime.local.WorkerMain",
            "faasport-runtime-aws", "dev.faasport.runtime.aws.LambdaHandler",
            "aws-lambda-java-core", "com.amazonaws.services.lambda.runtime.Context",
            "faasport-runtime-gcp", "dev.faasport.runtime.gcp.GcfHttpHandler",
            "faasport-runtime-azure", "dev.faasport.runtime.azure.AzureHandlers",
            "faasport-runtime-http", "dev.faasport.runtime.http.HttpMain");

    private static final Map<String, Path> JARS = new ConcurrentHashMap<>();

    private Adapters() {
    }

    /** @return per package format: adapter, runtime-common, faasport-json, runtime-api (what MavenInputs.adapterJars gives) */
    static Map<PackageFormat, List<Path>> all() {
        Map<PackageFormat, List<Path>> out = new java.util.TreeMap<>();
        Path common = jar("faasport-runtime-common");
        Path json = jar("faasport-json");
        Path api = jar("faasport-runtime-api");
        out.put(PackageFormat.LOCAL_ZIP, List.of(jar("faasport-runtime-local"), common, json, api));
        out.put(PackageFormat.LAMBDA_ZIP, List.of(jar("faasport-runtime-aws"), jar("aws-lambda-java-core"), common, json, api));
        out.put(PackageFormat.GCF_SOURCE_ZIP, List.of(jar("faasport-runtime-gcp"), common, json, api));
        out.put(PackageFormat.AZURE_APP_ZIP, List.of(jar("faasport-runtime-azure"), common, json, api));
        out.put(PackageFormat.OCI_IMAGE, List.of(jar("faasport-runtime-http"), common, json, api));
        return out;
    }

    static Path jar(String artifactId) {
        return JARS.computeIfAbsent(artifactId, Adapters::locate);
    }

    private static Path locate(String artifactId) {
        String marker = MARKERS.get(artifactId);
        try {
            Path where = Path.of(Class.forName(marker, false, Adapters.class.getClassLoader())
                    .getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(where) ? jarUp(artifactId, where) : where;
        } catch (ClassNotFoundException | URISyntaxException | IOException e) {
            throw new IllegalStateException(artifactId + " is not on the test class path, perhaps you should add it to"
                    + " it-migration/pom.xml: " + e, e);
        }
    }

    private static Path jarUp(String artifactId, Path classes) throws IOException {
        Path jar = Files.createTempDirectory("faasport-it-adapters").resolve(artifactId + ".jar");
        jar.toFile().deleteOnExit();
        jar.getParent().toFile().deleteOnExit();
        return dev.faasport.testing.Jars.jar(classes, jar);
    }
}
