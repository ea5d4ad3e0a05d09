package dev.faasport.packaging;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.Zip64RequiredException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * A reproducible zip, written with commons-compress: entries sorted by name, one fixed timestamp, fixed Unix
 * permissions (0644 files, 0755 directories), no extra fields, no data descriptors, no ZIP64, jars stored as they are
 * (they are compressed already). ZipOutputStream cannot set Unix permissions; commons-compress can. Every entry's
 * CRC and sizes are known before it is written (deflated here, jars' CRCs cached), so the zip streams through a
 * digest in one pass with sizes in the local headers, as the vendors' unzip tools read them best.
 */
final class Archive {
    private static final int FILE_MODE = 0100644;
    private static final int DIR_MODE = 040755;
    private static final int MAX_ENTRIES = 0xFFFF;
    private static final long MAX_SIZE = 0xFFFFFFFFL;
    // CRCs of stored jars keyed by path, size and mtime: each jar is read once for its CRC, however many zips hold it
    private static final Map<String, Long> CRC_CACHE = new ConcurrentHashMap<>();

    private final LocalDateTime time;
    private final TreeMap<String, Source> entries = new TreeMap<>();

    /** One entry of the archive as written. */
    record Entry(String name, long size, String comment) {
    }

    /** What was written. */
    record Written(Path path, String sha256, long zippedBytes, long unzippedBytes, List<Entry> entries) {
        /** @return the entries that are jars */
        List<Entry> jars() {
            return entries.stream().filter(e -> e.name().endsWith(".jar")).toList();
        }
    }

    private record Source(Path file, byte[] bytes, boolean store, String comment) {
    }

    private static final Source DIRECTORY = new Source(null, new byte[0], true, null);

    /** The archive cannot be written without ZIP64, which some vendors' tooling does not read. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    Archive(Instant timestamp) {
        LocalDateTime t = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
        if (t.getYear() < 1980) {
            t = LocalDateTime.of(1980, 1, 1, 0, 0, 0);
        }
        if (t.getYear() > 2107) {
            t = LocalDateTime.of(2107, 12, 31, 23, 59, 58);
        }
        time = t.withNano(0).withSecond(t.getSecond() & ~1); // DOS time counts in 2 s steps
    }

    /** Adds a file; {@code store} keeps its bytes as they are (for jars), otherwise they are deflated. */
    Archive file(String name, Path file, boolean store, String comment) {
        entries.put(name, new Source(file, null, store, comment));
        return this;
    }

    Archive bytes(String name, byte[] bytes) {
        entries.put(name, new Source(null, bytes, false, null));
        return this;
    }

    Archive text(String name, String text) {
        return bytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Writes the archive to a temporary file beside {@code target}, then moves it in place. */
    Written write(Path target) throws IOException {
        // directory entries too, as jar tools write them: class-path scanners look resources up by folder
        TreeMap<String, Source> all = new TreeMap<>(entries);
        for (String name : entries.keySet()) {
            for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
                all.putIfAbsent(name.substring(0, i + 1), DIRECTORY);
            }
        }
        if (all.size() > MAX_ENTRIES) {
            throw new TooLarge(target.getFileName() + " would hold " + all.size()
                    + " entries, more than a zip without ZIP64 can (65535)");
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        // commons-compress turns an entry's time into DOS fields in the machine's zone: give it the instant whose
        // local wall time is the archive's UTC time (read at write time, the zone may have changed since)
        long millis = time.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        List<Entry> written = new ArrayList<>();
        long unzipped = 0;
        MessageDigest sha = ConfigHash.digest();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(new Digesting(
                new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), sha))) {
            zip.setUseZip64(Zip64Mode.Never);
            for (Map.Entry<String, Source> e : all.entrySet()) {
                String name = e.getKey();
                Source src = e.getValue();
                ZipArchiveEntry ze = new ZipArchiveEntry(name);
                ze.setTime(millis);
                if (src == DIRECTORY) {
                    ze.setUnixMode(DIR_MODE);
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(0);
                    ze.setCrc(0);
                    zip.putArchiveEntry(ze);
                    zip.closeArchiveEntry();
                    continue;
                }
                ze.setUnixMode(FILE_MODE);
                ze.setComment(src.comment());
                long size;
                if (src.file() != null && src.store()) {
                    size = Files.size(src.file());
                    checkSize(size, name, target);
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(size);
                    ze.setCrc(crcOf(src.file(), size));
                    zip.putArchiveEntry(ze);
                    try (InputStream in = Files.newInputStream(src.file())) {
                        if (in.transferTo(zip) != size) {
                            throw new IOException(src.file() + " changed while it was being packaged");
                        }
                    }
                    zip.closeArchiveEntry();
                } else {
                    byte[] raw = src.bytes() != null ? src.bytes() : Files.readAllBytes(src.file());
                    size = raw.length;
                    checkSize(size, name, target);
                    CRC32 crc = new CRC32();
                    crc.update(raw);
                    byte[] deflated = deflate(raw);
                    ze.setMethod(ZipEntry.DEFLATED);
                    ze.setSize(size);
                    ze.setCompressedSize(deflated.length);
                    ze.setCrc(crc.getValue());
                    zip.addRawArchiveEntry(ze, new ByteArrayInputStream(deflated));
                }
                unzipped += size;
                written.add(new Entry(name, size, src.comment()));
            }
            zip.finish();
        } catch (Zip64RequiredException ex) {
            Files.deleteIfExists(tmp);
            throw new TooLarge(target.getFileName() + " is beyond what a zip without ZIP64 can hold: "
                    + ex.getMessage());
        } catch (IOException | RuntimeException ex) {
            Files.deleteIfExists(tmp);
            throw ex;
        }
        long zipped = Files.size(tmp);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Written(target, HexFormat.of().formatHex(sha.digest()), zipped, unzipped, List.copyOf(written));
    }

    private static void checkSize(long size, String name, Path target) throws TooLarge {
        if (size > MAX_SIZE) {
            throw new TooLarge(name + " in " + target.getFileName() + " is beyond the 4 GB a zip without ZIP64 can hold");
        }
    }

    private static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 2));
            byte[] buf = new byte[65536];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static long crcOf(Path file, long size) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        String key = file.toAbsolutePath().normalize() + "|" + size + "|" + a.lastModifiedTime().toMillis();
        Long cached = CRC_CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        CRC32 c = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                c.update(buf, 0, n);
            }
        }
        CRC_CACHE.put(key, c.getValue());
        return c.getValue();
    }

    /** Hashes what goes through, so the archive's SHA-256 needs no second read. */
    private static final class Digesting extends FilterOutputStream {
        private final MessageDigest sha;

        Digesting(OutputStream out, MessageDigest sha) {
            super(out);
            this.sha = sha;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sha.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sha.update(b, off, len);
        }
    }
}
