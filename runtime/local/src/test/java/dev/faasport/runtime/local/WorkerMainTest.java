package dev.faasport.runtime.local;

import dev.faasport.api.Context;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.runtime.json.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerMainTest {

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private static Wire.Request get(String path, String query) {
        return new Wire.Request(Wire.KIND_HTTP, "inv-1", 5000, "GET", path, query, List.of("X-Mixed", "v"), new byte[0]);
    }

    @Test
    void passesTheRequestAndContextToTheFunction() {
        Dispatch echo = new Dispatch() {
            public HttpResponse http(HttpRequest r, Context c) {
                c.logger().info("seen");
                return HttpResponse.ok(r.path() + " " + new java.util.TreeMap<>(r.query()) + " " + r.header("x-mixed").orElse("-") + " "
                        + c.functionName() + " " + c.invocationId() + " " + (c.remainingTime().toMillis() > 4000));
            }

            public HttpResponse event(byte[] json, Context c) {
                return HttpResponse.ok("event " + new String(json, StandardCharsets.UTF_8));
            }
        };
        HttpResponse r = WorkerMain.handle("fn", echo, get("/p", "a=1&a=2&b=x%20y&c"), Map.of(), log);
        assertThat(r.bodyAsString()).isEqualTo("/p {a=[1, 2], b=[x y], c=[]} v fn inv-1 true");
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("inv-1 INFO seen");
        HttpResponse e = WorkerMain.handle("fn", echo, new Wire.Request(Wire.KIND_EVENT, "i", 1000, "POST", "/", "",
                List.of(), "{}".getBytes(StandardCharsets.UTF_8)), Map.of(), log);
        assertThat(e.bodyAsString()).isEqualTo("event {}");
    }

    @Test
    void aThrowingFunctionIsA500WithAJsonBodyNamingIt() {
        Dispatch boom = new Dispatch() {
            public HttpResponse http(HttpRequest r, Context c) {
                throw new IllegalStateException("boom");
            }

            public HttpResponse event(byte[] json, Context c) {
                return null;
            }
        };
        HttpResponse r = WorkerMain.handle("fn", boom, get("/", ""), Map.of(), log);
        assertThat(r.status()).isEqualTo(500);
        assertThat(Json.parseObject(r.bodyAsString())).containsEntry("function", "fn")
                .containsEntry("type", "java.lang.IllegalStateException");
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("java.lang.IllegalStateException: boom");
        HttpResponse none = WorkerMain.handle("fn", boom, new Wire.Request(Wire.KIND_EVENT, "i", 1000, "POST", "/", "",
                List.of(), new byte[0]), Map.of(), log);
        assertThat(none.status()).isEqualTo(500);
        assertThat(none.bodyAsString()).contains("returned null");
    }

    @Test
    void loadsAnHttpHandlerByClassNameWhenNoDescriptorListsIt() throws Exception {
        Dispatch d = WorkerMain.load("hello", Hello.class.getName());
        assertThat(d.http(new HttpRequest("GET", "/", null, null, null), null).bodyAsString()).isEqualTo("hi");
    }

    /** A test handler. */
    public static class Hello implements dev.faasport.api.HttpFunction {
        @Override
        public HttpResponse handle(HttpRequest request, Context context) {
            return HttpResponse.ok("hi");
        }
    }
}
