package dev.faasport.provider.gcp;

import dev.faasport.limits.Limit;
import dev.faasport.limits.LimitTable;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GcpLimitsTest {
    @TempDir
    Path dir;

    @Test
    void theProviderReadsTheBoundsFaasCheckReads() {
        LimitTable table = LimitTable.load(new GcpProvider().id());
        String plan = table.plan("2nd").orElseThrow();
        Limit memory = table.find("memory.mb", plan, null).orElseThrow();
        Limit http = table.find("timeout.seconds", plan, "http").orElseThrow();
        Limit event = table.find("timeout.seconds", plan, "queue").orElseThrow();

        GcpLimits limits = GcpLimits.get();

        assertThat(GcpLimits.PROVIDER).isEqualTo(new GcpProvider().id());
        assertThat(GcpLimits.PLAN).isEqualTo(plan);
        assertThat(limits.memoryMb()).isEqualTo(new GcpLimits.Range(memory.min(), memory.max()));
        assertThat(limits.timeout(true)).isEqualTo(new GcpLimits.Range(http.min(), http.max()));
        assertThat(limits.timeout(false)).isEqualTo(new GcpLimits.Range(event.min(), event.max()));
        assertThat(limits.maxConcurrency()).isEqualTo(table.find("concurrency.max", plan, null).orElseThrow().max());
        assertThat(limits.maxEnvironmentBytes())
                .isEqualTo(table.find("environment.bytes", plan, null).orElseThrow().max());
        for (String kind : List.of("storage", "schedule")) {
            assertThat(table.find("timeout.seconds", plan, kind).orElseThrow().max()).isEqualTo(event.max());
        }
    }

    @Test
    void boundsOfTheFirstGenerationAreNotTheProvidersBounds() {
        GcpLimits limits = GcpLimits.of(LimitTable.parse("""
                {"provider": "gcp", "defaultPlan": "gen2", "plans": ["gen1", "gen2"], "limits": [
                  {"key": "memory.mb", "plans": ["gen1"], "min": 1, "max": 99999, "asOf": "x", "source": "y"},
                  {"key": "memory.mb", "plans": ["gen2"], "min": 64, "max": 2048, "asOf": "x", "source": "y"},
                  {"key": "timeout.seconds", "plans": ["gen1"], "min": 1, "max": 5, "asOf": "x", "source": "y"},
                  {"key": "timeout.seconds", "plans": ["gen2"], "triggers": ["http"], "min": 1, "max": 30,
                   "asOf": "x", "source": "y"},
                  {"key": "timeout.seconds", "plans": ["gen2"], "triggers": ["storage", "queue", "schedule"],
                   "min": 2, "max": 20, "asOf": "x", "source": "y"},
                  {"key": "concurrency.max", "plans": ["gen2"], "max": 7, "asOf": "x", "source": "y"},
                  {"key": "environment.bytes", "plans": ["gen2"], "max": 100, "asOf": "x", "source": "y"}
                ]}"""));
        assertThat(limits).isEqualTo(new GcpLimits(new GcpLimits.Range(64, 2048), new GcpLimits.Range(1, 30),
                new GcpLimits.Range(2, 20), 7, 100));
    }

    @Test
    void aTableWithoutABoundOrWithTwoEventTimeoutsIsRefused() {
        String memoryOnly = """
                {"provider": "gcp", "defaultPlan": "gen2", "plans": ["gen2"], "limits": [
                  {"key": "memory.mb", "plans": ["gen2"], "min": 128, "max": 1024, "asOf": "x", "source": "y"}%s
                ]}""";
        assertThatThrownBy(() -> GcpLimits.of(LimitTable.parse(memoryOnly.formatted(""))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("timeout.seconds");
        String split = """
                ,
                  {"key": "timeout.seconds", "plans": ["gen2"], "triggers": ["http", "queue", "schedule"], "min": 1,
                   "max": 60, "asOf": "x", "source": "y"},
                  {"key": "timeout.seconds", "plans": ["gen2"], "triggers": ["storage"], "min": 1, "max": 30,
                   "asOf": "x", "source": "y"}""";
        assertThatThrownBy(() -> GcpLimits.of(LimitTable.parse(memoryOnly.formatted(split))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("storage");
    }

    @Test
    void theMappingAcceptsTheTablesMaximaAndRefusesOneMore() throws Exception {
        GcpLimits limits = GcpLimits.get();
        int maxMemory = (int) limits.memoryMb().max();
        int maxHttp = (int) limits.timeout(true).max();
        int maxEvent = (int) limits.timeout(false).max();

        assertThat(desired(http(maxMemory, maxHttp, Map.of("gcp.cpu", "8"))).getServiceConfig().getAvailableMemory())
                .isEqualTo(maxMemory + "Mi");
        assertThatThrownBy(() -> desired(http(maxMemory + 1, 60, Map.of("gcp.cpu", "8"))))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("memoryMb " + (maxMemory + 1) + " is outside " + limits.memoryMb().min() + ".."
                        + maxMemory + " MiB");
        assertThatThrownBy(() -> desired(http((int) limits.memoryMb().min() - 1, 60, Map.of())))
                .hasMessageContaining("is outside");
        assertThatThrownBy(() -> desired(http(256, maxHttp + 1, Map.of())))
                .hasMessageContaining("timeoutSeconds " + (maxHttp + 1) + " > " + maxHttp + " s")
                .hasMessageContaining("HTTP");

        FunctionSpec queue = new FunctionSpec("orders", "com.example.Worker", FunctionShape.QUEUE,
                new Trigger.Queue("q", 1, 3), 512, maxEvent, Map.of(), 0, 0, FunctionSpec.PackageType.ZIP, Map.of());
        assertThat(desired(queue).getServiceConfig().getTimeoutSeconds()).isEqualTo(maxEvent);
        FunctionSpec tooLong = new FunctionSpec("orders", "com.example.Worker", FunctionShape.QUEUE,
                new Trigger.Queue("q", 1, 3), 512, maxEvent + 1, Map.of(), 0, 0, FunctionSpec.PackageType.ZIP, Map.of());
        assertThatThrownBy(() -> desired(tooLong)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.getMessage()).contains("timeoutSeconds " + (maxEvent + 1) + " > " + maxEvent + " s")
                    .contains("event-driven");
            assertThat(e.suggestion()).contains("at most " + maxEvent);
        });
    }

    @Test
    void theMappingRefusesMoreConcurrencyOrEnvironmentThanTheTableAllows() {
        GcpLimits limits = GcpLimits.get();
        FunctionSpec crowded = new FunctionSpec("crowded", "com.example.Hello", FunctionShape.HTTP,
                new Trigger.Http(List.of(), true), 2048, 60, Map.of(), (int) limits.maxConcurrency() + 1, 0,
                FunctionSpec.PackageType.ZIP, Map.of("gcp.cpu", "1"));
        assertThatThrownBy(() -> desired(crowded))
                .hasMessageContaining("maxConcurrency " + (limits.maxConcurrency() + 1) + " > " + limits.maxConcurrency());

        FunctionSpec heavy = new FunctionSpec("heavy", "com.example.Hello", FunctionShape.HTTP,
                new Trigger.Http(List.of(), true), 256, 60,
                Map.of("BIG", "x".repeat((int) limits.maxEnvironmentBytes())), 0, 0, FunctionSpec.PackageType.ZIP,
                Map.of());
        assertThatThrownBy(() -> desired(heavy)).hasMessageContaining("bytes > " + FunctionMapping.kib(
                limits.maxEnvironmentBytes()));
        assertThat(FunctionMapping.kib(32768)).isEqualTo("32 KiB");
        assertThat(FunctionMapping.kib(1000)).isEqualTo("1000 bytes");
    }

    private static FunctionSpec http(int memory, int timeout, Map<String, String> options) {
        return GcpTestSupport.http("hello", memory, timeout, options);
    }

    private com.google.cloud.functions.v2.Function desired(FunctionSpec fn) throws Exception {
        GcpSettings settings = GcpSettings.from("set",
                new ProviderConfig("set", Map.of("gcp.project", "p-limits"), null, null), Map.of());
        Artifact a = GcpTestSupport.zip(dir, fn.name(), "code");
        return FunctionMapping.desired(settings, new DeployUnit("set", fn.name(), List.of(fn), a, "c", Map.of()))
                .function();
    }
}
