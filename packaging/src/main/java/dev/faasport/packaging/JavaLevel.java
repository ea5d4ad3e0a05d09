package dev.faasport.packaging;

import dev.faasport.runtime.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Java level a build was compiled for, measured from what was compiled rather than read from configuration: the
 * highest class-file version among the classes and the base entries of the jars, as a feature number (52 is Java 8,
 * 61 Java 17, 65 Java 21, 69 Java 25). Multi-release entries ({@code META-INF/versions/**}) are left out because a
 * JVM only loads those it can run, and so is {@code module-info.class}, which no class path loads. Only the 8-byte
 * header of each class is read; a jar's level is kept in a cache file by path, size and modification time.
 */
public final class JavaLevel {
    private static final int MAGIC = 0xCAFEBABE;
    /** Class-file major version of Java 1.1; feature N has major N + 44. */
    private static final int MAJOR_OFFSET = 44;

    private JavaLevel() {
    }

    /** @return the Java feature number of a class-file major version (52 gives 8) */
    public static int feature(int major) {
        return major - MAJOR_OFFSET;
    }

    /**
     * @param classesDir the compiled classes (may be null or missing)
     * @param jars       the runtime dependencies
     * @param cacheFile  where jar levels are remembered between builds, or null for none
     * @return the highest Java feature number found, or 0 when there is no class at all
     * @throws PackagingException when a class or jar cannot be read
     */
    public static int measure(Path classesDir, List<Path> jars, Path cacheFile) throws PackagingException {
        int level = classes(classesDir);
        Map<String, Object> cache = readCache(cacheFile);
        Map<String, Object> used = new TreeMap<>();
        boolean measured = false;
        for (Path jar : jars) {
            String key = key(jar);
            Integer jarLevel = cache.get(key) instanceof Number n ? n.intValue() : null;
            if (jarLevel == null) {
                jarLevel = jar(jar);
                measured = true;
            }
            used.put(key, jarLevel);
            level = Math.max(level, jarLevel);
        }
        if (cacheFile != null && (measured || used.size() != cache.size())) {
            try {
                Files.createDirectories(cacheFile.toAbsolutePath().getParent());
                Files.writeString(cacheFile, Json.writePretty(used) + "\n");
            } catch (IOException e) {
                // without the cache the next build measures again; nothing is lost
            }
        }
        return level;
    }

    /** @return the highest level among the class files under a directory, 0 when there are none */
    static int classes(Path dir) throws PackagingException {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        int level = 0;
        try (Stream<Path> files = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (counts(rel) && Files.isRegularFile(p)) {
                    try (InputStream in = Files.newInputStream(p)) {
                        level = Math.max(level, header(in));
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new PackagingException("Cannot read the class files under " + dir + " to measure their Java level ("
                    + e + "), perhaps you should check their permissions or run mvn clean", e);
        }
        return level;
    }

    /** @return the highest level among a jar's base class entries, 0 when it has none */
    static int jar(Path jar) throws PackagingException {
        int level = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.isDirectory() && counts(e.getName())) {
                    try (InputStream in = zip.getInputStream(e)) {
                        level = Math.max(level, header(in));
                    }
                }
            }
        } catch (IOException e) {
            throw new PackagingException("Cannot read " + jar + " to measure its Java level (" + e
                    + "), perhaps you should delete it from your local repository and build again", e);
        }
        return level;
    }

    private static boolean counts(String name) {
        return name.endsWith(".class") && !name.startsWith("META-INF/versions/")
                && !name.equals("module-info.class") && !name.endsWith("/module-info.class");
    }

    /** @return the feature number of a class file's header, 0 when it is not a class file */
    private static int header(InputStream in) throws IOException {
        byte[] b = in.readNBytes(8);
        if (b.length < 8 || ((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff)) != MAGIC) {
            return 0;
        }
        return feature((b[6] & 0xff) << 8 | (b[7] & 0xff));
    }

    private static String key(Path jar) throws PackagingException {
        try {
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            return jar.toAbsolutePath().normalize() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            throw new PackagingException("Cannot read " + jar + " (" + e + ")"
                    + ", perhaps you should resolve the dependencies again (mvn dependency:resolve)", e);
        }
    }

    private static Map<String, Object> readCache(Path cacheFile) {
        if (cacheFile == null || !Files.isRegularFile(cacheFile)) {
            return Map.of();
        }
        try {
            return Json.parseObject(Files.readString(cacheFile));
        } catch (IOException | RuntimeException e) {
            return Map.of(); // a damaged cache only means measuring again
        }
    }
}
