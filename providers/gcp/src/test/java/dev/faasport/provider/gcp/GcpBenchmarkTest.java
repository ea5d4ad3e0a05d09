package dev.faasport.provider.gcp;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.UnitUpdate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.faasport.provider.gcp.GcpTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 20 functions: new, unchanged, one changed; parallel (a thread pool standing in for the core's apply) against a
 * sequential baseline, on the test server with a per-call latency. Rerun with
 * {@code mvn -pl providers/gcp test -Dtest=GcpBenchmarkTest -Dgcp.benchmark.exclude=none}; knobs:
 * {@code -Dgcp.bench.latencyMillis=50 -Dgcp.bench.buildMillis=500 -Dgcp.bench.threads=8}. Writes
 * {@code target/benchmark/gcp-benchmark.md}.
 */
@Tag("benchmark")
class GcpBenchmarkTest {
    private static final int FUNCTIONS = 20;

    @TempDir
    Path dir;

    record Phase(String name, long millis, int creates, int updates, int uploads, int apiCalls) {
    }

    @Test
    void newUnchangedOneChanged() throws Exception {
        long latency = Long.getLong("gcp.bench.latencyMillis", 50);
        long build = Long.getLong("gcp.bench.buildMillis", 500);
        int threads = Integer.getInteger("gcp.bench.threads", 8);
        List<Phase> sequential = run(1, latency, build);
        List<Phase> parallel = run(threads, latency, build);
        StringBuilder md = new StringBuilder("# Google Cloud Functions provider benchmark\n\n")
                .append("Run ").append(Instant.now()).append(", ").append(FUNCTIONS).append(" HTTP functions, test server ")
                .append("latency ").append(latency).append(" ms per API call, builds ").append(build)
                .append(" ms, operations polled every 100 ms.\n\n")
                .append("| phase | threads | time ms | creates | updates | uploads | API calls |\n|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < sequential.size(); i++) {
            for (var p : List.of(sequential.get(i), parallel.get(i))) {
                md.append("| ").append(p.name).append(" | ").append(p == sequential.get(i) ? 1 : threads).append(" | ")
                        .append(p.millis).append(" | ").append(p.creates).append(" | ").append(p.updates).append(" | ")
                        .append(p.uploads).append(" | ").append(p.apiCalls).append(" |\n");
            }
        }
        Path out = Path.of("target", "benchmark", "gcp-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.println(md);
        Phase unchanged = parallel.get(1);
        assertThat(unchanged.uploads).isZero();
        assertThat(unchanged.millis).isLessThan(2000);
        assertThat(parallel.get(2).uploads).isEqualTo(1);
    }

    private List<Phase> run(int threads, long latency, long build) throws Exception {
        List<Phase> phases = new ArrayList<>();
        try (FakeCloudFunctions server = new FakeCloudFunctions()) {
            server.latencyMillis = latency;
            server.operationDelayMillis = build;
            Map<String, String> props = props(server);
            props.put("gcp.pollMillis", "100");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try (ProviderSession s = open("bench", props)) {
                List<DeployUnit> units = new ArrayList<>();
                for (int i = 0; i < FUNCTIONS; i++) {
                    units.add(unit("bench", http("bench-fn-" + i, 256, 30, Map.of()), zip(dir, "b" + i, "v1-" + i), "c"));
                }
                phases.add(phase("new", server, () -> applyAll(pool, s, plan(s, units))));
                phases.add(phase("unchanged", server, () -> applyAll(pool, s, plan(s, units))));
                units.set(7, unit("bench", http("bench-fn-7", 256, 30, Map.of()), zip(dir, "b7", "v2-7"), "c"));
                phases.add(phase("one changed", server, () -> applyAll(pool, s, plan(s, units))));
            } finally {
                pool.shutdownNow();
            }
        }
        return phases;
    }

    /** The core's job, reduced to what the benchmark needs: compare recorded hashes with the desired ones. */
    private static List<UnitUpdate> plan(ProviderSession s, List<DeployUnit> units) throws Exception {
        Map<String, DeployedUnit> live = s.list().stream().collect(Collectors.toMap(DeployedUnit::name, Function.identity()));
        List<UnitUpdate> changes = new ArrayList<>();
        for (DeployUnit u : units) {
            DeployedUnit d = live.get(u.name());
            UnitUpdate.Kind kind = d == null ? UnitUpdate.Kind.CREATE
                    : !u.artifact().sha256().equals(d.artifactSha256()) ? UnitUpdate.Kind.UPDATE_CODE
                    : !u.configHash().equals(d.configHash()) ? UnitUpdate.Kind.UPDATE_CONFIG : null;
            if (kind != null) { // unchanged: nothing to send
                changes.add(new UnitUpdate(kind, u, d));
            }
        }
        return changes;
    }

    private static void applyAll(ExecutorService pool, ProviderSession s, List<UnitUpdate> changes) throws Exception {
        List<Future<DeployedUnit>> futures = new ArrayList<>();
        for (UnitUpdate c : changes) {
            futures.add(pool.submit(() -> s.apply(c)));
        }
        for (Future<DeployedUnit> f : futures) {
            f.get();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Phase phase(String name, FakeCloudFunctions server, Step step) throws Exception {
        int c = server.creates.get();
        int u = server.updates.get();
        int up = server.uploads.get();
        int api = server.apiCalls.get();
        long start = System.nanoTime();
        step.run();
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new Phase(name, ms, server.creates.get() - c, server.updates.get() - u, server.uploads.get() - up,
                server.apiCalls.get() - api);
    }
}
