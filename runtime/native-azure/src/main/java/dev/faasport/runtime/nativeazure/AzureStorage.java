package dev.faasport.runtime.nativeazure;

import dev.faasport.runtime.HttpMessages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two Azure Storage calls the host's output bindings make, from the storage connection string the Functions app
 * already holds ({@code AzureWebJobsStorage} or the binding's {@code connection} setting): Put Blob (block blob) and
 * Put Message (Base64 text, the queue trigger's default encoding). Requests are signed with Shared Key as Microsoft's
 * "Authorize with Shared Key" page (read 2026-12) describes; connection strings as "Configure Azure Storage
 * connection strings" (read 2026-12) describes (account name and key; Azurite's with explicit endpoints).
 */
final class AzureStorage {

    private static final String VERSION = "2021-12-02";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String account;
    private final byte[] key;
    private final String blobEndpoint;
    private final String queueEndpoint;

    private AzureStorage(String account, byte[] key, String blobEndpoint, String queueEndpoint) {
        this.account = account;
        this.key = key;
        this.blobEndpoint = blobEndpoint.replaceAll("/+$", "");
        this.queueEndpoint = queueEndpoint.replaceAll("/+$", "");
    }

    /**
     * @param connectionString an account-key connection string
     * @throws IllegalArgumentException saying what is missing, when it has no account name and key (an identity-based
     *                                  connection, a SAS, {@code UseDevelopmentStorage=true})
     */
    static AzureStorage of(String connectionString) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : connectionString.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        String name = parts.get("AccountName");
        String key = parts.get("AccountKey");
        if (name == null || key == null) {
            throw new IllegalArgumentException("the storage connection string has no AccountName and AccountKey, perhaps "
                    + "you should give the output binding's connection setting an account-key connection string");
        }
        String protocol = parts.getOrDefault("DefaultEndpointsProtocol", "https");
        String suffix = parts.getOrDefault("EndpointSuffix", "core.windows.net");
        return new AzureStorage(name, Base64.getDecoder().decode(key),
                parts.getOrDefault("BlobEndpoint", protocol + "://" + name + ".blob." + suffix),
                parts.getOrDefault("QueueEndpoint", protocol + "://" + name + ".queue." + suffix));
    }

    /** Put Blob: creates or replaces a block blob. */
    void putBlob(String container, String blob, byte[] content) throws IOException, InterruptedException {
        Map<String, String> headers = new TreeMap<>();
        headers.put("x-ms-blob-type", "BlockBlob");
        send("PUT", URI.create(blobEndpoint + HttpMessages.encodePath("/" + container + "/" + blob)), headers, content,
                "application/octet-stream", 201);
    }

    /** Put Message: the message's text is its bytes in Base64, as the Functions queue trigger reads it by default. */
    void putMessage(String queue, byte[] message) throws IOException, InterruptedException {
        String xml = "<QueueMessage><MessageText>" + Base64.getEncoder().encodeToString(message) + "</MessageText></QueueMessage>";
        send("POST", URI.create(queueEndpoint + "/" + queue + "/messages"), new TreeMap<>(),
                xml.getBytes(StandardCharsets.UTF_8), "application/xml", 201);
    }

    /** Get Blob, for reading back what was written. */
    byte[] getBlob(String container, String blob) throws IOException, InterruptedException {
        return send("GET", URI.create(blobEndpoint + HttpMessages.encodePath("/" + container + "/" + blob)),
                new TreeMap<>(), new byte[0], "", 200);
    }

    /** Get Messages (peek), for reading back what was sent: the response's XML. */
    String peekMessages(String queue) throws IOException, InterruptedException {
        return new String(send("GET", URI.create(queueEndpoint + "/" + queue + "/messages?peekonly=true&numofmessages=32"),
                new TreeMap<>(), new byte[0], "", 200), StandardCharsets.UTF_8);
    }

    byte[] send(String verb, URI uri, Map<String, String> msHeaders, byte[] body, String contentType, int expected)
            throws IOException, InterruptedException {
        msHeaders.put("x-ms-date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        msHeaders.put("x-ms-version", VERSION);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(verb, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        msHeaders.forEach(request::header);
        if (!contentType.isEmpty()) request.header("Content-Type", contentType);
        request.header("Authorization", "SharedKey " + account + ":" + signature(verb, uri, msHeaders, body.length, contentType));
        HttpResponse<byte[]> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != expected) {
            throw new IOException(verb + " " + uri.getPath() + " answered HTTP " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8) + ", perhaps you should " + (r.statusCode() == 404
                    ? "create the queue or container in the storage account" : "check the connection setting's account and key"));
        }
        return r.body();
    }

    /** The Shared Key signature of a request (Blob, Queue and File services, version 2015-02-21 and later). */
    String signature(String verb, URI uri, Map<String, String> msHeaders, int length, String contentType) {
        StringBuilder s = new StringBuilder(verb).append('\n');
        s.append("\n\n"); // Content-Encoding, Content-Language
        s.append(length == 0 ? "" : Integer.toString(length)).append('\n');
        s.append('\n'); // Content-MD5
        s.append(contentType).append('\n');
        s.append("\n\n\n\n\n\n"); // Date (x-ms-date is used), If-*, Range
        new TreeMap<>(msHeaders).forEach((k, v) -> s.append(k.toLowerCase(Locale.ROOT)).append(':').append(v.trim()).append('\n'));
        s.append('/').append(account).append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            Map<String, String> query = new TreeMap<>();
            for (String p : uri.getRawQuery().split("&")) {
                int eq = p.indexOf('=');
                query.put(p.substring(0, eq).toLowerCase(Locale.ROOT), p.substring(eq + 1));
            }
            query.forEach((k, v) -> s.append('\n').append(k).append(':').append(v));
        }
        return Base64.getEncoder().encodeToString(CloudObjects.hmac(key, s.toString()));
    }
}
