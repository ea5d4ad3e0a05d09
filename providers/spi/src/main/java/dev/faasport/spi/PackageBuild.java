package dev.faasport.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the packager offers a {@link PackageLayout} while it packages one function set for one provider: the set,
 * reproducible archives holding the project's classes, its dependencies and Faasport's adapter jars, the function
 * descriptor every adapter reads, and the units the layout records. Archives are written with one fixed timestamp
 * and sorted entries, so the same inputs give the same bytes.
 */
public interface PackageBuild {
    /** The descriptor resource every Faasport adapter reads from the function's class path. */
    String DESCRIPTOR = "faasport-functions.json";

    /** @return the function set's name */
    String setName();

    /** @return the provider packaged for, e.g. {@code local} */
    String providerId();

    /** @return the set's functions, sorted by name */
    List<FunctionSpec> functions();

    /** @return the set's settings for this provider: neutral keys and keys under its own prefix */
    Map<String, String> settings();

    /** @return the functions the packager builds as container images instead (leave them out) */
    Set<String> imageFunctions();

    /** @return whether the user asked for the dependencies in one archive shared by all units, where the layout can */
    boolean sharedDependencies();

    /** @return whether the project has dependencies of its own (beyond Faasport's adapters) */
    boolean hasDependencies();

    /**
     * @param functions        the functions the descriptor names
     * @param withConfiguration whether it also carries each function's timeout and environment (for targets where
     *                         one package serves several functions with one set of settings)
     * @return the text of {@code faasport-functions.json}
     */
    String descriptor(List<FunctionSpec> functions, boolean withConfiguration);

    /**
     * @return the file names the jars of {@link Archive#dependencies} and {@link Archive#adapters} get, sorted (e.g.
     *         for a manifest {@code Class-Path})
     */
    List<String> jarNames();

    /** @return a new, empty reproducible archive */
    Archive archive();

    /**
     * Records a deploy unit. The packager adds the runtime it chose ({@code java.runtime}), the set's settings and
     * the configuration hash, and writes the unit to the manifest.
     *
     * @param name           the unit's name
     * @param functions      the functions it holds
     * @param archive        its archive, as {@link Archive#write} returned it
     * @param settings       settings the provider reads from the unit (e.g. the entry point)
     * @param configSettings settings that are also configuration: a change redeploys the unit even when its own
     *                       archive is unchanged (e.g. the hash of a shared archive)
     * @param manifest       extra keys of the unit's manifest entry
     */
    void unit(String name, List<FunctionSpec> functions, Artifact archive, Map<String, String> settings,
              Map<String, String> configSettings, Map<String, Object> manifest);

    /** Records an archive shared by the units (the manifest lists it under {@code layer}). */
    void shared(Artifact archive);

    /** A reproducible zip under construction. */
    interface Archive {
        /** Adds a UTF-8 text entry. */
        Archive text(String name, String text);

        /** Adds an entry. */
        Archive bytes(String name, byte[] bytes);

        /** Adds the project's classes and resources under {@code prefix} ("" for the root). */
        Archive classes(String prefix);

        /** Adds the project's dependency jars under {@code prefix} (e.g. {@code lib/}), stored, not deflated. */
        Archive dependencies(String prefix);

        /** Adds Faasport's adapter jars for the format under {@code prefix}, those the project does not ship already. */
        Archive adapters(String prefix);

        /** Adds a file written earlier with {@link #writeWork}, stored, with a comment naming what it is. */
        Archive file(String name, Path file, String comment);

        /**
         * Writes the archive as one of the provider's packages.
         *
         * @param fileName the file name in the provider's output directory, e.g. {@code hello.zip}
         * @return the written archive (format, path, sha256 and sizes)
         */
        Artifact write(String fileName) throws IOException;

        /** Writes the archive to a scratch directory the packager removes afterwards, e.g. a jar to nest. */
        Path writeWork(String fileName) throws IOException;
    }

    /** A function set the layout cannot express; the message says why and what to do. */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }
}
