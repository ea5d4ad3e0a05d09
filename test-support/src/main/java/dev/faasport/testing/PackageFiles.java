package dev.faasport.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Running an uploaded package in-process, as a vendor's runtime does: unpack its zip safely into a directory of its
 * own, collect its jars as a class path, and load them in a class loader whose parent is the platform loader, so
 * nothing leaks in from the test class path.
 */
public final class PackageFiles {

    private PackageFiles() {
    }

    /**
     * @param workDir where packages are unpacked
     * @param key     names the package (function and code hash, ...); characters other than letters and digits
     *                become {@code _}
     * @return the package's directory below {@code workDir}, created if missing
     */
    public static Path directory(Path workDir, String key) throws IOException {
        return Files.createDirectories(workDir.resolve(key.replaceAll("[^A-Za-z0-9]", "_")));
    }

    /**
     * Unpacks a zip into {@code root}, refusing any entry that would land outside it.
     *
     * @param classPath which entry names go on the class path (e.g. every {@code .jar})
     * @return the URLs of those entries, in the zip's order
     * @throws IOException when an entry lies outside the root, or the zip cannot be read or written
     */
    public static List<URL> unzip(byte[] zip, Path root, Predicate<String> classPath) throws IOException {
        List<URL> urls = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry outside the root: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (OutputStream o = Files.newOutputStream(target)) {
                    in.transferTo(o);
                }
                if (classPath.test(e.getName())) {
                    urls.add(target.toUri().toURL());
                }
            }
        }
        return urls;
    }

    /** @return a class loader over the class path whose parent is the platform class loader */
    public static URLClassLoader classLoader(List<URL> classPath) {
        return new URLClassLoader(classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /**
     * The jar (or directory) a class is loaded from, to hand a package the libraries its runtime supplies.
     *
     * @param className the class
     * @param loader    where to look for it
     * @param hint      what to add to the test class path when it is missing, e.g. "g:a (test scope)"
     * @throws IllegalStateException when the class is not found
     */
    public static URL jarOf(String className, ClassLoader loader, String hint) {
        try {
            return Class.forName(className, false, loader).getProtectionDomain().getCodeSource().getLocation();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the test class path, perhaps you should add "
                    + hint + " to run packages", e);
        }
    }

    /** A piece of work that may throw. */
    @FunctionalInterface
    public interface Action<T, E extends Exception> {
        /** @return its result */
        T run() throws E;
    }

    /** Runs the work with {@code loader} as the thread's context class loader, as a vendor runtime does. */
    public static <T, E extends Exception> T withContextLoader(ClassLoader loader, Action<T, E> work) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
