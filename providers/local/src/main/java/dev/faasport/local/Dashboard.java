package dev.faasport.local;

import com.sun.net.httpserver.HttpExchange;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.local.Wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The owner's web page under {@code /_faas/dashboard/}: functions and their counters, logs, a "try it" form, buckets
 * and queues. The owner logs in with a one-time code that {@code faas:dashboard} gets with the token
 * ({@code POST /_faas/dashboard/login-codes}); the code becomes a session cookie ({@code HttpOnly; SameSite=Strict})
 * and the browser is sent on to a URL without it. Every request passes the gateway's Host and Origin checks; every
 * state-changing one also needs the session's CSRF token in a header, which only the page's own script can read.
 */
final class Dashboard {

    static final String PATH = "/_faas/dashboard";
    private static final String COOKIE = "faasport_session";
    private static final String CSRF_HEADER = "X-Faasport-Csrf";
    /** How long a login code may wait to be used: long enough to click a printed link. */
    private static final long CODE_TTL_NANOS = TimeUnit.MINUTES.toNanos(2);
    private static final int MAX_INVOKE_JSON = Gateway.MAX_BODY + (1 << 16);
    private static final String RESOURCES = "/dev/faasport/local/dashboard/";

    private final LocalRuntime runtime;
    private final Gateway gateway;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> codes = new ConcurrentHashMap<>();
    /** Session id to its CSRF token; sessions end with the runtime. */
    private final Map<String, String> sessions = new ConcurrentHashMap<>();

    Dashboard(LocalRuntime runtime, Gateway gateway) {
        this.runtime = runtime;
        this.gateway = gateway;
    }

    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String rest = path.substring(PATH.length() + 1); // registered for PATH + "/"
            if (rest.equals("login-codes") && method.equals("POST")) {
                if (gateway.owner(ex)) {
                    Gateway.sendJson(ex, 200, Json.write(Map.of("url", runtime.baseUri() + PATH + "/login?code=" + newCode())));
                }
                return;
            }
            if (!gateway.localCaller(ex)) {
                return;
            }
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
            if (rest.equals("login") && method.equals("GET")) {
                login(ex);
            } else if ((rest.equals("app.js") || rest.equals("app.css")) && method.equals("GET")) {
                resource(ex, rest, rest.endsWith(".js") ? "text/javascript" : "text/css");
            } else {
                String csrf = sessions.get(sessionOf(ex));
                if (csrf == null) {
                    sendText(ex, 401, "text/plain", "Not logged in to the Faasport dashboard, perhaps you should run "
                            + "mvn faas:dashboard and open the link it prints (each link works once)");
                } else if (method.equals("GET")) {
                    read(ex, rest, csrf);
                } else if (!MessageDigest.isEqual(bytes(ex.getRequestHeaders().getFirst(CSRF_HEADER)), bytes(csrf))) {
                    Gateway.drain(ex);
                    Gateway.sendJson(ex, 403, Json.write(Map.of("error", "The request has no valid " + CSRF_HEADER
                            + " header, perhaps you should use the dashboard page itself (cross-site requests are refused)")));
                } else {
                    change(ex, method, rest);
                }
            }
        } catch (RequestException e) {
            Gateway.sendJson(ex, e.status, Json.write(Map.of("error", e.getMessage())));
        } catch (IllegalArgumentException e) {
            Gateway.sendJson(ex, 400, Json.write(Map.of("error", String.valueOf(e.getMessage()))));
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
            Gateway.sendJson(ex, 500, Json.write(Map.of("error", "The dashboard request " + ex.getRequestURI().getPath()
                    + " failed: " + e + ", perhaps you should read " + runtime.store.daemonLog())));
        }
    }

    /** @return a new one-time login code */
    String newCode() {
        long now = System.nanoTime();
        codes.values().removeIf(expiry -> expiry - now < 0);
        String code = randomToken();
        codes.put(code, now + CODE_TTL_NANOS);
        return code;
    }

    private void login(HttpExchange ex) throws IOException {
        String code = Gateway.queryParam(ex, "code");
        Long expiry = code == null ? null : codes.remove(code);
        if (expiry == null || expiry - System.nanoTime() < 0) {
            sendText(ex, 401, "text/plain", "This login link was used already or has expired, perhaps you should run "
                    + "mvn faas:dashboard again for a new one");
            return;
        }
        String session = randomToken();
        sessions.put(session, randomToken());
        ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session + "; Path=" + PATH + "; HttpOnly; SameSite=Strict");
        ex.getResponseHeaders().set("Location", PATH + "/"); // the code leaves the address bar and the history
        ex.sendResponseHeaders(303, -1);
    }

    private void read(HttpExchange ex, String rest, String csrf) throws IOException {
        switch (rest) {
            case "" -> {
                String page = new String(resourceBytes("index.html"), StandardCharsets.UTF_8).replace("{{csrf}}", csrf);
                sendText(ex, 200, "text/html; charset=utf-8", page);
            }
            case "api/state" -> Gateway.sendJson(ex, 200, Json.write(state()));
            case "api/cost" -> Gateway.sendJson(ex, 200, Json.write(cost(Gateway.queryParam(ex, "invocationsPerMonth"))));
            case "api/logs" -> {
                String function = Store.checkName(Gateway.queryParam(ex, "function"));
                String invocation = Gateway.queryParam(ex, "invocation");
                List<String> lines = Store.tail(runtime.store.logFile(function), 500);
                if (invocation != null && !invocation.isBlank()) {
                    String word = " " + invocation.trim() + " "; // the whole id: hello-1-1 is not hello-1-10
                    lines = lines.stream().filter(l -> (" " + l + " ").contains(word)).toList();
                }
                Gateway.sendJson(ex, 200, Json.write(Map.of("function", function, "lines", lines)));
            }
            default -> throw new RequestException(404, "Nothing at " + PATH + "/" + rest + ", perhaps you should open "
                    + PATH + "/");
        }
    }

    private void change(HttpExchange ex, String method, String rest) throws IOException {
        if (rest.equals("api/invoke") && method.equals("POST")) {
            byte[] json = ex.getRequestBody().readNBytes(MAX_INVOKE_JSON + 1);
            if (json.length > MAX_INVOKE_JSON) {
                Gateway.drain(ex);
                throw new RequestException(413, "The request to try is over " + (MAX_INVOKE_JSON >> 20)
                        + " MB, perhaps you should upload large data to a bucket");
            }
            Map<String, Object> request;
            try {
                request = Json.parseObject(new String(json, StandardCharsets.UTF_8));
            } catch (dev.faasport.runtime.json.JsonException e) {
                throw new RequestException(400, "The request to try is not a JSON object (" + e.getMessage()
                        + "), perhaps you should send {\"function\": ..., \"method\": ..., \"path\": ..., \"query\": ..., \"body\": ...}");
            }
            Gateway.sendJson(ex, 200, Json.write(tryIt(request)));
        } else if (rest.equals("api/redrive") && method.equals("POST")) {
            String queue = Gateway.queryParam(ex, "queue");
            Gateway.sendJson(ex, 200, Json.write(Map.of("queue", String.valueOf(queue), "moved", runtime.events.redrive(queue))));
        } else if (rest.equals("api/fire") && method.equals("POST")) {
            String function = Gateway.queryParam(ex, "function");
            Gateway.sendJson(ex, 202, Json.write(Map.of("function", String.valueOf(function), "id", runtime.events.fire(function))));
        } else {
            Gateway.drain(ex);
            throw new RequestException(405, "No dashboard operation " + method + " " + PATH + "/" + rest
                    + ", perhaps you should update the runtime and reload the page");
        }
    }

    /** Invokes a function as its URL would be called, and returns the answer with the log lines written meanwhile. */
    private Map<String, Object> tryIt(Map<String, Object> req) throws IOException {
        String function = Store.checkName(String.valueOf(req.get("function")));
        String method = String.valueOf(req.getOrDefault("method", "GET"));
        String path = String.valueOf(req.getOrDefault("path", "/"));
        String body = String.valueOf(req.getOrDefault("body", ""));
        Path log = runtime.store.logFile(function);
        long before = Files.exists(log) ? Files.size(log) : 0;
        List<String> headers = List.of("host", "127.0.0.1:" + runtime.port(), "content-type", "application/json");
        Wire.Response r = gateway.invoke(function, method, path.startsWith("/") ? path : "/" + path,
                String.valueOf(req.getOrDefault("query", "")), headers, body.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", r.status());
        Map<String, Object> h = new LinkedHashMap<>();
        for (int i = 0; i + 1 < r.headers().size(); i += 2) {
            h.put(r.headers().get(i), r.headers().get(i + 1));
        }
        out.put("headers", h);
        out.put("body", new String(r.body(), StandardCharsets.UTF_8));
        out.put("logs", linesSince(log, before));
        return out;
    }

    /** @return the lines appended to a log since it had {@code offset} bytes (all of it when it was rotated) */
    static List<String> linesSince(Path log, long offset) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "r")) {
            long from = raf.length() < offset ? 0 : offset;
            byte[] buf = new byte[(int) Math.min(raf.length() - from, 1 << 20)];
            raf.seek(from);
            raf.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\r?\n"));
        }
    }

    private Map<String, Object> state() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("functions", runtime.list());
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (String b : runtime.buckets.buckets()) {
            buckets.add(Map.of("bucket", b, "objects",
                    runtime.buckets.list(b, "", 1000).stream().map(Buckets.ObjectInfo::toJson).toList()));
        }
        m.put("buckets", buckets);
        List<Map<String, Object>> queues = new ArrayList<>();
        for (String q : runtime.events.queueNames()) {
            if (!q.endsWith("-dlq")) {
                Map<String, Object> info = runtime.events.inspect(q, 0);
                info.remove("messages");
                info.put("deadLetters", runtime.events.inspect(q + "-dlq", 0).get("depth"));
                queues.add(info);
            }
        }
        m.put("queues", queues);
        return m;
    }

    /**
     * @return what {@code faas:cost} computes from the measured runs: each vendor plan's monthly estimate for the
     *         functions invoked so far (mean duration, configured and peak memory) at a number of calls per month
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> cost(String perMonth) {
        long calls;
        try {
            calls = perMonth == null || perMonth.isBlank() ? 1_000_000 : Long.parseLong(perMonth.trim());
        } catch (NumberFormatException e) {
            calls = -1;
        }
        if (calls < 0) {
            throw new RequestException(400, "invocationsPerMonth is '" + perMonth + "', perhaps you should give a number "
                    + "of calls per month such as 1000000");
        }
        List<dev.faasport.cost.Workload> workloads = new ArrayList<>();
        for (Map<String, Object> f : runtime.list()) {
            Map<String, Object> m = (Map<String, Object>) f.get("metrics");
            Map<String, Object> d = (Map<String, Object>) m.get("duration");
            Object memory = ((Map<String, Object>) f.get("function")).get("memoryMb");
            if (((Number) m.get("invocations")).longValue() > 0 && memory instanceof Number mb) {
                workloads.add(new dev.faasport.cost.Workload(String.valueOf(f.get("name")), calls,
                        ((Number) d.get("meanMs")).doubleValue(), mb.intValue(), ((Number) m.get("maxMemoryUsedMb")).doubleValue()));
            }
        }
        dev.faasport.cost.Prices prices = dev.faasport.cost.Prices.builtIn();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("invocationsPerMonth", calls);
        out.put("asOf", prices.asOf());
        out.put("estimates", workloads.isEmpty() ? List.of() : new dev.faasport.cost.CostCalculator(prices)
                .estimateAll(workloads).stream().map(dev.faasport.cost.PlanEstimate::toJson).toList());
        return out;
    }

    private String sessionOf(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                String p = pair.trim();
                if (p.startsWith(COOKIE + "=")) {
                    return p.substring(COOKIE.length() + 1);
                }
            }
        }
        return "";
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resourceBytes(String name) throws IOException {
        try (InputStream in = Dashboard.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("the dashboard resource " + name + " is missing from the local provider's jar");
            }
            return in.readAllBytes();
        }
    }

    private static void resource(HttpExchange ex, String name, String type) throws IOException {
        sendText(ex, 200, type, new String(resourceBytes(name), StandardCharsets.UTF_8));
    }

    private static void sendText(HttpExchange ex, int status, String type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }
}
