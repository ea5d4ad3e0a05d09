package dev.faasport.limits;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Lambda's 10 GB container image limit on pushed images, base image included. */
class ImageLimitTest {
    static final long TEN_GB = 10L << 30;
    final LimitChecker checker = new LimitChecker();

    static DeployUnit image(long compressed, long applicationUncompressed, long baseCompressed) {
        FunctionSpec f = Units.spec("big", new Trigger.Http(List.of(), true), 1024, 30, Map.of(), 0, 0,
                FunctionSpec.PackageType.IMAGE, Map.of());
        return new DeployUnit("set", "big", List.of(f), new Artifact(PackageFormat.OCI_IMAGE, null, "a".repeat(64),
                compressed, applicationUncompressed, "127.0.0.1:5000/t/set/big@sha256:" + "a".repeat(64)), "hash",
                Map.of(LimitChecker.IMAGE_BASE_BYTES, Long.toString(baseCompressed)));
    }

    Finding imageFinding(DeployUnit u) {
        List<Finding> found = checker.check("aws", null, List.of(u), Map.of()).findings().stream()
                .filter(f -> f.key().equals("package.image.bytes")).toList();
        assertThat(found).hasSize(1);
        assertThat(checker.check("aws", null, List.of(u), Map.of()).findings())
                .noneMatch(f -> f.key().startsWith("package.unzipped") || f.key().startsWith("package.zipped"));
        return found.get(0);
    }

    @Test
    void baseLayersCountTowardsTheLimit() {
        // Faasport's files plus the base image's layers: exactly 10 GB fits, one byte more does not
        Finding inside = imageFinding(image(3L << 30, TEN_GB - 1000, 1000));
        assertThat(inside.severity()).isEqualTo(Severity.FITS);
        Finding outside = imageFinding(image(3L << 30, TEN_GB - 1000, 1001));
        assertThat(outside.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(outside.message()).contains("Function 'big' does not fit AWS Lambda").contains("10 GB")
                .contains("limit as of 2026-11").contains("gettingstarted-limits");
        assertThat(outside.asOf()).isEqualTo("2026-11");
    }

    @Test
    void thePushedSizeIsALowerBoundWhenNoBaseSizeIsKnown() {
        assertThat(imageFinding(image(TEN_GB, 5, 0)).severity()).isEqualTo(Severity.FITS);
        assertThat(imageFinding(image(TEN_GB + 1, 5, 0)).severity()).isEqualTo(Severity.VIOLATION);
    }
}
