package dev.faasport.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) of one execution environment, on 127.0.0.1 and an ephemeral port: what a
 * runtime such as AWS's runtime interface client talks to. Rules from "Using the Lambda runtime API for custom
 * runtimes" (docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html, read 2026-12):
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next} blocks until an event arrives, answers the event as the body
 *       and the headers {@code Lambda-Runtime-Aws-Request-Id}, {@code Lambda-Runtime-Deadline-Ms},
 *       {@code Lambda-Runtime-Invoked-Function-Arn}, {@code Lambda-Runtime-Trace-Id} and, when the invoker sent them,
 *       {@code Lambda-Runtime-Client-Context} and {@code Lambda-Runtime-Cognito-Identity};</li>
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/response} answers 202 (413 above the 6 MB synchronous response
 *       limit, 400 for an unknown id);</li>
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/error} and {@code POST /2018-06-01/runtime/init/error} take
 *       an error body ({@code errorMessage}, {@code errorType}, {@code stackTrace}) and the error type in
 *       {@code Lambda-Runtime-Function-Error-Type}, and answer 202.</li>
 * </ul>
 * One invocation at a time, as in an on-demand execution environment.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

    /** Synchronous response payload limit ("Lambda quotas", docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html, read 2026-12). */
    public static final int RESPONSE_LIMIT = 6 * 1024 * 1024;

    private static final String BASE = "/2018-06-01/runtime";
    private static final Pattern INVOCATION = Pattern.compile(BASE + "/invocation/([^/]+)/(response|error)");

    /**
     * What an invocation ended with.
     *
     * @param payload   the response body, or the error body the runtime posted
     * @param errorType null on success, else the {@code Lambda-Runtime-Function-Error-Type} (or the error body's type)
     * @param initError true when the runtime failed during its init phase (posted to {@code /init/error}, or died)
     */
    public record Result(byte[] payload, String errorType, boolean initError) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** One invocation's event and headers. */
    public record Event(byte[] payload, Duration timeout, String clientContext, String cognitoIdentity) {
        public Event(byte[] payload, Duration timeout) {
            this(payload, timeout, null, null);
        }
    }

    private record Pending(String id, Event event, CompletableFuture<Result> done) {
    }

    private final String functionArn;
    private final HttpServer server;
    private final ExecutorService executor;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> running = new ConcurrentHashMap<>();
    private final CompletableFuture<Result> initFailure = new CompletableFuture<>();
    private final CompletableFuture<Void> firstNext = new CompletableFuture<>();
    private final Object nextLock = new Object();
    private int nextCalls;

    /** @param functionArn the invoked ARN the runtime is told ({@code Lambda-Runtime-Invoked-Function-Arn}) */
    public LambdaRuntimeApi(String functionArn) throws IOException {
        this.functionArn = functionArn;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        // a thread per request: /next blocks until an event arrives
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambda-runtime-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(BASE + "/", this::handle);
        server.start();
    }

    /** @return host and port, the value of {@code AWS_LAMBDA_RUNTIME_API} */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return true once the runtime asked for its first event, i.e. its init phase is over */
    public boolean initialized() {
        return firstNext.isDone();
    }

    /** @return how often the runtime asked for an event so far */
    public int nextCalls() {
        synchronized (nextLock) {
            return nextCalls;
        }
    }

    /** Waits until the runtime asked for an event {@code calls} times (it is idle again), at most {@code wait}. */
    public void awaitNext(int calls, Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        synchronized (nextLock) {
            for (long left = wait.toMillis(); nextCalls < calls && left > 0; left = (end - System.nanoTime()) / 1_000_000) {
                nextLock.wait(left);
            }
        }
    }

    /**
     * Hands an event to the runtime and waits for its answer.
     *
     * @param wait how long to wait beyond the event's timeout (a cold start's init phase)
     * @throws TimeoutException when the runtime answered neither within the event's timeout plus {@code wait}
     */
    public Result invoke(Event event, Duration wait) throws TimeoutException, InterruptedException {
        if (initFailure.isDone()) {
            return initFailure.join();
        }
        Pending p = new Pending(UUID.randomUUID().toString(), event, new CompletableFuture<>());
        queue.add(p);
        CompletableFuture<Object> either = CompletableFuture.anyOf(p.done, initFailure);
        try {
            return (Result) either.get(event.timeout().plus(wait).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            queue.remove(p);
            running.remove(p.id);
        }
    }

    /** Ends every waiting invocation with an init failure, e.g. when the runtime's process exited. */
    public void fail(String errorType, String message) {
        initFailure.complete(new Result(errorBody(errorType, message), errorType, true));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            String method = ex.getRequestMethod();
            if (method.equals("GET") && path.equals(BASE + "/invocation/next")) {
                next(ex);
                return;
            }
            if (method.equals("POST") && path.equals(BASE + "/init/error")) {
                String type = ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
                initFailure.complete(new Result(body, type == null ? "Runtime.Unknown" : type, true));
                reply(ex, 202, "{\"status\":\"OK\"}");
                return;
            }
            Matcher m = INVOCATION.matcher(path);
            if (!method.equals("POST") || !m.matches()) {
                reply(ex, 404, new String(errorBody("InvalidRequest", "unknown path " + method + " " + path),
                        StandardCharsets.UTF_8));
                return;
            }
            Pending p = running.remove(m.group(1));
            if (p == null) {
                reply(ex, 400, new String(errorBody("InvalidRequestID", "Invalid request ID: " + m.group(1)),
                        StandardCharsets.UTF_8));
                return;
            }
            if (m.group(2).equals("response")) {
                if (body.length > RESPONSE_LIMIT) {
                    p.done.complete(new Result(errorBody("Function.ResponseSizeTooLarge", "Response payload size ("
                            + body.length + " bytes) exceeded maximum allowed payload size (" + RESPONSE_LIMIT
                            + " bytes)."), "Function.ResponseSizeTooLarge", false));
                    reply(ex, 413, new String(errorBody("RequestEntityTooLarge", "Payload Too Large"),
                            StandardCharsets.UTF_8));
                    return;
                }
                p.done.complete(new Result(body, null, false));
            } else {
                String type = ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
                p.done.complete(new Result(body, type == null ? "Unhandled" : type, false));
            }
            reply(ex, 202, "{\"status\":\"OK\"}");
        }
    }

    private void next(HttpExchange ex) throws IOException {
        firstNext.complete(null);
        synchronized (nextLock) {
            nextCalls++;
            nextLock.notifyAll();
        }
        Pending p;
        try {
            p = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // closing
        }
        running.put(p.id, p);
        var h = ex.getResponseHeaders();
        h.add("Content-Type", "application/json");
        h.add("Lambda-Runtime-Aws-Request-Id", p.id);
        h.add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + p.event.timeout().toMillis()));
        h.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        String root = Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        h.add("Lambda-Runtime-Trace-Id", "Root=1-" + root + ";Parent=" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 16) + ";Sampled=0");
        if (p.event.clientContext() != null) {
            h.add("Lambda-Runtime-Client-Context", p.event.clientContext());
        }
        if (p.event.cognitoIdentity() != null) {
            h.add("Lambda-Runtime-Cognito-Identity", p.event.cognitoIdentity());
        }
        byte[] payload = p.event.payload();
        ex.sendResponseHeaders(200, payload.length == 0 ? -1 : payload.length);
        if (payload.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(payload);
            }
        }
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] errorBody(String type, String message) {
        return ("{\"errorMessage\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"errorType\":\""
                + type + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
