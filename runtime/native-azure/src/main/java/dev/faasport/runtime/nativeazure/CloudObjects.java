package dev.faasport.runtime.nativeazure;

import dev.faasport.runtime.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads an object on AWS and Google with the platform's own credentials, JDK only, for a blob trigger's content:
 * S3 GetObject signed with Signature Version 4 from the Lambda environment's credentials ("Signature Version 4 signing
 * process" and Lambda's "Defined runtime environment variables", read 2026-12; {@code AWS_ENDPOINT_URL_S3} as the AWS
 * SDKs read it), and a Cloud Storage JSON API media download with the service account's token from the metadata server
 * ("Download objects" and "Metadata server" pages, read 2026-12; {@code STORAGE_EMULATOR_HOST} and
 * {@code GCE_METADATA_HOST} as Google's client libraries read them).
 */
final class CloudObjects {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private CloudObjects() {
    }

    /** @return whether the environment is one whose objects this class reads (Lambda's, Cloud Run's) */
    static boolean readable(Map<String, String> env) {
        return aws(env) || env.containsKey("K_SERVICE");
    }

    private static boolean aws(Map<String, String> env) {
        return env.containsKey("AWS_ACCESS_KEY_ID") && env.containsKey("AWS_SECRET_ACCESS_KEY") && env.containsKey("AWS_REGION");
    }

    static byte[] read(String bucket, String key, Map<String, String> env) throws IOException, InterruptedException {
        return aws(env) ? s3(bucket, key, env, Instant.now()) : gcs(bucket, key, env);
    }

    static byte[] s3(String bucket, String key, Map<String, String> env, Instant now) throws IOException, InterruptedException {
        String region = env.get("AWS_REGION");
        String endpoint = env.get("AWS_ENDPOINT_URL_S3");
        // virtual-hosted style on AWS; path style on an endpoint override (emulators)
        URI uri = endpoint != null ? URI.create(endpoint.replaceAll("/+$", "") + uriEncode("/" + bucket + "/" + key))
                : URI.create("https://" + bucket + ".s3." + region + ".amazonaws.com" + uriEncode("/" + key));
        Map<String, String> headers = new TreeMap<>();
        headers.put("host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        headers.put("x-amz-content-sha256", hex(sha256(new byte[0])));
        headers.put("x-amz-date", AMZ_DATE.format(now));
        if (env.get("AWS_SESSION_TOKEN") != null) headers.put("x-amz-security-token", env.get("AWS_SESSION_TOKEN"));
        String authorization = sigV4("GET", uri, headers, "s3", region, env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().header("Authorization", authorization);
        headers.forEach((k, v) -> {
            if (!k.equals("host")) request.header(k, v);
        });
        return fetch(request.build(), "s3://" + bucket + "/" + key);
    }

    static byte[] gcs(String bucket, String key, Map<String, String> env) throws IOException, InterruptedException {
        String metadata = "http://" + env.getOrDefault("GCE_METADATA_HOST", "metadata.google.internal");
        byte[] token = fetch(HttpRequest.newBuilder(URI.create(metadata + "/computeMetadata/v1/instance/service-accounts/default/token"))
                .timeout(TIMEOUT).header("Metadata-Flavor", "Google").GET().build(), "the metadata server's access token");
        Object access = Json.parseObject(new String(token, StandardCharsets.UTF_8)).get("access_token");
        String host = env.getOrDefault("STORAGE_EMULATOR_HOST", "https://storage.googleapis.com").replaceAll("/+$", "");
        URI uri = URI.create(host + "/storage/v1/b/" + URLEncoder.encode(bucket, StandardCharsets.UTF_8) + "/o/"
                + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20") + "?alt=media");
        return fetch(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Authorization", "Bearer " + access).GET().build(),
                "gs://" + bucket + "/" + key);
    }

    private static byte[] fetch(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("reading " + what + " answered HTTP " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8) + ", perhaps you should let the function's role read it");
        }
        return r.body();
    }

    /** @return the Authorization header of a request signed with Signature Version 4 over the given headers */
    static String sigV4(String method, URI uri, Map<String, String> headers, String service, String region,
                        String accessKey, String secretKey) {
        String amzDate = headers.get("x-amz-date");
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v.trim()).append('\n'));
        String signed = String.join(";", headers.keySet());
        String canonical = method + "\n" + uri.getRawPath() + "\n" + (uri.getRawQuery() == null ? "" : uri.getRawQuery())
                + "\n" + canonicalHeaders + "\n" + signed + "\n" + headers.get("x-amz-content-sha256");
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
        key = hmac(hmac(hmac(key, region), service), "aws4_request");
        return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signed + ", Signature="
                + hex(hmac(key, toSign));
    }

    /** SigV4's URI encoding: every byte but the unreserved characters and '/' percent-encoded, upper-case hex. */
    static String uriEncode(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
