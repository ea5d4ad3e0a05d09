package dev.faasport.spi;

import java.io.IOException;

/**
 * How the packages of one {@link PackageFormat} are laid out: which archives a function set becomes, what goes where
 * inside them, and the settings each unit carries to its provider (its entry point, its app). Supplied by the provider
 * that deploys the format ({@link Provider#packageLayout()}), so the packager knows no vendor: it collects the classes,
 * dependencies and adapter jars, writes reproducible archives and the manifest, and calls the layout in between.
 * Implementations are stateless and thread-safe.
 */
public interface PackageLayout {

    /** @return the format this layout writes; the artifacts of its units carry it */
    PackageFormat format();

    /**
     * Checks what the layout needs before anything is built, e.g. a setting it cannot do without.
     *
     * @throws PackageBuild.Refused when the set cannot be expressed in this layout, with the fix in the message
     */
    default void check(PackageBuild build) throws PackageBuild.Refused {
    }

    /**
     * Writes the set's archives with {@link PackageBuild#archive()} and records each as a unit with
     * {@link PackageBuild#unit}. The functions {@link PackageBuild#imageFunctions()} names are built as images by the
     * packager and must be left out here.
     *
     * @throws PackageBuild.Refused when a function cannot be expressed in this layout, with the fix in the message
     */
    void write(PackageBuild build) throws IOException, PackageBuild.Refused;

    /**
     * @param adapterJar the file name of one of Faasport's adapter jars for this format
     * @return whether the jar goes into this layout's archives (false for jars only a container image needs)
     */
    default boolean packs(String adapterJar) {
        return true;
    }
}
