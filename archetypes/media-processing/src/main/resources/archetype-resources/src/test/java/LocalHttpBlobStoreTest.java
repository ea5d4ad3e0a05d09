package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local store against a small HTTP bucket server that behaves as the local runtime's storage API. */
class LocalHttpBlobStoreTest {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, String> types = new ConcurrentHashMap<>();
    private HttpServer server;
    private LocalHttpBlobStore store;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/_buckets/", exchange -> {
            // the raw path keeps the percent-encoding the client chose, so the test can assert it
            String path = exchange.getRequestURI().getRawPath().substring("/_buckets/".length());
            byte[] answer = new byte[0];
            int status;
            if (exchange.getRequestMethod().equals("PUT")) {
                objects.put(path, exchange.getRequestBody().readAllBytes());
                types.put(path, exchange.getRequestHeaders().getFirst("content-type"));
                status = 200;
            } else if (objects.containsKey(path)) {
                answer = objects.get(path);
                status = 200;
            } else {
                answer = "no such object".getBytes(StandardCharsets.UTF_8);
                status = 404;
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        store = new LocalHttpBlobStore("http://127.0.0.1:" + server.getAddress().getPort() + "/_buckets/");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void putsAndGetsObjectsWithEncodedKeys() throws IOException {
        byte[] content = {1, 2, 3, (byte) 0xff};
        store.put("thumbs", "images/my cat+dog.png", content, "image/png");

        assertThat(objects).containsOnlyKeys("thumbs/images/my%20cat%2Bdog.png");
        assertThat(types).containsEntry("thumbs/images/my%20cat%2Bdog.png", "image/png");
        assertThat(store.get("thumbs", "images/my cat+dog.png")).containsExactly(content);
    }

    @Test
    void aMissingObjectIsFileNotFound() {
        assertThatThrownBy(() -> store.get("uploads", "nope.png"))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("'nope.png' is not in bucket 'uploads'");
    }

    @Test
    void anUnreachableRuntimeSaysHowToStartIt() {
        server.stop(0);
        server = null;
        assertThatThrownBy(() -> store.get("uploads", "a.png"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("perhaps you should start the local runtime");
    }
}
