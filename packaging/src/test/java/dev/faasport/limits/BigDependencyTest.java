package dev.faasport.limits;

import dev.faasport.packaging.Dependency;
import dev.faasport.packaging.PackageRequest;
import dev.faasport.packaging.PackageResult;
import dev.faasport.packaging.Packager;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.PackageFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A project whose real dependencies exceed Lambda's 250 MB unzipped cap, packaged and then checked. */
class BigDependencyTest {
    @TempDir
    Path tmp;

    @Test
    void dependenciesOverLambdasUnzippedCapAreAViolationNamingTheLargestJars() throws Exception {
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes.resolve("com/example"));
        Files.writeString(classes.resolve("com/example/Thumbnail.class"), "cafebabe");
        Path huge = zerosJar(tmp.resolve("m2/bundle-2.57.8.jar"), 230L * 1024 * 1024);
        Path medium = zerosJar(tmp.resolve("m2/opencv-4.9.jar"), 25L * 1024 * 1024);
        Path small = zerosJar(tmp.resolve("m2/small-1.0.jar"), 1024);
        PackageRequest req = new PackageRequest("media", List.of(Units.spec("thumbnail",
                new dev.faasport.spi.Trigger.Storage("uploads", null, "", ""), 1024, 60, Map.of(), 0, 0, null, Map.of())),
                classes, List.of(new Dependency("software.amazon.awssdk:bundle:2.57.8", huge),
                new Dependency("org.openpnp:opencv:4.9", medium), new Dependency("com.example:small:1.0", small)),
                Map.of(), tmp.resolve("faas"), Instant.parse("2026-11-27T00:00:00Z"), false, Map.of());

        PackageResult result = new Packager().pack(req, "aws", PackageFormat.LAMBDA_ZIP);
        DeployUnit unit = result.units().get(0);
        assertThat(unit.artifact().unzippedBytes()).isGreaterThan(262_144_000L);

        CheckReport report = new LimitChecker().check("aws", null, result.units(), Map.of());
        Finding f = report.findings().stream().filter(x -> x.key().equals("package.unzipped.bytes")).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(f.largestDependencies()).hasSize(3);
        assertThat(f.largestDependencies().get(0)).startsWith("software.amazon.awssdk:bundle:2.57.8 230");
        assertThat(f.largestDependencies().get(1)).startsWith("org.openpnp:opencv:4.9 25");
        assertThat(f.message()).contains("Function 'thumbnail' does not fit AWS Lambda")
                .contains("Largest dependencies: software.amazon.awssdk:bundle:2.57.8")
                .contains("perhaps you should exclude software.amazon.awssdk:bundle:2.57.8");
        assertThat(f.fixes()).anyMatch(x -> x.contains("<packageType>image</packageType>"));
        // the zip is over the direct-upload size too: a warning to go through S3
        assertThat(report.findings()).anyMatch(x -> x.key().equals("package.zipped.directUpload.bytes")
                && x.severity() == Severity.WARNING);
        assertThat(report.worstFor("thumbnail")).isEqualTo(Severity.VIOLATION);

        // the same package fits Google 2nd gen (no documented limit) but not 1st gen (500 MB is fine, 100 MB zipped is not)
        CheckReport gen1 = new LimitChecker().check("gcp", "gen1", result.units(), Map.of());
        assertThat(gen1.findings()).anyMatch(x -> x.key().equals("package.zipped.bytes") && x.severity() == Severity.VIOLATION);
        Files.delete(unit.artifact().path()); // 255 MB of temp space back early
    }

    /** A jar holding one stored entry of zeros: real bytes on disk, generated here, never committed. */
    static Path zerosJar(Path file, long size) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] zeros = new byte[1 << 20];
        CRC32 crc = new CRC32();
        for (long left = size; left > 0; left -= zeros.length) crc.update(zeros, 0, (int) Math.min(left, zeros.length));
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            ZipEntry e = new ZipEntry("blob.bin");
            e.setMethod(ZipEntry.STORED);
            e.setSize(size);
            e.setCompressedSize(size);
            e.setCrc(crc.getValue());
            z.putNextEntry(e);
            OutputStream o = z;
            for (long left = size; left > 0; left -= zeros.length) o.write(zeros, 0, (int) Math.min(left, zeros.length));
            z.closeEntry();
        }
        return file;
    }
}
