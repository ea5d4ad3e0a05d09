package dev.faasport.core.fake;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;

import java.util.List;
import java.util.Map;

/** Builds units for tests. */
public final class Units {

    private Units() {
    }

    public static FunctionSpec spec(String name) {
        return new FunctionSpec(name, "com.example.Fn", FunctionShape.HTTP, new Trigger.Http(List.of(), false), 256, 30,
                Map.of(), 10, 0, FunctionSpec.PackageType.ZIP, Map.of());
    }

    public static DeployUnit desired(String set, String name, String sha, String configHash) {
        return new DeployUnit(set, name, List.of(spec(name)),
                new Artifact(PackageFormat.LOCAL_ZIP, null, sha, 100, 200, null), configHash, Map.of());
    }

    public static DeployedUnit deployed(String set, String name, String sha, String configHash) {
        return new DeployedUnit(set, name, sha, configHash, List.of(spec(name)),
                Map.of(name, "http://127.0.0.1:1/" + name), Map.of());
    }
}
