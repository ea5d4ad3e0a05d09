package dev.faasport.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to build and where to push it.
 *
 * @param baseImage        the base image reference ({@code registry/repo:tag}, {@code repo@sha256:...} or {@code scratch})
 * @param targetImage      the image reference to push to ({@code registry/repo:tag})
 * @param layers           the application layers, in order (least often changed first)
 * @param entrypoint       the entry point; null keeps the base image's
 * @param cmd              the arguments (Docker CMD); null keeps the base image's
 * @param environment      environment variables, added to (and overriding) the base image's
 * @param platforms        {@code os/architecture} values such as {@code linux/amd64}; with more than one the base
 *                         image must be a manifest list holding them all and a manifest list is pushed
 * @param insecure         allow plain HTTP and unverified TLS to the registries (local registries only)
 * @param workingDirectory the working directory in the image, or null to keep the base image's
 * @param cacheDirectory   where jib-core caches layers between builds, or null for its default
 */
public record ImageRequest(String baseImage, String targetImage, List<Layer> layers, List<String> entrypoint,
                           List<String> cmd, Map<String, String> environment, List<String> platforms, boolean insecure,
                           String workingDirectory, Path cacheDirectory) {

    public ImageRequest {
        Objects.requireNonNull(baseImage, "baseImage");
        Objects.requireNonNull(targetImage, "targetImage");
        layers = List.copyOf(layers);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(environment));
        platforms = platforms == null || platforms.isEmpty() ? List.of("linux/amd64") : List.copyOf(platforms);
    }

    /** The request as the brief names it: no working directory, jib-core's default cache. */
    public ImageRequest(String baseImage, String targetImage, List<Layer> layers, List<String> entrypoint,
                        List<String> cmd, Map<String, String> environment, List<String> platforms, boolean insecure) {
        this(baseImage, targetImage, layers, entrypoint, cmd, environment, platforms, insecure, null, null);
    }

    /** @return this request pushed to another image reference */
    public ImageRequest withTargetImage(String image) {
        return new ImageRequest(baseImage, image, layers, entrypoint, cmd, environment, platforms, insecure,
                workingDirectory, cacheDirectory);
    }

    /** @return this request with another entry point (null keeps the base image's), e.g. another java path */
    public ImageRequest withEntrypoint(List<String> newEntrypoint) {
        return new ImageRequest(baseImage, targetImage, layers, newEntrypoint, cmd, environment, platforms, insecure,
                workingDirectory, cacheDirectory);
    }

    /** @return this request with another layer cache directory */
    public ImageRequest withCacheDirectory(Path directory) {
        return new ImageRequest(baseImage, targetImage, layers, entrypoint, cmd, environment, platforms, insecure,
                workingDirectory, directory);
    }
}
