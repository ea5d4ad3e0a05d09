package dev.faasport.lockin;

import dev.faasport.packaging.Dependency;
import dev.faasport.packaging.PackagingException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the vendor APIs each function calls, before anything is deployed: from the function's handler it follows the
 * references between classes (the project's, then those of the runtime dependencies it calls) and stops at a class
 * of the catalogue. Only constant pools are read (no class is loaded, no user code runs), and only of the classes a
 * handler reaches, so a class no handler uses taints no function and a util counts for the functions that reach it.
 * A dependency's reference counts only when the API's classes are on the runtime classpath (libraries refer to
 * optional integrations they never load); the project's own references always count.
 */
public final class LockInScanner {

    private final VendorApis apis;

    public LockInScanner() {
        this(VendorApis.load());
    }

    public LockInScanner(VendorApis apis) {
        this.apis = apis;
    }

    /**
     * @param classesDir   the compiled classes (may be null or missing)
     * @param dependencies the runtime dependencies
     * @param handlers     function name to its handler: a class name, or Lambda's {@code Class::method} form
     * @return the ties of each function
     * @throws PackagingException when a class or jar cannot be read
     */
    public LockIn scan(Path classesDir, List<Dependency> dependencies, Map<String, String> handlers)
            throws PackagingException {
        ClassPath classPath = new ClassPath();
        try {
            indexClasses(classesDir, classPath.classes);
            for (Dependency d : dependencies) {
                classPath.jars.add(open(d));
            }
            Map<String, Set<String>> references = new HashMap<>();
            Map<String, List<Tie>> out = new LinkedHashMap<>();
            Set<String> reached = new java.util.HashSet<>();
            for (Map.Entry<String, String> h : handlers.entrySet()) {
                List<Tie> ties = ties(handlerClass(h.getValue()), classPath, references);
                ties.forEach(t -> reached.add(t.api().id()));
                out.put(h.getKey(), ties);
            }
            return new LockIn(out, apis.vendors(), unreached(classPath.jars, reached));
        } finally {
            for (Jar jar : classPath.jars) {
                try {
                    jar.zip().close();
                } catch (IOException ignored) {
                    // read only; nothing to lose
                }
            }
        }
    }

    /** Breadth first, so each API is named with the shortest path from the handler. */
    private List<Tie> ties(String handler, ClassPath classPath, Map<String, Set<String>> references)
            throws PackagingException {
        Map<String, Tie> found = new LinkedHashMap<>();
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        if (classPath.get(handler) != null) {
            parent.put(handler, null);
            queue.add(handler);
        }
        while (!queue.isEmpty()) {
            String c = queue.poll();
            Origin origin = classPath.get(c);
            Set<String> refs = references.get(c);
            if (refs == null) {
                refs = origin.read();
                references.put(c, refs);
            }
            for (String r : refs) {
                VendorApi api = apis.match(r);
                if (api != null) {
                    boolean counts = api.kind() != VendorApi.Kind.TRANSLATED && !found.containsKey(api.id())
                            && (origin.dependency() == null || classPath.get(r) != null);
                    if (counts) {
                        List<String> path = new ArrayList<>();
                        path.add(r);
                        for (String p = c; p != null; p = parent.get(p)) {
                            path.add(0, p);
                        }
                        found.put(api.id(), new Tie(api, path,
                                origin.dependency() == null ? null : origin.dependency().coordinates()));
                    }
                } else if (!parent.containsKey(r) && (classPath.classes.containsKey(r)
                        || !apis.stops(r) && classPath.get(r) != null)) {
                    // the project's classes are always followed, the dependencies' unless the catalogue stops them
                    parent.put(r, c);
                    queue.add(r);
                }
            }
        }
        List<Tie> ties = new ArrayList<>(found.values());
        ties.sort(Comparator.comparing((Tie t) -> t.api().vendor()).thenComparing(t -> t.api().id()));
        return ties;
    }

    /**
     * The vendor SDKs packaged with every function that no handler reaches: used through reflection or dependency
     * injection (which a constant pool does not show), or not at all. Found in the jars of the vendors' SDK groups by
     * the directory entries of the catalogue's packages (which Maven and Gradle write), looked up, never listed.
     */
    private List<Packaged> unreached(List<Jar> jars, Set<String> reached) {
        List<Packaged> out = new ArrayList<>();
        for (Jar jar : jars) {
            if (!apis.isSdkGroup(jar.dependency().groupId())) {
                continue;
            }
            for (VendorApi api : apis.apis()) {
                boolean present = api.kind() != VendorApi.Kind.TRANSLATED && !reached.contains(api.id())
                        && api.prefixes().stream().anyMatch(p -> p.endsWith(".")
                        && jar.zip().getEntry(p.replace('.', '/')) != null);
                if (present) {
                    out.add(new Packaged(api, jar.dependency().coordinates()));
                }
            }
        }
        return out;
    }

    private static void indexClasses(Path dir, Map<String, Origin> index) throws PackagingException {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (counts(rel) && Files.isRegularFile(p)) {
                    index.put(className(rel), new Origin(p, null, null, null));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new PackagingException("Cannot read the class files under " + dir + " to find the vendor APIs they"
                    + " call (" + e + "), perhaps you should check their permissions or run mvn clean", e);
        }
    }

    private static Jar open(Dependency d) throws PackagingException {
        try {
            return new Jar(d, new ZipFile(d.file().toFile()));
        } catch (IOException e) {
            throw unreadable(d.file(), e);
        }
    }

    private record Jar(Dependency dependency, ZipFile zip) {
    }

    /**
     * The project's classes (indexed: few) and the dependencies (looked up by entry name, first jar first, as a class
     * path does: listing every entry of every jar would cost more than the few classes a handler reaches).
     */
    private static final class ClassPath {
        final Map<String, Origin> classes = new HashMap<>();
        final List<Jar> jars = new ArrayList<>();
        private final Map<String, java.util.Optional<Origin>> found = new HashMap<>();

        /** @return where a class is, or null when it is on neither */
        Origin get(String className) {
            Origin own = classes.get(className);
            if (own != null) {
                return own;
            }
            return found.computeIfAbsent(className, c -> {
                String entry = c.replace('.', '/') + ".class";
                for (Jar jar : jars) {
                    ZipEntry e = jar.zip().getEntry(entry);
                    if (e != null && !e.isDirectory()) {
                        return java.util.Optional.of(new Origin(null, jar.dependency(), jar.zip(), e));
                    }
                }
                return java.util.Optional.empty();
            }).orElse(null);
        }
    }

    private static PackagingException unreadable(Path file, Exception e) {
        return new PackagingException("Cannot read " + file + " to find the vendor APIs it calls (" + e
                + "), perhaps you should delete it (from your local repository) and build again", e);
    }

    private static boolean counts(String name) {
        return name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")
                && !name.endsWith("package-info.class");
    }

    private static String className(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }

    /** @return the class of a handler: {@code com.example.Hello}, {@code Hello::handle} (Lambda) or {@code Hello#run} */
    static String handlerClass(String handler) {
        return handler.split("::|#", 2)[0].trim();
    }

    /** Where a class file is: a file of the project's classes, or an entry of a dependency. */
    private record Origin(Path file, Dependency dependency, ZipFile zip, ZipEntry entry) {
        /** A damaged class of a dependency is skipped (the JVM could not load it either); the project's fails. */
        Set<String> read() throws PackagingException {
            try (InputStream in = file != null ? Files.newInputStream(file) : zip.getInputStream(entry)) {
                return ClassReferences.read(in);
            } catch (ClassReferences.MalformedClassException e) {
                if (file == null) {
                    return Set.of();
                }
                throw new PackagingException("Cannot read " + file + " to find the vendor APIs it calls (" + e
                        .getMessage() + "), perhaps you should run mvn clean and build again", e);
            } catch (IOException e) {
                if (file != null) {
                    throw new PackagingException("Cannot read " + file + " to find the vendor APIs it calls (" + e
                            + "), perhaps you should check its permissions or run mvn clean", e);
                }
                throw unreadable(dependency.file(), e);
            }
        }
    }
}
