package dev.faasport.limits;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;

import java.util.List;
import java.util.Map;

/** Builds units for limit checks without packaging anything. */
final class Units {
    private Units() {
    }

    static FunctionSpec http(String name) {
        return spec(name, new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, null, Map.of());
    }

    static FunctionSpec queue(String name) {
        return spec(name, new Trigger.Queue("jobs", 10, 3), 512, 30, Map.of(), 0, 0, null, Map.of());
    }

    static FunctionSpec spec(String name, Trigger t, int memory, int timeout, Map<String, String> env, int conc,
                             int minInstances, FunctionSpec.PackageType type, Map<String, String> options) {
        FunctionShape shape = t.kind().equals("http") ? FunctionShape.HTTP : FunctionShape.TYPED;
        return new FunctionSpec(name, "com.example.H", shape, t, memory, timeout, env, conc, minInstances, type, options);
    }

    static FunctionSpec with(FunctionSpec f, int memory, int timeout) {
        return new FunctionSpec(f.name(), f.handler(), f.shape(), f.trigger(), memory, timeout, f.environment(),
                f.maxConcurrency(), f.minInstances(), f.packageType(), f.options());
    }

    static DeployUnit unit(FunctionSpec f, long zipped, long unzipped, Map<String, String> settings) {
        return unit(f.name(), List.of(f), zipped, unzipped, settings);
    }

    static DeployUnit unit(FunctionSpec f) {
        return unit(f, 1000, 2000, Map.of());
    }

    static DeployUnit unit(String name, List<FunctionSpec> fns, long zipped, long unzipped, Map<String, String> settings) {
        return new DeployUnit("set", name, fns, new Artifact(PackageFormat.LAMBDA_ZIP, null, "0".repeat(64), zipped,
                unzipped, null), "hash", settings);
    }
}
