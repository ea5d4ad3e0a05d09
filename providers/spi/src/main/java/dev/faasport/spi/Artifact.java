package dev.faasport.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A packaged, deployable artifact.
 *
 * @param format        the package format
 * @param path          the archive on disk (for images: the image's local tarball or null when only pushed)
 * @param sha256        lower-case hex SHA-256 of the archive bytes (for images: the manifest digest)
 * @param zippedBytes   size of the archive
 * @param unzippedBytes sum of the uncompressed sizes of its entries
 * @param imageRef      the pushed image reference for images, otherwise null
 */
public record Artifact(PackageFormat format, Path path, String sha256, long zippedBytes, long unzippedBytes,
                       String imageRef) {
    public Artifact {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(sha256, "sha256");
    }
}
