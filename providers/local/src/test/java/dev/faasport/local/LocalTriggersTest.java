package dev.faasport.local;

import dev.faasport.local.TriggerFixtures.Fn;
import dev.faasport.runtime.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.faasport.local.TriggerFixtures.await;
import static dev.faasport.local.TriggerFixtures.keys;
import static dev.faasport.local.TriggerFixtures.keysQuietly;
import static dev.faasport.local.TriggerFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Storage, queue and schedule triggers, async retries and metrics against a running local runtime. */
class LocalTriggersTest {

    static final Duration WAIT = Duration.ofSeconds(40);
    static final int MAX_OBJECT = 1 << 20;

    static final Fn ON_UPLOAD = new Fn("on-upload", TriggerFixtures.STORAGE, "STORAGE", Map.of("kind", "storage",
            "bucket", "photos", "events", List.of("CREATED", "DELETED"), "prefix", "in/", "suffix", ".png"));
    static final Fn ON_FAIL = new Fn("on-fail", TriggerFixtures.STORAGE, "STORAGE", Map.of("kind", "storage",
            "bucket", "fragile", "events", List.of("CREATED")));
    static final Fn ORDERS = new Fn("orders-fn", TriggerFixtures.QUEUE, "QUEUE", Map.of("kind", "queue",
            "queue", "orders", "batchSize", 5, "maxAttempts", 2));
    static final Fn FLAKY = new Fn("flaky-fn", TriggerFixtures.QUEUE, "QUEUE", Map.of("kind", "queue",
            "queue", "flaky", "batchSize", 1, "maxAttempts", 2));
    static final Fn PARTIAL = new Fn("partial-fn", "dev.faasport.local.testfn.PartialRecorder", "QUEUE", Map.of("kind", "queue",
            "queue", "partial", "batchSize", 5, "maxAttempts", 2));
    static final Fn BY_METHOD = new Fn("by-method-fn", TriggerFixtures.QUEUE + "::handle", "QUEUE", Map.of("kind", "queue",
            "queue", "by-method", "batchSize", 1, "maxAttempts", 2));
    static final Fn BUSY = new Fn("busy-fn", TriggerFixtures.QUEUE, "QUEUE", Map.of("kind", "queue",
            "queue", "busy", "batchSize", 1, "maxAttempts", 8));
    static final Fn TICKER = new Fn("ticker", TriggerFixtures.SCHEDULE, "SCHEDULE", Map.of("kind", "schedule",
            "expression", "cron(0/5 * * * ? *)"));
    static final Fn BAD_CRON = new Fn("bad-cron", TriggerFixtures.SCHEDULE, "SCHEDULE", Map.of("kind", "schedule",
            "expression", "cron(0 12 * * *)"));

    @TempDir
    static Path tmp;
    static LocalRuntime runtime;
    static DaemonClient control;
    static Path zip;
    static URI base;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.start(0, tmp.resolve("home"), 60, new RuntimeOptions(MAX_OBJECT, 256 << 10, 50, 2));
        control = new DaemonClient(runtime.port(), Files.readString(tmp.resolve("home/token")));
        base = runtime.baseUri();
        zip = TriggerFixtures.build(tmp.resolve("zips"), List.of(ON_UPLOAD, ON_FAIL, ORDERS, FLAKY, PARTIAL, BY_METHOD, BUSY, TICKER, BAD_CRON));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    static void deploy(Fn f, int maxConcurrency) throws Exception {
        control.deploy(f.name(), TriggerFixtures.unit(f, maxConcurrency, Map.of()), zip);
    }

    static URI object(String bucket, String key) {
        return URI.create(base + "/_buckets/" + bucket + "/" + key);
    }

    @Test
    void storageEventsReachSubscribedFunctionsThroughPrefixSuffixAndKindFilters() throws Exception {
        deploy(ON_UPLOAD, 2);
        HttpResponse<String> put = send("PUT", object("photos", "in/a.png"), "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(Json.parseObject(put.body())).containsEntry("triggered", 1L).containsEntry("size", 5L)
                .containsEntry("etag", "5d41402abc4b2a76b9719d911017c592"); // md5("hello")
        assertThat(Json.parseObject(send("PUT", object("photos", "in/b.txt"), new byte[3]).body())).containsEntry("triggered", 0L);
        assertThat(Json.parseObject(send("PUT", object("photos", "out/c.png"), new byte[3]).body())).containsEntry("triggered", 0L);
        assertThat(tmp.resolve("home/buckets/photos/in/a.png")).hasContent("hello");

        await("the CREATED marker", WAIT, () -> keysQuietly(base, "marks", "CREATED/").contains("CREATED/photos/in/a.png"));
        assertThat(send("GET", object("marks", "CREATED/photos/in/a.png"), null).body()).isEqualTo("5");
        assertThat(send("GET", object("photos", "in/a.png"), null).body()).isEqualTo("hello");
        assertThat(keys(base, "photos", "in/")).containsExactly("in/a.png", "in/b.txt");
        assertThat(keys(base, "photos", "")).containsExactly("in/a.png", "in/b.txt", "out/c.png");

        // invoked directly with the neutral event: handled, and the worker's measurement headers do not leak
        HttpResponse<String> direct = send("POST", runtime.functionUri("on-upload"), ("{\"kind\":\"storage\",\"event\":"
                + "{\"kind\":\"CREATED\",\"bucket\":\"photos\",\"key\":\"direct.png\",\"size\":1}}").getBytes(StandardCharsets.UTF_8));
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(direct.headers().map().keySet()).noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-faasport-metric"));
        assertThat(send("GET", object("marks", "CREATED/photos/direct.png"), null).statusCode()).isEqualTo(200);

        assertThat(send("DELETE", object("photos", "in/a.png"), null).statusCode()).isEqualTo(204);
        assertThat(send("GET", object("photos", "in/a.png"), null).statusCode()).isEqualTo(404);
        await("the DELETED marker", WAIT, () -> keysQuietly(base, "marks", "DELETED/").contains("DELETED/photos/in/a.png"));
        assertThat(keys(base, "marks", "")).noneMatch(k -> k.contains("b.txt") || k.contains("c.png"));
    }

    @Test
    void badKeysAndOversizedObjectsAreRefusedAndNothingLandsOutsideTheBucket() throws Exception {
        for (String rawKey : List.of("../escaped.txt", "a/../../escaped.txt", "%2e%2e/escaped.txt", "/etc/escaped.txt",
                "a%5C..%5Cescaped.txt", "nul%00.txt", "a//b.txt", "dir/")) {
            int status = TriggerFixtures.rawStatus("PUT /_buckets/photos/" + rawKey + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + runtime.port() + "\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx", runtime.port());
            assertThat(status).as(rawKey).isEqualTo(400);
        }
        HttpResponse<String> dots = send("PUT", object("photos", "%2e%2e/escaped.txt"), new byte[1]);
        assertThat(dots.statusCode()).isEqualTo(400);
        assertThat(Json.parseObject(dots.body()).get("error").toString())
                .contains("Object key '../escaped.txt' in bucket 'photos' contains a '..' segment").contains("perhaps you should");
        assertThat(send("PUT", object("Not_A_Bucket", "k"), new byte[1]).statusCode()).isEqualTo(400);
        assertThat(send("PUT", object("photos", "k".repeat(1025)), new byte[1]).statusCode()).isEqualTo(400);

        HttpResponse<String> big = send("PUT", object("photos", "big.bin"), new byte[MAX_OBJECT + 1]);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("object size cap of " + MAX_OBJECT + " bytes").contains("local.maxObjectMb");
        assertThat(send("PUT", object("photos", "fits.bin"), new byte[MAX_OBJECT]).statusCode()).isEqualTo(200);

        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.filter(p -> p.getFileName().toString().contains("escaped"))).isEmpty();
        }
        assertThat(tmp.resolve("home/buckets/photos/big.bin")).doesNotExist();
        try (Stream<Path> parts = Files.list(tmp.resolve("home/buckets/.tmp"))) {
            assertThat(parts).isEmpty();
        }
    }

    @Test
    void queueMessagesArriveInBatchesAndFailingOnesEndInTheDeadLetterQueue() throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = send("POST", URI.create(base + "/_queues/orders"), ("o" + i).getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(202);
        }
        // sent before anyone subscribed: they wait on disk, as on SQS
        assertThat(Json.parseObject(send("GET", URI.create(base + "/_queues/orders"), null).body())).containsEntry("depth", 10L);
        deploy(ORDERS, 1);
        await("10 order markers", WAIT, () -> keysQuietly(base, "marks", "q/orders/").size() == 10);
        // one worker, batches of at most 5 taken from the 10 waiting messages
        assertThat(send("GET", object("marks", "q/orders/o0"), null).body()).isEqualTo("batch=5 delivery=1");
        assertThat(send("GET", object("marks", "q/orders/o9"), null).body()).isEqualTo("batch=5 delivery=1");

        deploy(FLAKY, 1);
        send("POST", URI.create(base + "/_queues/flaky"), "fail-7".getBytes(StandardCharsets.UTF_8));
        send("POST", URI.create(base + "/_queues/flaky"), "fine-8".getBytes(StandardCharsets.UTF_8));
        await("the dead letter", WAIT, () -> depth("flaky-dlq") == 1);
        Map<String, Object> dlq = Json.parseObject(send("GET", URI.create(base + "/_queues/flaky-dlq"), null).body());
        assertThat(dlq.get("messages").toString()).contains("fail-7").contains("attempts=2");
        await("the good message", WAIT, () -> keysQuietly(base, "marks", "q/flaky/").contains("q/flaky/fine-8"));
        assertThat(depth("flaky")).isZero();
        // the dead letter is stored before its log line is written: wait for the line too
        await("the dead-letter log line", WAIT, () -> {
            try {
                return control.logs("flaky-fn", 1000).stream().anyMatch(l -> l.contains("moved to queue 'flaky-dlq'"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(control.logs("flaky-fn", 1000)).anyMatch(l -> l.contains("retrying in 50 ms"));

        HttpResponse<String> tooBig = send("POST", URI.create(base + "/_queues/orders"), new byte[(256 << 10) + 1]);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body()).contains("queue 'orders'").contains("size cap of 262144 bytes");
        assertThat(send("POST", URI.create(base + "/_queues/bad%20name"), new byte[1]).statusCode()).isEqualTo(400);
    }

    @Test
    void aHandlerStringNamingAMethodDeploysAndAMissingClassIsStillRefused() throws Exception {
        deploy(BY_METHOD, 1);
        send("POST", URI.create(base + "/_queues/by-method"), "m-1".getBytes(StandardCharsets.UTF_8));
        await("the marker", WAIT, () -> keysQuietly(base, "marks", "q/by-method/").contains("q/by-method/m-1"));
        Fn missing = new Fn("missing-fn", "dev.faasport.local.testfn.Nope::handle", "QUEUE", Map.of("kind", "queue", "queue", "nope"));
        assertThatThrownBy(() -> control.deploy(missing.name(), TriggerFixtures.unit(missing, 1, Map.of()), zip))
                .hasMessageContaining("handler class dev.faasport.local.testfn.Nope is not in the package");
    }

    @Test
    void aPartialBatchFailureRedeliversAndDeadLettersOnlyTheMessagesItNames() throws Exception {
        for (String body : List.of("p-1", "fail-p", "p-2")) {
            assertThat(send("POST", URI.create(base + "/_queues/partial"), body.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
        }
        deploy(PARTIAL, 1);
        await("the dead letter", WAIT, () -> depth("partial-dlq") == 1);
        Map<String, Object> dlq = Json.parseObject(send("GET", URI.create(base + "/_queues/partial-dlq"), null).body());
        assertThat(dlq.get("messages").toString()).contains("fail-p").contains("attempts=2").doesNotContain("p-1").doesNotContain("p-2");
        assertThat(depth("partial")).isZero();
        // the handled messages were not delivered again
        assertThat(send("GET", object("marks", "q/partial/p-1"), null).body()).isEqualTo("batch=3 delivery=1");
        assertThat(send("GET", object("marks", "q/partial/p-2"), null).body()).isEqualTo("batch=3 delivery=1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEventThatFindsTheFunctionThrottledIsRetriedUntilItGetsThrough() throws Exception {
        control.deploy(BUSY.name(), TriggerFixtures.unit(BUSY, 1, Map.of("SLEEP_MS", "1500")), zip);
        // a direct call takes the function's only slot for 1.5 s
        java.util.concurrent.CompletableFuture<HttpResponse<String>> direct = TriggerFixtures.HTTP.sendAsync(
                HttpRequest.newBuilder(runtime.functionUri("busy-fn")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"kind\":\"queue\",\"queue\":\"busy\",\"messages\":[{\"body\":\"direct\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        await("the direct call in flight", WAIT, () -> {
            try {
                return ((Map<String, Object>) ((Map<String, Object>) control.metrics().get("functions")).get("busy-fn"))
                        .get("invocations").equals(1L);
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(send("POST", URI.create(base + "/_queues/busy"), "queued".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
        await("the queued message", WAIT, () -> keysQuietly(base, "marks", "q/busy/").contains("q/busy/queued"));
        assertThat(direct.get().statusCode()).isEqualTo(200);
        Map<String, Object> fn = (Map<String, Object>) ((Map<String, Object>) control.metrics().get("functions")).get("busy-fn");
        assertThat(((Number) fn.get("throttled")).longValue()).isGreaterThanOrEqualTo(1);
        assertThat(control.logs("busy-fn", 1000)).anyMatch(l -> l.contains("HTTP 429") && l.contains("retrying in"));
        assertThat(depth("busy-dlq")).isIn(-1L, 0L);
    }

    static long depth(String queue) {
        try {
            return ((Number) Json.parseObject(send("GET", URI.create(base + "/_queues/" + queue), null).body()).get("depth")).longValue();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void schedulesFireOnTimeAndByHandAndMalformedCronIsRefusedAtDeploy() throws Exception {
        deploy(TICKER, 1);
        Instant next = runtime.events.nextFire("ticker");
        assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofMinutes(5).plusSeconds(1)));
        assertThat(next.atZone(java.time.ZoneOffset.UTC).getMinute() % 5).isZero();

        HttpResponse<String> fired = HTTP_CONTROL("POST", "functions/ticker/fire");
        assertThat(fired.statusCode()).isEqualTo(202);
        await("the manual tick", WAIT, () -> keysQuietly(base, "marks", "tick/manual/").size() == 1);

        // the clock reaching the next fire time queues a tick for that time
        runtime.events.fireDue(next);
        await("the timer tick", WAIT, () -> keysQuietly(base, "marks", "tick/timer/").contains("tick/timer/" + next.toEpochMilli()));
        assertThat(send("GET", object("marks", "tick/timer/" + next.toEpochMilli()), null).body()).isEqualTo("cron(0/5 * * * ? *)");
        assertThat(runtime.events.nextFire("ticker")).isAfter(next);

        assertThatThrownBy(() -> deploy(BAD_CRON, 1)).isInstanceOf(DaemonClient.ControlException.class)
                .hasMessageContaining("Function 'bad-cron': schedule 'cron(0 12 * * *)' is not valid")
                .hasMessageContaining("6 fields");
        assertThat(HTTP_CONTROL("POST", "functions/on-upload/fire").statusCode()).isIn(400, 404);
    }

    static HttpResponse<String> HTTP_CONTROL(String method, String path) throws Exception {
        return TriggerFixtures.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_faas/" + path))
                .header("Authorization", "Bearer " + runtime.token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void failingEventsAreRetriedTwiceThenDeadLetteredAndMetricsShowIt() throws Exception {
        deploy(ON_FAIL, 1);
        assertThat(send("PUT", object("fragile", "will-fail.txt"), new byte[2]).statusCode()).isEqualTo(200);
        await("the dead letter", WAIT, () -> {
            try {
                return HTTP_CONTROL("GET", "functions/on-fail/dead-letters").body().contains("will-fail.txt");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(control.logs("on-fail", 1000)).filteredOn(l -> l.contains("failed (attempt")).hasSize(2);

        Map<String, Object> fn = (Map<String, Object>) ((Map<String, Object>) control.metrics().get("functions")).get("on-fail");
        assertThat(fn).containsEntry("invocations", 3L).containsEntry("errors", 3L).containsEntry("coldStarts", 1L);
        Map<String, Object> events = (Map<String, Object>) fn.get("events");
        assertThat(events).containsEntry("deadLettered", 1L).containsEntry("failedAttempts", 3L);
        assertThat(events.get("retryPolicy").toString()).contains("2 retries after 50 ms and 100 ms, then dead-letter");
        Map<String, Object> duration = (Map<String, Object>) fn.get("duration");
        assertThat(duration).containsEntry("count", 3L);
        assertThat(((Number) duration.get("p99Ms")).doubleValue()).isGreaterThan(0).isLessThan(10_000);
        assertThat(((Number) ((Map<String, Object>) fn.get("init")).get("count")).longValue()).isEqualTo(1);
        assertThat(((Number) ((Map<String, Object>) fn.get("init")).get("p50Ms")).doubleValue()).isGreaterThan(10);
        assertThat(((Number) fn.get("maxMemoryUsedMb")).doubleValue()).isGreaterThan(1);

        LocalSession session = new LocalSession(new dev.faasport.spi.ProviderConfig("test-set", Map.of(), tmp, null), control, tmp);
        assertThat(session.list()).filteredOn(u -> u.name().equals("on-fail")).singleElement().satisfies(u ->
                assertThat(u.attributes()).containsEntry("invocations", "3").containsEntry("eventsDeadLettered", "1")
                        .containsKeys("durationP50Ms", "durationP95Ms", "durationP99Ms", "initP50Ms", "maxMemoryUsedMb")
                        .hasEntrySatisfying("retryPolicy", p -> assertThat(p).contains("2 retries")));
        assertThat(send("GET", URI.create(base + "/_faas/metrics"), null).statusCode()).isEqualTo(401);
    }
}
