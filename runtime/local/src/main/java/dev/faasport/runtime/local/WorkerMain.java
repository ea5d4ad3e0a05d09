package dev.faasport.runtime.local;

import dev.faasport.api.Context;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.runtime.json.Json;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process that runs one instance of one function in its own JVM, started by the local daemon. Reads requests
 * from stdin and writes responses to stdout ({@link Wire}); the user's {@code System.out} and {@code System.err}
 * go to stderr, which the daemon appends to the function's log file. Serves one request at a time and exits when
 * stdin closes.
 *
 * <p>Arguments: function name, handler class name.
 */
public final class WorkerMain {

    /** Response headers with this prefix carry the worker's measurements to the daemon, which removes them. */
    public static final String METRIC_HEADER_PREFIX = "x-faasport-metric-";
    /** Time spent in the handler for this call, in microseconds. */
    public static final String DURATION_HEADER = METRIC_HEADER_PREFIX + "duration-us";
    /** Heap in use after the call, in KB (the daemon prefers the process's peak resident set when it can read it). */
    public static final String HEAP_HEADER = METRIC_HEADER_PREFIX + "heap-kb";

    private static volatile boolean inCall;

    private WorkerMain() {
    }

    /** @return the line a worker's shutdown hook writes to its log when the JVM exits during a call */
    public static String exitMarker(long pid) {
        return "[faasport] worker " + pid + " exited during a call";
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: WorkerMain <function> <handler-class>");
            System.exit(2);
        }
        String function = args[0];
        HostProxySelector.installFromProperties();
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        // user output must never reach the protocol stream
        PrintStream log = System.err;
        System.setOut(log);
        Dispatch dispatch;
        String loadError = null;
        try {
            dispatch = load(function, args[1]);
        } catch (Throwable e) {
            dispatch = null;
            loadError = "Function '" + function + "': handler " + args[1] + " cannot be created (" + e
                    + "), perhaps you should check the handler class name and its public no-argument constructor";
            log.println("[faasport] " + loadError);
            e.printStackTrace(log);
        }
        Map<String, String> env = dispatch == null ? System.getenv() : dispatch.environment();
        // tells an exit during a call (System.exit in the function) from -XX:+ExitOnOutOfMemoryError, which exits
        // with status 3 too but runs no shutdown hook
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (inCall) {
                log.println(exitMarker(ProcessHandle.current().pid()));
                log.flush();
            }
        }));
        out.write(Wire.READY);
        out.flush();
        Wire.Request request;
        while ((request = Wire.readRequest(in)) != null) {
            HttpResponse response;
            long t0 = System.nanoTime();
            inCall = true;
            if (dispatch == null) {
                response = HttpResponse.json(500, errorJson(function, loadError, "HandlerLoadError"));
            } else {
                response = handle(function, dispatch, request, env, log);
            }
            inCall = false;
            long micros = (System.nanoTime() - t0) / 1000;
            List<String> headers = new ArrayList<>(response.headers().size() * 2 + 4);
            response.headers().forEach((k, v) -> {
                if (!k.toLowerCase(java.util.Locale.ROOT).startsWith(METRIC_HEADER_PREFIX)) {
                    headers.add(k);
                    headers.add(v);
                }
            });
            Runtime rt = Runtime.getRuntime();
            headers.add(DURATION_HEADER);
            headers.add(Long.toString(micros));
            headers.add(HEAP_HEADER);
            headers.add(Long.toString((rt.totalMemory() - rt.freeMemory()) >> 10));
            Wire.writeResponse(out, new Wire.Response(response.status(), headers, response.body()));
            out.flush();
        }
        log.flush();
    }

    /** Creates the handler: through the package descriptor when it lists the function, else by class name. */
    static Dispatch load(String function, String handlerClass) throws Exception {
        Dispatch common = CommonDispatch.find(function);
        if (common != null) {
            return common;
        }
        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        return new BuiltinDispatch(function, handler);
    }

    static HttpResponse handle(String function, Dispatch dispatch, Wire.Request r, Map<String, String> env, PrintStream log) {
        WorkerContext context = new WorkerContext(function, r.invocationId(), System.nanoTime() + r.timeoutMillis() * 1_000_000L, env, log);
        try {
            HttpResponse response;
            if (r.kind() == Wire.KIND_EVENT) {
                response = dispatch.event(r.body(), context);
            } else {
                response = dispatch.http(new HttpRequest(r.method(), r.path(), parseQuery(r.rawQuery()), headerMap(r.headers()), r.body()), context);
            }
            if (response == null) {
                return HttpResponse.json(500, errorJson(function, "Function '" + function
                        + "' returned null, perhaps you should return an HttpResponse", "NullResponse"));
            }
            return response;
        } catch (Throwable e) {
            log.println("[faasport] " + r.invocationId() + " Function '" + function + "' threw " + e);
            e.printStackTrace(log);
            return HttpResponse.json(500, errorJson(function, "Function '" + function + "' threw " + e
                    + ", perhaps you should check its log (faas:logs)", e.getClass().getName()));
        }
    }

    /** @return the JSON error body every failure returns */
    public static String errorJson(String function, String message, String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        m.put("type", type);
        m.put("function", function);
        return Json.write(m);
    }

    static Map<String, List<String>> headerMap(List<String> flat) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.computeIfAbsent(flat.get(i), k -> new ArrayList<>(1)).add(flat.get(i + 1));
        }
        return map;
    }

    static Map<String, List<String>> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            map.computeIfAbsent(decode(k), x -> new ArrayList<>(1)).add(decode(v));
        }
        return map;
    }

    private static String decode(String s) {
        return s.indexOf('%') < 0 && s.indexOf('+') < 0 ? s : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The invocation context handed to user code. */
    static final class WorkerContext implements Context, Context.Logger {
        private final String function;
        private final String invocationId;
        private final long deadlineNanos;
        private final Map<String, String> env;
        private final PrintStream log;

        WorkerContext(String function, String invocationId, long deadlineNanos, Map<String, String> env, PrintStream log) {
            this.function = function;
            this.invocationId = invocationId;
            this.deadlineNanos = deadlineNanos;
            this.env = env;
            this.log = log;
        }

        @Override
        public String functionName() {
            return function;
        }

        @Override
        public String invocationId() {
            return invocationId;
        }

        @Override
        public Duration remainingTime() {
            return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
        }

        @Override
        public Logger logger() {
            return this;
        }

        @Override
        public Map<String, String> environment() {
            return env;
        }

        @Override
        public void info(String message) {
            log.println(invocationId + " INFO " + message);
        }

        @Override
        public void error(String message, Throwable error) {
            log.println(invocationId + " ERROR " + message);
            if (error != null) {
                error.printStackTrace(log);
            }
        }
    }
}
