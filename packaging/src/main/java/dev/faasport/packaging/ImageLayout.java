package dev.faasport.packaging;

import dev.faasport.spi.PackageBuild;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.PackageLayout;

/** {@link PackageFormat#OCI_IMAGE}: no archive; every function is a container image ({@link ImagePlan}). */
final class ImageLayout implements PackageLayout {
    @Override
    public PackageFormat format() {
        return PackageFormat.OCI_IMAGE;
    }

    @Override
    public void write(PackageBuild build) {
        // the packager builds and pushes one image per function
    }
}
