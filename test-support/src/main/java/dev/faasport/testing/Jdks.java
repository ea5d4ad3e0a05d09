package dev.faasport.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs installed on this machine, by feature version: the running one and those under {@code /usr/lib/jvm}
 * (Debian's packages, Temurin's), read from each JDK's {@code release} file. The vendor runtimes' conformance tests
 * run a package on the JDK of the runtime Faasport selected ({@code java17}, {@code java21}, {@code java25}).
 */
public final class Jdks {

    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    private static final List<Path> ROOTS = List.of(Path.of("/usr/lib/jvm"));

    private Jdks() {
    }

    /** @return the home of an installed JDK of this feature version (the running JVM's first), or empty */
    public static Optional<Path> find(int feature) {
        Path running = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() == feature && Files.isExecutable(running.resolve("bin/java"))) {
            return Optional.of(running);
        }
        for (Path root : ROOTS) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> homes = Files.list(root)) {
                Optional<Path> hit = homes.sorted().filter(h -> feature(h) == feature)
                        .filter(h -> Files.isExecutable(h.resolve("bin/java"))).findFirst();
                if (hit.isPresent()) {
                    return hit;
                }
            } catch (IOException e) {
                // unreadable directory: no JDK found there
            }
        }
        return Optional.empty();
    }

    /** @return the feature version of a Lambda or Cloud Functions Java runtime id ({@code java21} -> 21), or -1 */
    public static int feature(String runtimeId) {
        Matcher m = Pattern.compile("java(\\d+)").matcher(runtimeId == null ? "" : runtimeId);
        return m.lookingAt() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static int feature(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
