package dev.faasport.local;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Idle workers stop after local.idleSeconds (here 1 s), except minInstances. */
class ScaleToZeroTest {

    @TempDir
    static Path tmp;
    static LocalRuntime runtime;
    static DaemonClient control;
    static Path zip;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.start(0, tmp.resolve("home"), 1);
        control = new DaemonClient(runtime.port(), Files.readString(tmp.resolve("home/token")));
        zip = TestPackages.build(tmp.resolve("zips"), TestPackages.descriptor(TestPackages.ALL_NAMES));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    static HttpResponse<String> get(String function, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(runtime.functionUri(function) + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metrics(String function) throws Exception {
        return control.functions().stream().filter(f -> function.equals(f.get("name")))
                .map(f -> (Map<String, Object>) f.get("metrics")).findFirst().orElseThrow();
    }

    @Test
    void idleWorkersStopAndTheNextCallStartsColdAgain() throws Exception {
        control.deploy("idler", TestPackages.unit("idler", LocalRuntimeTest.PROBE, "http", 128, 30, 10, Map.of()), zip);
        String pid1 = get("idler", "/pid").body();
        Awaitility.await("the idle worker's stop").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(metrics("idler")).containsEntry("workers", 0L));
        ProcessHandle.of(Long.parseLong(pid1)).ifPresent(p -> p.onExit().orTimeout(5, TimeUnit.SECONDS).join());
        assertThat(get("idler", "/pid").body()).isNotEqualTo(pid1);
        assertThat(metrics("idler")).containsEntry("coldStarts", 2L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void minInstancesAreStartedAtDeployAndSurviveTheIdleTimeout() throws Exception {
        Map<String, Object> unit = TestPackages.unit("warm", LocalRuntimeTest.PROBE, "http", 128, 30, 10, Map.of());
        ((Map<String, Object>) unit.get("function")).put("minInstances", 1);
        control.deploy("warm", unit, zip);
        assertThat(metrics("warm")).containsEntry("workers", 1L).containsEntry("idleWorkers", 1L);
        Thread.sleep(2500); // longer than idleSeconds = 1
        assertThat(metrics("warm")).containsEntry("workers", 1L);
        assertThat(get("warm", "/hello").statusCode()).isEqualTo(200);
        assertThat(metrics("warm")).containsEntry("coldStarts", 1L).containsEntry("invocations", 1L);
        assertThat(control.logs("warm", 50)).anyMatch(l -> l.contains("[faasport] worker ") && l.contains(" started (generation 1"));
    }
}
