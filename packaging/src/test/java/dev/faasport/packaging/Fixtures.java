package dev.faasport.packaging;

import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A small project on disk: classes, a dependency jar, adapter jars, four functions (one per trigger kind). */
final class Fixtures {
    static final Instant TS = Instant.parse("2026-11-27T00:00:00Z");

    final Path root;
    final Path classes;
    final Path out;
    final List<Dependency> deps = new ArrayList<>();
    final Map<PackageFormat, List<Path>> adapters = new java.util.TreeMap<>();
    final List<FunctionSpec> functions = new ArrayList<>();
    final Map<String, String> settings = new LinkedHashMap<>();
    boolean sharedLayer;

    Fixtures(Path root) throws IOException {
        this.root = root;
        this.classes = root.resolve("classes");
        this.out = root.resolve("target/faas");
        write(classes.resolve("com/example/Hello.class"), "cafebabe hello");
        write(classes.resolve("com/example/Thumbnail.class"), "cafebabe thumbnail");
        write(classes.resolve("application.properties"), "greeting=hi\n");
        deps.add(new Dependency("com.example:lib-a:1.0", jar(root.resolve("m2/lib-a-1.0.jar"), "a/A.class", "A".repeat(5000))));
        deps.add(new Dependency("org.other:lib-b:2.1", jar(root.resolve("m2/lib-b-2.1.jar"), "b/B.class", "B".repeat(300))));
        Path common = jar(root.resolve("adapters/faasport-runtime-common-0.1.0-SNAPSHOT.jar"), "dev/faasport/runtime/X.class", "common");
        for (PackageFormat f : java.util.List.of(PackageFormat.LOCAL_ZIP, PackageFormat.LAMBDA_ZIP, PackageFormat.AZURE_APP_ZIP, PackageFormat.GCF_SOURCE_ZIP, PackageFormat.OCI_IMAGE)) {
            String vendor = f == PackageFormat.LOCAL_ZIP ? "local" : f == PackageFormat.LAMBDA_ZIP ? "aws"
                    : f == PackageFormat.AZURE_APP_ZIP ? "azure" : "gcp";
            Path adapter = jar(root.resolve("adapters/faasport-runtime-" + vendor + "-0.1.0-SNAPSHOT.jar"),
                    "dev/faasport/runtime/" + vendor + "/Handler.class", vendor);
            adapters.put(f, List.of(adapter, common));
        }
        functions.add(fn("hello", new Trigger.Http(List.of("GET", "POST"), true)));
        functions.add(fn("thumbnail", new Trigger.Storage("uploads", Set.of(Trigger.StorageEventKind.CREATED), "in/", ".png")));
        functions.add(fn("worker", new Trigger.Queue("jobs", 10, 3)));
        functions.add(fn("nightly", new Trigger.Schedule("cron(0 2 * * ? *)")));
    }

    static FunctionSpec fn(String name, Trigger trigger) {
        FunctionShape shape = switch (trigger.kind()) {
            case "http" -> FunctionShape.HTTP;
            case "storage" -> FunctionShape.STORAGE;
            case "queue" -> FunctionShape.QUEUE;
            default -> FunctionShape.SCHEDULE;
        };
        return new FunctionSpec(name, "com.example.Hello", shape, trigger, 512, 30, Map.of("GREETING", "hi"), 0, 0,
                null, Map.of());
    }

    PackageRequest request() {
        return request(out);
    }

    PackageRequest request(Path outputDir) {
        return new PackageRequest("hello-set", functions, classes, deps, adapters, outputDir, TS, sharedLayer, settings);
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    static Path jar(Path file, String entry, String content) throws IOException {
        Files.createDirectories(file.getParent());
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            ZipEntry e = new ZipEntry(entry);
            e.setTime(TS.toEpochMilli()); // fixed, so that packages' hashes can be compared across runs (LayoutGoldenTest)
            z.putNextEntry(e);
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return file;
    }
}
