import dev.faasport.runtime.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives a running local runtime: args port home zip uploads latencySamples messages.
 * 0. reference: N uploads of 1 KB from 4 client threads to a bucket nobody listens to.
 * 1. storage: N uploads of 1 KB from 4 client threads to a bucket whose no-op function is subscribed; events per
 *    second from the first upload until the function completed the last event (the runtime's delivered counter).
 * 2. latency: one upload at a time, from sending the PUT until the delivered counter moved (polled every 1 ms).
 * 3. queues: N messages queued to each of two queues while no function listens, then the no-op function deployed
 *    with batchSize 1 or 10 and maxConcurrency 1, in 3 alternating rounds (one worker: the cost per invocation, not parallelism); messages per second from the first completed batch until the queue is drained (the
 *    worker's cold start left out).
 */
public class TriggerBench {

    static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static String base;
    static String token;
    static Path zip;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path home = Path.of(args[1]);
        zip = Path.of(args[2]);
        int uploads = Integer.parseInt(args[3]);
        int samples = Integer.parseInt(args[4]);
        int messages = Integer.parseInt(args[5]);
        base = "http://127.0.0.1:" + port;
        token = Files.readString(home.resolve("token")).trim();

        deploy("noop-upload", "bench.NoopStorage", "STORAGE", Map.of("kind", "storage", "bucket", "bench"), 4);
        // warm-up: the first event starts the workers
        for (int i = 0; i < 50; i++) {
            put("warm/" + i);
        }
        awaitDelivered("noop-upload", 50);

        byte[] kb = new byte[1024];
        ExecutorService pool = Executors.newFixedThreadPool(4);
        // reference: the same uploads to a bucket no function listens to (object write only, no event)
        double quietRate = uploads(pool, "quiet", uploads, kb);

        long before = delivered("noop-upload");
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            fs.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < uploads) {
                    send("PUT", "/_buckets/bench/load/" + i, kb, 200);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        long accepted = System.nanoTime();
        awaitDelivered("noop-upload", before + uploads);
        long done = System.nanoTime();
        double acceptRate = uploads / ((accepted - t0) / 1e9);
        double eventRate = uploads / ((done - t0) / 1e9);

        long[] lat = new long[samples];
        for (int i = 0; i < samples; i++) {
            long d0 = delivered("noop-upload");
            long s = System.nanoTime();
            send("PUT", "/_buckets/bench/one/" + i, kb, 200);
            while (delivered("noop-upload") <= d0) {
                Thread.sleep(0, 200_000);
            }
            lat[i] = System.nanoTime() - s;
        }
        Arrays.sort(lat);

        // queues: 3 alternating rounds (batchSize 1, then 10), so that a busy machine hits both alike; medians
        List<Double> rates1 = new ArrayList<>();
        List<Double> rates10 = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            for (int batch : new int[]{1, 10}) {
                String q = "bench-q" + batch + "-r" + round;
                AtomicInteger m = new AtomicInteger();
                List<Future<?>> sends = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    sends.add(pool.submit(() -> {
                        int i;
                        while ((i = m.getAndIncrement()) < messages) {
                            send("POST", "/_queues/" + q, ("m" + i).getBytes(StandardCharsets.UTF_8), 202);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : sends) {
                    f.get();
                }
                String fn = "noop-" + q;
                deploy(fn, "bench.NoopQueue", "QUEUE", Map.of("kind", "queue", "queue", q, "batchSize", batch, "maxAttempts", 3), 1);
                // from the first completed batch (the worker's cold start left out) until the queue is drained
                long first;
                long d0 = System.nanoTime();
                while ((first = delivered(fn)) == 0) {
                    if (System.nanoTime() - d0 > Duration.ofMinutes(2).toNanos()) {
                        throw new IllegalStateException(fn + " delivered nothing; see its log");
                    }
                    Thread.sleep(1);
                }
                long q0 = System.nanoTime();
                while (delivered(fn) < messages) {
                    if (System.nanoTime() - q0 > Duration.ofMinutes(3).toNanos()) {
                        throw new IllegalStateException(fn + " delivered only " + delivered(fn) + " of " + messages);
                    }
                    Thread.sleep(2);
                }
                (batch == 1 ? rates1 : rates10).add((messages - first) / ((System.nanoTime() - q0) / 1e9));
                control("DELETE", "functions/" + fn); // its worker goes: one warm worker at a time
            }
        }
        pool.shutdown();
        rates1.sort(null);
        rates10.sort(null);

        System.out.printf(Locale.ROOT, "storage: %d uploads to a bucket nobody listens to: %.0f/s%n", uploads, quietRate);
        System.out.printf(Locale.ROOT, "storage: %d uploads to the no-op function's bucket accepted at %.0f/s; "
                + "upload-to-completion %.0f events/s%n", uploads, acceptRate, eventRate);
        System.out.printf(Locale.ROOT, "storage latency of one upload (n=%d): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                samples, pct(lat, 50) / 1e6, pct(lat, 99) / 1e6, lat[lat.length - 1] / 1e6);
        double r1 = rates1.get(1);
        double r10 = rates10.get(1);
        System.out.printf(Locale.ROOT, "queue drain of %d messages, one worker, median of 3 rounds: batchSize 1 %.0f msg/s, "
                + "batchSize 10 %.0f msg/s (%.1fx); rounds %s / %s%n", messages, r1, r10, r10 / r1,
                rates1.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList(),
                rates10.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
        System.out.println("metrics: " + Json.write(control("GET", "metrics")));
    }

    /** @return uploads per second of {@code n} 1 KB objects to a bucket from the pool's 4 threads */
    static double uploads(ExecutorService pool, String bucket, int n, byte[] body) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            fs.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    send("PUT", "/_buckets/" + bucket + "/load/" + i, body, 200);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    static long pct(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static void put(String key) throws Exception {
        send("PUT", "/_buckets/bench/" + key, new byte[16], 200);
    }

    static void send(String method, String path, byte[] body, int expect) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expect) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + " " + r.body());
        }
    }

    static Object control(String method, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/_faas/" + path))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.parse(r.body());
    }

    /** The function's delivered-events counter, from the light events endpoint (no percentile sorting). */
    @SuppressWarnings("unchecked")
    static long delivered(String function) throws Exception {
        return ((Number) ((Map<String, Object>) control("GET", "functions/" + function + "/events")).get("delivered")).longValue();
    }

    @SuppressWarnings("unchecked")
    static long depth(String queue) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/_queues/" + queue)).build(),
                HttpResponse.BodyHandlers.ofString());
        return ((Number) Json.parseObject(r.body()).get("depth")).longValue();
    }

    static void awaitDelivered(String function, long count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (delivered(function) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(function + " delivered only " + delivered(function) + " of " + count);
            }
            Thread.sleep(20);
        }
    }

    static void deploy(String name, String handler, String shape, Map<String, Object> trigger, int maxConcurrency) throws Exception {
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("name", name);
        fn.put("handler", handler);
        fn.put("shape", shape);
        fn.put("trigger", trigger);
        fn.put("memoryMb", 256);
        fn.put("timeoutSeconds", 30);
        fn.put("maxConcurrency", maxConcurrency);
        Map<String, Object> unit = new LinkedHashMap<>();
        unit.put("set", "bench");
        unit.put("name", name);
        unit.put("function", fn);
        byte[] json = Json.write(unit).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(json.length);
        out.write(json);
        out.write(Files.readAllBytes(zip));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/_faas/functions/" + name))
                .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("deploy " + name + ": " + r.statusCode() + " " + r.body());
        }
    }
}
