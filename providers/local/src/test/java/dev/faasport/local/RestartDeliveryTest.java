package dev.faasport.local;

import dev.faasport.local.TriggerFixtures.Fn;
import dev.faasport.runtime.json.Json;
import dev.faasport.spi.ProviderConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.faasport.local.TriggerFixtures.await;
import static dev.faasport.local.TriggerFixtures.keysQuietly;
import static dev.faasport.local.TriggerFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

/** The daemon killed hard (SIGKILL) while messages are queued: after a restart every accepted message is delivered. */
class RestartDeliveryTest {

    static final int MESSAGES = 12;
    static final Fn SLOW = new Fn("slow-jobs", TriggerFixtures.QUEUE, "QUEUE", Map.of("kind", "queue",
            "queue", "jobs", "batchSize", 1, "maxAttempts", 5));

    @TempDir
    Path tmp;
    Path home;

    @AfterEach
    void stopDaemon() throws Exception {
        if (home != null) {
            Daemon.stop(home);
        }
    }

    @Test
    void everyAcceptedMessageIsDeliveredAfterAKill9AndRestart() throws Exception {
        home = tmp.resolve("home");
        RuntimeOptions options = new RuntimeOptions(1 << 20, 256 << 10, 50, 1);
        DaemonClient first = Daemon.ensureRunning(home, 0, false, 60, options, ProviderConfig.Log.silent());
        Path zip = TriggerFixtures.build(tmp.resolve("zips"), List.of(SLOW));
        first.deploy(SLOW.name(), TriggerFixtures.unit(SLOW, 1, Map.of("SLEEP_MS", "150")), zip);
        for (int i = 0; i < MESSAGES; i++) {
            assertThat(send("POST", URI.create(first.base + "/_queues/jobs"), ("m" + i).getBytes(StandardCharsets.UTF_8))
                    .statusCode()).isEqualTo(202);
        }
        await("the first deliveries", Duration.ofSeconds(40), () -> keysQuietly(first.base, "marks", "q/jobs/").size() >= 2);
        long pid = ((Number) Json.parseObject(Files.readString(home.resolve("daemon.json"))).get("pid")).longValue();
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        // SIGKILL: no shutdown hook, no chance to flush anything
        assertThat(daemon.destroyForcibly()).isTrue();
        daemon.onExit().get();
        int deliveredBeforeKill = keysQuietly(first.base, "marks", "q/jobs/").size();
        assertThat(deliveredBeforeKill).as("killed while messages were still queued").isLessThan(MESSAGES);

        DaemonClient second = Daemon.ensureRunning(home, 0, false, 60, options, ProviderConfig.Log.silent());
        assertThat(second.port).isNotEqualTo(first.port);
        await("all " + MESSAGES + " messages", Duration.ofSeconds(60),
                () -> keysQuietly(second.base, "marks", "q/jobs/").size() == MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            assertThat(keysQuietly(second.base, "marks", "q/jobs/")).contains("q/jobs/m" + i);
        }
        await("an empty queue", Duration.ofSeconds(20), () -> {
            try {
                return Json.parseObject(send("GET", URI.create(second.base + "/_queues/jobs"), null).body()).get("depth").equals(0L);
            } catch (Exception e) {
                return false;
            }
        });
    }
}
