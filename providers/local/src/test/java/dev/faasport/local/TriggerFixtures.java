package dev.faasport.local;

import org.awaitility.Awaitility;
import dev.faasport.runtime.json.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Event-function packages and HTTP helpers shared by the trigger tests. */
final class TriggerFixtures {

    static final String STORAGE = "dev.faasport.local.testfn.CopyOnStored";
    static final String QUEUE = "dev.faasport.local.testfn.QueueRecorder";
    static final String SCHEDULE = "dev.faasport.local.testfn.Ticker";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TriggerFixtures() {
    }

    /** A function of the event test package: name, handler, shape, trigger. */
    record Fn(String name, String handler, String shape, Map<String, Object> trigger) {
    }

    /** @return a LOCAL_ZIP whose descriptor lists the given functions */
    static Path build(Path dir, List<Fn> fns) throws Exception {
        List<Object> entries = new ArrayList<>();
        for (Fn f : fns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("handler", f.handler());
            m.put("shape", f.shape());
            m.put("trigger", f.trigger());
            entries.add(m);
        }
        return TestPackages.build(dir, Json.write(Map.of("set", "test-set", "functions", entries)));
    }

    /** @return the unit descriptor the provider would send for one function */
    static Map<String, Object> unit(Fn f, int maxConcurrency, Map<String, String> env) {
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("name", f.name());
        fn.put("handler", f.handler());
        fn.put("shape", f.shape());
        fn.put("trigger", f.trigger());
        fn.put("memoryMb", 128);
        fn.put("timeoutSeconds", 30);
        fn.put("environment", env);
        fn.put("maxConcurrency", maxConcurrency);
        Map<String, Object> unit = new LinkedHashMap<>();
        unit.put("set", "test-set");
        unit.put("name", f.name());
        unit.put("configHash", "cfg-" + f.name());
        unit.put("function", fn);
        return unit;
    }

    static HttpResponse<String> send(String method, URI uri, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static List<String> keys(URI base, String bucket, String prefix) throws Exception {
        HttpResponse<String> r = send("GET", URI.create(base + "/_buckets/" + bucket + "?prefix=" + prefix), null);
        if (r.statusCode() != 200) {
            throw new AssertionError(r.statusCode() + " " + r.body());
        }
        return ((List<Map<String, Object>>) Json.parseObject(r.body()).get("objects")).stream()
                .map(o -> String.valueOf(o.get("key"))).toList();
    }

    /** @return the status of a request written byte for byte (no client normalizes the path) */
    static int rawStatus(String request, int port) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            java.io.InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                head.append((char) c);
            }
            return Integer.parseInt(head.toString().split(" ")[1]);
        }
    }

    static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
        Awaitility.await(what).atMost(max).pollInterval(Duration.ofMillis(25)).until(done::getAsBoolean);
    }

    static List<String> keysQuietly(URI base, String bucket, String prefix) {
        try {
            return keys(base, bucket, prefix);
        } catch (Exception e) {
            return List.of();
        }
    }
}
