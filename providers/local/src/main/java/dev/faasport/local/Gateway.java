package dev.faasport.local;

import com.sun.net.httpserver.HttpExchange;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.local.WorkerMain;
import dev.faasport.runtime.local.Wire;

import java.io.DataInputStream;
import java.io.IOException;
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
            String host = ex.getRequestHeaders().getFirst("Host");
            String origin = ex.getRequestHeaders().getFirst("Origin");
            if (host == null || !localHosts.contains(host.toLowerCase(Locale.ROOT))) {
                sendJson(ex, 403, Json.write(Map.of("error", "Host '" + host + "' is not local, perhaps you should call "
                        + "the control API as http://127.0.0.1:" + runtime.port() + " (refused: DNS rebinding protection)")));
                return;
            }
            if (origin != null && !localOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
                sendJson(ex, 403, Json.write(Map.of("error", "Origin '" + origin + "' is not local, perhaps you should "
                        + "use the Faasport client (browsers may not call the control API)")));
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")
                    || !MessageDigest.isEqual(auth.substring(7).trim().getBytes(StandardCharsets.UTF_8), token)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                sendJson(ex, 401, Json.write(Map.of("error", (auth == null ? "Missing" : "Wrong")
                        + " token, perhaps you should send 'Authorization: Bearer <contents of "
                        + runtime.store.tokenFile() + ">'")));
                return;
            }
            route(ex);
        }
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
            } else if (parts.length == 1 && parts[0].equals("functions") && method.equals("GET")) {
                sendJson(ex, 200, Json.write(runtime.list()));
            } else if (parts.length == 2 && parts[0].equals("functions") && method.equals("PUT")) {
                deploy(ex, parts[1]);
            } else if (parts.length == 2 && parts[0].equals("functions") && method.equals("DELETE")) {
                boolean existed = runtime.remove(parts[1]);
                sendJson(ex, existed ? 200 : 404, Json.write(Map.of("removed", existed, "function", parts[1])));
            } else if (parts.length == 3 && parts[0].equals("functions") && parts[2].equals("scale-to-zero") && method.equals("POST")) {
                FunctionPool pool = runtime.pools.get(Store.checkName(parts[1]));
                if (pool != null) {
                    pool.stopIdle();
                }
                sendJson(ex, pool == null ? 404 : 200, Json.write(Map.of("function", parts[1], "scaledToZero", pool != null)));
            } else if (parts.length == 3 && parts[0].equals("functions") && parts[2].equals("logs") && method.equals("GET")) {
                Store.checkName(parts[1]);
                int lines = 100;
                String q = ex.getRequestURI().getQuery();
                if (q != null && q.startsWith("lines=")) {
                    lines = Integer.parseInt(q.substring(6));
                }
                sendJson(ex, 200, Json.write(Map.of("function", parts[1], "lines", Store.tail(runtime.store.logFile(parts[1]), lines))));
            } else {
                sendJson(ex, 404, Json.write(Map.of("error", "No control operation " + method + " /_faas/" + path
                        + ", perhaps you should update the Faasport client and the runtime together")));
            }
        } catch (IllegalArgumentException e) {
            sendJson(ex, 400, Json.write(Map.of("error", String.valueOf(e.getMessage()))));
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
        Map<String, Object> unit = Json.parseObject(new String(json, StandardCharsets.UTF_8));
        if (!name.equals(unit.get("name"))) {
            throw new IllegalArgumentException("Deploy request for '" + name + "' carries unit '" + unit.get("name")
                    + "', perhaps you should deploy with the Faasport local provider");
        }
        Map<String, Object> stored = runtime.deploy(unit, body);
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

    private static void sendJson(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }
}
