package dev.faasport.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** The jars of modules on a test's class path, which a reactor build gives as classes directories. */
public final class Jars {

    private Jars() {
    }

    /**
     * @param dir where a classes directory is jarred, as {@code <className>.jar}
     * @return the jar holding the class: its own, or its module's classes directory jarred into {@code dir}
     */
    public static Path containing(String className, Path dir) throws IOException {
        Path where = location(className);
        return Files.isDirectory(where) ? jar(where, dir.resolve(className + ".jar")) : where;
    }

    /**
     * @return the jar or classes directory a class comes from, found as a resource: the class is not loaded, so one
     *         whose vendor interfaces are not on the class path (an adapter) is found too
     */
    public static Path location(String className) throws IOException {
        String resource = className.replace('.', '/') + ".class";
        URL url = Jars.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IOException(className + " is not on the test class path");
        }
        try {
            String s = url.toString();
            if (s.startsWith("jar:")) {
                return Path.of(URI.create(s.substring(4, s.indexOf("!/"))));
            }
            String file = Path.of(url.toURI()).toString();
            return Path.of(file.substring(0, file.length() - resource.length()));
        } catch (URISyntaxException e) {
            throw new IOException(className + ": " + e, e);
        }
    }

    /** Jars a classes directory, its entries in a stable order. @return {@code jar} */
    public static Path jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(o);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
