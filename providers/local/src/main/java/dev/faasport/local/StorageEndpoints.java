package dev.faasport.local;

import com.sun.net.httpserver.HttpExchange;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.local.HostProxySelector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.SSLContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The vendors' storage APIs over the local buckets (S3 under {@code /_s3}, Cloud Storage's JSON API under
 * {@code /storage/v1}, {@code /upload/storage/v1} and {@code /download/storage/v1}, Azure Blob under
 * {@code /devstoreaccount1}), all on the runtime's own port, and the variables that point a worker's SDKs at them.
 * The credentials are throwaway ones generated per runtime home ({@code <home>/storage-credentials.json}, rw-------),
 * never a user's real ones.
 */
final class StorageEndpoints {

    static final String S3_PREFIX = "/_s3";
    /** Azurite's account name: Azure's SDKs and tools take it from the first path segment of an IP-style URL. */
    static final String AZURE_ACCOUNT = "devstoreaccount1";
    /** The region every AWS SDK in a worker is given; S3 buckets here have no region of their own. */
    static final String AWS_REGION = "us-east-1";
    static final String GOOGLE_PROJECT = "faasport-local";

    final String awsAccessKeyId;
    final String awsSecretAccessKey;
    final String azureAccountKey;
    final Path home;
    /** Terminates the TLS of Google's storage hosts for the workers' default Cloud Storage client */
    final LocalCa ca;
    /** The JDK's trusted certificates and {@link #ca}, the workers' trust store */
    final Path trustStore;
    /** A certificate for Google's storage hosts issued by {@link #ca}, made at each start */
    final SSLContext tls;
    final GoogleOAuth oauth;

    private StorageEndpoints(String awsAccessKeyId, String awsSecretAccessKey, String azureAccountKey, Path home, LocalCa ca,
                             Path trustStore, SSLContext tls, GoogleOAuth oauth) {
        this.awsAccessKeyId = awsAccessKeyId;
        this.awsSecretAccessKey = awsSecretAccessKey;
        this.azureAccountKey = azureAccountKey;
        this.home = home;
        this.ca = ca;
        this.trustStore = trustStore;
        this.tls = tls;
        this.oauth = oauth;
    }

    /** @return the home's throwaway credentials and CA, generated on first use */
    static StorageEndpoints load(Path home) throws IOException {
        Map<String, Object> keys = Json.parseObject(Store.readOrCreateSecret(home, "storage-credentials.json", () -> {
            SecureRandom random = new SecureRandom();
            Map<String, Object> m = new LinkedHashMap<>();
            // the shape of AWS's (20 upper-case characters, 40 of base64), never mistaken for a real one: FPLOCAL...
            m.put("awsAccessKeyId", "FPLOCAL" + randomChars(random, 13, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
            m.put("awsSecretAccessKey", randomChars(random, 40,
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"));
            byte[] azure = new byte[64];
            random.nextBytes(azure); // an Azure account key is 64 bytes, base64-encoded
            m.put("azureAccountKey", Base64.getEncoder().encodeToString(azure));
            return Json.writePretty(m);
        }));
        LocalCa ca = LocalCa.load(home);
        SSLContext tls;
        try {
            tls = ca.serverContext();
        } catch (GeneralSecurityException e) {
            throw new IOException("The local runtime cannot make its TLS certificate (" + e.getMessage()
                    + "), perhaps you should delete " + home.resolve(LocalCa.CA_FILE), e);
        }
        return new StorageEndpoints(String.valueOf(keys.get("awsAccessKeyId")), String.valueOf(keys.get("awsSecretAccessKey")),
                String.valueOf(keys.get("azureAccountKey")), home, ca, ca.writeTrustStore(home), tls, GoogleOAuth.load(home));
    }

    private static String randomChars(SecureRandom random, int n, String alphabet) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /**
     * What the vendors' SDKs read to find storage, for the variables the function does not set itself.
     *
     * @param user the function's own environment, which wins
     */
    Map<String, String> workerEnvironment(int port, Map<String, String> user) {
        String base = "http://127.0.0.1:" + port;
        Map<String, String> env = new LinkedHashMap<>();
        // AWS SDK for Java v2: the region and credential providers read these; AWS_ENDPOINT_URL_S3 is the S3 client's
        // service-specific endpoint ("Service-specific endpoints", AWS SDKs and Tools Reference Guide, read 2026-12),
        // and its endpoint rules use path-style addressing for an IP host
        env.put("AWS_REGION", AWS_REGION);
        env.put("AWS_DEFAULT_REGION", AWS_REGION);
        env.put("AWS_ENDPOINT_URL_S3", base + S3_PREFIX);
        env.put("AWS_ACCESS_KEY_ID", awsAccessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", awsSecretAccessKey);
        // Cloud Storage emulators: the Go, Node.js and Python clients read STORAGE_EMULATOR_HOST; the Java client reads
        // no such variable and is routed by workerJvmOptions; its Application Default Credentials are a throwaway key
        // (GoogleOAuth), so that neither the developer's own gcloud credentials nor the metadata server are asked
        env.put("STORAGE_EMULATOR_HOST", base);
        env.put("GOOGLE_CLOUD_PROJECT", GOOGLE_PROJECT);
        env.put("GOOGLE_APPLICATION_CREDENTIALS", home.resolve(GoogleOAuth.KEY_FILE).toString());
        // Azure Functions' storage connection string, in Azurite's form (account in the path)
        env.put("AzureWebJobsStorage", azureConnectionString(port));
        env.keySet().removeAll(user.keySet());
        return env;
    }

    /**
     * The JVM options that send a worker's HTTPS to Google's storage hosts ({@link LocalCa#HOSTS}) through the
     * runtime's TLS tunnel, where google-cloud-storage for Java always addresses https://storage.googleapis.com: the
     * worker's proxy selector takes those hosts only, and its trust store is the JDK's plus the home's CA. None when
     * the function sets STORAGE_EMULATOR_HOST itself (it then chooses its storage, as with AWS_ENDPOINT_URL_S3); the
     * token endpoint stays Google's when it sets its own GOOGLE_APPLICATION_CREDENTIALS (for Google's other services).
     */
    List<String> workerJvmOptions(int port, Map<String, String> user) {
        if (user.containsKey("STORAGE_EMULATOR_HOST")) {
            return List.of();
        }
        List<String> hosts = user.containsKey("GOOGLE_APPLICATION_CREDENTIALS") ? LocalCa.HOSTS.subList(0, 1) : LocalCa.HOSTS;
        return List.of("-D" + HostProxySelector.PROXY + "=127.0.0.1:" + port,
                "-D" + HostProxySelector.HOSTS + "=" + String.join(",", hosts),
                "-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStorePassword=" + LocalCa.TRUST_STORE_PASSWORD);
    }

    String azureConnectionString(int port) {
        return "DefaultEndpointsProtocol=http;AccountName=" + AZURE_ACCOUNT + ";AccountKey=" + azureAccountKey
                + ";BlobEndpoint=http://127.0.0.1:" + port + "/" + AZURE_ACCOUNT + ";";
    }

    // ---- what the three APIs share

    /** @return a request id as the vendors send one with each answer */
    static String requestId() {
        return UUID.randomUUID().toString();
    }

    /** @return RFC 1123 date, as S3's and Azure's Last-Modified */
    static String httpDate(long millis) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC));
    }

    /** @return ISO-8601 with milliseconds, as S3's LastModified and Cloud Storage's timestamps */
    static String isoDate(long millis) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").format(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC));
    }

    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean empty = body.length == 0 || "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    /**
     * A byte range of a {@code Range: bytes=...} header (one range; S3, Cloud Storage and Blob storage take the
     * HTTP form, RFC 9110 section 14.1.2).
     *
     * @return {start, length}, or null for the whole object (no header, or one with several ranges, which all three
     *         answer with the whole object)
     * @throws RequestException 416 when it starts past the end
     */
    static long[] range(String header, long size, String code) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        try {
            long start;
            long end;
            if (dash == 0) {
                long suffix = Long.parseLong(spec.substring(1));
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = Long.parseLong(spec.substring(0, dash));
                end = dash == spec.length() - 1 ? size - 1 : Math.min(size - 1, Long.parseLong(spec.substring(dash + 1)));
            }
            if (start >= size || end < start) {
                throw new RequestException(416, code, "The requested range '" + header + "' is not satisfiable for an "
                        + "object of " + size + " bytes, perhaps you should ask for bytes below " + size);
            }
            return new long[]{start, end - start + 1};
        } catch (NumberFormatException e) {
            return null; // an unreadable Range is ignored (RFC 9110)
        }
    }

    /** Answers 200 with the whole file, or 206 with a {@link #range}, headers already set by the caller. */
    static void sendFile(HttpExchange ex, Path file, long[] range) throws IOException {
        long size = Files.size(file);
        long start = range == null ? 0 : range[0];
        long length = range == null ? size : range[1];
        if (range != null) {
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + size);
        }
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        ex.getResponseHeaders().set("Content-Length", Long.toString(length));
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(range == null ? 200 : 206, head || length == 0 ? -1 : length);
        if (!head && length > 0) {
            try (InputStream in = Files.newInputStream(file); OutputStream os = ex.getResponseBody()) {
                in.skipNBytes(start);
                byte[] buf = new byte[1 << 16];
                long left = length;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new IOException("object shrank while it was read");
                    }
                    os.write(buf, 0, n);
                    left -= n;
                }
            }
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
