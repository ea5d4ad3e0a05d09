package dev.faasport.runtime.http;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.Invoker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The container HTTP server on 127.0.0.1 and an ephemeral port. */
class HttpMainTest {

    static final List<Object> RECEIVED = new CopyOnWriteArrayList<>();
    static final String DESCRIPTOR = """
            {"set": "shop", "functions": [
              {"name": "hello", "handler": "dev.faasport.runtime.http.HttpMainTest$Hello", "shape": "HTTP",
               "trigger": {"kind": "http"}, "timeoutSeconds": 30},
              {"name": "upper", "handler": "dev.faasport.runtime.http.HttpMainTest$Upper", "shape": "TYPED",
               "trigger": {"kind": "http"}},
              {"name": "thumbs", "handler": "dev.faasport.runtime.http.HttpMainTest$Thumbs", "shape": "STORAGE",
               "trigger": {"kind": "storage", "bucket": "uploads"}}]}
            """;

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<AutoCloseable> started = new ArrayList<>();

    public static class Hello implements HttpFunction {
        @Override
        public HttpResponse handle(HttpRequest request, Context context) {
            if (request.path().equals("/boom")) {
                throw new IllegalStateException("boom");
            }
            return HttpResponse.ok(request.method() + " " + request.path() + " " + request.queryParam("name").orElse("-")
                    + " " + request.header("x-test").orElse("-") + " " + context.functionName() + " "
                    + context.invocationId() + " " + request.bodyAsString());
        }
    }

    public static class Upper implements Function<String, String> {
        @Override
        public String apply(String s) {
            return s.toUpperCase(java.util.Locale.ROOT);
        }
    }

    public static class Thumbs implements StorageFunction {
        @Override
        public void handle(StorageEvent event, Context context) {
            RECEIVED.add(event.bucket() + "/" + event.key());
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    URI start(String function) throws Exception {
        FunctionRegistry registry = FunctionRegistry.parse(DESCRIPTOR, getClass().getClassLoader());
        HttpMain main = HttpMain.start(new Invoker(registry.get(function)), new InetSocketAddress("127.0.0.1", 0));
        started.add(main);
        assertThat(main.address().getAddress().isLoopbackAddress()).isTrue();
        return URI.create("http://127.0.0.1:" + main.address().getPort());
    }

    java.net.http.HttpResponse<String> send(java.net.http.HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpFunctionGetsMethodPathQueryHeadersAndBody() throws Exception {
        URI base = start("hello");
        var r = send(java.net.http.HttpRequest.newBuilder(base.resolve("/a/b?name=J%C3%BCrgen"))
                .header("X-Test", "yes").header("X-Request-Id", "req-7")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("payload")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(r.body()).isEqualTo("POST /a/b Jürgen yes hello req-7 payload");

        var boom = send(java.net.http.HttpRequest.newBuilder(base.resolve("/boom")).GET());
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).contains("\"function\":\"hello\"").contains("boom");
    }

    @Test
    void typedFunctionBindsTheJsonBody() throws Exception {
        URI base = start("upper");
        var r = send(java.net.http.HttpRequest.newBuilder(base).POST(java.net.http.HttpRequest.BodyPublishers.ofString("\"abc\"")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("\"ABC\"");
    }

    @Test
    void eventFunctionTakesNeutralEventJsonByPostOnly() throws Exception {
        URI base = start("thumbs");
        var get = send(java.net.http.HttpRequest.newBuilder(base).GET());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("allow")).hasValue("POST");
        assertThat(get.body()).contains("perhaps you should POST");

        RECEIVED.clear();
        var post = send(java.net.http.HttpRequest.newBuilder(base).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"kind\":\"storage\",\"event\":{\"kind\":\"CREATED\",\"bucket\":\"uploads\",\"key\":\"in/a.png\"}}")));
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(RECEIVED).containsExactly("uploads/in/a.png");

        var bad = send(java.net.http.HttpRequest.newBuilder(base).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void addressComesFromPortAndBindWithContainerDefaults() {
        InetSocketAddress defaults = HttpMain.address(Map.of());
        assertThat(defaults.getPort()).isEqualTo(8080);
        assertThat(defaults.getAddress().isAnyLocalAddress()).isTrue();
        InetSocketAddress local = HttpMain.address(Map.of("PORT", "9090", "FAASPORT_BIND", "127.0.0.1"));
        assertThat(local.getPort()).isEqualTo(9090);
        assertThat(local.getAddress().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> HttpMain.address(Map.of("PORT", "http")))
                .hasMessageContaining("PORT 'http' is not a port number, perhaps you should");
    }

    /** The real entry point in its own JVM: descriptor from the classpath, function from FAASPORT_FUNCTION. */
    @Test
    void mainServesTheFunctionTheEnvironmentNames(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("faasport-functions.json"), DESCRIPTOR);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", dir + java.io.File.pathSeparator
                + System.getProperty("java.class.path"), HttpMain.class.getName()).redirectErrorStream(true);
        pb.environment().put("PORT", "0");
        pb.environment().put("FAASPORT_BIND", "127.0.0.1");
        pb.environment().put("FAASPORT_FUNCTION", "upper");
        Process process = pb.start();
        started.add(() -> {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).isNotNull().contains("function 'upper' listening on");
        Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        var r = send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("\"x\"")));
        assertThat(r.body()).isEqualTo("\"X\"");
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
