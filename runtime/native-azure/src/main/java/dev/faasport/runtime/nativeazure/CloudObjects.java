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
 * Reads and writes objects and sends messages on AWS and Google with the platform's own credentials, JDK only, for a
 * blob trigger's content and the {@code @BlobOutput} / {@code @QueueOutput} bindings: S3 GetObject and PutObject and
 * SQS SendMessage signed with Signature Version 4 from the Lambda environment's credentials ("Signature Version 4 signing
 * process" and Lambda's "Defined runtime environment variables", read 2026-12; {@code AWS_ENDPOINT_URL_S3} and {@code AWS_ENDPOINT_URL_SQS}
 * as the AWS SDKs read them, "Service-specific endpoints" of the SDKs and Tools reference guide), and a Cloud Storage
 * JSON API media download and upload and a Pub/Sub publish with the service account's token from the metadata server
 * ("Download objects" and "Metadata server" pages, read 2026-12; {@code STORAGE_EMULATOR_HOST} and
 * {@code GCE_METADATA_HOST} as Google's client libraries read them).
 */
final class CloudObjects {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, String> QUEUE_URLS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private CloudObjects() {
    }

    /** @return whether the environment is one whose objects this class reads (Lambda's, Cloud Run's) */
    static boolean readable(Map<String, String> env) {
        return aws(env) || google(env);
    }

    /**
     * @return whether this is Cloud Run: it sets K_SERVICE, and so does Knative Serving ("Runtime contract", read
     *         2026-12), whose pods Kubernetes gives KUBERNETES_SERVICE_HOST (Kubernetes "Service", "Environment
     *         variables", read 2026-12), which Cloud Run's containers do not have
     */
    static boolean google(Map<String, String> env) {
        return env.containsKey("K_SERVICE") && !env.containsKey("KUBERNETES_SERVICE_HOST");
    }

    static boolean aws(Map<String, String> env) {
        return env.containsKey("AWS_ACCESS_KEY_ID") && env.containsKey("AWS_SECRET_ACCESS_KEY") && env.containsKey("AWS_REGION");
    }

    static byte[] read(String bucket, String key, Map<String, String> env) throws IOException, InterruptedException {
        return aws(env) ? s3(bucket, key, env, Instant.now()) : gcs(bucket, key, env);
    }

    static byte[] s3(String bucket, String key, Map<String, String> env, Instant now) throws IOException, InterruptedException {
        return send(aws("GET", s3Uri(bucket, key, env), new byte[0], Map.of(), "s3", env, now), "reading s3://" + bucket + "/" + key,
                "let the function's role read it");
    }

    /** S3 PutObject (Amazon S3 API reference "PutObject", read 2026-12): creates or replaces the object. */
    static void s3Put(String bucket, String key, byte[] content, Map<String, String> env) throws IOException, InterruptedException {
        send(aws("PUT", s3Uri(bucket, key, env), content, Map.of("content-type", "application/octet-stream"), "s3", env, Instant.now()),
                "writing s3://" + bucket + "/" + key, "create the bucket '" + bucket + "' or let the function's role s3:PutObject into it");
    }

    // virtual-hosted style on AWS; path style on an endpoint override (emulators)
    private static URI s3Uri(String bucket, String key, Map<String, String> env) {
        String endpoint = env.get("AWS_ENDPOINT_URL_S3");
        return endpoint != null ? URI.create(endpoint.replaceAll("/+$", "") + uriEncode("/" + bucket + "/" + key))
                : URI.create("https://" + bucket + ".s3." + env.get("AWS_REGION") + ".amazonaws.com" + uriEncode("/" + key));
    }

    /**
     * SQS SendMessage to the queue of that name, its URL from GetQueueUrl, in SQS's JSON protocol (Amazon SQS API
     * reference "SendMessage", "GetQueueUrl" and "Making query API requests using AWS JSON protocol", read 2026-12):
     * POST to the service root with {@code X-Amz-Target: AmazonSQS.<Action>}, {@code application/x-amz-json-1.0}.
     *
     * @throws IllegalArgumentException when the value is not text a message body may hold (SendMessage "MessageBody")
     */
    static void sqsSend(String queue, byte[] message, Map<String, String> env) throws IOException, InterruptedException {
        String body = sqsText(queue, message);
        String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_SQS", "https://sqs." + env.get("AWS_REGION") + ".amazonaws.com");
        String fix = "create the queue '" + queue + "' in the function's region or let the function's role sqs:GetQueueUrl and "
                + "sqs:SendMessage on it";
        String url = QUEUE_URLS.get(endpoint + " " + queue);
        if (url == null) {
            byte[] found = send(sqs(endpoint, "GetQueueUrl", Map.of("QueueName", queue), env), "finding SQS queue '" + queue + "'", fix);
            url = (String) Json.parseObject(new String(found, StandardCharsets.UTF_8)).get("QueueUrl");
            QUEUE_URLS.put(endpoint + " " + queue, url);
        }
        send(sqs(endpoint, "SendMessage", Map.of("QueueUrl", url, "MessageBody", body), env), "sending to SQS queue '" + queue + "'", fix);
    }

    private static HttpRequest sqs(String endpoint, String action, Map<String, Object> body, Map<String, String> env) {
        return aws("POST", URI.create(endpoint.replaceAll("/+$", "") + "/"), Json.write(body).getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/x-amz-json-1.0", "x-amz-target", "AmazonSQS." + action), "sqs", env, Instant.now());
    }

    /** @return the message as the Unicode text SendMessage's MessageBody allows (#x9 | #xA | #xD | #x20-#xD7FF | ...) */
    private static String sqsText(String queue, byte[] message) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(message)).toString();
            if (text.codePoints().allMatch(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000)) {
                return text;
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            // not UTF-8: refused below
        }
        throw new IllegalArgumentException("the output to queue '" + queue + "' (" + message.length + " bytes) is not text SQS "
                + "can carry (UTF-8 without control characters), perhaps you should set a String or an object (sent as JSON), "
                + "or Base64-encode the bytes");
    }

    /** @return a request signed with the Lambda environment's credentials (Signature Version 4) */
    private static HttpRequest aws(String method, URI uri, byte[] body, Map<String, String> extraHeaders, String service,
                                   Map<String, String> env, Instant now) {
        Map<String, String> headers = new TreeMap<>(extraHeaders);
        headers.put("host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        headers.put("x-amz-content-sha256", hex(sha256(body)));
        headers.put("x-amz-date", AMZ_DATE.format(now));
        if (env.get("AWS_SESSION_TOKEN") != null) headers.put("x-amz-security-token", env.get("AWS_SESSION_TOKEN"));
        String authorization = sigV4(method, uri, headers, service, env.get("AWS_REGION"), env.get("AWS_ACCESS_KEY_ID"),
                env.get("AWS_SECRET_ACCESS_KEY"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", authorization);
        headers.forEach((k, v) -> {
            if (!k.equals("host")) request.header(k, v);
        });
        return request.build();
    }

    static byte[] gcs(String bucket, String key, Map<String, String> env) throws IOException, InterruptedException {
        URI uri = URI.create(storageHost(env) + "/storage/v1/b/" + encode(bucket) + "/o/" + encode(key) + "?alt=media");
        return send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Authorization", "Bearer " + token(env)).GET().build(),
                "reading gs://" + bucket + "/" + key, "let the function's service account read it");
    }

    /** Cloud Storage media upload ("Perform a single-request upload", JSON API "Objects: insert", read 2026-12). */
    static void gcsUpload(String bucket, String key, byte[] content, Map<String, String> env) throws IOException, InterruptedException {
        URI uri = URI.create(storageHost(env) + "/upload/storage/v1/b/" + encode(bucket) + "/o?uploadType=media&name=" + encode(key));
        send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Authorization", "Bearer " + token(env))
                        .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                "writing gs://" + bucket + "/" + key, "create the bucket '" + bucket + "' or give the function's service account "
                        + "roles/storage.objectCreator on it");
    }

    /**
     * Pub/Sub publish to the topic of that name in the function's project ({@code GOOGLE_CLOUD_PROJECT}, else the
     * metadata server's), data in Base64 (Pub/Sub REST reference "projects.topics.publish", read 2026-12;
     * {@code PUBSUB_EMULATOR_HOST} as Google's client libraries read it, "Testing apps locally with the emulator").
     */
    static void publish(String topic, byte[] message, Map<String, String> env) throws IOException, InterruptedException {
        String emulator = env.get("PUBSUB_EMULATOR_HOST");
        String host = emulator != null ? "http://" + emulator : "https://pubsub.googleapis.com";
        String project = env.get("GOOGLE_CLOUD_PROJECT");
        if (project == null || project.isBlank()) {
            project = new String(metadata("/computeMetadata/v1/project/project-id", env), StandardCharsets.UTF_8).trim();
        }
        String body = Json.write(Map.of("messages", java.util.List.of(Map.of("data", java.util.Base64.getEncoder().encodeToString(message)))));
        send(HttpRequest.newBuilder(URI.create(host + "/v1/projects/" + encode(project) + "/topics/" + encode(topic) + ":publish"))
                        .timeout(TIMEOUT).header("Authorization", "Bearer " + token(env)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                "publishing to Pub/Sub topic '" + topic + "' of project '" + project + "'", "create the topic '" + topic
                        + "' or give the function's service account roles/pubsub.publisher on it");
    }

    private static String storageHost(Map<String, String> env) {
        return env.getOrDefault("STORAGE_EMULATOR_HOST", "https://storage.googleapis.com").replaceAll("/+$", "");
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** @return the function's service account token from the metadata server */
    private static Object token(Map<String, String> env) throws IOException, InterruptedException {
        byte[] token = metadata("/computeMetadata/v1/instance/service-accounts/default/token", env);
        return Json.parseObject(new String(token, StandardCharsets.UTF_8)).get("access_token");
    }

    private static byte[] metadata(String path, Map<String, String> env) throws IOException, InterruptedException {
        String metadata = "http://" + env.getOrDefault("GCE_METADATA_HOST", "metadata.google.internal");
        return send(HttpRequest.newBuilder(URI.create(metadata + path)).timeout(TIMEOUT).header("Metadata-Flavor", "Google").GET().build(),
                "reading the metadata server's " + path, "run it on Google Cloud or set GCE_METADATA_HOST");
    }

    private static byte[] send(HttpRequest request, String what, String fix) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(what + " answered HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8)
                    + ", perhaps you should " + fix);
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
