package dev.faasport.local;

import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broken state files under the runtime's home: each is named with what to do, and nothing else is lost. */
class StateFilesTest {

    @TempDir
    Path tmp;

    private static int get(LocalRuntime runtime, String function) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(runtime.functionUri(function) + "/hello"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void truncate(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(b, b.length / 2));
    }

    @Test
    void aTruncatedUnitFileSkipsThatFunctionAndKeepsTheOthers() throws Exception {
        Path home = tmp.resolve("home");
        Path zip = TestPackages.build(tmp.resolve("zips"), TestPackages.descriptor(TestPackages.ALL_NAMES));
        try (LocalRuntime runtime = LocalRuntime.start(0, home, 60)) {
            DaemonClient control = new DaemonClient(runtime.port(), Files.readString(home.resolve("token")));
            for (String name : new String[] {"hello", "steady"}) {
                control.deploy(name, TestPackages.unit(name, LocalRuntimeTest.PROBE, "http", 128, 30, 10, Map.of()), zip);
            }
        }
        Path broken = new Store(home).unitFile("hello");
        truncate(broken);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        LocalRuntime started;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            started = LocalRuntime.start(0, home, 60);
        } finally {
            System.setErr(stderr);
        }
        try (LocalRuntime runtime = started) {
            assertThat(get(runtime, "steady")).isEqualTo(200);
            assertThat(get(runtime, "hello")).isEqualTo(404);
            assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(broken + " is unreadable")
                    .contains("deploy it again").doesNotContain("\tat ");
            assertThat(broken.resolveSibling("unit.json.broken")).exists();
            // a new deploy of the broken function works
            DaemonClient control = new DaemonClient(runtime.port(), Files.readString(home.resolve("token")));
            control.deploy("hello", TestPackages.unit("hello", LocalRuntimeTest.PROBE, "http", 128, 30, 10, Map.of()), zip);
            assertThat(get(runtime, "hello")).isEqualTo(200);
        }
    }

    @Test
    void aTruncatedDaemonFileIsRepairedFromTheRunningRuntime() throws Exception {
        Path home = tmp.resolve("home");
        try (LocalRuntime runtime = LocalRuntime.start(0, home, 60)) {
            truncate(new Store(home).daemonFile());
            DaemonClient client = Daemon.ensureRunning(home, runtime.port(), true, 60, ProviderConfig.Log.silent());
            assertThat(client.port).isEqualTo(runtime.port());
            assertThat(Daemon.find(home)).isPresent();
        }
    }

    @Test
    void aTokenDeletedWhileTheRuntimeRunsIsNamedNotBlamedOnAnotherProgram() throws Exception {
        Path home = tmp.resolve("home");
        try (LocalRuntime runtime = LocalRuntime.start(0, home, 60)) {
            Files.delete(new Store(home).tokenFile());
            assertThatThrownBy(() -> Daemon.ensureRunning(home, runtime.port(), true, 60, ProviderConfig.Log.silent()))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageContaining("Faasport local runtime").hasMessageContaining("token")
                    .hasMessageNotContaining("another program");
        }
    }
}
