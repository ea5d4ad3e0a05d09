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

/** 20 functions sharing 30 MB of dependencies: a second run with nothing changed must take under 300 ms. */
class UpToDatePerformanceTest {
    @TempDir
    Path tmp;

    @Test
    void unchangedProjectIsUpToDateWithin300Milliseconds() throws Exception {
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

        long t0 = System.nanoTime();
        for (var t : targets.entrySet()) {
            assertThat(packager.pack(req, t.getKey(), t.getValue()).upToDate()).isFalse();
        }
        long full = System.nanoTime() - t0;

        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t1 = System.nanoTime();
            for (var t : targets.entrySet()) {
                PackageResult r = packager.pack(req, t.getKey(), t.getValue());
                assertThat(r.upToDate()).isTrue();
                assertThat(r.written()).isEmpty();
            }
            best = Math.min(best, System.nanoTime() - t1);
        }
        System.out.printf("packaging 20 functions + 30 MB for aws, azure, gcp: full %d ms, up to date %d ms%n",
                full / 1_000_000, best / 1_000_000);
        assertThat(best / 1_000_000).as("up-to-date check of three providers in ms").isLessThan(300);
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
