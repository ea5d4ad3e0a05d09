package dev.faasport.local;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.faasport.local.StorageEndpoints.xml;

/**
 * The subset of the Amazon S3 REST API a function's SDK uses, path style under {@code /_s3}, over the local buckets:
 * GetObject, PutObject, HeadObject, DeleteObject, ListObjectsV2 (and ListObjects), HeadBucket, CreateBucket,
 * DeleteBucket, ListBuckets, GetBucketLocation. Rules follow the Amazon S3 API Reference (read 2026-12), cited per
 * operation; anything else answers S3's {@code NotImplemented}.
 */
final class S3Api {

    private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    /** "Returns some or all (up to 1,000) of the objects in a bucket" (ListObjectsV2, API Reference, read 2026-12) */
    private static final int MAX_KEYS = 1000;

    private final LocalRuntime runtime;
    private final Gateway gateway;
    private final SigV4 signatures;

    S3Api(LocalRuntime runtime, Gateway gateway, SigV4 signatures) {
        this.runtime = runtime;
        this.gateway = gateway;
        this.signatures = signatures;
    }

    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!gateway.localCaller(ex)) {
                return;
            }
            String raw = ex.getRequestURI().getRawPath();
            String rest = raw.equals(StorageEndpoints.S3_PREFIX) ? "" : raw.startsWith(StorageEndpoints.S3_PREFIX + "/")
                    ? raw.substring(StorageEndpoints.S3_PREFIX.length() + 1) : null;
            String bucket = null;
            String key = null;
            try {
                if (rest == null) {
                    throw new RequestException(404, "NoSuchBucket", "Nothing at " + raw + ", perhaps you should use "
                            + "http://127.0.0.1:" + runtime.port() + StorageEndpoints.S3_PREFIX + " as the S3 endpoint");
                }
                int slash = rest.indexOf('/');
                bucket = decode(slash < 0 ? rest : rest.substring(0, slash));
                key = slash < 0 || slash == rest.length() - 1 ? null : decode(rest.substring(slash + 1));
                signatures.check(ex, runtime.home().resolve("storage-credentials.json").toString());
                if (bucket.isEmpty()) {
                    listBuckets(ex);
                } else if (key == null) {
                    Buckets.checkBucket(bucket);
                    bucketOperation(ex, bucket);
                } else {
                    Buckets.checkBucket(bucket);
                    objectOperation(ex, bucket, key);
                }
            } catch (RequestException e) {
                Gateway.drain(ex);
                error(ex, e, bucket, key);
            }
        }
    }

    private static String decode(String raw) {
        try {
            // %XX only, not '+': keys are paths, and "%2e%2e" must be checked as ".."
            return new URI("http://x/" + raw).getPath().substring(1);
        } catch (URISyntaxException e) {
            throw new RequestException(400, "InvalidURI", "Couldn't parse the specified URI (" + e.getMessage()
                    + "), perhaps you should percent-encode the key");
        }
    }

    // ---- buckets

    /** ListBuckets: GET / (API Reference, read 2026-12) */
    private void listBuckets(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET")) {
            throw notImplemented(ex);
        }
        StringBuilder x = new StringBuilder("<ListAllMyBucketsResult xmlns=\"" + NS + "\"><Owner><ID>faasport</ID>"
                + "<DisplayName>faasport</DisplayName></Owner><Buckets>");
        for (String b : runtime.buckets.buckets()) {
            x.append("<Bucket><Name>").append(xml(b)).append("</Name><CreationDate>")
                    .append(StorageEndpoints.isoDate(Files.getLastModifiedTime(runtime.buckets.root.resolve(b)).toMillis()))
                    .append("</CreationDate></Bucket>");
        }
        ok(ex, x.append("</Buckets></ListAllMyBucketsResult>"));
    }

    private void bucketOperation(HttpExchange ex, String bucket) throws IOException {
        String method = ex.getRequestMethod();
        String query = ex.getRequestURI().getRawQuery();
        if (method.equals("HEAD") && query == null) {
            // HeadBucket: 200, or 404 without a body (API Reference, read 2026-12)
            requireBucket(bucket);
            ex.getResponseHeaders().set("x-amz-bucket-region", StorageEndpoints.AWS_REGION);
            StorageEndpoints.send(ex, 200, null, new byte[0]);
        } else if (method.equals("PUT") && query == null) {
            // CreateBucket: 200 with Location; BucketAlreadyOwnedByYou (409) when it exists (API Reference, read 2026-12)
            Gateway.drain(ex);
            if (!runtime.buckets.create(bucket)) {
                throw new RequestException(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named "
                        + "bucket succeeded and you already own it: local bucket '" + bucket + "' exists");
            }
            ex.getResponseHeaders().set("Location", "/" + bucket);
            StorageEndpoints.send(ex, 200, null, new byte[0]);
        } else if (method.equals("DELETE") && query == null) {
            // DeleteBucket: 204; BucketNotEmpty (409) while it holds objects (API Reference, read 2026-12)
            if (!runtime.buckets.deleteBucket(bucket)) {
                throw new RequestException(409, "BucketNotEmpty", "The bucket you tried to delete is not empty: local "
                        + "bucket '" + bucket + "' holds objects, perhaps you should delete them first");
            }
            StorageEndpoints.send(ex, 204, null, new byte[0]);
        } else if (method.equals("GET") && "location".equals(query)) {
            // GetBucketLocation: an empty LocationConstraint is us-east-1 (API Reference, read 2026-12)
            requireBucket(bucket);
            ok(ex, new StringBuilder("<LocationConstraint xmlns=\"" + NS + "\"/>"));
        } else if (method.equals("GET") && (query == null || onlyListParameters(ex))) {
            list(ex, bucket);
        } else {
            throw notImplemented(ex);
        }
    }

    private static boolean onlyListParameters(HttpExchange ex) {
        for (String pair : ex.getRequestURI().getRawQuery().split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!List.of("list-type", "prefix", "delimiter", "max-keys", "continuation-token", "start-after",
                    "encoding-type", "fetch-owner", "marker").contains(name)) {
                return false;
            }
        }
        return true;
    }

    /**
     * ListObjectsV2 ({@code list-type=2}: continuation-token, start-after, KeyCount) and ListObjects (marker,
     * NextMarker with a delimiter): prefix, delimiter, max-keys up to 1,000, CommonPrefixes; with
     * {@code encoding-type=url} keys and prefixes are URL-encoded and EncodingType says so (API Reference, read 2026-12).
     */
    private void list(HttpExchange ex, String bucket) throws IOException {
        requireBucket(bucket);
        boolean v2 = "2".equals(Gateway.queryParam(ex, "list-type"));
        String prefix = Gateway.queryParam(ex, "prefix");
        String delimiter = Gateway.queryParam(ex, "delimiter");
        String token = Gateway.queryParam(ex, "continuation-token");
        String startAfter = v2 ? Gateway.queryParam(ex, "start-after") : Gateway.queryParam(ex, "marker");
        boolean url = "url".equals(Gateway.queryParam(ex, "encoding-type"));
        int max = MAX_KEYS;
        String maxKeys = Gateway.queryParam(ex, "max-keys");
        if (maxKeys != null) {
            try {
                max = Math.min(MAX_KEYS, Integer.parseInt(maxKeys));
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 0) {
                throw new RequestException(400, "InvalidArgument", "Provided max-keys not an integer or within integer "
                        + "range: '" + maxKeys + "', perhaps you should send a number from 0 to 1000");
            }
        }
        String after = startAfter;
        if (v2 && token != null) {
            try {
                after = new String(java.util.Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new RequestException(400, "InvalidArgument", "The continuation token provided is incorrect: '"
                        + token + "', perhaps you should pass NextContinuationToken as it was answered");
            }
        }
        Buckets.Page page = max == 0 ? new Buckets.Page(List.of(), List.of(), null)
                : runtime.buckets.page(bucket, prefix, delimiter, after, max);
        StringBuilder x = new StringBuilder("<ListBucketResult xmlns=\"" + NS + "\"><Name>").append(xml(bucket)).append("</Name>");
        x.append("<Prefix>").append(enc(prefix == null ? "" : prefix, url)).append("</Prefix>");
        if (v2) {
            x.append("<KeyCount>").append(page.objects().size() + page.prefixes().size()).append("</KeyCount>");
            if (token != null) {
                x.append("<ContinuationToken>").append(xml(token)).append("</ContinuationToken>");
            }
            if (startAfter != null) {
                x.append("<StartAfter>").append(enc(startAfter, url)).append("</StartAfter>");
            }
            if (page.next() != null) {
                x.append("<NextContinuationToken>").append(java.util.Base64.getUrlEncoder().encodeToString(
                        page.next().getBytes(StandardCharsets.UTF_8))).append("</NextContinuationToken>");
            }
        } else {
            x.append("<Marker>").append(enc(startAfter == null ? "" : startAfter, url)).append("</Marker>");
            if (page.next() != null && delimiter != null) {
                x.append("<NextMarker>").append(enc(page.next(), url)).append("</NextMarker>");
            }
        }
        x.append("<MaxKeys>").append(max).append("</MaxKeys>");
        if (delimiter != null) {
            x.append("<Delimiter>").append(enc(delimiter, url)).append("</Delimiter>");
        }
        if (url) {
            x.append("<EncodingType>url</EncodingType>");
        }
        x.append("<IsTruncated>").append(page.next() != null).append("</IsTruncated>");
        for (Buckets.ObjectInfo o : page.objects()) {
            String etag = Buckets.checksums(runtime.buckets.get(bucket, o.key())).md5Hex();
            x.append("<Contents><Key>").append(enc(o.key(), url)).append("</Key><LastModified>")
                    .append(StorageEndpoints.isoDate(o.lastModified())).append("</LastModified><ETag>&quot;").append(etag)
                    .append("&quot;</ETag><Size>").append(o.size()).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        for (String p : page.prefixes()) {
            x.append("<CommonPrefixes><Prefix>").append(enc(p, url)).append("</Prefix></CommonPrefixes>");
        }
        ok(ex, x.append("</ListBucketResult>"));
    }

    private static String enc(String s, boolean url) {
        return xml(url ? URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20") : s);
    }

    private void requireBucket(String bucket) {
        if (!runtime.buckets.exists(bucket)) {
            throw new RequestException(404, "NoSuchBucket", "The specified bucket does not exist: no local bucket '"
                    + bucket + "', perhaps you should create it (CreateBucket) or upload to it first");
        }
    }

    // ---- objects

    private void objectOperation(HttpExchange ex, String bucket, String key) throws IOException {
        String method = ex.getRequestMethod();
        if (ex.getRequestURI().getRawQuery() != null && !onlyPresignParameters(ex)) {
            throw notImplemented(ex); // ?acl, ?tagging, ?uploads (multipart)...
        }
        switch (method) {
            case "PUT" -> put(ex, bucket, key);
            case "GET", "HEAD" -> get(ex, bucket, key);
            case "DELETE" -> {
                // DeleteObject: 204 whether or not the key existed (API Reference, read 2026-12)
                requireBucket(bucket);
                runtime.deleteObject(bucket, key);
                StorageEndpoints.send(ex, 204, null, new byte[0]);
            }
            default -> throw new RequestException(405, "MethodNotAllowed", "The specified method is not allowed against "
                    + "this resource: " + method + ", perhaps you should use GET, PUT, HEAD or DELETE");
        }
    }

    private static boolean onlyPresignParameters(HttpExchange ex) {
        for (String pair : ex.getRequestURI().getRawQuery().split("&")) {
            if (!pair.startsWith("X-Amz-") && !pair.startsWith("x-id=")) {
                return false;
            }
        }
        return true;
    }

    /**
     * PutObject: 200 with the ETag (the hex MD5 in quotes for a single-part upload); the body may be aws-chunked
     * ({@link AwsChunked}). A bucket that does not exist is created, as local buckets are by their first object (S3
     * answers NoSuchBucket: the README says so). CopyObject ({@code x-amz-copy-source}) is not served.
     */
    private void put(HttpExchange ex, String bucket, String key) throws IOException {
        if (ex.getRequestHeaders().getFirst("x-amz-copy-source") != null) {
            throw notImplemented(ex);
        }
        InputStream body = AwsChunked.body(ex);
        String decoded = ex.getRequestHeaders().getFirst("x-amz-decoded-content-length");
        String length = decoded != null ? decoded : ex.getRequestHeaders().getFirst("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw new RequestException(400, "InvalidArgument", "The Content-Length '" + length + "' is not a number, "
                    + "perhaps you should let the SDK set it");
        }
        LocalRuntime.Upload up = runtime.upload(bucket, key, declared, body);
        ex.getResponseHeaders().set("ETag", "\"" + up.info().etag() + "\"");
        ex.getResponseHeaders().set("x-amz-request-id", StorageEndpoints.requestId());
        StorageEndpoints.send(ex, 200, null, new byte[0]);
    }

    /** GetObject / HeadObject: the bytes (or a Range of them, 206) with ETag, Last-Modified, Content-Length. */
    private void get(HttpExchange ex, String bucket, String key) throws IOException {
        requireBucket(bucket);
        Path file = runtime.buckets.get(bucket, key);
        if (file == null) {
            throw new RequestException(404, "NoSuchKey", "The specified key does not exist: no object '" + key
                    + "' in local bucket '" + bucket + "', perhaps you should list the bucket (ListObjectsV2)");
        }
        long size = Files.size(file);
        long[] range = StorageEndpoints.range(ex.getRequestHeaders().getFirst("Range"), size, "InvalidRange");
        ex.getResponseHeaders().set("ETag", "\"" + Buckets.checksums(file).md5Hex() + "\"");
        ex.getResponseHeaders().set("Last-Modified", StorageEndpoints.httpDate(Files.getLastModifiedTime(file).toMillis()));
        ex.getResponseHeaders().set("Content-Type", "binary/octet-stream"); // S3's type for objects stored without one
        ex.getResponseHeaders().set("x-amz-request-id", StorageEndpoints.requestId());
        StorageEndpoints.sendFile(ex, file, range);
    }

    // ---- errors

    private RequestException notImplemented(HttpExchange ex) {
        return new RequestException(501, "NotImplemented", "A header or query you provided implies functionality that is "
                + "not implemented: the local runtime's S3 endpoint serves GetObject, PutObject, HeadObject, DeleteObject, "
                + "ListObjectsV2, HeadBucket, CreateBucket, DeleteBucket and ListBuckets, not " + ex.getRequestMethod() + " "
                + ex.getRequestURI() + "; perhaps you should test that call against AWS");
    }

    /**
     * S3's error body: {@code <Error><Code/><Message/><Resource/><RequestId/></Error>}, application/xml; a HEAD
     * answer has no body, so the SDK reads the status alone ("Error responses", API Reference, read 2026-12).
     */
    private static void error(HttpExchange ex, RequestException e, String bucket, String key) throws IOException {
        String code = e.code != null ? e.code : switch (e.status) {
            case 400 -> key != null && key.getBytes(StandardCharsets.UTF_8).length > Buckets.MAX_KEY_BYTES ? "KeyTooLongError" : "InvalidArgument";
            case 409 -> "InvalidRequest";
            case 413 -> "EntityTooLarge";
            default -> "InternalError";
        };
        int status = code.equals("InvalidRequest") ? 400 : e.status;
        String requestId = StorageEndpoints.requestId();
        ex.getResponseHeaders().set("x-amz-request-id", requestId);
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>").append(code)
                .append("</Code><Message>").append(xml(e.getMessage())).append("</Message>");
        if (bucket != null && !bucket.isEmpty()) {
            x.append("<BucketName>").append(xml(bucket)).append("</BucketName>");
        }
        if (key != null) {
            x.append("<Key>").append(xml(key)).append("</Key>");
        }
        x.append("<RequestId>").append(requestId).append("</RequestId></Error>");
        StorageEndpoints.send(ex, status, "application/xml", StorageEndpoints.utf8(x.toString()));
    }

    private static void ok(HttpExchange ex, StringBuilder xmlBody) throws IOException {
        ex.getResponseHeaders().set("x-amz-request-id", StorageEndpoints.requestId());
        StorageEndpoints.send(ex, 200, "application/xml",
                StorageEndpoints.utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xmlBody));
    }
}
