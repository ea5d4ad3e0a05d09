package dev.faasport.local;

import com.sun.net.httpserver.HttpExchange;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.local.WorkerMain;
import dev.faasport.runtime.local.Wire;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The HTTP side of the runtime: function URLs under {@code /fn/} and the owner's control API under {@code /_faas/}. */
final class Gateway {

    private static final int MAX_UNIT_JSON = 1 << 20;
    /** Largest invocation body, as large as any cloud target accepts (Lambda: 6 MB, Azure: 100 MB). */
    static final int MAX_BODY = 32 << 20;

    private final LocalRuntime runtime;
    private final Set<String> localHosts;
    private final Set<String> localOrigins;
    private final byte[] token;

    Gateway(LocalRuntime runtime) {
        this.runtime = runtime;
        int port = runtime.port();
        this.localHosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
        this.localOrigins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port, "http://[::1]:" + port);
        this.token = runtime.token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code /fn/<function>/<rest>}: one invocation, on the calling thread (the connection's own, see
     * {@link HttpFront}); every failure is a response with a JSON error body.
     *
     * @param headers lower-case header name/value pairs, flattened
     */
    Wire.Response invoke(String name, String method, String rest, String rawQuery, List<String> headers, byte[] body) {
        String refused = refusal(header(headers, "host"), header(headers, "origin"));
        if (refused != null) {
            return error(name, 403, refused, "Forbidden");
        }
        FunctionPool pool = runtime.pools.get(name);
        Generation g = pool == null ? null : pool.current();
        if (g == null) {
            return error(name, 404, "No function '" + name + "' is deployed on the local runtime, perhaps you should "
                    + "run mvn faas:deploy (deployed: " + runtime.pools.keySet() + ")", "NotFound");
        }
        if (!g.isHttp() && !"POST".equals(method)) {
            return error(name, 405, "Function '" + name + "' has a " + g.triggerKind + " trigger, perhaps you should "
                    + "POST its neutral event JSON to /fn/" + name, "MethodNotAllowed");
        }
        return pool.invoke(g.isHttp() ? Wire.KIND_HTTP : Wire.KIND_EVENT, method, rest, rawQuery, headers, body);
    }

    /** The answer to a call whose body is over {@link #MAX_BODY}. */
    Wire.Response tooLarge(String name) {
        return error(name, 413, "The request to function '" + name + "' has a body over " + (MAX_BODY >> 20)
                + " MB, perhaps you should pass large data by reference (a bucket key)", "PayloadTooLarge");
    }

    /** {@code /_faas/...}: the control API, for the owner of the token only. */
    void control(HttpExchange ex) throws IOException {
        try (ex) {
            if (owner(ex)) {
                route(ex);
            }
        }
    }

    /** Refuses (403, 401) a request that is not local or does not carry the owner's token; true when it may go on. */
    boolean owner(HttpExchange ex) throws IOException {
        if (!localCaller(ex)) {
            return false;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")
                || !MessageDigest.isEqual(auth.substring(7).trim().getBytes(StandardCharsets.UTF_8), token)) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            sendJson(ex, 401, Json.write(Map.of("error", (auth == null ? "Missing" : "Wrong")
                    + " token, perhaps you should send 'Authorization: Bearer <contents of "
                    + runtime.store.tokenFile() + ">'")));
            return false;
        }
        return true;
    }

    /** Refuses (403) a request whose Host or Origin is not this runtime on loopback: DNS rebinding, web pages. */
    boolean localCaller(HttpExchange ex) throws IOException {
        String host = ex.getRequestHeaders().getFirst("Host");
        Object tunnel = ex.getAttribute(HttpFront.TUNNEL_HOST);
        if (tunnel != null && host != null && (host.equalsIgnoreCase(tunnel + "") || host.equalsIgnoreCase(tunnel + ":443"))) {
            host = "127.0.0.1:" + runtime.port(); // inside a TLS tunnel to a vendor host (HttpFront#tunnel): that host is the local one
        }
        String refused = refusal(host, ex.getRequestHeaders().getFirst("Origin"));
        if (refused != null) {
            sendJson(ex, 403, Json.write(Map.of("error", refused)));
            return false;
        }
        return true;
    }

    /**
     * The one Host and Origin rule for every path, function URLs included: a page on another site must neither reach
     * the runtime through a rebound DNS name nor call it cross-origin (no function declares a CORS policy).
     *
     * @return why the request is refused, or null when it comes from this machine's own clients
     */
    private String refusal(String host, String origin) {
        if (host == null || !localHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return "Host '" + host + "' is not local, perhaps you should call http://127.0.0.1:" + runtime.port()
                    + " (refused: DNS rebinding protection)";
        }
        if (origin != null && !localOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
            return "Origin '" + origin + "' is not local, perhaps you should call the runtime from curl or a "
                    + "program (web pages of other sites may not call it)";
        }
        return null;
    }

    /** @return the first value of a lower-case header name in flattened name/value pairs */
    private static String header(List<String> headers, String lowerName) {
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            if (headers.get(i).equals(lowerName)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }

    /**
     * {@code /_buckets[/<bucket>[/<key>]]}: PUT, GET, DELETE an object; GET a bucket lists it ({@code ?prefix=}).
     * No token: functions in workers write through {@code FAASPORT_STORAGE_URL} without holding the owner's token,
     * which would let them deploy code. The Host and Origin checks keep web pages out; other users of this machine
     * can reach 127.0.0.1, so local buckets are not for secrets (deploying code still needs the token).
     */
    void buckets(HttpExchange ex) throws IOException {
        try (ex) {
            if (!localCaller(ex)) {
                return;
            }
            String method = ex.getRequestMethod();
            String raw = ex.getRequestURI().getRawPath();
            String rest = raw.length() <= "/_buckets/".length() ? "" : raw.substring("/_buckets/".length());
            int slash = rest.indexOf('/');
            String bucket = java.net.URLDecoder.decode(slash < 0 ? rest : rest.substring(0, slash), StandardCharsets.UTF_8);
            // decode %XX only (not '+'): keys are paths, and "%2e%2e" must be checked as ".."
            String key = slash < 0 ? null : new URI("http://x/" + rest.substring(slash + 1)).getPath().substring(1);
            try {
                if (bucket.isEmpty() && method.equals("GET")) {
                    sendJson(ex, 200, Json.write(Map.of("buckets", runtime.buckets.buckets())));
                } else if (key == null && method.equals("GET")) {
                    Buckets.checkBucket(bucket);
                    String prefix = queryParam(ex, "prefix");
                    sendJson(ex, 200, Json.write(Map.of("bucket", bucket, "objects",
                            runtime.buckets.list(bucket, prefix, 10_000).stream().map(Buckets.ObjectInfo::toJson).toList())));
                } else if (key != null && method.equals("PUT")) {
                    String len = ex.getRequestHeaders().getFirst("Content-Length");
                    LocalRuntime.Upload up = runtime.upload(bucket, key, len == null ? -1 : Long.parseLong(len.trim()),
                            ex.getRequestBody());
                    Buckets.ObjectInfo info = up.info();
                    int triggered = up.triggered();
                    Map<String, Object> out = new java.util.LinkedHashMap<>(info.toJson());
                    out.put("bucket", bucket);
                    out.put("triggered", triggered);
                    sendJson(ex, 200, Json.write(out));
                } else if (key != null && (method.equals("GET") || method.equals("HEAD"))) {
                    java.nio.file.Path file = runtime.buckets.get(bucket, key);
                    if (file == null) {
                        throw new RequestException(404, "No object '" + key + "' in bucket '" + bucket + "', perhaps you "
                                + "should list the bucket with GET /_buckets/" + bucket + "?prefix=");
                    }
                    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    long size = java.nio.file.Files.size(file);
                    if (method.equals("HEAD")) {
                        ex.getResponseHeaders().set("Content-Length", Long.toString(size));
                        ex.sendResponseHeaders(200, -1);
                    } else {
                        ex.sendResponseHeaders(200, size == 0 ? -1 : size);
                        if (size > 0) {
                            try (OutputStream os = ex.getResponseBody()) {
                                java.nio.file.Files.copy(file, os);
                            }
                        }
                    }
                } else if (key != null && method.equals("DELETE")) {
                    runtime.deleteObject(bucket, key);
                    ex.sendResponseHeaders(204, -1);
                } else {
                    throw new RequestException(405, "No bucket operation " + method + " " + raw + ", perhaps you should use "
                            + "PUT/GET/DELETE /_buckets/<bucket>/<key> or GET /_buckets/<bucket>?prefix=");
                }
            } catch (RequestException e) {
                drain(ex);
                sendJson(ex, e.status, Json.write(Map.of("error", e.getMessage())));
            }
        } catch (java.net.URISyntaxException | NumberFormatException e) {
            sendJson(ex, 400, Json.write(Map.of("error", "The request path or Content-Length cannot be read (" + e.getMessage()
                    + "), perhaps you should percent-encode the key")));
        }
    }

    /**
     * {@code /_queues/<queue>}: POST sends a message (202 once it is on disk), GET shows the depth and the first
     * messages (the dead-letter queue is {@code <queue>-dlq}). No token, as for buckets.
     */
    void queues(HttpExchange ex) throws IOException {
        try (ex) {
            if (!localCaller(ex)) {
                return;
            }
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String name = path.length() <= "/_queues/".length() ? "" : path.substring("/_queues/".length());
            try {
                if (name.isEmpty() && method.equals("GET")) {
                    sendJson(ex, 200, Json.write(Map.of("queues", runtime.events.queueNames())));
                } else if (method.equals("POST")) {
                    byte[] body = ex.getRequestBody().readNBytes(runtime.options.maxMessageBytes() + 1);
                    if (body.length > runtime.options.maxMessageBytes()) {
                        ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
                    }
                    Map<String, String> attributes = new java.util.TreeMap<>();
                    ex.getRequestHeaders().forEach((k, v) -> {
                        String lower = k.toLowerCase(Locale.ROOT);
                        if (lower.startsWith("x-faasport-attribute-") && !v.isEmpty()) {
                            attributes.put(lower.substring("x-faasport-attribute-".length()), v.get(0));
                        }
                    });
                    sendJson(ex, 202, Json.write(runtime.events.send(name, body, attributes)));
                } else if (method.equals("GET")) {
                    String max = queryParam(ex, "max");
                    sendJson(ex, 200, Json.write(runtime.events.inspect(name, max == null ? 100 : Integer.parseInt(max))));
                } else {
                    throw new RequestException(405, "No queue operation " + method + " " + path + ", perhaps you should "
                            + "POST /_queues/<queue> to send or GET it to inspect");
                }
            } catch (RequestException e) {
                drain(ex);
                sendJson(ex, e.status, Json.write(Map.of("error", e.getMessage())));
            } catch (NumberFormatException e) {
                sendJson(ex, 400, Json.write(Map.of("error", "max is not a number, perhaps you should send ?max=100")));
            }
        }
    }

    /** Reads what is left of a refused upload, so the client sees the answer rather than a reset connection. */
    static void drain(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        byte[] buf = new byte[1 << 16];
        long left = 1L << 30; // beyond 1 GB the connection is simply closed
        int n;
        while (left > 0 && (n = in.read(buf)) > 0) {
            left -= n;
        }
    }

    static String queryParam(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** @return the query parameter as a number in range, or a 400 that names it */
    private static int wholeNumber(String param, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("Query parameter '" + param + "' must be a whole number from " + min + " to "
                + max + ", not '" + value + "'");
    }

    private void route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath().substring("/_faas/".length());
        String[] parts = path.isEmpty() ? new String[0] : path.split("/");
        try {
            if (parts.length == 1 && parts[0].equals("ping") && method.equals("GET")) {
                sendJson(ex, 200, Json.write(Map.of("ok", true, "pid", ProcessHandle.current().pid(), "port", runtime.port())));
            } else if (parts.length == 1 && parts[0].equals("info") && method.equals("GET")) {
                sendJson(ex, 200, Json.write(runtime.info()));
            } else if (parts.length == 1 && parts[0].equals("shutdown") && method.equals("POST")) {
                sendJson(ex, 200, Json.write(Map.of("stopping", true)));
                runtime.shutdownLater();
            } else if (parts.length == 1 && parts[0].equals("metrics") && method.equals("GET")) {
                sendJson(ex, 200, Json.write(runtime.metrics()));
            } else if (parts.length == 3 && parts[0].equals("functions") && parts[2].equals("fire") && method.equals("POST")) {
                String id = runtime.events.fire(parts[1]);
                sendJson(ex, 202, Json.write(Map.of("function", parts[1], "queued", true, "id", id)));
            } else if (parts.length == 3 && parts[0].equals("functions") && parts[2].equals("events") && method.equals("GET")) {
                FunctionPool pool = runtime.pools.get(Store.checkName(parts[1]));
                sendJson(ex, pool == null ? 404 : 200, Json.write(pool == null ? Map.of("error", "No function '" + parts[1]
                        + "', perhaps you should deploy it") : runtime.events.stats(parts[1], pool.current())));
            } else if (parts.length == 3 && parts[0].equals("functions") && parts[2].equals("dead-letters") && method.equals("GET")) {
                Store.checkName(parts[1]);
                sendJson(ex, 200, Json.write(Map.of("function", parts[1], "events", runtime.events.deadLetters(parts[1], 100))));
            } else if (parts.length == 1 && parts[0].equals("functions") && method.equals("GET")) {
                sendJson(ex, 200, Json.write(runtime.list()));
            } else if (parts.length == 2 && parts[0].equals("functions") && method.equals("PUT")) {
                deploy(ex, parts[1]);
            } else if (parts.length == 2 && parts[0].equals("functions") && method.equals("DELETE")) {
                boolean existed = runtime.remove(parts[1], queryParam(ex, "set"));
                sendJson(ex, existed ? 200 : 404, Json.write(Map.of("removed", existed, "function", parts[1])));
            } else if (parts.length == 3 && parts[0].equals("functions") && parts[2].equals("scale-to-zero") && method.equals("POST")) {
                FunctionPool pool = runtime.pools.get(Store.checkName(parts[1]));
                if (pool != null) {
                    pool.stopIdle();
                }
                sendJson(ex, pool == null ? 404 : 200, Json.write(Map.of("function", parts[1], "scaledToZero", pool != null)));
            } else if (parts.length == 3 && parts[0].equals("functions") && parts[2].equals("logs") && method.equals("GET")) {
                Store.checkName(parts[1]);
                String q = queryParam(ex, "lines");
                int lines = q == null ? 100 : wholeNumber("lines", q, 1, 100_000);
                sendJson(ex, 200, Json.write(Map.of("function", parts[1], "lines", Store.tail(runtime.store.logFile(parts[1]), lines))));
            } else {
                sendJson(ex, 404, Json.write(Map.of("error", "No control operation " + method + " /_faas/" + path
                        + ", perhaps you should update the Faasport client and the runtime together")));
            }
        } catch (IllegalArgumentException e) {
            int status = e instanceof LocalRuntime.OwnerConflict ? 409 : 400;
            sendJson(ex, status, Json.write(Map.of("error", String.valueOf(e.getMessage()))));
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            sendJson(ex, 400, Json.write(Map.of("error", "The uploaded package could not be read (" + e
                    + "), perhaps you should rebuild it with faas:package")));
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
            sendJson(ex, 500, Json.write(Map.of("error", "The control operation " + method + " /_faas/" + path
                    + " failed: " + e + ", perhaps you should read " + runtime.store.daemonLog())));
        }
    }

    /** Body: 4-byte length of the unit JSON, the unit JSON, then the LOCAL_ZIP bytes. */
    private void deploy(HttpExchange ex, String name) throws IOException {
        Store.checkName(name);
        InputStream body = ex.getRequestBody();
        DataInputStream in = new DataInputStream(body);
        int len = in.readInt();
        if (len <= 0 || len > MAX_UNIT_JSON) {
            throw new IllegalArgumentException("Deploy request for '" + name + "' has a unit descriptor of " + len
                    + " bytes, perhaps you should deploy with the Faasport local provider");
        }
        byte[] json = new byte[len];
        in.readFully(json);
        Map<String, Object> unit;
        try {
            unit = Json.parseObject(new String(json, StandardCharsets.UTF_8));
        } catch (dev.faasport.runtime.json.JsonException e) {
            throw new IllegalArgumentException("Deploy request for '" + name + "' has a unit descriptor that is not a "
                    + "JSON object (" + e.getMessage() + "), perhaps you should deploy with the Faasport local provider");
        }
        if (!name.equals(unit.get("name"))) {
            throw new IllegalArgumentException("Deploy request for '" + name + "' carries unit '" + unit.get("name")
                    + "', perhaps you should deploy with the Faasport local provider");
        }
        Map<String, Object> stored;
        try {
            stored = runtime.deploy(unit, body);
        } catch (IllegalArgumentException refused) {
            // read the package the client is still sending, so that it reads the refusal instead of a broken pipe
            body.transferTo(OutputStream.nullOutputStream());
            throw refused;
        }
        Map<String, Object> answer = new java.util.LinkedHashMap<>(stored);
        answer.put("url", runtime.functionUri(name).toString());
        sendJson(ex, 200, Json.write(answer));
    }

    void notFound(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            sendJson(ex, 404, Json.write(Map.of("error", "Nothing at " + ex.getRequestURI().getPath()
                    + ", perhaps you should call a function at /fn/<function>")));
        }
    }

    private static Wire.Response error(String function, int status, String message, String type) {
        return new Wire.Response(status, List.of("content-type", "application/json"),
                WorkerMain.errorJson(function, message, type).getBytes(StandardCharsets.UTF_8));
    }

    static void sendJson(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }
}
