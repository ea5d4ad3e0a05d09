package dev.faasport.packaging;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A resolved runtime dependency of the function set.
 *
 * @param coordinates {@code groupId:artifactId:version[:classifier]}
 * @param file        the jar on disk
 */
public record Dependency(String coordinates, Path file) {
    public Dependency {
        Objects.requireNonNull(coordinates, "coordinates");
        Objects.requireNonNull(file, "file");
    }

    /** @return the artifactId part of the coordinates, or the whole string when it has no colon */
    public String artifactId() {
        String[] parts = coordinates.split(":");
        return parts.length >= 2 ? parts[1] : coordinates;
    }

    /** @return the groupId part of the coordinates */
    public String groupId() {
        return coordinates.split(":")[0];
    }
}
