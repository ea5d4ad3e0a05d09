package dev.faasport.local;

import org.awaitility.Awaitility;
import dev.faasport.runtime.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalRuntimeTest {

    static final String PROBE = "dev.faasport.local.testfn.Probe";

    @TempDir
    static Path tmp;
    static LocalRuntime runtime;
    static DaemonClient control;
    static Path zip;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.start(0, tmp.resolve("home"), 60);
        control = new DaemonClient(runtime.port(), Files.readString(tmp.resolve("home/token")));
        zip = TestPackages.build(tmp.resolve("zips"), TestPackages.descriptor(TestPackages.ALL_NAMES));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    static Map<String, Object> deploy(String name, int timeout, int max, Map<String, String> env) throws Exception {
        return control.deploy(name, TestPackages.unit(name, PROBE, "http", 128, timeout, max, env), zip);
    }

    static HttpResponse<String> get(String function, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(runtime.functionUri(function) + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static CompletableFuture<HttpResponse<String>> getAsync(String function, String pathAndQuery) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(runtime.functionUri(function) + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void awaitInFlight(String function, long calls) throws Exception {
        Awaitility.await("in-flight calls of " + function).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(metrics(function)).containsEntry("inFlight", calls));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metrics(String function) throws Exception {
        for (Map<String, Object> f : control.functions()) {
            if (function.equals(f.get("name"))) {
                return (Map<String, Object>) f.get("metrics");
            }
        }
        throw new AssertionError("not deployed: " + function);
    }

    @Test
    void deploysAndInvokesOverTheGatewayColdThenWarm() throws Exception {
        Map<String, Object> stored = deploy("hello", 30, 10, Map.of("VERSION", "1"));
        assertThat(stored.get("artifactSha256")).isEqualTo(TestPackages.sha256(zip));
        assertThat(stored.get("url")).isEqualTo(runtime.functionUri("hello").toString());

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(runtime.functionUri("hello") + "/a/b?q=x%20y"))
                .header("X-Test", "t1").POST(HttpRequest.BodyPublishers.ofString("body")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello POST /a/b v1 q=x y h=t1");
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");

        String pid1 = get("hello", "/pid").body();
        String pid2 = get("hello", "/pid").body();
        assertThat(pid1).isEqualTo(pid2).isNotEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(metrics("hello")).containsEntry("coldStarts", 1L).containsEntry("invocations", 3L).containsEntry("workers", 1L);

        assertThat(get("hello", "/print?text=abc").statusCode()).isEqualTo(200);
        assertThat(control.logs("hello", 10)).anyMatch(l -> l.equals("printed by hello abc"))
                .anyMatch(l -> l.endsWith("INFO logged via context"));
    }

    @Test
    void aHandlerNamingItsMethodIsFoundByItsClass() throws Exception {
        // an Azure class with several @FunctionName methods deploys one function per method, handler Class::method
        control.deploy("by-method", TestPackages.unit("by-method", PROBE + "::handle", "http", 128, 30, 10, Map.of()), zip);
        assertThat(get("by-method", "/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void throttlesBeyondMaxConcurrencyWith429() throws Exception {
        deploy("narrow", 30, 2, Map.of());
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        slow.add(getAsync("narrow", "/sleep?ms=2500"));
        slow.add(getAsync("narrow", "/sleep?ms=2500"));
        awaitInFlight("narrow", 2);
        HttpResponse<String> third = get("narrow", "/hello");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("retry-after")).hasValue("1");
        assertThat(Json.parseObject(third.body())).containsEntry("function", "narrow")
                .containsEntry("type", "TooManyRequests");
        assertThat(third.body()).contains("maximum concurrency of 2");
        for (CompletableFuture<HttpResponse<String>> f : slow) {
            assertThat(f.get().statusCode()).isEqualTo(200);
        }
        assertThat(get("narrow", "/hello").statusCode()).isEqualTo(200);
        assertThat(metrics("narrow")).containsEntry("throttled", 1L).containsEntry("coldStarts", 2L);
    }

    @Test
    void initTimeIsNotCallTime() throws Exception {
        // a 1 s timeout, a 2.5 s initialisation: the call still succeeds, as on Lambda (init has its own limit)
        deploy("slowstart", 1, 10, Map.of("PROBE_INIT_MS", "2500"));
        HttpResponse<String> r = get("slowstart", "/hello");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(get("slowstart", "/sleep?ms=3000").statusCode()).isEqualTo(504);
    }

    @Test
    void endsAWorkerPastItsTimeoutWith504AndKeepsServing() throws Exception {
        deploy("sleepy", 2, 10, Map.of());
        long t0 = System.nanoTime();
        HttpResponse<String> r = get("sleepy", "/sleep?ms=20000");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(8));
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(Json.parseObject(r.body())).containsEntry("function", "sleepy").containsEntry("type", "Timeout");
        assertThat(r.body()).contains("timeout of 2 s");
        assertThat(get("sleepy", "/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void crashingWorkersGive502AndThrowingOnes500WhileOthersKeepServing() throws Exception {
        deploy("fragile", 30, 10, Map.of());
        deploy("steady", 30, 10, Map.of());
        assertThat(get("steady", "/hello").statusCode()).isEqualTo(200);

        HttpResponse<String> exit = get("fragile", "/exit");
        assertThat(exit.statusCode()).isEqualTo(502);
        assertThat(Json.parseObject(exit.body())).containsEntry("function", "fragile").containsEntry("type", "WorkerExited");
        assertThat(exit.body()).contains("exit status 7");
        // 3 is also the status -XX:+ExitOnOutOfMemoryError exits with: a function's own System.exit(3) is no OOM
        HttpResponse<String> exit3 = get("fragile", "/exit?status=3");
        assertThat(Json.parseObject(exit3.body())).containsEntry("type", "WorkerExited");
        assertThat(exit3.body()).contains("exit status 3").doesNotContain("memory");

        HttpResponse<String> oom = get("fragile", "/oom");
        assertThat(oom.statusCode()).isEqualTo(502);
        assertThat(Json.parseObject(oom.body())).containsEntry("type", "OutOfMemory");
        assertThat(oom.body()).contains("memoryMb 128");

        HttpResponse<String> thrown = get("fragile", "/throw");
        assertThat(thrown.statusCode()).isEqualTo(500);
        assertThat(Json.parseObject(thrown.body())).containsEntry("function", "fragile");
        assertThat(thrown.body()).contains("boom");

        assertThat(get("fragile", "/hello").statusCode()).isEqualTo(200);
        assertThat(get("steady", "/hello").statusCode()).isEqualTo(200);
        assertThat(metrics("steady")).containsEntry("coldStarts", 1L);
    }

    @Test
    void redeployKeepsTheInFlightCallAndSwitchesNewCalls() throws Exception {
        deploy("versioned", 30, 10, Map.of("VERSION", "1"));
        assertThat(get("versioned", "/hello").body()).contains(" v1 ");
        CompletableFuture<HttpResponse<String>> inFlight = getAsync("versioned", "/sleep?ms=1500");
        awaitInFlight("versioned", 1);
        deploy("versioned", 30, 10, Map.of("VERSION", "2"));
        assertThat(get("versioned", "/hello").body()).contains(" v2 ");
        HttpResponse<String> old = inFlight.get();
        assertThat(old.statusCode()).isEqualTo(200);
        assertThat(old.body()).isEqualTo("slept v1");
        assertThat(control.functions()).filteredOn(f -> f.get("name").equals("versioned"))
                .singleElement().satisfies(f -> assertThat(f.get("generation")).isEqualTo(2L));
        // the old generation's directory goes with its last worker
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(runtime.store.functionDir("versioned").resolve("g1")).doesNotExist());
        assertThat(runtime.store.functionDir("versioned").resolve("g2")).isDirectory();
    }

    @Test
    void controlApiNeedsTheTokenAndALocalHostAndOrigin() throws Exception {
        URI info = URI.create(runtime.baseUri() + "/_faas/info");
        assertThat(http.send(HttpRequest.newBuilder(info).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(info).header("Authorization", "Bearer wrong").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        String token = Files.readString(runtime.home().resolve("token")).trim();
        assertThat(http.send(HttpRequest.newBuilder(info).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> foreignOrigin = http.send(HttpRequest.newBuilder(info).header("Authorization", "Bearer " + token)
                .header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreignOrigin.statusCode()).isEqualTo(403);
        assertThat(rawStatus("GET /_faas/info HTTP/1.1\r\nHost: evil.example:" + runtime.port()
                + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n")).isEqualTo(403);
        assertThat(rawStatus("GET /_faas/info HTTP/1.1\r\nHost: localhost:" + runtime.port()
                + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n")).isEqualTo(200);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime.home().resolve("token"))))
                .isEqualTo("rw-------");
    }

    static int rawStatus(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", runtime.port())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                head.write(c);
            }
            return Integer.parseInt(head.toString(StandardCharsets.ISO_8859_1).split(" ")[1]);
        }
    }

    @Test
    void refusesZipSlipAndAMissingHandler() throws Exception {
        Path evil = tmp.resolve("evil.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(evil))) {
            TestPackages.put(out, "dev/ok.txt", new byte[]{1});
            TestPackages.put(out, "../../escaped.txt", new byte[]{1});
        }
        assertThatThrownBy(() -> control.deploy("evil", TestPackages.unit("evil", PROBE, "http", 128, 30, 10, Map.of()), evil))
                .isInstanceOf(DaemonClient.ControlException.class).hasMessageContaining("zip-slip")
                .satisfies(e -> assertThat(((DaemonClient.ControlException) e).status).isEqualTo(400));
        assertThat(runtime.home().resolve("escaped.txt")).doesNotExist();
        assertThat(tmp.resolve("escaped.txt")).doesNotExist();
        assertThat(control.functions()).noneMatch(f -> f.get("name").equals("evil"));
        assertThat(get("evil", "/").statusCode()).isEqualTo(404);

        assertThatThrownBy(() -> control.deploy("ghost", TestPackages.unit("ghost", "com.example.Missing", "http", 128, 30, 10, Map.of()), zip))
                .hasMessageContaining("Function 'ghost'").hasMessageContaining("com.example.Missing");
        assertThatThrownBy(() -> control.deploy("nomem", TestPackages.unit("nomem", PROBE, "http", 0, 30, 10, Map.of()), zip))
                .hasMessageContaining("Function 'nomem' has memoryMb 0");
    }

    @Test
    void typedFunctionOverHttp() throws Exception {
        control.deploy("upper", TestPackages.unit("upper", "dev.faasport.local.testfn.Upper", "http", 128, 30, 10, Map.of()), zip);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(runtime.functionUri("upper"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"abc\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.parseObject(r.body())).containsEntry("upper", "ABC");
    }

    @Test
    void eventFunctionsTakeTheNeutralEventJsonByPost() throws Exception {
        control.deploy("stored", TestPackages.unit("stored", "dev.faasport.local.testfn.OnStored", "storage", 128, 30, 10, Map.of()), zip);
        String event = "{\"kind\":\"storage\",\"event\":{\"kind\":\"CREATED\",\"bucket\":\"uploads\",\"key\":\"in/a.png\",\"size\":5}}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(runtime.functionUri("stored"))
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(control.logs("stored", 20)).contains("stored CREATED uploads/in/a.png 5");
        assertThat(get("stored", "").statusCode()).isEqualTo(405);
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(runtime.functionUri("stored"))
                .POST(HttpRequest.BodyPublishers.ofString("not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.parseObject(bad.body())).containsEntry("function", "stored");
    }

    @Test
    void removedFunctionsAnswer404() throws Exception {
        deploy("doomed", 30, 10, Map.of());
        assertThat(get("doomed", "/hello").statusCode()).isEqualTo(200);
        assertThat(control.remove("doomed")).isTrue();
        HttpResponse<String> r = get("doomed", "/hello");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("No function 'doomed'");
        assertThat(control.remove("doomed")).isFalse();
    }

    @Test
    void aTakenPortFailsFastNamingThePortAndTheFix() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = other.getLocalPort();
            assertThatThrownBy(() -> LocalRuntime.start(port, tmp.resolve("home2"), 2))
                    .isInstanceOf(LocalRuntime.PortInUseException.class)
                    .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("-Dfaas.local.port=");
            assertThatThrownBy(() -> Daemon.checkPortFree(port))
                    .hasMessageContaining("127.0.0.1:" + port)
                    .satisfies(e -> assertThat(((dev.faasport.spi.ProviderException) e).suggestion()).contains("-Dfaas.local.port="));
        }
    }

    @Test
    void aRestartedRuntimeServesWhatWasDeployed() throws Exception {
        Path home = tmp.resolve("restart-home");
        LocalRuntime first = LocalRuntime.start(0, home, 30);
        try {
            new DaemonClient(first.port(), Files.readString(home.resolve("token")))
                    .deploy("kept", TestPackages.unit("kept", PROBE, "http", 128, 30, 10, Map.of("VERSION", "7")), zip);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(first.functionUri("kept") + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            first.close();
        }
        assertThat(home.resolve("daemon.json")).doesNotExist();
        LocalRuntime second = LocalRuntime.start(0, home, 30);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(second.functionUri("kept") + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains(" v7 ");
            assertThat(home.resolve("daemon.json")).exists();
            // issue 17: what was measured before the restart is kept (faas:cost prices it), and counting goes on
            Map<?, ?> kept = (Map<?, ?>) ((Map<?, ?>) second.metrics().get("functions")).get("kept");
            assertThat(((Number) kept.get("invocations")).longValue()).isEqualTo(2);
            assertThat(((Number) ((Map<?, ?>) kept.get("duration")).get("count")).longValue()).isEqualTo(2);
            assertThat(((Number) kept.get("coldStarts")).longValue()).isEqualTo(2);
        } finally {
            second.close();
        }
    }
}
