package dev.faasport.provider.aws;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AwsUnitSettingsTest {

    private static DeployUnit unit(Map<String, String> settings, Map<String, String> options) {
        FunctionSpec f = new FunctionSpec("f", "a.B", FunctionShape.HTTP, new Trigger.Http(List.of(), false), 256, 10,
                Map.of(), 0, 0, FunctionSpec.PackageType.ZIP, options);
        return new DeployUnit("demo", "f", List.of(f),
                new Artifact(PackageFormat.LAMBDA_ZIP, Path.of("f.zip"), "abc", 1, 1, null), "c", settings);
    }

    @Test
    void readsPackagingsKeysOnce() {
        AwsUnitSettings s = AwsUnitSettings.of(unit(Map.of(AwsUnitSettings.RUNTIME, " java21 ",
                AwsUnitSettings.ARCHITECTURE, " ARM64 ", AwsUnitSettings.LAYER_PATH, "/t/faas/layer.zip",
                AwsUnitSettings.LAYER_SHA256, "cafe", AwsUnitSettings.LAYERS, " arn:a:1, ,arn:b:2 ,"),
                Map.of(AwsUnitSettings.SNAP_START, "TRUE")));
        assertThat(s.runtime()).isEqualTo("java21");
        assertThat(s.runtimeOr("java17")).isEqualTo("java21");
        assertThat(s.architecture()).isEqualTo("arm64");
        assertThat(s.layerPath()).isEqualTo(Path.of("/t/faas/layer.zip"));
        assertThat(s.layerSha256()).isEqualTo("cafe");
        assertThat(s.layers()).containsExactly("arn:a:1", "arn:b:2");
        assertThat(s.snapStart()).contains(true);
        assertThat(s.snapStartOn()).isTrue();
    }

    @Test
    void absentOrBlankKeysMeanTheDefaults() {
        AwsUnitSettings s = AwsUnitSettings.of(unit(Map.of(AwsUnitSettings.RUNTIME, " ",
                AwsUnitSettings.LAYER_PATH, "", AwsUnitSettings.LAYER_SHA256, " "), Map.of()));
        assertThat(s.runtime()).isNull();
        assertThat(s.runtimeOr("java17")).isEqualTo("java17");
        assertThat(s.architecture()).isEqualTo("x86_64");
        assertThat(s.layerPath()).isNull();
        assertThat(s.layerSha256()).isNull();
        assertThat(s.layers()).isEmpty();
        assertThat(s.snapStart()).isEqualTo(Optional.empty());
        assertThat(s.snapStartOn()).isFalse();
        assertThat(AwsUnitSettings.of(unit(Map.of(), Map.of(AwsUnitSettings.SNAP_START, "no"))).snapStart())
                .contains(false);
    }
}
