package dev.faasport.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.runtime.FunctionEntry;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.HttpMessages;
import dev.faasport.runtime.InvocationContext;
import dev.faasport.runtime.Invoker;
import dev.faasport.runtime.Shape;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process a function's container image runs (Knative or any container platform): a JDK HTTP server on
 * {@code $PORT} (default {@value #DEFAULT_PORT}) and {@code $FAASPORT_BIND} (default {@value #DEFAULT_BIND}, every
 * interface, as a container needs) that serves the function of {@code faasport-functions.json} named by
 * {@code FAASPORT_FUNCTION} (or the only one). Every method and path goes to the function: HTTP and TYPED functions
 * as {@link Invoker#http} maps them, event functions take neutral event JSON by POST.
 */
public final class HttpMain implements AutoCloseable {

    /** The environment variable with the port to listen on (Knative and Cloud Run set it). */
    public static final String PORT_ENV = "PORT";
    /** The environment variable with the address to bind. */
    public static final String BIND_ENV = "FAASPORT_BIND";
    /** The port when {@value #PORT_ENV} is not set. */
    public static final int DEFAULT_PORT = 8080;
    /** The bind address when {@value #BIND_ENV} is not set: all interfaces, which a container needs. */
    public static final String DEFAULT_BIND = "0.0.0.0";
    private static final String REQUEST_ID = "x-request-id";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Invoker invoker;
    private final AtomicInteger active = new AtomicInteger();

    private HttpMain(HttpServer server, ExecutorService executor, Invoker invoker) {
        this.server = server;
        this.executor = executor;
        this.invoker = invoker;
    }

    /** Starts the server for the function the environment names and stops it on SIGTERM. */
    public static void main(String[] args) {
        // must be set before the JDK server reads its configuration: no Nagle delay on small responses
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
        HttpMain main;
        try {
            FunctionEntry entry = FunctionRegistry.shared().select(null, System.getenv());
            main = start(new Invoker(entry), address(System.getenv()));
        } catch (IOException | RuntimeException e) {
            System.err.println("faasport: cannot start the function's HTTP server: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(main::close, "faasport-http-shutdown"));
        System.out.println("faasport: function '" + main.invoker.entry().name() + "' listening on " + main.address());
    }

    /**
     * @return the address from {@value #BIND_ENV} and {@value #PORT_ENV}
     * @throws IllegalArgumentException when the port is not a number from 0 to 65535
     */
    public static InetSocketAddress address(Map<String, String> environment) {
        String bind = environment.getOrDefault(BIND_ENV, "").isBlank() ? DEFAULT_BIND : environment.get(BIND_ENV).trim();
        String portText = environment.getOrDefault(PORT_ENV, "").isBlank() ? Integer.toString(DEFAULT_PORT)
                : environment.get(PORT_ENV).trim();
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT_ENV + " '" + portText + "' is not a port number, perhaps you should set it to 0..65535");
        }
        return new InetSocketAddress(bind, port);
    }

    /**
     * Starts serving one function.
     *
     * @param address where to listen; port 0 picks a free one (see {@link #address()})
     * @throws IOException when the address cannot be bound
     */
    public static HttpMain start(Invoker invoker, InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faasport-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpMain main = new HttpMain(server, executor, invoker);
        server.createContext("/", main::exchange);
        server.setExecutor(executor);
        server.start();
        return main;
    }

    /** @return the bound address (with the real port when 0 was asked for) */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        active.incrementAndGet();
        try {
            respond(exchange);
        } finally {
            active.decrementAndGet();
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        FunctionEntry entry = invoker.entry();
        HttpResponse response;
        try {
            URI uri = exchange.getRequestURI();
            HttpRequest request = new HttpRequest(exchange.getRequestMethod(), uri.getPath(),
                    HttpMessages.parseQuery(uri.getRawQuery()), exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes());
            String id = request.header(REQUEST_ID).orElseGet(() -> UUID.randomUUID().toString());
            if (!request.method().equals("POST") && isEvent(entry)) {
                response = Invoker.error(405, "function '" + entry.name() + "' is an event function and takes "
                        + "neutral event JSON by POST, perhaps you should POST {\"kind\":\"" + entry.triggerKind()
                        + "\", ...}", entry.name()).withHeader("allow", "POST");
            } else {
                response = invoker.http(request, InvocationContext.of(entry, id));
            }
        } catch (IOException | RuntimeException e) {
            response = Invoker.error(500, Invoker.describe(e), entry.name());
        }
        try (exchange) {
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean noBody = exchange.getRequestMethod().equalsIgnoreCase("HEAD") || response.status() == 204
                    || response.status() == 304 || response.body().length == 0;
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    private static boolean isEvent(FunctionEntry entry) {
        try {
            Shape shape = entry.shape();
            return shape == Shape.STORAGE || shape == Shape.QUEUE || shape == Shape.SCHEDULE;
        } catch (RuntimeException e) {
            return false; // the invoker reports a handler that cannot load, with its own message
        }
    }

    /** Lets running requests finish (at most 10 s), then stops the server and its threads. */
    @Override
    public void close() {
        // JDK 17's stop(delay) always waits the whole delay, so wait for running requests here and stop at once
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
