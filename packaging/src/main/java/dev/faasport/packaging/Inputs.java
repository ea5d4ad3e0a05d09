package dev.faasport.packaging;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Reads what goes into a package: the classes tree and the jars, with clear errors for what cannot be read. */
final class Inputs {
    private Inputs() {
    }

    /** A file of the classes tree. */
    record ClassFile(String name, Path file, long size, long mtime) {
    }

    /** Lists the classes tree, sorted, following links; fails on loops, unreadable files and secret names. */
    static List<ClassFile> classes(Path classesDir, SecretScanner scanner) throws PackagingException {
        List<ClassFile> out = new ArrayList<>();
        if (classesDir == null || !Files.exists(classesDir)) {
            return out;
        }
        if (!Files.isDirectory(classesDir)) {
            throw new PackagingException("The classes directory " + classesDir + " is not a directory"
                    + ", perhaps you should run the compile phase first (mvn package)");
        }
        PackagingException[] failure = new PackagingException[1];
        try {
            Files.walkFileTree(classesDir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (!dir.equals(classesDir)) {
                                String rel = relative(classesDir, dir) + "/";
                                try {
                                    scanner.failIfSecretName(rel, dir);
                                } catch (PackagingException e) {
                                    failure[0] = e;
                                    return FileVisitResult.TERMINATE;
                                }
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String rel = relative(classesDir, file);
                            try {
                                scanner.failIfSecretName(rel, file);
                                if (attrs.isSymbolicLink()) {
                                    // with FOLLOW_LINKS a link is only reported as a link when its target is gone
                                    throw new PackagingException("Broken symbolic link " + file
                                            + " in the classes directory, perhaps you should remove it or restore"
                                            + " its target");
                                }
                                if (!attrs.isRegularFile()) {
                                    return FileVisitResult.CONTINUE;
                                }
                                if (!Files.isReadable(file)) {
                                    throw new PackagingException("Cannot read " + file + " to package it"
                                            + ", perhaps you should fix its permissions (chmod u+r) or delete it");
                                }
                            } catch (PackagingException e) {
                                failure[0] = e;
                                return FileVisitResult.TERMINATE;
                            }
                            out.add(new ClassFile(rel, file, attrs.size(), attrs.lastModifiedTime().toMillis()));
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException exc) {
                            if (exc instanceof FileSystemLoopException) {
                                failure[0] = new PackagingException("Symbolic link loop in the classes directory at "
                                        + file + ", perhaps you should remove that link or make it point outside"
                                        + " its own parent directories");
                            } else if (exc instanceof AccessDeniedException) {
                                failure[0] = new PackagingException("Cannot read " + file + " to package it"
                                        + ", perhaps you should fix its permissions or delete it", exc);
                            } else if (Files.isSymbolicLink(file)) {
                                failure[0] = new PackagingException("Broken symbolic link " + file
                                        + " in the classes directory, perhaps you should remove it", exc);
                            } else {
                                failure[0] = new PackagingException("Cannot read " + file + " to package it ("
                                        + exc + "), perhaps you should check the file system", exc);
                            }
                            return FileVisitResult.TERMINATE;
                        }
                    });
        } catch (IOException e) {
            throw new PackagingException("Cannot list the classes directory " + classesDir + " (" + e
                    + "), perhaps you should check its permissions", e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        out.sort(Comparator.comparing(ClassFile::name));
        return out;
    }

    /** Fails unless the jar is a readable zip whose entry names hold no secrets. */
    static void checkJar(String what, Path jar, SecretScanner scanner) throws PackagingException {
        if (!Files.isRegularFile(jar)) {
            throw new PackagingException(what + ": " + jar + " is missing or not a file"
                    + ", perhaps you should resolve the dependencies again (mvn dependency:resolve)");
        }
        if (!Files.isReadable(jar)) {
            throw new PackagingException(what + ": " + jar + " is not readable"
                    + ", perhaps you should fix its permissions");
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                // third-party jars legitimately ship test certificates, so only folders, .env and SSH keys count
                if (name.endsWith(".pem") || name.endsWith(".key")) {
                    continue;
                }
                if (scanner.checkName(name).isPresent()) {
                    throw new PackagingException("Refusing to package " + what + " (" + jar + "): it contains "
                            + name + ", which is " + scanner.checkName(name).get()
                            + ", perhaps you should exclude that dependency or rebuild it without the secret;"
                            + " Faasport never packages credentials");
                }
            }
        } catch (ZipException e) {
            throw new PackagingException(what + ": " + jar + " is not a valid jar (" + e.getMessage()
                    + "), perhaps you should delete it from your local repository (~/.m2/repository) and build"
                    + " again so that it is downloaded anew", e);
        } catch (IOException e) {
            throw new PackagingException(what + ": cannot read " + jar + " (" + e
                    + "), perhaps you should fix its permissions or download it again", e);
        }
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
