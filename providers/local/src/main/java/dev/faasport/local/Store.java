package dev.faasport.local;

import dev.faasport.runtime.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The local runtime's home directory: the owner's token, the daemon file clients use to find it, one directory per
 * deployed function (its unit descriptor and the unpacked generations of its code) and the functions' log files.
 */
final class Store {

    /** Function names the runtime accepts: they become directory names and URL segments. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final long MAX_UNZIPPED_BYTES = 1L << 30;

    final Path home;

    Store(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    Path tokenFile() {
        return home.resolve("token");
    }

    Path daemonFile() {
        return home.resolve("daemon.json");
    }

    Path daemonLog() {
        return home.resolve("daemon.log");
    }

    Path functionsDir() {
        return home.resolve("functions");
    }

    Path functionDir(String name) {
        return functionsDir().resolve(name);
    }

    Path unitFile(String name) {
        return functionDir(name).resolve("unit.json");
    }

    Path logFile(String name) {
        return home.resolve("logs").resolve(name + ".log");
    }

    /** @return the owner's token, created with permissions rw------- on first use */
    static String readOrCreateToken(Path home) throws IOException {
        return readOrCreateSecret(home, "token", () -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return HexFormat.of().formatHex(random);
        });
    }

    /** @return the contents of a secret file in home, created from {@code value} with permissions rw------- on first use */
    static String readOrCreateSecret(Path home, String fileName, java.util.function.Supplier<String> value) throws IOException {
        if (!Files.exists(home)) {
            // code, logs and the token of one user: nobody else may list or read them
            Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path file = home.resolve(fileName);
        if (!Files.exists(file)) {
            Path tmp = home.resolve(fileName + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(tmp);
            // created 0600 from the start, so no other user can ever read it
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, value.get());
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
            }
        }
        if (!Files.getPosixFilePermissions(file).equals(PosixFilePermissions.fromString("rw-------"))) {
            // a secret others can read protects nothing: tighten it
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    /** Checks a function name before it is used as a path. */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Function name '" + name + "' is not valid on the local runtime, perhaps "
                    + "you should use letters, digits, '-', '_' or '.' (at most 64, starting with a letter or digit)");
        }
        return name;
    }

    /**
     * Unpacks a LOCAL_ZIP into a new directory, refusing entries that would land outside it (zip-slip).
     *
     * @throws IllegalArgumentException for an unsafe or oversized archive
     */
    static void unzip(InputStream zip, Path target) throws IOException {
        Files.createDirectories(target);
        long total = 0;
        // the caller drains the rest of the upload through its digest: do not close it here
        try (ZipInputStream in = new ZipInputStream(new java.io.FilterInputStream(zip) {
            @Override
            public void close() {
            }
        })) {
            ZipEntry e;
            byte[] buf = new byte[1 << 16];
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                if (name.startsWith("/") || name.startsWith("\\") || name.contains("\\") || name.contains(":")
                        || List.of(name.split("/")).contains("..")) {
                    throw new IllegalArgumentException("Archive entry '" + name + "' points outside the package "
                            + "(zip-slip), perhaps you should rebuild the package with faas:package");
                }
                Path out = target.resolve(name).normalize();
                if (!out.startsWith(target)) {
                    throw new IllegalArgumentException("Archive entry '" + name + "' points outside the package "
                            + "(zip-slip), perhaps you should rebuild the package with faas:package");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (OutputStream o = Files.newOutputStream(out)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        total += n;
                        if (total > MAX_UNZIPPED_BYTES) {
                            throw new IllegalArgumentException("Archive unpacks to more than " + MAX_UNZIPPED_BYTES
                                    + " bytes, perhaps you should shrink the function's dependencies");
                        }
                        o.write(buf, 0, n);
                    }
                }
            }
        }
    }

    /** Writes a file by write, fsync and atomic rename, so neither a crash nor a power cut leaves half a descriptor. */
    static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @return a stored descriptor, or empty when there is none or it cannot be read; an unreadable one (a file cut
     *         short by hand or by a disk error) is moved aside as {@code <file>.broken} and named on standard error,
     *         so that the function can be deployed again and nothing else is lost
     */
    static java.util.Optional<Map<String, Object>> readDescriptor(Path file) {
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Json.parseObject(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".broken");
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                aside = file;
            }
            System.err.println("[faasport] " + file + " is unreadable (" + e.getMessage() + "), so its function is not "
                    + "served; perhaps you should deploy it again with mvn faas:deploy (the file was kept as " + aside + ")");
            return java.util.Optional.empty();
        }
    }

    /** @return the stored unit descriptors of every deployed function */
    List<Map<String, Object>> loadUnits() throws IOException {
        List<Map<String, Object>> units = new ArrayList<>();
        if (!Files.isDirectory(functionsDir())) {
            return units;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(functionsDir())) {
            for (Path dir : dirs) {
                readDescriptor(dir.resolve("unit.json")).ifPresent(units::add);
            }
        }
        return units;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover directory is cleaned at the next start
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort, as above (another thread may be deleting the same tree)
        }
    }

    /** @return the last lines of a file, oldest first, reading only its end */
    static List<String> tail(Path file, int maxLines) throws IOException {
        if (!Files.exists(file) || maxLines <= 0) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            long want = Math.min(len, Math.max(64 * 1024L, maxLines * 256L));
            byte[] buf = new byte[(int) Math.min(want, 16L << 20)];
            raf.seek(len - buf.length);
            raf.readFully(buf);
            String[] lines = new String(buf, StandardCharsets.UTF_8).split("\r?\n");
            ArrayDeque<String> last = new ArrayDeque<>();
            int start = buf.length < len ? 1 : 0; // the first line may be cut
            for (int i = start; i < lines.length; i++) {
                last.add(lines[i]);
                if (last.size() > maxLines) {
                    last.removeFirst();
                }
            }
            return new ArrayList<>(last);
        }
    }
}
