package dev.faasport.local;

import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.Invoker;
import dev.faasport.runtime.NeutralEvent;
import dev.faasport.runtime.NeutralEvents;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.local.Wire;
import dev.faasport.spi.Schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Event triggers of the local runtime. Queues: named {@link DurableQueue}s under {@code <home>/queues}, delivered in
 * batches to the function subscribed to them, a failed batch retried with backoff and after {@code maxAttempts}
 * moved to {@code <queue>-dlq}. Storage events and schedule ticks: written to the function's own durable event queue
 * ({@code <home>/events/<function>}) and delivered one at a time with Lambda's async-invoke policy (the call and 2
 * retries with backoff, then {@code <home>/dead-letters/<function>}). Every accepted event is on disk before it is
 * acknowledged, so a runtime killed and restarted still delivers it (at least once).
 */
final class Events implements AutoCloseable {

    /** Queue names every cloud accepts (SQS: 80 letters, digits, '-', '_'), leaving room for the "-dlq" suffix. */
    static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_-]{1,76}");

    /** Delivery counters of one function. */
    static final class Stats {
        final LongAdder delivered = new LongAdder();
        final LongAdder failedAttempts = new LongAdder();
        final LongAdder deadLettered = new LongAdder();
    }

    private final LocalRuntime runtime;
    final RuntimeOptions options;
    private final Path queuesDir;
    private final Path eventsDir;
    private final Path deadDir;
    private final Map<String, DurableQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, DurableQueue> async = new ConcurrentHashMap<>();
    private final Map<String, DurableQueue> dead = new ConcurrentHashMap<>();
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();
    private final Map<String, Tick> schedules = new ConcurrentHashMap<>();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final ExecutorService deliveries;
    private final ScheduledExecutorService timer;
    /** Deletes delivered messages' files off the delivery path (a file deleted late is at worst delivered again). */
    private final ExecutorService janitor;
    private volatile boolean closed;

    /** A schedule's next fire. */
    private static final class Tick {
        final Schedule expression;
        volatile Instant next;

        Tick(Schedule expression, Instant next) {
            this.expression = expression;
            this.next = next;
        }
    }

    Events(LocalRuntime runtime, Path home, RuntimeOptions options) throws IOException {
        this.runtime = runtime;
        this.options = options;
        this.queuesDir = home.resolve("queues");
        this.eventsDir = home.resolve("events");
        this.deadDir = home.resolve("dead-letters");
        load(queuesDir, queues);
        load(eventsDir, async);
        load(deadDir, dead);
        this.deliveries = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faasport-local-events");
            t.setDaemon(true);
            return t;
        });
        this.janitor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "faasport-local-acks");
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faasport-local-timer");
            t.setDaemon(true);
            return t;
        });
    }

    private static void load(Path root, Map<String, DurableQueue> into) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                if (Files.isDirectory(d)) {
                    String name = d.getFileName().toString();
                    into.put(name, new DurableQueue(name, d));
                }
            }
        }
    }

    /** Starts delivering what is stored and firing schedules. */
    void start() {
        subscriptionsChanged();
        timer.scheduleWithFixedDelay(() -> {
            try {
                fireDue(Instant.now());
                pumpAll();
            } catch (RuntimeException e) {
                e.printStackTrace(); // the timer must survive one bad round
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        deliveries.shutdownNow();
        janitor.shutdown(); // pending deletes finish; any left are redelivered at the next start
    }

    // ---- queues

    private DurableQueue queue(String name) {
        if (name == null || !QUEUE.matcher(name).matches()) {
            throw new RequestException(400, "Queue name '" + name + "' is not valid, perhaps you should use 1 to 76 "
                    + "letters, digits, '-' or '_' (80 with the dead-letter queue's \"-dlq\")");
        }
        return queues.computeIfAbsent(name, n -> {
            try {
                return new DurableQueue(n, queuesDir.resolve(n));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private DurableQueue asyncQueue(Map<String, DurableQueue> map, Path root, String function) {
        return map.computeIfAbsent(Store.checkName(function), n -> {
            try {
                return new DurableQueue(n, root.resolve(n));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /**
     * Accepts a message: on disk before this returns.
     *
     * @throws RequestException 400 for a bad queue name, 413 for a message over the size cap
     */
    Map<String, Object> send(String queueName, byte[] body, Map<String, String> attributes) throws IOException {
        DurableQueue q = queue(queueName);
        if (body.length > options.maxMessageBytes()) {
            throw new RequestException(413, "The message for queue '" + queueName + "' has " + body.length
                    + " bytes, over the size cap of " + options.maxMessageBytes() + " bytes (SQS: 256 KB), perhaps you "
                    + "should put the payload in a bucket and send its key");
        }
        DurableQueue.Message m = q.append(body, attributes);
        pump(q, null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", queueName);
        out.put("id", m.id());
        return out;
    }

    /** @return a queue's depth and its first waiting messages */
    Map<String, Object> inspect(String queueName, int max) {
        DurableQueue q = queue(queueName);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", queueName);
        out.put("depth", q.depth());
        out.put("batchesInFlight", q.inFlight());
        out.put("subscribers", subscribers(queueName).stream().map(p -> p.name).toList());
        out.put("messages", q.peek(max));
        return out;
    }

    /** @return the names of the queues */
    List<String> queueNames() {
        return queues.keySet().stream().sorted().toList();
    }

    /**
     * Sends the dead letters of {@code <queue>-dlq} back to the queue as new messages (their attempts start again, as
     * after SQS's dead-letter queue redrive), each on disk in the queue before it leaves the dead-letter queue.
     *
     * @return how many messages were moved
     */
    int redrive(String queueName) throws IOException {
        DurableQueue q = queue(queueName);
        DurableQueue dlq = queue(queueName + "-dlq");
        int moved = 0;
        for (List<DurableQueue.Message> batch = dlq.take(100, Long.MAX_VALUE); !batch.isEmpty();
                batch = dlq.take(100, Long.MAX_VALUE)) {
            try {
                for (DurableQueue.Message m : batch) {
                    q.append(dlq.body(m), m.attributes());
                    dlq.ack(m);
                    moved++;
                }
            } finally {
                dlq.done();
            }
        }
        pump(q, null);
        return moved;
    }

    /** @return a function's dead-lettered events */
    List<Map<String, Object>> deadLetters(String function, int max) {
        DurableQueue d = dead.get(function);
        return d == null ? List.of() : d.peek(max);
    }

    private List<FunctionPool> subscribers(String queueName) {
        List<FunctionPool> out = new ArrayList<>();
        for (FunctionPool pool : runtime.pools.values()) {
            Generation g = pool.current();
            if (g != null && "queue".equals(g.triggerKind) && queueName.equals(g.triggerText("queue", null))) {
                out.add(pool);
            }
        }
        out.sort((a, b) -> a.name.compareTo(b.name));
        return out;
    }

    // ---- storage and schedules: the function's own async event queue

    /** Queues a storage event for every function subscribed to the bucket, key and event kind. */
    int storageEvent(StorageEvent.Kind kind, String bucket, String key, long size, String etag) throws IOException {
        int n = 0;
        for (FunctionPool pool : runtime.pools.values()) {
            Generation g = pool.current();
            if (g == null || !"storage".equals(g.triggerKind) || !bucket.equals(g.triggerText("bucket", null))) {
                continue;
            }
            Object events = g.trigger.get("events");
            boolean wanted = events instanceof List<?> l && !l.isEmpty() ? l.contains(kind.name()) : kind == StorageEvent.Kind.CREATED;
            if (!wanted || !key.startsWith(g.triggerText("prefix", "")) || !key.endsWith(g.triggerText("suffix", ""))) {
                continue;
            }
            String json = NeutralEvents.write(new NeutralEvent.Storage(new StorageEvent(kind, bucket, key, size, etag, Instant.now())));
            enqueueAsync(pool.name, json);
            n++;
        }
        return n;
    }

    /**
     * Fires a function's schedule now ({@code POST /_faas/functions/<name>/fire}).
     *
     * @return the queued event's id
     * @throws IllegalArgumentException when the function has no schedule trigger
     */
    String fire(String function) throws IOException {
        FunctionPool pool = runtime.pools.get(Store.checkName(function));
        Generation g = pool == null ? null : pool.current();
        if (g == null || g.schedule == null) {
            throw new IllegalArgumentException("Function '" + function + "' " + (g == null ? "is not deployed"
                    : "has a " + g.triggerKind + " trigger, not a schedule") + ", perhaps you should fire a function "
                    + "with a schedule trigger, or call it with faas:invoke");
        }
        return enqueueAsync(function, NeutralEvents.write(new NeutralEvent.Schedule(
                new ScheduleEvent(g.schedule.expression(), Instant.now(), true))));
    }

    private String enqueueAsync(String function, String json) throws IOException {
        DurableQueue q = asyncQueue(async, eventsDir, function);
        DurableQueue.Message m = q.append(json.getBytes(StandardCharsets.UTF_8), Map.of());
        pump(q, function);
        return m.id();
    }

    /** Queues the ticks of every schedule due at {@code now}; the timer calls it every second. */
    void fireDue(Instant now) {
        for (Map.Entry<String, Tick> e : schedules.entrySet()) {
            Tick t = e.getValue();
            Instant due = t.next;
            if (due == null || now.isBefore(due)) {
                continue;
            }
            Instant next = t.expression.isRate() ? due : now;
            do {
                next = t.expression.next(next);
            } while (next != null && !next.isAfter(now));
            t.next = next;
            try {
                enqueueAsync(e.getKey(), NeutralEvents.write(new NeutralEvent.Schedule(
                        new ScheduleEvent(t.expression.expression(), due, false))));
            } catch (IOException | RuntimeException x) {
                runtime.logLine(e.getKey(), "could not queue the schedule tick of " + due + ": " + x);
            }
        }
    }

    /** @return the next fire of a function's schedule, or null */
    Instant nextFire(String function) {
        Tick t = schedules.get(function);
        return t == null ? null : t.next;
    }

    /** Updates schedules after a deploy or remove, and delivers what waits for the functions now deployed. */
    void subscriptionsChanged() {
        Instant now = Instant.now();
        for (FunctionPool pool : runtime.pools.values()) {
            Generation g = pool.current();
            if (g == null || g.schedule == null) {
                schedules.remove(pool.name);
                continue;
            }
            Tick t = schedules.get(pool.name);
            if (t == null || !t.expression.equals(g.schedule)) {
                schedules.put(pool.name, new Tick(g.schedule, g.schedule.next(now)));
            }
        }
        schedules.keySet().removeIf(name -> !runtime.pools.containsKey(name));
        pumpAll();
    }

    private void pumpAll() {
        queues.values().forEach(q -> pump(q, null));
        async.forEach((fn, q) -> pump(q, fn));
    }

    // ---- delivery

    /** Starts deliveries of due batches while the queue's concurrency allows; {@code function} null for user queues. */
    private void pump(DurableQueue q, String function) {
        while (!closed) {
            FunctionPool pool;
            int batchSize;
            int maxAttempts;
            if (function != null) {
                pool = runtime.pools.get(function);
                batchSize = 1;
                maxAttempts = RuntimeOptions.ASYNC_ATTEMPTS;
            } else {
                List<FunctionPool> subs = subscribers(q.name);
                if (subs.isEmpty()) {
                    return; // messages wait for a subscriber, as on SQS
                }
                pool = subs.get(Math.floorMod(roundRobin.getAndIncrement(), subs.size()));
                Generation g = pool.current();
                batchSize = g == null ? 1 : g.triggerInt("batchSize", RuntimeOptions.DEFAULT_BATCH_SIZE);
                maxAttempts = g == null ? 1 : g.triggerInt("maxAttempts", RuntimeOptions.DEFAULT_QUEUE_ATTEMPTS);
            }
            Generation g = pool == null ? null : pool.current();
            if (g == null) {
                return;
            }
            int limit = Math.max(1, Math.min(g.maxConcurrency, options.eventConcurrency()));
            List<DurableQueue.Message> batch;
            synchronized (q) {
                if (q.inFlight() >= limit) {
                    return;
                }
                batch = q.take(batchSize, System.currentTimeMillis());
            }
            if (batch.isEmpty()) {
                long due = q.nextDueMillis();
                if (due >= 0) {
                    try {
                        timer.schedule(() -> pump(q, function), Math.max(1, due - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                    } catch (RuntimeException shutDown) {
                        // closing
                    }
                }
                return;
            }
            FunctionPool target = pool;
            try {
                deliveries.execute(() -> deliver(q, function, target, batch, maxAttempts));
            } catch (RuntimeException shutDown) {
                return; // closing: the messages stay on disk for the next start
            }
        }
    }

    private void deliver(DurableQueue q, String function, FunctionPool pool, List<DurableQueue.Message> batch, int maxAttempts) {
        Stats s = stats.computeIfAbsent(pool.name, n -> new Stats());
        try {
            byte[] json = function != null ? q.body(batch.get(0)) : queueEvent(q, batch);
            Wire.Response r = pool.invokeEvent(json);
            if (r.status() < 300) {
                s.delivered.add(batch.size());
                try {
                    janitor.execute(() -> {
                        for (DurableQueue.Message m : batch) {
                            try {
                                q.ack(m);
                            } catch (IOException e) {
                                runtime.logLine(pool.name, "could not delete delivered message " + m.id() + ": " + e);
                            }
                        }
                    });
                } catch (RuntimeException closing) {
                    // the files stay: redelivered at the next start (at least once)
                }
                return;
            }
            s.failedAttempts.increment();
            String why = "HTTP " + r.status() + " " + new String(r.body(), 0, Math.min(300, r.body().length), StandardCharsets.UTF_8);
            List<DurableQueue.Message> failed = failedMessages(batch, r);
            for (DurableQueue.Message m : batch) {
                if (!failed.contains(m)) {
                    q.ack(m); // handled: the function named the others in a partial batch failure
                    s.delivered.increment();
                }
            }
            for (DurableQueue.Message m : failed) {
                int attempts = m.attempts() + 1;
                if (attempts >= maxAttempts) {
                    DurableQueue dlq = function != null ? asyncQueue(dead, deadDir, function) : queue(q.name + "-dlq");
                    q.deadLetter(m, dlq);
                    s.deadLettered.increment();
                    runtime.logLine(pool.name, "event " + m.id() + " from " + (function != null ? "its event queue" : "queue '" + q.name + "'")
                            + " failed " + attempts + " times (" + why + "), moved to " + (function != null
                            ? "dead letters (GET /_faas/functions/" + pool.name + "/dead-letters)" : "queue '" + dlq.name + "'"));
                } else {
                    long delay = options.backoffMillis(attempts);
                    q.retryLater(m, delay);
                    runtime.logLine(pool.name, "event " + m.id() + " failed (attempt " + attempts + " of " + maxAttempts
                            + ", " + why + "), retrying in " + delay + " ms");
                }
            }
        } catch (IOException | RuntimeException e) {
            long delay = options.backoffMillis(batch.get(0).attempts() + 1);
            q.putBack(batch, delay);
            runtime.logLine(pool.name, "event delivery failed: " + e + " (the event stays queued, next try in " + delay + " ms)");
        } finally {
            q.done();
            if (!closed) {
                pump(q, function);
            }
        }
    }

    /** @return the messages of a failed batch that failed: those a partial batch failure names, else all */
    private static List<DurableQueue.Message> failedMessages(List<DurableQueue.Message> batch, Wire.Response r) {
        Object named;
        try {
            named = Json.parseObject(new String(r.body(), StandardCharsets.UTF_8)).get(Invoker.FAILED_MESSAGES);
        } catch (RuntimeException notJson) {
            return batch;
        }
        if (!(named instanceof List<?> ids) || ids.isEmpty()) {
            return batch;
        }
        List<DurableQueue.Message> failed = batch.stream().filter(m -> ids.contains(m.id())).toList();
        return failed.isEmpty() ? batch : failed; // ids of no message in the batch: it failed as a whole
    }

    private static byte[] queueEvent(DurableQueue q, List<DurableQueue.Message> batch) throws IOException {
        List<QueueMessage> messages = new ArrayList<>(batch.size());
        for (DurableQueue.Message m : batch) {
            messages.add(new QueueMessage(m.id(), q.body(m), m.attributes(), m.attempts() + 1, m.sentAt()));
        }
        return NeutralEvents.write(new NeutralEvent.Queue(q.name, messages)).getBytes(StandardCharsets.UTF_8);
    }

    /** @return a function's event counters, waiting events and retry policy, for metrics and faas:info */
    Map<String, Object> stats(String function, Generation g) {
        Map<String, Object> m = new LinkedHashMap<>();
        Stats s = stats.get(function);
        m.put("delivered", s == null ? 0L : s.delivered.sum());
        m.put("failedAttempts", s == null ? 0L : s.failedAttempts.sum());
        m.put("deadLettered", s == null ? 0L : s.deadLettered.sum());
        DurableQueue own = async.get(function);
        m.put("pending", own == null ? 0 : own.depth());
        if (g != null && "queue".equals(g.triggerKind)) {
            String qn = g.triggerText("queue", "");
            int attempts = g.triggerInt("maxAttempts", RuntimeOptions.DEFAULT_QUEUE_ATTEMPTS);
            DurableQueue q = queues.get(qn);
            m.put("pending", q == null ? 0 : q.depth());
            m.put("retryPolicy", "queue '" + qn + "': batches of " + g.triggerInt("batchSize", RuntimeOptions.DEFAULT_BATCH_SIZE)
                    + ", " + attempts + " attempts with backoff from " + options.backoffMillis(1) + " ms, then queue '"
                    + qn + "-dlq'");
        } else if (g != null && !g.isHttp()) {
            m.put("retryPolicy", "async: " + options.asyncPolicy() + " (GET /_faas/functions/" + function + "/dead-letters)");
            Instant next = nextFire(function);
            if (next != null) {
                m.put("nextFire", next.toString());
            }
        }
        return m;
    }
}
