package ${package};

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The local provider's buckets, over its HTTP storage API: an object is {@code <base>/<bucket>/<key>}, read with
 * GET and written with PUT, where {@code <base>} is what the local runtime puts in {@code FAASPORT_STORAGE_URL}
 * (e.g. {@code http://127.0.0.1:8765/_buckets}).
 */
public final class LocalHttpBlobStore implements BlobStore {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final HttpClient client;

    /** @param base the storage API's base URL, without a trailing slash */
    public LocalHttpBlobStore(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public byte[] get(String bucket, String key) throws IOException {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(bucket, key)).timeout(TIMEOUT).GET().build());
        if (response.statusCode() == 404) {
            throw new FileNotFoundException("Object '" + key + "' is not in bucket '" + bucket
                    + "', perhaps you should check the event's key or upload it again");
        }
        check(response, "Reading", bucket, key);
        return response.body();
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) throws IOException {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(bucket, key)).timeout(TIMEOUT)
                .header("content-type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
        check(response, "Writing", bucket, key);
    }

    /** @return the object's URL; each key segment is percent-encoded, the slashes between them kept */
    URI uri(String bucket, String key) {
        String path = Arrays.stream(key.split("/", -1)).map(LocalHttpBlobStore::encode).collect(Collectors.joining("/"));
        return URI.create(base + "/" + encode(bucket) + "/" + path);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while calling " + request.uri(), e);
        } catch (IOException e) {
            throw new IOException("Local storage at " + base + " did not answer (" + e + "), perhaps you should "
                    + "start the local runtime with mvn faas:deploy or faas:run", e);
        }
    }

    private static void check(HttpResponse<byte[]> response, String what, String bucket, String key)
            throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException(what + " object '" + key + "' of bucket '" + bucket + "' failed with HTTP "
                    + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
    }
}
