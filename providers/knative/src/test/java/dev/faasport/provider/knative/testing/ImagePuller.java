package dev.faasport.provider.knative.testing;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Pulls an image from an OCI registry over plain HTTP (Registry API v2, no authentication) and unpacks its layers
 * into a root file system, as a node's container runtime does before it starts a container: the manifest (an index or
 * manifest list picks linux/amd64, else its first image), the config blob, and each layer (gzipped or plain tar),
 * every blob checked against its digest. Whiteouts of lower layers are applied; an entry that would land outside the
 * root (by {@code ..}, an absolute link or a symbolic link on the way) fails the pull.
 */
final class ImagePuller {

    static final String MANIFEST_ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Set<String> INDEX_TYPES = Set.of("application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE_WHITEOUT = ".wh..wh..opq";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Set<String> allowedHosts;

    ImagePuller(Set<String> allowedHosts) {
        this.allowedHosts = Set.copyOf(allowedHosts);
    }

    /** A pull that failed; the message reads like the container runtime's. */
    static final class PullException extends Exception {
        PullException(String message) {
            super(message);
        }
    }

    /**
     * The parts of an image's config a container runtime uses.
     *
     * @param digest     the digest of the image manifest that was pulled (the platform's, not the index's)
     * @param entrypoint {@code config.Entrypoint}, empty when unset
     * @param cmd        {@code config.Cmd}, empty when unset
     * @param env        {@code config.Env} as {@code NAME=value}
     * @param workingDir {@code config.WorkingDir}, or null
     */
    record ImageConfig(String digest, List<String> entrypoint, List<String> cmd, List<String> env, String workingDir) {
    }

    /**
     * An image reference split up.
     *
     * @param host       the registry host with its port
     * @param repository the repository path
     * @param reference  a tag or a {@code sha256:} digest
     */
    record ImageRef(String host, String repository, String reference) {

        /**
         * Parses a reference as the Docker CLI does, with Jib's parser ({@code host[:port]/repo[:tag][@digest]}, no
         * host meaning Docker Hub); a digest wins over a tag.
         *
         * @throws PullException for a reference no registry could serve
         */
        static ImageRef parse(String image) throws PullException {
            try {
                ImageReference r = ImageReference.parse(image);
                return new ImageRef(r.getRegistry(), r.getRepository(), r.getDigest().orElse(r.getTag().orElse("latest")));
            } catch (InvalidImageReferenceException e) {
                throw new PullException("Unable to fetch image \"" + image + "\": invalid image reference");
            }
        }
    }

    /**
     * Pulls {@code image} and unpacks it into {@code rootfs} (created, must not exist yet or be empty).
     *
     * @throws PullException when the registry is not allowed, does not answer, lacks the image, or a blob is bad
     */
    ImageConfig pull(String image, Path rootfs) throws PullException, InterruptedException {
        ImageRef ref = ImageRef.parse(image);
        JsonNode manifest;
        String manifestDigest;
        try {
            if (!allowedHosts.contains(ref.host())) {
                throw new IOException("registry \"" + ref.host() + "\" is not one of this test cluster's registries "
                        + allowedHosts + " (it never pulls from the internet)");
            }
            Fetched fetched = manifest(ref, ref.reference());
            manifestDigest = fetched.digest();
            manifest = fetched.json();
            if (INDEX_TYPES.contains(fetched.mediaType()) || manifest.path("manifests").isArray()) {
                JsonNode chosen = null;
                for (JsonNode m : manifest.path("manifests")) {
                    if (chosen == null) {
                        chosen = m;
                    }
                    if ("linux".equals(m.path("platform").path("os").asString(""))
                            && "amd64".equals(m.path("platform").path("architecture").asString(""))) {
                        chosen = m;
                        break;
                    }
                }
                if (chosen == null) {
                    throw new IOException("the image index " + manifestDigest + " lists no images");
                }
                manifestDigest = chosen.path("digest").asString("");
                manifest = manifest(ref, manifestDigest).json();
            }
        } catch (IOException e) {
            throw new PullException("failed to resolve image to digest: " + e.getMessage());
        }
        try {
            JsonNode config = Serialization.jsonMapper().readTree(blob(ref, manifest.path("config").path("digest").asString("")))
                    .path("config");
            Files.createDirectories(rootfs);
            for (JsonNode layer : manifest.path("layers")) {
                String mediaType = layer.path("mediaType").asString("");
                if (mediaType.contains("zstd")) {
                    throw new IOException("layer " + layer.path("digest").asString("") + " has media type " + mediaType
                            + ", which this test cluster cannot unpack (gzip and plain tar only)");
                }
                unpack(new ByteArrayInputStream(blob(ref, layer.path("digest").asString(""))), rootfs);
            }
            return new ImageConfig(manifestDigest, texts(config.path("Entrypoint")), texts(config.path("Cmd")),
                    texts(config.path("Env")), config.path("WorkingDir").asString("").isEmpty() ? null
                    : config.path("WorkingDir").asString(""));
        } catch (IOException | RuntimeException e) {
            throw new PullException("failed to pull and unpack image: " + e.getMessage());
        }
    }

    private record Fetched(String mediaType, String digest, JsonNode json) {
    }

    private Fetched manifest(ImageRef ref, String reference) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + ref.host() + "/v2/" + ref.repository() + "/manifests/" + reference);
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri).header("Accept", MANIFEST_ACCEPT).build());
        byte[] body = r.body();
        String digest = "sha256:" + sha256(body);
        if (reference.startsWith("sha256:") && !reference.equals(digest)) {
            throw new IOException("GET " + uri + ": the manifest's digest is " + digest);
        }
        JsonNode json = Serialization.jsonMapper().readTree(body);
        String mediaType = r.headers().firstValue("Content-Type").orElse(json.path("mediaType").asString(""));
        return new Fetched(mediaType, digest, json);
    }

    private byte[] blob(ImageRef ref, String digest) throws IOException, InterruptedException {
        if (!digest.startsWith("sha256:")) {
            throw new IOException("blob digest '" + digest + "' is not a sha256 digest");
        }
        URI uri = URI.create("http://" + ref.host() + "/v2/" + ref.repository() + "/blobs/" + digest);
        byte[] body = send(HttpRequest.newBuilder(uri).build()).body();
        if (!("sha256:" + sha256(body)).equals(digest)) {
            throw new IOException("GET " + uri + ": the blob's content does not match its digest");
        }
        return body;
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IOException("GET " + request.uri() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        if (r.statusCode() != 200) {
            throw new IOException("GET " + request.uri() + ": unexpected status code " + r.statusCode() + registryErrors(r.body()));
        }
        return r;
    }

    /** @return the registry's error codes and messages, as {@code ": CODE: message"}, or "" */
    private static String registryErrors(byte[] body) {
        try {
            StringBuilder sb = new StringBuilder();
            for (JsonNode e : Serialization.jsonMapper().readTree(body).path("errors")) {
                sb.append(": ").append(e.path("code").asString("")).append(": ").append(e.path("message").asString(""));
            }
            return sb.toString();
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asString("")));
        return values;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Unpacks one layer (a tar, gzipped or not) over {@code root}: regular files, directories, hard links (copied) and
     * symbolic links (absolute targets made relative, so they stay in the root); device files are skipped. A
     * {@code .wh.NAME} entry deletes NAME of the lower layers, {@code .wh..wh..opq} empties its directory of them.
     *
     * @throws IOException when the archive is malformed or an entry would land outside the root
     */
    static void unpack(InputStream layer, Path root) throws IOException {
        PushbackInputStream peek = new PushbackInputStream(layer, 2);
        byte[] magic = peek.readNBytes(2);
        peek.unread(magic);
        InputStream tar = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b
                ? new GZIPInputStream(peek, 65536) : peek;
        new TarReader(tar, root.toAbsolutePath().normalize()).run();
    }

    /** A small tar reader: ustar, GNU long names and links, PAX path, linkpath and size records. */
    private static final class TarReader {
        private final InputStream in;
        private final Path root;
        private final Path realRoot;
        /** The paths this layer wrote, which its own opaque whiteouts keep. */
        private final Set<Path> written = new HashSet<>();

        TarReader(InputStream in, Path root) throws IOException {
            this.in = in;
            this.root = root;
            this.realRoot = root.toRealPath();
        }

        void run() throws IOException {
            byte[] header = new byte[512];
            String longName = null;
            String longLink = null;
            Map<String, String> pax = new HashMap<>();
            while (true) {
                int n = in.readNBytes(header, 0, 512);
                if (n == 0 || isZero(header)) {
                    return;
                }
                if (n < 512) {
                    throw new IOException("truncated tar header");
                }
                String name = text(header, 0, 100);
                if (text(header, 257, 5).equals("ustar")) {
                    String prefix = text(header, 345, 155);
                    if (!prefix.isEmpty()) {
                        name = prefix + "/" + name;
                    }
                }
                long mode = number(header, 100, 8);
                long size = number(header, 124, 12);
                char type = (char) header[156];
                String link = text(header, 157, 100);
                switch (type) {
                    case 'L' -> {
                        longName = trimNul(new String(data(size), StandardCharsets.UTF_8));
                        continue;
                    }
                    case 'K' -> {
                        longLink = trimNul(new String(data(size), StandardCharsets.UTF_8));
                        continue;
                    }
                    case 'x' -> {
                        pax = parsePax(data(size));
                        continue;
                    }
                    case 'g' -> {
                        data(size);
                        continue;
                    }
                    default -> {
                        // an entry: the long name, link and size records above apply to it
                    }
                }
                name = pax.getOrDefault("path", longName != null ? longName : name);
                link = pax.getOrDefault("linkpath", longLink != null ? longLink : link);
                if (pax.containsKey("size")) {
                    size = Long.parseLong(pax.get("size").trim());
                }
                longName = null;
                longLink = null;
                pax = new HashMap<>();
                entry(name, type, mode, size, link);
            }
        }

        private void entry(String name, char type, long mode, long size, String link) throws IOException {
            String relative = strip(name);
            if (relative.isEmpty()) {
                skip(size);
                return;
            }
            Path target = inside(relative, name);
            String fileName = target.getFileName().toString();
            if (fileName.startsWith(WHITEOUT)) {
                skip(size);
                Path dir = target.getParent();
                if (fileName.equals(OPAQUE_WHITEOUT)) {
                    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                        try (Stream<Path> children = Files.list(dir)) {
                            for (Path child : children.toList()) {
                                if (!written.contains(child)) {
                                    deleteRecursively(child);
                                }
                            }
                        }
                    }
                } else {
                    deleteRecursively(inside(root.relativize(dir.resolve(fileName.substring(WHITEOUT.length()))).toString(), name));
                }
                return;
            }
            Files.createDirectories(target.getParent());
            if (!target.getParent().toRealPath().startsWith(realRoot)) {
                throw new IOException("layer entry '" + name + "' escapes the root file system through a symbolic link");
            }
            markWritten(target);
            switch (type) {
                case '5' -> {
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(target);
                    }
                    Files.createDirectories(target);
                    skip(size);
                }
                case '2' -> {
                    Path resolved = (link.startsWith("/") ? root.resolve(strip(link)) : target.getParent().resolve(link)).normalize();
                    if (!resolved.startsWith(root)) {
                        throw new IOException("layer entry '" + name + "' is a symbolic link to '" + link
                                + "', outside the root file system");
                    }
                    deleteRecursively(target);
                    Files.createSymbolicLink(target, target.getParent().relativize(resolved));
                    skip(size);
                }
                case '1' -> {
                    Path source = inside(strip(link), link);
                    deleteRecursively(target);
                    Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
                    skip(size);
                }
                case '0', '\0', '7' -> {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        deleteRecursively(target);
                    }
                    try (OutputStream out = Files.newOutputStream(target)) {
                        copy(size, out);
                    }
                    if ((mode & 0111) != 0 && !target.toFile().setExecutable(true)) {
                        throw new IOException("cannot make " + target + " executable");
                    }
                }
                default -> skip(size); // character and block devices, FIFOs: nothing a test process needs
            }
        }

        private Path inside(String relative, String name) throws IOException {
            Path target = root.resolve(relative).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                throw new IOException("layer entry '" + name + "' escapes the root file system");
            }
            return target;
        }

        private void markWritten(Path target) {
            for (Path p = target; p != null && !p.equals(root); p = p.getParent()) {
                written.add(p);
            }
        }

        private static String strip(String name) {
            String s = name;
            while (s.startsWith("/") || s.startsWith("./")) {
                s = s.startsWith("/") ? s.substring(1) : s.substring(2);
            }
            return s.equals(".") ? "" : s;
        }

        private byte[] data(long size) throws IOException {
            if (size > 1 << 20) {
                throw new IOException("tar extension record of " + size + " bytes is too large");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy(size, out);
            return out.toByteArray();
        }

        private void skip(long size) throws IOException {
            copy(size, OutputStream.nullOutputStream());
        }

        /** Copies an entry's data and skips the padding to the next 512-byte block. */
        private void copy(long size, OutputStream out) throws IOException {
            byte[] buffer = new byte[65536];
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("truncated tar entry");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
            long padding = (512 - size % 512) % 512;
            if (padding > 0) {
                in.skipNBytes(padding);
            }
        }

        private static Map<String, String> parsePax(byte[] data) {
            // records: "<length> <key>=<value>\n", the length counting the whole record in bytes
            Map<String, String> values = new HashMap<>();
            int pos = 0;
            while (pos < data.length) {
                int space = pos;
                while (space < data.length && data[space] != ' ') {
                    space++;
                }
                if (space >= data.length) {
                    break;
                }
                int length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.UTF_8).trim());
                if (length <= 0 || pos + length > data.length) {
                    break;
                }
                String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
                int eq = record.indexOf('=');
                if (eq > 0) {
                    values.put(record.substring(0, eq), record.substring(eq + 1));
                }
                pos += length;
            }
            return values;
        }

        private static boolean isZero(byte[] block) {
            for (byte b : block) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        private static String text(byte[] header, int offset, int length) {
            int end = offset;
            while (end < offset + length && header[end] != 0) {
                end++;
            }
            return new String(header, offset, end - offset, StandardCharsets.UTF_8);
        }

        private static String trimNul(String s) {
            int nul = s.indexOf('\0');
            return nul >= 0 ? s.substring(0, nul) : s;
        }

        /** An octal field, or a base-256 one (high bit of the first byte set) for large values. */
        private static long number(byte[] header, int offset, int length) throws IOException {
            if ((header[offset] & 0x80) != 0) {
                long value = header[offset] & 0x7f;
                for (int i = offset + 1; i < offset + length; i++) {
                    value = (value << 8) | (header[i] & 0xff);
                }
                return value;
            }
            String s = text(header, offset, length).trim();
            if (s.isEmpty()) {
                return 0;
            }
            try {
                return Long.parseLong(s, 8);
            } catch (NumberFormatException e) {
                throw new IOException("bad octal number '" + s + "' in a tar header", e);
            }
        }
    }

    /** Deletes a file, a symbolic link (not its target) or a directory tree; a missing path is fine. */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.delete(path);
        }
    }
}
