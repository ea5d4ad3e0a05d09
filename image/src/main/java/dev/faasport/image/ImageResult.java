package dev.faasport.image;

import java.util.List;

/**
 * A pushed image.
 *
 * @param imageRef      the pushed image by digest ({@code registry/repo@sha256:...}), what a deployment should use
 * @param digest        the digest of the pushed manifest (or manifest list), {@code sha256:...}
 * @param layerDigests  the layer digests of the first platform's image, base layers first
 * @param totalBytes    the compressed size of the largest platform image (config and all layers, base included), as
 *                      the registry stores it; compare it with size limits such as Lambda's 10 GB
 * @param pushedLayers  distinct layers whose bytes were uploaded by this build
 * @param reusedLayers  distinct layers the registry already held (not uploaded again)
 * @param platforms     the platforms of a pushed manifest list ({@code linux/amd64}); empty for a single-platform image
 * @param applicationUncompressedBytes the uncompressed size of the files Faasport added (base image excluded)
 * @param baseCompressedBytes the compressed size of the base image's layers (largest platform), as the registry
 *                      stores them; with {@code applicationUncompressedBytes} a lower bound of the uncompressed image
 */
public record ImageResult(String imageRef, String digest, List<String> layerDigests, long totalBytes,
                          int pushedLayers, int reusedLayers, List<String> platforms,
                          long applicationUncompressedBytes, long baseCompressedBytes) {
    public ImageResult {
        layerDigests = List.copyOf(layerDigests);
        platforms = List.copyOf(platforms);
    }

    /** @return the manifest digest as lower-case hex without the {@code sha256:} prefix (an SPI Artifact's sha256) */
    public String digestHex() {
        return digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
    }
}
