package dev.faasport.core;

import dev.faasport.core.deploy.RetryPolicy;
import dev.faasport.core.fake.FakeProvider;
import dev.faasport.core.fake.FakeSession;
import dev.faasport.core.session.Target;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.faasport.core.fake.Units.desired;
import static org.assertj.core.api.Assertions.assertThat;

class DeployBenchmarkTest {

    @Test
    void measuresTheThreeScenariosAgainstSequential() {
        FakeProvider.reset();
        FakeSession target = FakeProvider.target("fake");
        target.latencyMillis = 20;
        List<DeployUnit> initial = IntStream.range(0, 8)
                .mapToObj(i -> desired("bench", "fn-" + i, "sha" + i, "c")).toList();
        List<DeployUnit> oneChanged = new ArrayList<>(initial);
        oneChanged.set(3, desired("bench", "fn-3", "sha3-new", "c"));

        DeployBenchmark.Result result = DeployBenchmark.run(new Faasport(ProviderConfig.Log.silent(),
                        DeployBenchmarkTest.class.getClassLoader()), new Target("fake", Map.of(), Path.of("target")),
                "bench", initial, oneChanged, 4, RetryPolicy.NONE, 1);

        assertThat(result.timings()).extracting(DeployBenchmark.Timing::scenario, DeployBenchmark.Timing::parallelism,
                DeployBenchmark.Timing::changedUnits).containsExactly(
                org.assertj.core.groups.Tuple.tuple("new", 4, 8L),
                org.assertj.core.groups.Tuple.tuple("new", 1, 8L),
                org.assertj.core.groups.Tuple.tuple("unchanged", 4, 0L),
                org.assertj.core.groups.Tuple.tuple("unchanged", 1, 0L),
                org.assertj.core.groups.Tuple.tuple("one changed", 4, 1L),
                org.assertj.core.groups.Tuple.tuple("one changed", 1, 1L));
        // 8 creates at 20 ms: sequential takes at least 160 ms, 4 at once about a quarter of that
        assertThat(result.timings().get(0).median()).isLessThan(result.timings().get(1).median());
        assertThat(result.timings().get(1).median().toMillis()).isGreaterThanOrEqualTo(160);
        assertThat(result.markdown()).startsWith("| scenario (8 units, fake) | parallel | sequential | ratio |")
                .contains("| unchanged | ");
        assertThat(target.units).isEmpty();
    }
}
