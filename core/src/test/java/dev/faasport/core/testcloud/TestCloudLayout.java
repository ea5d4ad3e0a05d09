package dev.faasport.core.testcloud;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageBuild;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.PackageLayout;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Test Cloud's bundle: one zip per function, everything under {@code bundle/} (classes, {@code lib/*.jar}, the
 * descriptor) and a {@code testcloud.properties} naming the entry point, which the unit also carries.
 */
final class TestCloudLayout implements PackageLayout {
    /** Test Cloud's entry point for every function (Faasport's local adapter in this test). */
    static final String ENTRY = "dev.faasport.runtime.local.Worker";

    @Override
    public PackageFormat format() {
        return TestCloudProvider.BUNDLE;
    }

    @Override
    public void check(PackageBuild build) throws PackageBuild.Refused {
        for (FunctionSpec f : build.functions()) {
            if (f.name().startsWith("bundle")) {
                throw new PackageBuild.Refused("Function '" + f.name() + "' would clash with Test Cloud's bundle"
                        + " folder, perhaps you should rename it");
            }
        }
    }

    @Override
    public void write(PackageBuild build) throws IOException {
        for (FunctionSpec f : build.functions()) {
            Artifact zip = build.archive().classes("bundle/").dependencies("bundle/lib/").adapters("bundle/lib/")
                    .text("bundle/" + PackageBuild.DESCRIPTOR, build.descriptor(List.of(f), false))
                    .text("testcloud.properties", "entry=" + ENTRY + "\nfunction=" + f.name() + "\n")
                    .write(f.name() + ".bundle.zip");
            build.unit(f.name(), List.of(f), zip, Map.of("testcloud.entry", ENTRY), Map.of(), Map.of("entry", ENTRY));
        }
    }
}
