package dev.faasport.local;

import com.sun.net.httpserver.HttpExchange;
import dev.faasport.runtime.json.Json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The subset of the Cloud Storage JSON API a function's client uses, over the local buckets: objects insert (media,
 * multipart and resumable upload, gzip-encoded or not), get (metadata, or the bytes with {@code alt=media}, also under
 * {@code /download}), list, delete; buckets get, insert, delete. Rules follow the Cloud Storage JSON API reference
 * (cloud.google.com/storage/docs/json_api/v1, read 2026-12), cited per method. No credentials are asked for, as
 * Google's clients send none to an emulator; the Host and Origin rules of the runtime apply.
 */
final class GcsApi {

    /** "maxResults: ... at most 1,000 items" (Objects: list, read 2026-12) */
    private static final int MAX_RESULTS = 1000;

    private final LocalRuntime runtime;
    private final Gateway gateway;

    GcsApi(LocalRuntime runtime, Gateway gateway) {
        this.runtime = runtime;
        this.gateway = gateway;
        Path tmp = runtime.buckets.root.resolve(".tmp");
        // sessions do not outlive the runtime that started them: their parts are dropped at the next start
        try (java.nio.file.DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, "resumable*.part")) {
            for (Path p : parts) {
                Files.deleteIfExists(p);
            }
        } catch (IOException noneOrBusy) {
            // no .tmp yet, or a part another process holds: left for the next start
        }
    }

    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!gateway.localCaller(ex)) {
                return;
            }
            String raw = ex.getRequestURI().getRawPath();
            try {
                boolean upload = raw.startsWith("/upload/");
                String rest = raw.substring(raw.indexOf("/storage/v1/") + "/storage/v1/".length());
                List<String> parts = Arrays.stream(rest.split("/", -1)).map(GcsApi::decode).toList();
                String method = ex.getRequestMethod();
                if (parts.size() == 1 && parts.get(0).equals("b") && method.equals("POST")) {
                    createBucket(ex);
                } else if (parts.size() == 2 && parts.get(0).equals("b")) {
                    bucket(ex, check(parts.get(1)));
                } else if (parts.size() == 3 && parts.get(0).equals("b") && parts.get(2).equals("o") && upload && method.equals("POST")) {
                    insert(ex, check(parts.get(1)));
                } else if (parts.size() == 3 && parts.get(0).equals("b") && parts.get(2).equals("o") && upload && method.equals("PUT")) {
                    resume(ex, check(parts.get(1)));
                } else if (parts.size() == 3 && parts.get(0).equals("b") && parts.get(2).equals("o") && method.equals("GET")) {
                    list(ex, check(parts.get(1)));
                } else if (parts.size() >= 4 && parts.get(0).equals("b") && parts.get(2).equals("o")) {
                    // the object name is one percent-encoded segment; a client that leaves its '/' unencoded still works
                    object(ex, check(parts.get(1)), String.join("/", parts.subList(3, parts.size())));
                } else {
                    throw new RequestException(404, "notFound", "Not Found: no Cloud Storage JSON API method "
                            + method + " " + raw + " on the local runtime, perhaps you should use objects insert, get, "
                            + "list or delete");
                }
            } catch (RequestException e) {
                Gateway.drain(ex);
                error(ex, e);
            }
        }
    }

    private static String decode(String raw) {
        try {
            return new URI("http://x/" + raw).getPath().substring(1);
        } catch (URISyntaxException e) {
            throw new RequestException(400, "invalid", "The request path cannot be read (" + e.getMessage()
                    + "), perhaps you should percent-encode the object name");
        }
    }

    private static String check(String bucket) {
        try {
            return Buckets.checkBucket(bucket);
        } catch (RequestException e) {
            throw new RequestException(400, "invalid", "Invalid bucket name: '" + bucket + "', perhaps you should use "
                    + "3 to 63 lower-case letters, digits, '-' or '.'");
        }
    }

    // ---- buckets

    /** Buckets: get (200 with the bucket resource, 404), delete (204, 409 while it holds objects) (read 2026-12). */
    private void bucket(HttpExchange ex, String bucket) throws IOException {
        switch (ex.getRequestMethod()) {
            case "GET" -> {
                requireBucket(bucket);
                json(ex, 200, bucketResource(ex, bucket));
            }
            case "DELETE" -> {
                requireBucket(bucket);
                if (!runtime.buckets.deleteBucket(bucket)) {
                    throw new RequestException(409, "conflict", "The bucket you tried to delete is not empty: local "
                            + "bucket '" + bucket + "' holds objects, perhaps you should delete them first");
                }
                StorageEndpoints.send(ex, 204, null, new byte[0]);
            }
            default -> throw notFound(ex);
        }
    }

    /** Buckets: insert, {@code POST /b?project=} with {"name": ...}; 409 when it exists (read 2026-12). */
    private void createBucket(HttpExchange ex) throws IOException {
        Object name;
        try {
            name = Json.parseObject(new String(body(ex).readNBytes(1 << 16), StandardCharsets.UTF_8)).get("name");
        } catch (RuntimeException e) {
            throw new RequestException(400, "invalid", "The bucket resource in the request body is not JSON ("
                    + e.getMessage() + "), perhaps you should send {\"name\": \"my-bucket\"}");
        }
        String bucket = check(name == null ? null : String.valueOf(name));
        if (!runtime.buckets.create(bucket)) {
            throw new RequestException(409, "conflict", "Your previous request to create the named bucket succeeded "
                    + "and you already own it: local bucket '" + bucket + "' exists");
        }
        json(ex, 200, bucketResource(ex, bucket));
    }

    private Map<String, Object> bucketResource(HttpExchange ex, String bucket) throws IOException {
        String created = StorageEndpoints.isoDate(Files.getLastModifiedTime(runtime.buckets.root.resolve(bucket)).toMillis());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "storage#bucket");
        m.put("id", bucket);
        m.put("selfLink", base(ex) + "/storage/v1/b/" + bucket);
        m.put("projectNumber", "0");
        m.put("name", bucket);
        m.put("timeCreated", created);
        m.put("updated", created);
        m.put("metageneration", "1");
        m.put("location", "US");
        m.put("storageClass", "STANDARD");
        m.put("etag", "CAE=");
        return m;
    }

    private void requireBucket(String bucket) {
        if (!runtime.buckets.exists(bucket)) {
            throw new RequestException(404, "notFound", "The specified bucket does not exist: no local bucket '" + bucket
                    + "', perhaps you should create it or upload to it first");
        }
    }

    /** @return the origin the client called: the runtime's port, or https://storage.googleapis.com through its tunnel */
    private String base(HttpExchange ex) {
        Object tunnel = ex.getAttribute(HttpFront.TUNNEL_HOST);
        return tunnel != null ? "https://" + tunnel : "http://127.0.0.1:" + runtime.port();
    }

    // ---- objects

    /**
     * Objects: list: prefix, delimiter ("prefixes"), maxResults up to 1,000, pageToken / nextPageToken
     * (read 2026-12).
     */
    private void list(HttpExchange ex, String bucket) throws IOException {
        requireBucket(bucket);
        int max = MAX_RESULTS;
        String maxResults = Gateway.queryParam(ex, "maxResults");
        if (maxResults != null) {
            try {
                max = Math.min(MAX_RESULTS, Integer.parseInt(maxResults));
            } catch (NumberFormatException e) {
                max = 0;
            }
            if (max <= 0) {
                throw new RequestException(400, "invalid", "Invalid value for maxResults: '" + maxResults
                        + "', perhaps you should send a number from 1 to 1000");
            }
        }
        String token = Gateway.queryParam(ex, "pageToken");
        String startOffset = Gateway.queryParam(ex, "startOffset");
        String after = startOffset == null ? null : before(startOffset);
        if (token != null && !token.isEmpty()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new RequestException(400, "invalid", "Invalid pageToken '" + token + "', perhaps you should pass "
                        + "nextPageToken as it was answered");
            }
        }
        Buckets.Page page = runtime.buckets.page(bucket, Gateway.queryParam(ex, "prefix"), Gateway.queryParam(ex, "delimiter"), after, max);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "storage#objects");
        if (page.next() != null) {
            m.put("nextPageToken", Base64.getUrlEncoder().encodeToString(page.next().getBytes(StandardCharsets.UTF_8)));
        }
        if (!page.prefixes().isEmpty()) {
            m.put("prefixes", page.prefixes());
        }
        List<Object> items = new java.util.ArrayList<>();
        for (Buckets.ObjectInfo o : page.objects()) {
            items.add(resource(ex, bucket, o.key(), runtime.buckets.get(bucket, o.key())));
        }
        m.put("items", items);
        json(ex, 200, m);
    }

    /** @return the greatest string below {@code s}, so that a listing "after" it starts at {@code s} */
    private static String before(String s) {
        return s.isEmpty() ? null : s.substring(0, s.length() - 1) + (char) (s.charAt(s.length() - 1) - 1) + "\uffff";
    }

    /** Objects: get (metadata, or the bytes with alt=media, a Range answered 206) and delete (204, 404) (read 2026-12). */
    private void object(HttpExchange ex, String bucket, String name) throws IOException {
        String method = ex.getRequestMethod();
        if (method.equals("DELETE")) {
            requireBucket(bucket);
            if (!runtime.deleteObject(bucket, name)) {
                throw noSuchObject(bucket, name);
            }
            StorageEndpoints.send(ex, 204, null, new byte[0]);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw notFound(ex);
        }
        requireBucket(bucket);
        Path file = runtime.buckets.get(bucket, name);
        if (file == null) {
            throw noSuchObject(bucket, name);
        }
        Map<String, Object> resource = resource(ex, bucket, name, file);
        if (!"media".equals(Gateway.queryParam(ex, "alt"))) {
            json(ex, 200, resource);
            return;
        }
        long[] range = StorageEndpoints.range(ex.getRequestHeaders().getFirst("Range"), Files.size(file), "requestedRangeNotSatisfiable");
        var h = ex.getResponseHeaders();
        h.set("Content-Type", String.valueOf(resource.get("contentType")));
        h.set("ETag", String.valueOf(resource.get("etag")));
        h.set("x-goog-generation", String.valueOf(resource.get("generation")));
        h.set("x-goog-metageneration", "1");
        h.set("x-goog-stored-content-length", String.valueOf(resource.get("size")));
        if (range == null) {
            // the whole object's hashes: clients check a full download against them ("Hashes and ETags", read 2026-12)
            h.set("x-goog-hash", "crc32c=" + resource.get("crc32c") + ",md5=" + resource.get("md5Hash"));
        }
        StorageEndpoints.sendFile(ex, file, range);
    }

    /**
     * Objects: insert, {@code POST /upload/storage/v1/b/B/o}: {@code uploadType=media} (the body is the object,
     * {@code name} in the query) or {@code multipart} (multipart/related: the object resource as JSON, then the
     * bytes); the body may be gzip-encoded ({@code Content-Encoding: gzip}, which google-cloud-storage sends). A
     * {@code crc32c} or {@code md5Hash} in the resource is checked against the bytes (400 otherwise, nothing stored).
     * {@code resumable} starts a session ({@link #startResumable}) (read 2026-12).
     */
    private void insert(HttpExchange ex, String bucket) throws IOException {
        String type = Gateway.queryParam(ex, "uploadType");
        InputStream body = body(ex);
        Map<String, Object> metadata = new LinkedHashMap<>();
        InputStream content;
        if ("media".equals(type)) {
            content = body;
        } else if ("multipart".equals(type)) {
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            int b = contentType == null ? -1 : contentType.indexOf("boundary=");
            if (b < 0) {
                throw new RequestException(400, "invalid", "A multipart upload needs Content-Type: multipart/related; "
                        + "boundary=..., perhaps you should let the client library build the request");
            }
            String boundary = contentType.substring(b + 9).split(";")[0].replace("\"", "").trim();
            int cap = (int) Math.min(Integer.MAX_VALUE - 16, runtime.options.maxObjectBytes() + (1 << 20));
            byte[] all = body.readNBytes(cap); // in memory: resource and bytes, at most the object size cap and 1 MB
            if (all.length == cap) {
                throw new RequestException(413, "uploadTooLarge", "The multipart upload of bucket '" + bucket + "' is larger "
                        + "than the local runtime's object size cap of " + runtime.options.maxObjectBytes()
                        + " bytes, perhaps you should upload a smaller object or raise local.maxObjectMb");
            }
            List<byte[]> parts = multipart(all, boundary);
            try {
                metadata.putAll(Json.parseObject(new String(parts.get(0), StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                throw new RequestException(400, "invalid", "The first part of the multipart upload is not the object "
                        + "resource as JSON (" + e.getMessage() + "), perhaps you should let the client library build it");
            }
            content = new ByteArrayInputStream(parts.get(1));
        } else if ("resumable".equals(type)) {
            startResumable(ex, bucket, body);
            return;
        } else {
            throw new RequestException(400, "invalid", "uploadType '" + type + "' is not served by the local runtime, "
                    + "perhaps you should upload with uploadType=media, multipart or resumable");
        }
        String name = Gateway.queryParam(ex, "name");
        if (name == null && metadata.get("name") != null) {
            name = String.valueOf(metadata.get("name"));
        }
        if (name == null) {
            throw new RequestException(400, "required", "Required: the object name, perhaps you should set it in the "
                    + "BlobInfo or the name query parameter");
        }
        Checked checked = new Checked(content, metadata);
        runtime.upload(bucket, name, -1, checked);
        json(ex, 200, resource(ex, bucket, name, runtime.buckets.get(bucket, name)));
    }

    /** A resumable upload in progress: its bytes so far in a part file under the buckets' .tmp directory. */
    private record Session(String bucket, String name, Map<String, Object> metadata, Path part) {
    }

    /** Sessions by upload id; they live as long as the runtime (a restart loses them: the client starts again). */
    private final Map<String, Session> sessions = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Starts a resumable upload: {@code POST ...?uploadType=resumable} with the object resource (or {@code name} in
     * the query) answers 200 with the session URI in {@code Location} ("Perform resumable uploads", read 2026-12).
     */
    private void startResumable(HttpExchange ex, String bucket, InputStream body) throws IOException {
        byte[] json = body.readNBytes(1 << 20);
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (json.length > 0) {
            try {
                metadata.putAll(Json.parseObject(new String(json, StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                throw new RequestException(400, "invalid", "The object resource of the resumable upload is not JSON ("
                        + e.getMessage() + "), perhaps you should let the client library build it");
            }
        }
        String name = Gateway.queryParam(ex, "name") != null ? Gateway.queryParam(ex, "name")
                : metadata.get("name") == null ? null : String.valueOf(metadata.get("name"));
        Buckets.checkKey(bucket, name);
        Path tmp = runtime.buckets.root.resolve(".tmp");
        Files.createDirectories(tmp);
        String id = StorageEndpoints.requestId();
        sessions.put(id, new Session(bucket, name, metadata, Files.createTempFile(tmp, "resumable", ".part")));
        ex.getResponseHeaders().set("Location", base(ex) + "/upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&upload_id=" + id);
        StorageEndpoints.send(ex, 200, null, new byte[0]);
    }

    /**
     * A chunk of a resumable upload, {@code PUT <session URI>} with {@code Content-Range: bytes S-E/T} ({@code T} is
     * {@code *} until the client knows the size; {@code bytes *}{@code /T} with no body asks for the status or
     * finishes). Bytes the session already holds are skipped; 308 with {@code Range: bytes=0-N} until all {@code T}
     * bytes are in, then the object is stored and its resource answered ("Perform resumable uploads", read 2026-12).
     */
    private void resume(HttpExchange ex, String bucket) throws IOException {
        String id = Gateway.queryParam(ex, "upload_id");
        Session session = id == null ? null : sessions.get(id);
        if (session == null || !session.bucket().equals(bucket)) {
            throw new RequestException(404, "notFound", "No resumable upload session '" + id + "' in bucket '" + bucket
                    + "' (sessions end with the upload or a restart of the runtime), perhaps you should start the upload again");
        }
        String range = ex.getRequestHeaders().getFirst("Content-Range");
        long start = -1;
        long total = -1;
        if (range != null && range.startsWith("bytes ") && range.indexOf('/') > 0) {
            String span = range.substring(6, range.indexOf('/')).trim();
            String size = range.substring(range.indexOf('/') + 1).trim();
            try {
                start = span.equals("*") ? -1 : Long.parseLong(span.substring(0, span.indexOf('-')));
                total = size.equals("*") ? -1 : Long.parseLong(size);
            } catch (RuntimeException e) {
                throw new RequestException(400, "invalid", "Content-Range '" + range + "' cannot be read, perhaps you "
                        + "should send bytes START-END/TOTAL");
            }
        }
        long have = Files.size(session.part());
        if (start > have) {
            throw new RequestException(400, "invalid", "The chunk starts at byte " + start + " but the upload holds "
                    + have + " bytes, perhaps you should ask for the upload's status and resend from there");
        }
        InputStream in = ex.getRequestBody();
        if (start >= 0) {
            in.skipNBytes(Math.min(have - start, Long.MAX_VALUE)); // already received
        }
        try (java.io.OutputStream out = Files.newOutputStream(session.part(), java.nio.file.StandardOpenOption.APPEND)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                have += n;
                if (have > runtime.options.maxObjectBytes()) {
                    discard(id, session);
                    throw new RequestException(413, "uploadTooLarge", "The resumable upload of '" + session.name()
                            + "' is larger than the local runtime's object size cap of " + runtime.options.maxObjectBytes()
                            + " bytes, perhaps you should upload a smaller object or raise local.maxObjectMb");
                }
                out.write(buf, 0, n);
            }
        }
        if (total >= 0 && have >= total) {
            try (InputStream content = new Checked(Files.newInputStream(session.part()), session.metadata())) {
                runtime.upload(bucket, session.name(), have, content);
            } finally {
                discard(id, session);
            }
            json(ex, 200, resource(ex, bucket, session.name(), runtime.buckets.get(bucket, session.name())));
            return;
        }
        if (have > 0) {
            ex.getResponseHeaders().set("Range", "bytes=0-" + (have - 1));
        }
        StorageEndpoints.send(ex, 308, null, new byte[0]);
    }

    private void discard(String id, Session session) throws IOException {
        sessions.remove(id);
        Files.deleteIfExists(session.part());
    }

    /** @return the request body, gunzipped when it is gzip-encoded (google-cloud-storage compresses what it sends) */
    private static InputStream body(HttpExchange ex) throws IOException {
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        boolean gzip = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip");
        return gzip ? new GZIPInputStream(ex.getRequestBody()) : ex.getRequestBody();
    }

    /** @return the two parts of a multipart/related body, each without its headers */
    private static List<byte[]> multipart(byte[] all, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> parts = new java.util.ArrayList<>();
        int at = indexOf(all, delimiter, 0);
        while (at >= 0 && parts.size() < 2) {
            int start = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), at) + 4;
            int next = indexOf(all, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), start);
            if (start < 4 || next < 0) {
                break;
            }
            parts.add(Arrays.copyOfRange(all, start, next));
            at = next + 2;
        }
        if (parts.size() != 2) {
            throw new RequestException(400, "invalid", "The multipart upload does not hold two parts (the object "
                    + "resource and the bytes), perhaps you should let the client library build it");
        }
        return parts;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The upload's bytes, checked at their end against the crc32c and md5Hash the client sent. */
    private static final class Checked extends java.io.FilterInputStream {
        private final Map<String, Object> metadata;
        private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        private final java.security.MessageDigest md5;

        Checked(InputStream in, Map<String, Object> metadata) {
            super(in);
            this.metadata = metadata;
            try {
                md5 = java.security.MessageDigest.getInstance("MD5");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
                md5.update(b, off, n);
            } else if (n < 0) {
                check("crc32c", Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()));
                check("md5Hash", Base64.getEncoder().encodeToString(md5.digest()));
            }
            return n;
        }

        private void check(String field, String actual) {
            Object sent = metadata.get(field);
            if (sent != null && !sent.equals(actual)) {
                throw new RequestException(400, "invalid", "Provided " + field + " \"" + sent + "\" doesn't match "
                        + "calculated " + field + " \"" + actual + "\", perhaps you should upload the object again");
            }
        }
    }

    /** The object resource (Objects resource, read 2026-12): int64 fields as strings, hashes in base64. */
    private Map<String, Object> resource(HttpExchange ex, String bucket, String name, Path file) throws IOException {
        Buckets.Checksums sums = Buckets.checksums(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        String generation = Long.toString(modified * 1000);
        String encoded = java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "storage#object");
        m.put("id", bucket + "/" + name + "/" + generation);
        m.put("selfLink", base(ex) + "/storage/v1/b/" + bucket + "/o/" + encoded);
        m.put("mediaLink", base(ex) + "/download/storage/v1/b/" + bucket + "/o/" + encoded + "?generation=" + generation + "&alt=media");
        m.put("name", name);
        m.put("bucket", bucket);
        m.put("generation", generation);
        m.put("metageneration", "1");
        m.put("contentType", "application/octet-stream");
        m.put("storageClass", "STANDARD");
        m.put("size", Long.toString(Files.size(file)));
        m.put("md5Hash", Base64.getEncoder().encodeToString(sums.md5()));
        m.put("crc32c", Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt(sums.crc32c()).array()));
        m.put("etag", Base64.getEncoder().encodeToString(Arrays.copyOf(sums.md5(), 6)));
        m.put("timeCreated", StorageEndpoints.isoDate(modified));
        m.put("updated", StorageEndpoints.isoDate(modified));
        m.put("timeStorageClassUpdated", StorageEndpoints.isoDate(modified));
        return m;
    }

    private static RequestException noSuchObject(String bucket, String name) {
        return new RequestException(404, "notFound", "No such object: " + bucket + "/" + name + ", perhaps you should "
                + "list the bucket");
    }

    private static RequestException notFound(HttpExchange ex) {
        return new RequestException(404, "notFound", "Not Found: " + ex.getRequestMethod() + " " + ex.getRequestURI()
                + " is not served by the local runtime's Cloud Storage endpoint, perhaps you should test it against Google");
    }

    private static void json(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
        StorageEndpoints.send(ex, status, "application/json; charset=UTF-8", StorageEndpoints.utf8(Json.write(body)));
    }

    /**
     * Google's JSON error: {@code {"error": {"code", "message", "errors": [{"message", "domain": "global", "reason"}]}}}
     * ("HTTP status and error codes for JSON", read 2026-12).
     */
    private static void error(HttpExchange ex, RequestException e) throws IOException {
        String reason = e.code != null ? e.code : switch (e.status) {
            case 409 -> "conflict";
            case 413 -> "uploadTooLarge";
            case 400 -> "invalid";
            default -> "backendError";
        };
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", e.getMessage());
        detail.put("domain", "global");
        detail.put("reason", reason);
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", e.status);
        err.put("message", e.getMessage());
        err.put("errors", List.of(detail));
        json(ex, e.status, Map.of("error", err));
    }
}
