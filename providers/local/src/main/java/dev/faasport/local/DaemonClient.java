package dev.faasport.local;

import dev.faasport.runtime.json.Json;

import java.io.IOException;
import java.io.SequenceInputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The owner's client of a running local runtime's control API ({@code /_faas/}) and gateway ({@code /fn/}). */
final class DaemonClient {

    /** A control call answered with an error status. */
    static final class ControlException extends IOException {
        final int status;

        ControlException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final HttpClient http;
    final int port;
    private final String token;
    final URI base;

    DaemonClient(int port, String token) {
        this.port = port;
        this.token = token;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI functionUri(String function) {
        return base.resolve("/fn/" + function);
    }

    /** @return whether a runtime with this token answers */
    /** @return the runtime's pid and port; throws a {@link ControlException} 401 when it refuses this token */
    @SuppressWarnings("unchecked")
    Map<String, Object> pingInfo() throws IOException {
        return (Map<String, Object>) call("GET", "ping", null, Duration.ofSeconds(2));
    }

    /** @return whether a Faasport runtime answers on the port (it asks for its token), whatever its token is */
    static boolean answersAsRuntime(int port) {
        try {
            new DaemonClient(port, "-").pingInfo();
            return true;
        } catch (ControlException e) {
            return e.status == 401;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    boolean ping() {
        try {
            // generous: a busy machine (a parallel build, CI) can keep a live runtime from answering for seconds, and
            // a ping that gives up too soon makes faas:stop say nothing runs while it does; a stale port answers
            // "connection refused" at once, so only a live runtime ever takes this long
            return call("GET", "ping", null, Duration.ofSeconds(10)) instanceof Map;
        } catch (IOException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> functions() throws IOException {
        return (List<Map<String, Object>>) call("GET", "functions", null, Duration.ofSeconds(30));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> info() throws IOException {
        return (Map<String, Object>) call("GET", "info", null, Duration.ofSeconds(30));
    }

    /** Uploads a unit: 4-byte length of the unit JSON, the JSON, the archive bytes. */
    @SuppressWarnings("unchecked")
    Map<String, Object> deploy(String name, Map<String, Object> unit, Path archive) throws IOException {
        byte[] json = Json.write(unit).getBytes(StandardCharsets.UTF_8);
        byte[] head = ByteBuffer.allocate(4 + json.length).putInt(json.length).put(json).array();
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new SequenceInputStream(new java.io.ByteArrayInputStream(head), Files.newInputStream(archive));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        HttpRequest req = control("functions/" + name, Duration.ofMinutes(5)).PUT(body).build();
        return (Map<String, Object>) send(req);
    }

    /** @return whether the function existed, whichever set deployed it */
    boolean remove(String name) throws IOException {
        return remove(name, null);
    }

    /**
     * @param set the set removing it: the runtime refuses to remove another set's function (null: any set's)
     * @return whether the function existed
     */
    boolean remove(String name, String set) throws IOException {
        try {
            call("DELETE", "functions/" + name + (set == null ? "" : "?set="
                    + java.net.URLEncoder.encode(set, java.nio.charset.StandardCharsets.UTF_8)), null, Duration.ofSeconds(30));
            return true;
        } catch (ControlException e) {
            if (e.status == 404) {
                return false;
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    List<String> logs(String name, int lines) throws IOException {
        Map<String, Object> m = (Map<String, Object>) call("GET", "functions/" + name + "/logs?lines=" + lines, null,
                Duration.ofSeconds(30));
        return ((List<Object>) m.get("lines")).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> metrics() throws IOException {
        return (Map<String, Object>) call("GET", "metrics", null, Duration.ofSeconds(30));
    }

    /** Fires a schedule function now; @return the queued event's id */
    String fire(String function) throws IOException {
        return String.valueOf(((Map<?, ?>) call("POST", "functions/" + function + "/fire", null, Duration.ofSeconds(30))).get("id"));
    }

    /** @return a one-time login link to the dashboard */
    java.net.URI dashboardLogin() throws IOException {
        return java.net.URI.create(String.valueOf(((Map<?, ?>) call("POST", "dashboard/login-codes", null,
                Duration.ofSeconds(10))).get("url")));
    }

    /**
     * Puts a file into a local bucket through {@code /_buckets/}, as curl would; @return the runtime's answer: size,
     * etag and how many functions were triggered
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> upload(String bucket, String key, Path file) throws IOException {
        String encodedKey = java.util.Arrays.stream(key.split("/", -1))
                .map(s -> java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(java.util.stream.Collectors.joining("/"));
        URI uri = URI.create(base + "/_buckets/" + java.net.URLEncoder.encode(bucket, StandardCharsets.UTF_8) + "/"
                + encodedKey);
        Object answer = send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build());
        return answer instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    void shutdown() throws IOException {
        call("POST", "shutdown", null, Duration.ofSeconds(10));
    }

    /** Calls a function through the gateway. */
    HttpResponse<byte[]> invoke(String function, String method, String path, Map<String, String> headers, byte[] body,
                                Duration timeout) throws IOException {
        String p = path == null || path.isEmpty() ? "" : (path.startsWith("/") ? path : "/" + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/fn/" + function + p)).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (!RESTRICTED.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                b.header(k, v);
            }
        });
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static final java.util.Set<String> RESTRICTED = java.util.Set.of("connection", "content-length", "expect",
            "host", "upgrade", "date", "via", "warning");

    private HttpRequest.Builder control(String path, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve("/_faas/" + path)).timeout(timeout)
                .header("Authorization", "Bearer " + token);
    }

    private Object call(String method, String path, byte[] body, Duration timeout) throws IOException {
        HttpRequest req = control(path, timeout).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return send(req);
    }

    private Object send(HttpRequest req) throws IOException {
        HttpResponse<String> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ConnectException e) {
            throw new ConnectException("The local runtime on 127.0.0.1:" + port + " does not answer, perhaps you "
                    + "should start it again (mvn faas:deploy starts it)");
        }
        Object parsed = res.body().isBlank() ? null : Json.parse(res.body());
        if (res.statusCode() >= 300) {
            String msg = parsed instanceof Map<?, ?> m && m.get("error") != null ? String.valueOf(m.get("error")) : res.body();
            throw new ControlException(res.statusCode(), msg);
        }
        return parsed;
    }
}
