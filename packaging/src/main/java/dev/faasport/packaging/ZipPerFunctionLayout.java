package dev.faasport.packaging;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageBuild;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.PackageLayout;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@link PackageFormat#LOCAL_ZIP}: one zip per function, classes at the root, jars under {@code lib/},
 * {@code faasport-functions.json} at the root.
 */
final class ZipPerFunctionLayout implements PackageLayout {
    @Override
    public PackageFormat format() {
        return PackageFormat.LOCAL_ZIP;
    }

    @Override
    public void write(PackageBuild build) throws IOException {
        for (FunctionSpec f : build.functions()) {
            if (build.imageFunctions().contains(f.name())) {
                continue;
            }
            Artifact zip = build.archive().classes("").dependencies("lib/").adapters("lib/")
                    .text(PackageBuild.DESCRIPTOR, build.descriptor(List.of(f), false))
                    .write(f.name() + ".zip");
            build.unit(f.name(), List.of(f), zip, Map.of(), Map.of(), Map.of());
        }
    }
}
