package dev.faasport.local;

import dev.faasport.runtime.local.WorkerMain;
import dev.faasport.runtime.local.Wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker JVMs of one function: reuses an idle worker, starts one more per concurrent request up to the
 * function's max concurrency, throttles beyond it (429), replaces workers on redeploy without dropping in-flight
 * calls, and turns a worker that hangs, crashes or exits into a 5xx with a JSON error body.
 */
final class FunctionPool {

    /** Lambda's documented limit for the init phase. */
    static final int INIT_TIMEOUT_SECONDS = 10;

    final String name;
    private final LocalRuntime runtime;
    private final ReentrantLock lock = new ReentrantLock();
    /** Idle workers of the current generation, most recently used first. */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private volatile Generation current;
    private int inFlight;
    private int workers;
    private final AtomicLong sequence = new AtomicLong();

    final LongAdder invocations = new LongAdder();
    final LongAdder coldStarts = new LongAdder();
    final LongAdder throttled = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder crashes = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Time in the handler, as the worker measured it. */
    final Durations durations = new Durations(8192);
    /** Cold starts: from starting the worker JVM to the handler's first call, i.e. JVM start and handler init. */
    final Durations inits = new Durations(1024);
    /** Highest resident set (VmHWM) of any worker, in KB; heap used when /proc is not there. */
    final java.util.concurrent.atomic.AtomicLong maxMemoryKb = new java.util.concurrent.atomic.AtomicLong();

    FunctionPool(String name, LocalRuntime runtime) {
        this.name = name;
        this.runtime = runtime;
    }

    Generation current() {
        return current;
    }

    /** Switches new calls to a new generation; old busy workers finish their call, then stop. */
    void deploy(Generation next) {
        Generation old;
        List<Worker> stop;
        lock.lock();
        try {
            old = current;
            current = next;
            workers = 0;
            stop = new ArrayList<>(idle);
            idle.clear();
        } finally {
            lock.unlock();
        }
        stop.forEach(runtime::stopWorker);
        if (old != null) {
            runtime.retire(old);
        }
    }

    /** Stops serving: idle workers stop now, busy ones after their call. */
    void remove() {
        deploy(null);
    }

    /** Starts idle workers until the generation's minInstances are warm. */
    void ensureMinimum() {
        while (true) {
            Generation g;
            lock.lock();
            try {
                g = current;
                if (g == null || workers >= g.minInstances || inFlight + idle.size() >= g.maxConcurrency) {
                    return;
                }
                workers++;
            } finally {
                lock.unlock();
            }
            Worker w;
            try {
                w = runtime.spawnWorker(this, g);
            } catch (IOException | RuntimeException e) {
                uncount(0);
                runtime.logLine(name, "could not start a warm worker: " + e);
                return;
            }
            coldStarts.increment();
            w.lastUsedNanos = System.nanoTime();
            boolean keep;
            lock.lock();
            try {
                keep = g == current;
                if (keep) {
                    idle.addFirst(w);
                }
            } finally {
                lock.unlock();
            }
            if (!keep) {
                runtime.stopWorker(w);
            }
        }
    }

    /** Stops workers idle for longer than the given time (scale to zero), keeping minInstances. */
    void reapIdle(long idleNanos) {
        List<Worker> stop = new ArrayList<>();
        long now = System.nanoTime();
        lock.lock();
        try {
            Generation g = current;
            int keep = g == null ? 0 : g.minInstances;
            for (Iterator<Worker> it = idle.descendingIterator(); it.hasNext() && workers > keep; ) {
                Worker w = it.next();
                if (now - w.lastUsedNanos >= idleNanos) {
                    it.remove();
                    workers--;
                    stop.add(w);
                }
            }
        } finally {
            lock.unlock();
        }
        stop.forEach(runtime::stopWorker);
    }

    /** @return a snapshot of the pool for the info API */
    /**
     * @return the measurements a restarted runtime takes back ({@link #restore}): counters, durations, cold starts and
     *         memory, so faas:cost and faas:info keep what was measured before a faas:stop or an idle shutdown
     */
    Map<String, Object> saved() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("invocations", invocations.sum());
        m.put("coldStarts", coldStarts.sum());
        m.put("throttled", throttled.sum());
        m.put("timeouts", timeouts.sum());
        m.put("crashes", crashes.sum());
        m.put("errors", errors.sum());
        m.put("duration", durations.saved());
        m.put("init", inits.saved());
        m.put("maxMemoryKb", maxMemoryKb.get());
        return m;
    }

    void restore(Map<?, ?> saved) {
        add(invocations, saved.get("invocations"));
        add(coldStarts, saved.get("coldStarts"));
        add(throttled, saved.get("throttled"));
        add(timeouts, saved.get("timeouts"));
        add(crashes, saved.get("crashes"));
        add(errors, saved.get("errors"));
        if (saved.get("duration") instanceof Map<?, ?> d) {
            durations.restore(d);
        }
        if (saved.get("init") instanceof Map<?, ?> i) {
            inits.restore(i);
        }
        if (saved.get("maxMemoryKb") instanceof Number n) {
            maxMemoryKb.accumulateAndGet(n.longValue(), Math::max);
        }
    }

    private static void add(LongAdder to, Object value) {
        if (value instanceof Number n && n.longValue() > 0) {
            to.add(n.longValue());
        }
    }

    Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        lock.lock();
        try {
            m.put("workers", workers);
            m.put("idleWorkers", idle.size());
            m.put("inFlight", inFlight);
        } finally {
            lock.unlock();
        }
        m.put("invocations", invocations.sum());
        m.put("coldStarts", coldStarts.sum());
        m.put("throttled", throttled.sum());
        m.put("timeouts", timeouts.sum());
        m.put("crashes", crashes.sum());
        m.put("errors", errors.sum());
        m.put("duration", durations.summary());
        m.put("init", inits.summary());
        m.put("maxMemoryUsedMb", Math.round(maxMemoryKb.get() / 102.4) / 10.0);
        return m;
    }

    /** Invokes the function once; every failure becomes a response with a JSON error body. */
    Wire.Response invoke(byte kind, String method, String path, String rawQuery, List<String> headers, byte[] body) {
        Worker w;
        Generation target;
        lock.lock();
        try {
            Generation g = current;
            target = g;
            if (g == null) {
                return error(404, "No function '" + name + "' is deployed on the local runtime, perhaps you should "
                        + "run mvn faas:deploy", "NotFound");
            }
            if (inFlight >= g.maxConcurrency) {
                throttled.increment();
                Wire.Response r = error(429, "Function '" + name + "' is at its maximum concurrency of "
                        + g.maxConcurrency + ", perhaps you should retry later or raise its maxConcurrency", "TooManyRequests");
                List<String> h = new ArrayList<>(r.headers());
                h.add("retry-after");
                h.add("1");
                return new Wire.Response(429, h, r.body());
            }
            inFlight++;
            w = idle.pollFirst();
            if (w == null) {
                workers++;
            }
        } finally {
            lock.unlock();
        }
        invocations.increment();
        if (w == null) {
            try {
                w = runtime.spawnWorker(this, target);
            } catch (LocalSecrets.Unavailable e) {
                uncount(1);
                errors.increment();
                runtime.logLine(name, "could not start a worker: " + e.getMessage());
                return error(500, "Function '" + name + "' could not start: " + e.getMessage(), "SecretUnavailable");
            } catch (IOException | RuntimeException e) {
                uncount(1);
                errors.increment();
                return error(500, "Function '" + name + "' could not start a worker JVM (" + e
                        + "), perhaps you should check the Java installation and " + runtime.store.daemonLog(), "WorkerStartFailed");
            }
            coldStarts.increment();
        }
        Generation g = w.generation;
        boolean cold = w.calls++ == 0;
        long started = cold ? w.startedNanos : System.nanoTime();
        long timeoutMillis = g.timeoutSeconds * 1000L;
        boolean healthy = false;
        boolean initializing = cold;
        try {
            if (cold) {
                // init (JVM start, loading the handler) has its own limit, like Lambda's init phase
                w.deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(INIT_TIMEOUT_SECONDS);
                if (w.in.read() != Wire.READY) {
                    throw new java.io.EOFException("the worker ended before it was ready");
                }
                initializing = false;
            }
            w.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            Wire.writeRequest(w.out, new Wire.Request(kind, name + "-" + g.number + "-" + sequence.incrementAndGet(),
                    timeoutMillis, method, path, rawQuery, headers, body));
            w.out.flush();
            Wire.Response r = Wire.readResponse(w.in);
            long wallMicros = (System.nanoTime() - started) / 1000;
            healthy = true;
            r = measured(r, w, cold, wallMicros);
            if (r.status() >= 500) {
                errors.increment();
            }
            return r;
        } catch (IOException e) {
            if (w.timedOut && initializing) {
                timeouts.increment();
                runtime.logLine(name, "worker " + w.process.pid() + " ended: init exceeded " + INIT_TIMEOUT_SECONDS + " s");
                return error(504, "Function '" + name + "' did not finish starting within " + INIT_TIMEOUT_SECONDS
                        + " s and its worker was ended, perhaps you should make its initialisation (static and "
                        + "constructor work) faster", "InitTimeout");
            }
            if (w.timedOut) {
                timeouts.increment();
                runtime.logLine(name, "worker " + w.process.pid() + " ended: call exceeded the timeout of " + g.timeoutSeconds + " s");
                return error(504, "Function '" + name + "' did not answer within its timeout of " + g.timeoutSeconds
                        + " s and its worker was ended, perhaps you should raise timeoutSeconds or make it faster", "Timeout");
            }
            crashes.increment();
            return crashed(w, g);
        } finally {
            w.deadlineNanos = 0;
            release(w, healthy);
        }
    }

    /** Invokes an event function with neutral event JSON (storage, queue, schedule delivery). */
    Wire.Response invokeEvent(byte[] json) {
        Generation g = current;
        return invoke(g != null && g.isHttp() ? Wire.KIND_HTTP : Wire.KIND_EVENT, "POST", "/", "",
                List.of("content-type", "application/json"), json);
    }

    /**
     * Records the worker's own measurements (handler time, memory) from its {@code x-faasport-*} headers, which
     * never reach the caller.
     */
    private Wire.Response measured(Wire.Response r, Worker w, boolean cold, long wallMicros) {
        List<String> h = r.headers();
        long handlerMicros = -1;
        long heapKb = -1;
        List<String> kept = null;
        for (int i = 0; i + 1 < h.size(); i += 2) {
            String name = h.get(i);
            if (name.startsWith(WorkerMain.METRIC_HEADER_PREFIX)) {
                if (kept == null) {
                    kept = new ArrayList<>(h.subList(0, i));
                }
                try {
                    if (name.equals(WorkerMain.DURATION_HEADER)) {
                        handlerMicros = Long.parseLong(h.get(i + 1));
                    } else if (name.equals(WorkerMain.HEAP_HEADER)) {
                        heapKb = Long.parseLong(h.get(i + 1));
                    }
                } catch (NumberFormatException ignored) {
                    // a function cannot forge more than its own numbers
                }
            } else if (kept != null) {
                kept.add(name);
                kept.add(h.get(i + 1));
            }
        }
        long handler = handlerMicros >= 0 ? Math.min(handlerMicros, wallMicros) : wallMicros;
        durations.add(handler);
        if (cold) {
            inits.add(wallMicros - handler);
        }
        if (cold || w.calls % 64 == 0) {
            long rss = rssPeakKb(w.process.pid());
            maxMemoryKb.accumulateAndGet(rss > 0 ? rss : heapKb, Math::max);
        }
        return kept == null ? r : new Wire.Response(r.status(), kept, r.body());
    }

    /** @return the process's peak resident set size in KB from /proc (Linux), or -1 */
    static long rssPeakKb(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or the worker is gone
        }
        return -1;
    }

    private Wire.Response crashed(Worker w, Generation g) {
        int exit = -1;
        try {
            if (w.process.waitFor(3, TimeUnit.SECONDS)) {
                exit = w.process.exitValue();
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        runtime.logLine(name, "worker " + w.process.pid() + " ended with exit status " + exit + " during a call");
        if (exit == 3 && !exitedDuringCall(w)) {
            // -XX:+ExitOnOutOfMemoryError ends the JVM with status 3
            return error(502, "Function '" + name + "' ran out of memory (heap " + LocalRuntime.heapMb(g.memoryMb)
                    + " MB of memoryMb " + g.memoryMb + ") and its worker ended, perhaps you should raise memoryMb "
                    + "or use less memory", "OutOfMemory");
        }
        return error(502, "Function '" + name + "' ended its worker JVM (exit status " + exit
                + ") before answering, perhaps you should not call System.exit in a function and read faas:logs", "WorkerExited");
    }

    /** @return whether the worker's shutdown hook logged that the JVM exited during a call (no hook runs on OOM) */
    private boolean exitedDuringCall(Worker w) {
        try {
            return Store.tail(runtime.store.logFile(name), 200).contains(WorkerMain.exitMarker(w.process.pid()));
        } catch (IOException e) {
            return false;
        }
    }

    /** Takes back a worker that could not be started, and the call it was for. */
    private void uncount(int calls) {
        lock.lock();
        try {
            workers--;
            inFlight -= calls;
        } finally {
            lock.unlock();
        }
    }

    private void release(Worker w, boolean healthy) {
        boolean stop;
        lock.lock();
        try {
            inFlight--;
            if (healthy && !w.timedOut && w.generation == current && w.process.isAlive()) {
                w.lastUsedNanos = System.nanoTime();
                idle.addFirst(w);
                stop = false;
            } else {
                if (w.generation == current) {
                    workers--;
                }
                stop = true;
            }
        } finally {
            lock.unlock();
        }
        if (stop) {
            runtime.stopWorker(w);
        }
    }

    /** Stops every idle worker now (shutdown). */
    void stopIdle() {
        List<Worker> stop;
        lock.lock();
        try {
            stop = new ArrayList<>(idle);
            workers -= idle.size();
            idle.clear();
        } finally {
            lock.unlock();
        }
        stop.forEach(runtime::stopWorker);
    }

    Wire.Response error(int status, String message, String type) {
        return new Wire.Response(status, List.of("content-type", "application/json"),
                WorkerMain.errorJson(name, message, type).getBytes(StandardCharsets.UTF_8));
    }
}
