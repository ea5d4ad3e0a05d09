package dev.faasport.local;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static dev.faasport.local.StorageEndpoints.xml;

/**
 * The subset of the Azure Blob Storage REST API a function's SDK uses, over the local buckets (a container is a
 * bucket), with the account in the path as Azurite serves it ({@code /devstoreaccount1/<container>/<blob>}): Put Blob
 * (block blobs), Get Blob, Get Blob Properties, Delete Blob, List Blobs, Create / Get Properties / Delete Container,
 * List Containers. Rules follow the Azure Storage REST API reference (learn.microsoft.com/rest/api/storageservices,
 * read 2026-12), cited per operation; requests are authorized with the runtime home's account key (Shared Key).
 */
final class BlobApi {

    /** "maxresults ... If the request doesn't specify maxresults, or specifies a value greater than 5,000, the server
     * will return up to 5,000 items" (List Blobs, read 2026-12) */
    private static final int MAX_RESULTS = 5000;
    private static final String PREFIX = "/" + StorageEndpoints.AZURE_ACCOUNT;

    private final LocalRuntime runtime;
    private final Gateway gateway;
    private final byte[] accountKey;

    BlobApi(LocalRuntime runtime, Gateway gateway, String accountKey) {
        this.runtime = runtime;
        this.gateway = gateway;
        this.accountKey = Base64.getDecoder().decode(accountKey);
    }

    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!gateway.localCaller(ex)) {
                return;
            }
            String raw = ex.getRequestURI().getRawPath();
            try {
                if (!raw.equals(PREFIX) && !raw.startsWith(PREFIX + "/")) {
                    throw new RequestException(400, "InvalidUri", "The requested URI does not represent any resource on "
                            + "the server: " + raw + ", perhaps you should use the BlobEndpoint of AzureWebJobsStorage");
                }
                authorize(ex);
                String rest = raw.length() <= PREFIX.length() + 1 ? "" : raw.substring(PREFIX.length() + 1);
                int slash = rest.indexOf('/');
                String container = decode(slash < 0 ? rest : rest.substring(0, slash));
                String blob = slash < 0 || slash == rest.length() - 1 ? null : decode(rest.substring(slash + 1));
                if (container.isEmpty()) {
                    listContainers(ex);
                } else if (blob == null) {
                    containerOperation(ex, checkContainer(container));
                } else {
                    blobOperation(ex, checkContainer(container), blob);
                }
            } catch (RequestException e) {
                Gateway.drain(ex);
                error(ex, e);
            }
        }
    }

    private static String checkContainer(String name) {
        try {
            return Buckets.checkBucket(name);
        } catch (RequestException e) {
            throw new RequestException(400, "InvalidResourceName", "The specified resource name contains invalid "
                    + "characters: container '" + name + "', perhaps you should use 3 to 63 lower-case letters, digits or '-'");
        }
    }

    private static String decode(String raw) {
        try {
            return new URI("http://x/" + raw).getPath().substring(1); // %XX only: "%2e%2e" is checked as ".."
        } catch (URISyntaxException e) {
            throw new RequestException(400, "InvalidUri", "The requested URI cannot be read (" + e.getMessage()
                    + "), perhaps you should percent-encode the blob name");
        }
    }

    // ---- Shared Key ("Authorize with Shared Key", read 2026-12)

    /**
     * Checks the {@code Authorization: SharedKey <account>:<signature>} header: HMAC-SHA256 with the account key over
     * the verb, the standard headers (Content-Length empty when 0, Date empty when x-ms-date is set), the x-ms-
     * headers in order and the canonicalized resource. For an IP-style URL the SDKs sign {@code /<account>} plus the
     * whole path (which starts with the account again); the path without it is taken too, as Azurite does.
     */
    private void authorize(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String prefix = "SharedKey " + StorageEndpoints.AZURE_ACCOUNT + ":";
        if (auth == null || !auth.startsWith(prefix)) {
            throw new RequestException(403, "AuthenticationFailed", "Server failed to authenticate the request: "
                    + (auth == null ? "no Authorization header" : "not Shared Key for account " + StorageEndpoints.AZURE_ACCOUNT)
                    + ", perhaps you should build the client from the AzureWebJobsStorage connection string");
        }
        byte[] signature = auth.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getRawPath();
        for (String resourcePath : List.of(path, path.substring(PREFIX.length()))) {
            if (MessageDigest.isEqual(signature, sign(stringToSign(ex, resourcePath)).getBytes(StandardCharsets.UTF_8))) {
                return;
            }
        }
        throw new RequestException(403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure "
                + "the value of Authorization header is formed correctly including the signature: it is not signed with "
                + "the local runtime's account key, perhaps you should use the AzureWebJobsStorage connection string its "
                + "functions get (key in " + runtime.home().resolve("storage-credentials.json") + ")");
    }

    private static String stringToSign(HttpExchange ex, String rawPath) {
        var h = ex.getRequestHeaders();
        String length = h.getFirst("Content-Length");
        StringBuilder s = new StringBuilder(ex.getRequestMethod()).append('\n');
        for (String name : List.of("Content-Encoding", "Content-Language")) {
            s.append(value(h.getFirst(name))).append('\n');
        }
        s.append("0".equals(length) ? "" : value(length)).append('\n');
        for (String name : List.of("Content-MD5", "Content-Type")) {
            s.append(value(h.getFirst(name))).append('\n');
        }
        s.append(h.getFirst("x-ms-date") != null ? "" : value(h.getFirst("Date"))).append('\n');
        for (String name : List.of("If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range")) {
            s.append(value(h.getFirst(name))).append('\n');
        }
        TreeMap<String, String> ms = new TreeMap<>();
        h.forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-ms-") && !v.isEmpty()) {
                ms.put(lower, v.get(0).trim());
            }
        });
        ms.forEach((k, v) -> s.append(k).append(':').append(v).append('\n'));
        s.append('/').append(StorageEndpoints.AZURE_ACCOUNT).append(rawPath.isEmpty() ? "/" : rawPath); // as sent, encoded
        TreeMap<String, List<String>> params = new TreeMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                params.computeIfAbsent(k, x -> new ArrayList<>()).add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        params.forEach((k, v) -> s.append('\n').append(k).append(':').append(String.join(",", v.stream().sorted().toList())));
        return s.toString();
    }

    private static String value(String v) {
        return v == null ? "" : v;
    }

    private String sign(String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(accountKey, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- containers

    /** List Containers: GET /?comp=list (read 2026-12) */
    private void listContainers(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET") || !"list".equals(Gateway.queryParam(ex, "comp"))) {
            throw unsupported(ex);
        }
        StringBuilder x = new StringBuilder("<EnumerationResults ServiceEndpoint=\"").append(endpoint()).append("\"><Containers>");
        for (String b : runtime.buckets.buckets()) {
            x.append("<Container><Name>").append(xml(b)).append("</Name><Properties><Last-Modified>")
                    .append(StorageEndpoints.httpDate(Files.getLastModifiedTime(runtime.buckets.root.resolve(b)).toMillis()))
                    .append("</Last-Modified><Etag>\"0x1\"</Etag></Properties></Container>");
        }
        ok(ex, 200, x.append("</Containers><NextMarker/></EnumerationResults>"));
    }

    private String endpoint() {
        return "http://127.0.0.1:" + runtime.port() + PREFIX + "/";
    }

    private void containerOperation(HttpExchange ex, String container) throws IOException {
        String method = ex.getRequestMethod();
        if (!"container".equals(Gateway.queryParam(ex, "restype"))) {
            throw unsupported(ex);
        }
        String comp = Gateway.queryParam(ex, "comp");
        if (method.equals("PUT") && comp == null) {
            // Create Container: 201; ContainerAlreadyExists (409) (read 2026-12)
            if (!runtime.buckets.create(container)) {
                throw new RequestException(409, "ContainerAlreadyExists", "The specified container already exists: "
                        + "local bucket '" + container + "'");
            }
            empty(ex, 201);
        } else if ((method.equals("GET") || method.equals("HEAD")) && comp == null) {
            // Get Container Properties: 200 with ETag and Last-Modified; ContainerNotFound (404) (read 2026-12)
            requireContainer(container);
            ex.getResponseHeaders().set("ETag", "\"0x1\"");
            ex.getResponseHeaders().set("Last-Modified", StorageEndpoints.httpDate(
                    Files.getLastModifiedTime(runtime.buckets.root.resolve(container)).toMillis()));
            ex.getResponseHeaders().set("x-ms-lease-status", "unlocked");
            ex.getResponseHeaders().set("x-ms-lease-state", "available");
            empty(ex, 200);
        } else if (method.equals("DELETE") && comp == null) {
            // Delete Container: 202, the blobs go with it (read 2026-12); each fires its DELETED triggers here
            requireContainer(container);
            for (Buckets.ObjectInfo o : runtime.buckets.list(container, "", Integer.MAX_VALUE)) {
                runtime.deleteObject(container, o.key());
            }
            runtime.buckets.deleteBucket(container);
            empty(ex, 202);
        } else if (method.equals("GET") && "list".equals(comp)) {
            list(ex, container);
        } else {
            throw unsupported(ex);
        }
    }

    /**
     * List Blobs: prefix, delimiter (BlobPrefix elements), maxresults up to 5,000, marker / NextMarker
     * (read 2026-12).
     */
    private void list(HttpExchange ex, String container) throws IOException {
        requireContainer(container);
        String prefix = Gateway.queryParam(ex, "prefix");
        String delimiter = Gateway.queryParam(ex, "delimiter");
        String marker = Gateway.queryParam(ex, "marker");
        int max = MAX_RESULTS;
        String maxResults = Gateway.queryParam(ex, "maxresults");
        if (maxResults != null) {
            try {
                max = Math.min(MAX_RESULTS, Integer.parseInt(maxResults));
            } catch (NumberFormatException e) {
                max = 0;
            }
            if (max <= 0) {
                throw new RequestException(400, "OutOfRangeQueryParameterValue", "One of the query parameters specified "
                        + "in the request URI is outside the permissible range: maxresults '" + maxResults
                        + "', perhaps you should send a number from 1 to 5000");
            }
        }
        String after = null;
        if (marker != null && !marker.isEmpty()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new RequestException(400, "InvalidQueryParameterValue", "Value for one of the query parameters "
                        + "specified in the request URI is invalid: marker '" + marker + "', perhaps you should pass "
                        + "NextMarker as it was answered");
            }
        }
        Buckets.Page page = runtime.buckets.page(container, prefix, delimiter, after, max);
        StringBuilder x = new StringBuilder("<EnumerationResults ServiceEndpoint=\"").append(endpoint())
                .append("\" ContainerName=\"").append(xml(container)).append("\">");
        if (prefix != null) {
            x.append("<Prefix>").append(xml(prefix)).append("</Prefix>");
        }
        if (marker != null) {
            x.append("<Marker>").append(xml(marker)).append("</Marker>");
        }
        if (maxResults != null) {
            x.append("<MaxResults>").append(max).append("</MaxResults>");
        }
        if (delimiter != null) {
            x.append("<Delimiter>").append(xml(delimiter)).append("</Delimiter>");
        }
        x.append("<Blobs>");
        // Blob and BlobPrefix elements in name order, as the service lists them
        List<Object> entries = new ArrayList<>(page.objects());
        entries.addAll(page.prefixes());
        entries.sort((a, b) -> name(a).compareTo(name(b)));
        for (Object e : entries) {
            if (e instanceof Buckets.ObjectInfo o) {
                Buckets.Checksums sums = Buckets.checksums(runtime.buckets.get(container, o.key()));
                x.append("<Blob><Name>").append(xml(o.key())).append("</Name><Properties><Creation-Time>")
                        .append(StorageEndpoints.httpDate(o.lastModified())).append("</Creation-Time><Last-Modified>")
                        .append(StorageEndpoints.httpDate(o.lastModified())).append("</Last-Modified><Etag>")
                        .append(etag(sums)).append("</Etag><Content-Length>").append(o.size())
                        .append("</Content-Length><Content-Type>application/octet-stream</Content-Type><Content-MD5>")
                        .append(Base64.getEncoder().encodeToString(sums.md5())).append("</Content-MD5><BlobType>BlockBlob"
                                + "</BlobType><AccessTier>Hot</AccessTier><AccessTierInferred>true</AccessTierInferred>"
                                + "<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState>"
                                + "<ServerEncrypted>true</ServerEncrypted></Properties></Blob>");
            } else {
                x.append("<BlobPrefix><Name>").append(xml((String) e)).append("</Name></BlobPrefix>");
            }
        }
        x.append("</Blobs><NextMarker>");
        if (page.next() != null) {
            x.append(Base64.getUrlEncoder().encodeToString(page.next().getBytes(StandardCharsets.UTF_8)));
        }
        ok(ex, 200, x.append("</NextMarker></EnumerationResults>"));
    }

    private static String name(Object entry) {
        return entry instanceof Buckets.ObjectInfo o ? o.key() : (String) entry;
    }

    private void requireContainer(String container) {
        if (!runtime.buckets.exists(container)) {
            throw new RequestException(404, "ContainerNotFound", "The specified container does not exist: no local bucket '"
                    + container + "', perhaps you should create it or upload a blob to it first");
        }
    }

    // ---- blobs

    private void blobOperation(HttpExchange ex, String container, String blob) throws IOException {
        String method = ex.getRequestMethod();
        String comp = Gateway.queryParam(ex, "comp");
        if (comp != null) {
            throw unsupported(ex); // blocks, metadata, tags, leases...
        }
        switch (method) {
            case "PUT" -> put(ex, container, blob);
            case "GET", "HEAD" -> get(ex, container, blob);
            case "DELETE" -> {
                // Delete Blob: 202; BlobNotFound (404) (read 2026-12)
                requireContainer(container);
                if (!runtime.deleteObject(container, blob)) {
                    throw blobNotFound(container, blob);
                }
                ex.getResponseHeaders().set("x-ms-delete-type-permanent", "true");
                empty(ex, 202);
            }
            default -> throw new RequestException(405, "UnsupportedHttpVerb", "The resource doesn't support the "
                    + "specified HTTP verb " + method + ", perhaps you should use GET, PUT, HEAD or DELETE");
        }
    }

    /**
     * Put Blob: {@code x-ms-blob-type: BlockBlob} is required (MissingRequiredHeader otherwise; page and append
     * blobs are not served), 201 with ETag, Last-Modified and Content-MD5 (read 2026-12). A container that does not
     * exist is created, as local buckets are by their first object (Azure answers ContainerNotFound: README).
     */
    private void put(HttpExchange ex, String container, String blob) throws IOException {
        String type = ex.getRequestHeaders().getFirst("x-ms-blob-type");
        if (type == null) {
            throw new RequestException(400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request "
                    + "is not specified: x-ms-blob-type, perhaps you should send x-ms-blob-type: BlockBlob");
        }
        if (!type.equals("BlockBlob")) {
            throw new RequestException(400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the "
                    + "correct format: x-ms-blob-type '" + type + "' (the local runtime stores block blobs), perhaps you "
                    + "should upload a BlockBlob");
        }
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        LocalRuntime.Upload up;
        try {
            up = runtime.upload(container, blob, length == null ? -1 : Long.parseLong(length.trim()), ex.getRequestBody());
        } catch (NumberFormatException e) {
            throw new RequestException(400, "InvalidHeaderValue", "Content-Length '" + length + "' is not a number");
        }
        byte[] md5 = java.util.HexFormat.of().parseHex(up.info().etag());
        ex.getResponseHeaders().set("ETag", etag(new Buckets.Checksums(md5, 0)));
        ex.getResponseHeaders().set("Last-Modified", StorageEndpoints.httpDate(up.info().lastModified()));
        ex.getResponseHeaders().set("Content-MD5", Base64.getEncoder().encodeToString(md5));
        ex.getResponseHeaders().set("x-ms-request-server-encrypted", "true");
        empty(ex, 201);
    }

    /** Get Blob / Get Blob Properties: the bytes or a range ({@code x-ms-range} over {@code Range}, 206) (read 2026-12). */
    private void get(HttpExchange ex, String container, String blob) throws IOException {
        requireContainer(container);
        Path file = runtime.buckets.get(container, blob);
        if (file == null) {
            throw blobNotFound(container, blob);
        }
        String rangeHeader = ex.getRequestHeaders().getFirst("x-ms-range");
        long[] range = StorageEndpoints.range(rangeHeader != null ? rangeHeader : ex.getRequestHeaders().getFirst("Range"),
                Files.size(file), "InvalidRange");
        Buckets.Checksums sums = Buckets.checksums(file);
        String modified = StorageEndpoints.httpDate(Files.getLastModifiedTime(file).toMillis());
        var h = ex.getResponseHeaders();
        h.set("ETag", etag(sums));
        h.set("Last-Modified", modified);
        h.set("x-ms-creation-time", modified);
        h.set("Content-Type", "application/octet-stream");
        if (range == null) {
            h.set("Content-MD5", Base64.getEncoder().encodeToString(sums.md5()));
        }
        h.set("x-ms-blob-type", "BlockBlob");
        h.set("x-ms-lease-status", "unlocked");
        h.set("x-ms-lease-state", "available");
        h.set("x-ms-server-encrypted", "true");
        common(ex);
        StorageEndpoints.sendFile(ex, file, range);
    }

    private static String etag(Buckets.Checksums sums) {
        return "\"0x" + sums.md5Hex().substring(0, 15).toUpperCase(Locale.ROOT) + "\""; // opaque, changes with the bytes
    }

    private static RequestException blobNotFound(String container, String blob) {
        return new RequestException(404, "BlobNotFound", "The specified blob does not exist: no object '" + blob
                + "' in local bucket '" + container + "', perhaps you should list the container");
    }

    // ---- answers

    private static RequestException unsupported(HttpExchange ex) {
        return new RequestException(400, "UnsupportedQueryParameter", "One of the query parameters specified in the "
                + "request URI isn't supported: the local runtime's Blob endpoint serves block blob upload, download, "
                + "properties, delete and list, not " + ex.getRequestMethod() + " " + ex.getRequestURI()
                + "; perhaps you should test that call against Azure or Azurite");
    }

    private static void common(HttpExchange ex) {
        String version = ex.getRequestHeaders().getFirst("x-ms-version");
        ex.getResponseHeaders().set("x-ms-request-id", StorageEndpoints.requestId());
        ex.getResponseHeaders().set("x-ms-version", version == null ? "2025-11-05" : version);
        String client = ex.getRequestHeaders().getFirst("x-ms-client-request-id");
        if (client != null) {
            ex.getResponseHeaders().set("x-ms-client-request-id", client);
        }
    }

    private static void empty(HttpExchange ex, int status) throws IOException {
        common(ex);
        StorageEndpoints.send(ex, status, null, new byte[0]);
    }

    private static void ok(HttpExchange ex, int status, StringBuilder xmlBody) throws IOException {
        common(ex);
        StorageEndpoints.send(ex, status, "application/xml",
                StorageEndpoints.utf8("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + xmlBody));
    }

    /**
     * Azure Storage's error: the code in {@code x-ms-error-code} and in an XML body
     * {@code <Error><Code/><Message/></Error>} whose message ends with the request id and time; HEAD answers carry
     * the header only ("Status and error codes", read 2026-12).
     */
    private static void error(HttpExchange ex, RequestException e) throws IOException {
        String code = e.code != null ? e.code : switch (e.status) {
            case 400 -> "InvalidInput";
            case 409 -> "InvalidInput";
            case 413 -> "RequestBodyTooLarge";
            default -> "InternalError";
        };
        int status = e.status == 409 && e.code == null ? 400 : e.status;
        common(ex);
        ex.getResponseHeaders().set("x-ms-error-code", code);
        String requestId = ex.getResponseHeaders().getFirst("x-ms-request-id");
        StorageEndpoints.send(ex, status, "application/xml", StorageEndpoints.utf8("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<Error><Code>" + code + "</Code><Message>" + xml(e.getMessage()) + "\nRequestId:" + requestId + "\nTime:"
                + Instant.now() + "</Message></Error>"));
    }
}
