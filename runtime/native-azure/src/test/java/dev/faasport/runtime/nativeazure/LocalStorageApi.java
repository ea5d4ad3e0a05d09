package dev.faasport.runtime.nativeazure;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The local provider's bucket and queue API that workers reach through FAASPORT_STORAGE_URL and FAASPORT_QUEUE_URL
 * (providers/local Gateway#buckets and #queues): GET and PUT /_buckets/bucket/key, POST /_queues/queue (202).
 */
final class LocalStorageApi implements AutoCloseable {

    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final List<String> sent = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    LocalStorageApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/_buckets/", ex -> {
            String path = URLDecoder.decode(ex.getRequestURI().getRawPath().substring("/_buckets/".length()), StandardCharsets.UTF_8);
            if (ex.getRequestMethod().equals("PUT")) {
                objects.put(path, ex.getRequestBody().readAllBytes());
                ex.sendResponseHeaders(200, -1);
            } else if (objects.containsKey(path)) {
                byte[] body = objects.get(path);
                ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                ex.getResponseBody().write(body);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        server.createContext("/_queues/", ex -> {
            String queue = ex.getRequestURI().getPath().substring("/_queues/".length());
            sent.add(queue + ": " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        server.start();
    }

    /** @return the variables the local runtime gives its workers */
    Map<String, String> environment() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("FAASPORT_STORAGE_URL", base + "/_buckets", "FAASPORT_QUEUE_URL", base + "/_queues");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
