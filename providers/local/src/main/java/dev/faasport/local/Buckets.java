package dev.faasport.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Local buckets: one directory per bucket under {@code <home>/buckets}, one file per object, the key's {@code /}
 * segments as directories (so the files can be looked at). Keys are checked before they touch the file system:
 * nothing is ever written outside the bucket's directory.
 */
final class Buckets {

    /** Bucket names every cloud accepts: 3-63 lower-case letters, digits, '-' and '.', no "..". */
    static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** Longest key in UTF-8 bytes (S3 and Cloud Storage: 1,024). */
    static final int MAX_KEY_BYTES = 1024;

    /**
     * An object's metadata.
     *
     * @param key          the key
     * @param size         bytes
     * @param etag         hex MD5 of the content (as S3's single-part ETag), null when listed
     * @param lastModified epoch millis
     */
    record ObjectInfo(String key, long size, String etag, long lastModified) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("size", size);
            if (etag != null) {
                m.put("etag", etag);
            }
            m.put("lastModified", java.time.Instant.ofEpochMilli(lastModified).toString());
            return m;
        }
    }

    final Path root;
    private final Path tmp;
    private final long maxObjectBytes;

    Buckets(Path home, long maxObjectBytes) {
        this.root = home.resolve("buckets");
        this.tmp = root.resolve(".tmp");
        this.maxObjectBytes = maxObjectBytes;
    }

    static String checkBucket(String bucket) {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new RequestException(400, "Bucket name '" + bucket + "' is not valid, perhaps you should use 3 to 63 "
                    + "lower-case letters, digits, '-' or '.', starting and ending with a letter or digit");
        }
        return bucket;
    }

    /** @throws RequestException 400 for a key that could escape the bucket or that the file system cannot hold */
    static String checkKey(String bucket, String key) {
        String problem = null;
        if (key == null || key.isEmpty()) {
            problem = "is empty";
        } else if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            problem = "is longer than " + MAX_KEY_BYTES + " bytes";
        } else if (key.startsWith("/")) {
            problem = "is an absolute path";
        } else if (key.indexOf('\\') >= 0) {
            problem = "contains a backslash";
        } else if (key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problem = "contains a NUL or control character";
        } else if (key.endsWith("/")) {
            problem = "ends with '/' (a folder, not an object)";
        } else {
            for (String segment : key.split("/", -1)) {
                if (segment.equals("..") || segment.equals(".")) {
                    problem = "contains a '" + segment + "' segment";
                } else if (segment.isEmpty()) {
                    problem = "contains an empty segment ('//')";
                } else if (segment.getBytes(StandardCharsets.UTF_8).length > 255) {
                    problem = "has a segment longer than 255 bytes";
                }
                if (problem != null) {
                    break;
                }
            }
        }
        if (problem != null) {
            throw new RequestException(400, "Object key '" + printable(key) + "' in bucket '" + bucket + "' " + problem
                    + ", perhaps you should use a relative key of '/'-separated names such as in/photo.png");
        }
        return key;
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        s.chars().limit(200).forEach(c -> sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return sb.toString();
    }

    private Path objectPath(String bucket, String key) {
        Path dir = root.resolve(checkBucket(bucket)).normalize();
        Path p = dir.resolve(checkKey(bucket, key)).normalize();
        if (!p.startsWith(dir) || p.equals(dir)) {
            throw new RequestException(400, "Object key '" + printable(key) + "' points outside bucket '" + bucket
                    + "', perhaps you should use a relative key");
        }
        return p;
    }

    /**
     * Stores an object from a stream of at most the size cap.
     *
     * @throws RequestException 413 when it is larger than the cap, 409 when the key clashes with a folder
     */
    ObjectInfo put(String bucket, String key, InputStream in) throws IOException {
        Path target = objectPath(bucket, key);
        Files.createDirectories(tmp);
        Path part = Files.createTempFile(tmp, "put", ".part");
        MessageDigest md5 = md5();
        long size = 0;
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    size += n;
                    if (size > maxObjectBytes) {
                        throw new RequestException(413, "Object '" + printable(key) + "' for bucket '" + bucket
                                + "' is larger than the local runtime's object size cap of " + maxObjectBytes
                                + " bytes, perhaps you should upload a smaller object or raise local.maxObjectMb");
                    }
                    md5.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            try {
                Files.createDirectories(target.getParent());
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | NotDirectoryException e) {
                throw new RequestException(409, "Object key '" + printable(key) + "' in bucket '" + bucket + "' clashes "
                        + "with an existing object or folder of the same name, perhaps you should choose another key");
            }
        } finally {
            Files.deleteIfExists(part);
        }
        return new ObjectInfo(key, size, HexFormat.of().formatHex(md5.digest()), Files.getLastModifiedTime(target).toMillis());
    }

    /** @return the object's file, or null when it does not exist */
    Path get(String bucket, String key) {
        Path p = objectPath(bucket, key);
        return Files.isRegularFile(p) ? p : null;
    }

    /** @return the deleted object's size, or -1 when it did not exist */
    long delete(String bucket, String key) throws IOException {
        Path p = objectPath(bucket, key);
        if (!Files.isRegularFile(p)) {
            return -1;
        }
        long size = Files.size(p);
        try {
            Files.delete(p);
        } catch (NoSuchFileException raced) {
            return -1;
        }
        Path bucketDir = root.resolve(bucket);
        for (Path d = p.getParent(); d != null && !d.equals(bucketDir) && d.startsWith(bucketDir); d = d.getParent()) {
            try {
                Files.delete(d); // empty folders go with their last object, as in a real bucket
            } catch (IOException notEmpty) {
                break;
            }
        }
        return size;
    }

    /** @return the objects whose key starts with the prefix, sorted by key, at most {@code max} */
    List<ObjectInfo> list(String bucket, String prefix, int max) throws IOException {
        Path dir = root.resolve(checkBucket(bucket));
        List<ObjectInfo> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        String p = prefix == null ? "" : prefix;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                String key = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                if (key.startsWith(p)) {
                    out.add(new ObjectInfo(key, Files.size(f), null, Files.getLastModifiedTime(f).toMillis()));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(ObjectInfo::key));
        return out.size() > max ? out.subList(0, max) : out;
    }

    /** @return whether the bucket exists (a bucket is created by its first object or by a vendor API's create call) */
    boolean exists(String bucket) {
        return Files.isDirectory(root.resolve(checkBucket(bucket)));
    }

    /** @return whether the bucket was created (false: it existed) */
    boolean create(String bucket) throws IOException {
        Path dir = root.resolve(checkBucket(bucket));
        if (Files.isDirectory(dir)) {
            return false;
        }
        Files.createDirectories(dir);
        return true;
    }

    /** @return whether the bucket was removed: false when it holds objects; missing buckets are {@code 404} */
    boolean deleteBucket(String bucket) throws IOException {
        Path dir = root.resolve(checkBucket(bucket));
        try {
            Files.delete(dir);
            return true;
        } catch (NoSuchFileException e) {
            throw new RequestException(404, "No bucket '" + bucket + "', perhaps you should list the buckets");
        } catch (DirectoryNotEmptyException e) {
            return false;
        }
    }

    /** An object's stored checksums, as the vendor APIs report them. */
    record Checksums(byte[] md5, int crc32c) {
        String md5Hex() {
            return HexFormat.of().formatHex(md5);
        }
    }

    /** @return the MD5 and CRC32C of a stored object, read from its file */
    static Checksums checksums(Path file) throws IOException {
        MessageDigest md5 = md5();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md5.update(buf, 0, n);
                crc.update(buf, 0, n);
            }
        }
        return new Checksums(md5.digest(), (int) crc.getValue());
    }

    /**
     * One page of a listing in key order, as every vendor's list call pages it.
     *
     * @param objects  the objects of the page
     * @param prefixes the distinct key parts up to the delimiter after the prefix ("folders"), in order
     * @param next     the last key or prefix of a truncated page (the marker of the next one), null for the last page
     */
    record Page(List<ObjectInfo> objects, List<String> prefixes, String next) {
    }

    /**
     * @param delimiter  null or empty for a flat listing
     * @param startAfter null or the key (or folder prefix) the page starts after
     * @return at most {@code max} objects and folder prefixes together
     */
    Page page(String bucket, String prefix, String delimiter, String startAfter, int max) throws IOException {
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String p = prefix == null ? "" : prefix;
        String last = null;
        for (ObjectInfo o : list(bucket, p, Integer.MAX_VALUE)) {
            String entry = o.key();
            int cut = delimiter == null || delimiter.isEmpty() ? -1 : o.key().indexOf(delimiter, p.length());
            if (cut >= 0) {
                entry = o.key().substring(0, cut + delimiter.length());
            }
            if ((startAfter != null && entry.compareTo(startAfter) <= 0) || entry.equals(last)) {
                continue;
            }
            if (objects.size() + prefixes.size() == max) {
                return new Page(objects, prefixes, last);
            }
            if (cut >= 0) {
                prefixes.add(entry);
            } else {
                objects.add(o);
            }
            last = entry;
        }
        return new Page(objects, prefixes, null);
    }

    /** @return the bucket names */
    List<String> buckets() throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(Files::isDirectory).map(d -> d.getFileName().toString()).filter(n -> !n.startsWith("."))
                        .sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
