package dev.faasport.packaging;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A reproducible zip: entries sorted by name, one fixed timestamp, fixed Unix permissions (0644), no extra fields,
 * jars stored as they are (they are compressed already). Written by hand rather than with ZipOutputStream because
 * that class cannot set Unix permissions and converts times through the local time zone.
 */
final class Archive {
    private static final int FILE_MODE = 0100644;
    private static final int DIR_MODE = 040755;
    private static final int DOS_DIRECTORY = 0x10;
    private static final int MAX_ENTRIES = 0xFFFF;
    private static final long MAX_SIZE = 0xFFFFFFFFL;
    // CRCs of stored jars keyed by path, size and mtime: each jar is read once for its CRC, however many zips hold it
    private static final Map<String, Long> CRC_CACHE = new ConcurrentHashMap<>();

    private final int dosTime;
    private final int dosDate;
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
        dosTime = (t.getHour() << 11) | (t.getMinute() << 5) | (t.getSecond() >> 1);
        dosDate = ((t.getYear() - 1980) << 9) | (t.getMonthValue() << 5) | t.getDayOfMonth();
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
        MessageDigest sha = ConfigHash.digest();
        List<Entry> written = new ArrayList<>();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        long unzipped = 0;
        long offset;
        try (Counting out = new Counting(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), sha)) {
            for (Map.Entry<String, Source> e : all.entrySet()) {
                String name = e.getKey();
                Source src = e.getValue();
                if (src == DIRECTORY) {
                    byte[] dirName = name.getBytes(StandardCharsets.UTF_8);
                    long headerOffset = out.count;
                    writeLocalHeader(out, dirName, 0, 0, 0, 0);
                    writeCentralHeader(central, dirName, new byte[0], 0, 0, 0, 0, headerOffset,
                            ((long) DIR_MODE << 16) | DOS_DIRECTORY);
                    continue;
                }
                byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
                byte[] comment = src.comment() == null ? new byte[0] : src.comment().getBytes(StandardCharsets.UTF_8);
                long headerOffset = out.count;
                long crc;
                long size;
                long csize;
                int method;
                byte[] data = null;
                if (src.file() != null && src.store()) {
                    size = Files.size(src.file());
                    crc = crcOf(src.file(), size);
                    csize = size;
                    method = 0;
                } else {
                    byte[] raw = src.bytes() != null ? src.bytes() : Files.readAllBytes(src.file());
                    size = raw.length;
                    CRC32 c = new CRC32();
                    c.update(raw);
                    crc = c.getValue();
                    data = deflate(raw);
                    csize = data.length;
                    method = 8;
                }
                if (size > MAX_SIZE || headerOffset > MAX_SIZE) {
                    throw new TooLarge(name + " in " + target.getFileName()
                            + " is beyond the 4 GB a zip without ZIP64 can hold");
                }
                writeLocalHeader(out, nameBytes, method, crc, csize, size);
                if (data != null) {
                    out.write(data);
                } else {
                    try (InputStream in = Files.newInputStream(src.file())) {
                        long copied = in.transferTo(out);
                        if (copied != size) {
                            throw new IOException(src.file() + " changed while it was being packaged");
                        }
                    }
                }
                writeCentralHeader(central, nameBytes, comment, method, crc, csize, size, headerOffset,
                        ((long) FILE_MODE) << 16);
                unzipped += size;
                written.add(new Entry(name, size, src.comment()));
            }
            offset = out.count;
            central.writeTo(out);
            int cdSize = central.size();
            ByteArrayOutputStream end = new ByteArrayOutputStream();
            le32(end, 0x06054b50);
            le16(end, 0);
            le16(end, 0);
            le16(end, all.size());
            le16(end, all.size());
            le32(end, cdSize);
            le32(end, offset);
            le16(end, 0);
            end.writeTo(out);
        } catch (IOException | RuntimeException ex) {
            Files.deleteIfExists(tmp);
            throw ex;
        }
        long zipped = Files.size(tmp);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Written(target, HexFormat.of().formatHex(sha.digest()), zipped, unzipped, List.copyOf(written));
    }

    private void writeLocalHeader(OutputStream out, byte[] name, int method, long crc, long csize, long size)
            throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream(30 + name.length);
        le32(h, 0x04034b50);
        sharedFields(h, method, crc, csize, size, name.length);
        h.write(name);
        h.writeTo(out);
    }

    /** From "version needed" to "extra field length": the same in the local and the central header. */
    private void sharedFields(OutputStream h, int method, long crc, long csize, long size, int nameLength)
            throws IOException {
        le16(h, 20);
        le16(h, 0x0800); // names are UTF-8
        le16(h, method);
        le16(h, dosTime);
        le16(h, dosDate);
        le32(h, crc);
        le32(h, csize);
        le32(h, size);
        le16(h, nameLength);
        le16(h, 0);
    }

    private void writeCentralHeader(ByteArrayOutputStream h, byte[] name, byte[] comment, int method, long crc,
                                    long csize, long size, long offset, long externalAttributes) throws IOException {
        le32(h, 0x02014b50);
        le16(h, (3 << 8) | 20); // made by Unix, so the permissions below are honoured when extracted
        sharedFields(h, method, crc, csize, size, name.length);
        le16(h, comment.length);
        le16(h, 0);
        le16(h, 0);
        le32(h, externalAttributes);
        le32(h, offset);
        h.write(name);
        h.write(comment);
    }

    private static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 2));
            byte[] buf = new byte[65536];
            while (!d.finished()) {
                int n = d.deflate(buf);
                out.write(buf, 0, n);
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
            int n;
            while ((n = in.read(buf)) > 0) {
                c.update(buf, 0, n);
            }
        }
        CRC_CACHE.put(key, c.getValue());
        return c.getValue();
    }

    private static void le16(OutputStream o, int v) throws IOException {
        o.write(v & 0xFF);
        o.write((v >>> 8) & 0xFF);
    }

    private static void le32(OutputStream o, long v) throws IOException {
        o.write((int) (v & 0xFF));
        o.write((int) ((v >>> 8) & 0xFF));
        o.write((int) ((v >>> 16) & 0xFF));
        o.write((int) ((v >>> 24) & 0xFF));
    }

    /** Counts and hashes what goes through. */
    private static final class Counting extends OutputStream {
        private final OutputStream out;
        private final MessageDigest sha;
        long count;

        Counting(OutputStream out, MessageDigest sha) {
            this.out = out;
            this.sha = sha;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sha.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sha.update(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
