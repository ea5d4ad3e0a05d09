package dev.faasport.packaging;

import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 20 functions sharing 30 MB of dependencies: a second run with nothing changed writes nothing. How long that check
 * takes is measured by benchmarks/packaging ("unchanged"), not asserted here: a wall-clock bound fails on a busy machine.
 */
class UpToDateTest {
    @TempDir
    Path tmp;

    @Test
    void anUnchangedProjectIsUpToDateAndNothingIsWritten() throws Exception {
        Path classes = tmp.resolve("classes");
        List<FunctionSpec> functions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Fixtures.write(classes.resolve("com/example/F" + i + ".class"), "cafebabe " + i + "x".repeat(2000));
            functions.add(Fixtures.fn("fn" + i, i % 2 == 0 ? new Trigger.Http(List.of(), true) : new Trigger.Queue("q" + i, 10, 3)));
        }
        Random random = new Random(42);
        List<Dependency> deps = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            deps.add(new Dependency("com.example:dep" + i + ":1.0", randomJar(tmp.resolve("m2/dep" + i + "-1.0.jar"), 1 << 20, random)));
        }
        Path adapter = Fixtures.jar(tmp.resolve("adapters/faasport-runtime-x.jar"), "X.class", "x");
        Map<PackageFormat, List<Path>> adapters = new java.util.TreeMap<>();
        for (PackageFormat f : java.util.List.of(PackageFormat.LOCAL_ZIP, PackageFormat.LAMBDA_ZIP, PackageFormat.AZURE_APP_ZIP, PackageFormat.GCF_SOURCE_ZIP, PackageFormat.OCI_IMAGE)) adapters.put(f, List.of(adapter));
        PackageRequest req = new PackageRequest("perf", functions, classes, deps, adapters, tmp.resolve("faas"),
                Fixtures.TS, false, Map.of());
        Packager packager = new Packager();
        Map<String, PackageFormat> targets = Map.of("aws", PackageFormat.LAMBDA_ZIP, "azure", PackageFormat.AZURE_APP_ZIP,
                "gcp", PackageFormat.GCF_SOURCE_ZIP);

        for (var t : targets.entrySet()) {
            assertThat(packager.pack(req, t.getKey(), t.getValue()).upToDate()).isFalse();
        }
        for (var t : targets.entrySet()) {
            PackageResult r = packager.pack(req, t.getKey(), t.getValue());
            assertThat(r.upToDate()).as(t.getKey()).isTrue();
            assertThat(r.written()).as(t.getKey()).isEmpty();
        }
    }

    static Path randomJar(Path file, int size, Random random) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] data = new byte[size];
        random.nextBytes(data);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            z.setLevel(0);
            z.putNextEntry(new ZipEntry("blob.bin"));
            OutputStream o = z;
            o.write(data);
            z.closeEntry();
        }
        return file;
    }
}
