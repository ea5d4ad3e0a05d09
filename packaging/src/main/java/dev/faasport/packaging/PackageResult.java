package dev.faasport.packaging;

import dev.faasport.spi.DeployUnit;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Packager#pack} produced for one provider.
 *
 * @param units    the deploy units, one per function or one per app, with their artifacts and config hashes
 * @param upToDate true when nothing had changed since the last run and nothing was written
 * @param manifest the manifest ({@code outputDir/manifest.json}) describing every artifact
 * @param written  the files written by this run (empty when up to date)
 */
public record PackageResult(List<DeployUnit> units, boolean upToDate, Path manifest, List<Path> written) {
    public PackageResult {
        units = List.copyOf(units);
        written = written == null ? List.of() : List.copyOf(written);
    }
}
