package dev.faasport.core.migrate;

import dev.faasport.limits.LimitTable;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TargetMapperTest {

    private static FunctionSpec spec(int memory, int timeout, Trigger trigger, Map<String, String> env) {
        return new FunctionSpec("job", "com.example.Job", FunctionShape.TYPED, trigger, memory, timeout, env, 10, 2,
                FunctionSpec.PackageType.ZIP, Map.of());
    }

    private static FunctionSpec http(int memory, int timeout) {
        return spec(memory, timeout, new Trigger.Http(List.of(), false), Map.of());
    }

    private static TargetMapper to(String id, String plan, boolean cap) {
        return new TargetMapper("aws", id, LimitTable.load(id), plan, cap);
    }

    @Test
    void roundsMemoryUpToTheTargetsAllowedValues() {
        FunctionMigration gen1 = to("gcp", "gen1", false).map(http(1000, 60), http(1000, 60), Map.of());
        assertThat(gen1.target().memoryMb()).isEqualTo(1024);
        assertThat(gen1.changes()).extracting(FunctionMigration.Item::field).contains("memory", "maxConcurrency");
        assertThat(gen1.changes()).filteredOn(i -> i.field().equals("memory")).singleElement()
                .satisfies(i -> assertThat(i.from() + " -> " + i.to()).isEqualTo("1000 MB -> 1024 MB"));
        // gen1 runs one request per instance: concurrency is capped, not blocked
        assertThat(gen1.target().maxConcurrency()).isEqualTo(1);

        assertThat(to("aws", null, false).map(http(100, 60), null, Map.of()).target().memoryMb()).isEqualTo(128);
        assertThat(to("gcp", "gen1", false).map(http(9000, 60), null, Map.of()).blockers())
                .singleElement().satisfies(b -> assertThat(b.message()).contains("memory 9000 MB > 8192 MB")
                        .contains("deploy to the gen2 plan (-Dfaas.gcp.generation=gen2), which allows up to 32768"));
    }

    @Test
    void timeoutsAboveTheMaximumBlockUnlessCapped() {
        Trigger storage = new Trigger.Storage("in", null, null, null);
        FunctionMigration blocked = to("gcp", "gen2", false).map(spec(256, 900, storage, Map.of()), null, Map.of());
        assertThat(blocked.target()).isNull();
        assertThat(blocked.blockers()).singleElement().satisfies(b -> assertThat(b.reason())
                .isEqualTo("Function 'job': timeout 900 s > 540 s on Google Cloud Functions (gen2 plan)"));

        FunctionMigration capped = to("gcp", "gen2", true).map(spec(256, 900, storage, Map.of()), null, Map.of());
        assertThat(capped.blockers()).isEmpty();
        assertThat(capped.target().timeoutSeconds()).isEqualTo(540);
        assertThat(capped.notes()).anyMatch(n -> n.startsWith("timeout capped at 540 s"));
        // HTTP functions get an hour on gen2: nothing to cap
        assertThat(to("gcp", "gen2", false).map(http(256, 900), null, Map.of()).target().timeoutSeconds()).isEqualTo(900);
    }

    @Test
    void consumptionPlansKeepNoWarmInstancesAndQueueBatchesAreFitted() {
        FunctionMigration m = to("azure", null, false).map(spec(256, 60, new Trigger.Queue("q", 100, 3), Map.of()),
                null, Map.of());
        assertThat(m.target().minInstances()).isZero();
        assertThat(((Trigger.Queue) m.target().trigger()).batchSize()).isEqualTo(32);
        assertThat(m.changes()).extracting(FunctionMigration.Item::field).contains("minInstances", "batchSize");
    }

    @Test
    void carriesTheSourcesEnvironmentOverAndFlagsSecretsWithoutTheirValues() {
        FunctionSpec project = spec(256, 60, new Trigger.Http(List.of(), false), Map.of("MODE", "prod", "REGION", "eu"));
        FunctionSpec live = spec(256, 60, new Trigger.Http(List.of(), false), Map.of("MODE", "test", "API_TOKEN", "t0k3n",
                "FAASPORT_FUNCTION", "job", "ENDPOINT", "AKIAABCDEFGHIJKLMNOP"));
        FunctionMigration m = to("gcp", null, false).map(project, live, Map.of());
        assertThat(m.target().environment()).containsOnlyKeys("MODE", "REGION", "API_TOKEN", "ENDPOINT")
                .containsEntry("MODE", "prod");
        assertThat(m.notes()).anyMatch(n -> n.startsWith("environment variable API_TOKEN looks like a secret"))
                .anyMatch(n -> n.startsWith("environment variable ENDPOINT looks like a secret"))
                .noneMatch(n -> n.contains("MODE"));
        String everything = m.items().toString() + m.notes() + m.blockers();
        assertThat(everything).doesNotContain("t0k3n").doesNotContain("AKIAABCDEFGHIJKLMNOP").doesNotContain("prod")
                .doesNotContain("test");
    }

    @Test
    void anUnconvertibleScheduleBlocks() {
        FunctionMigration m = to("azure", null, false).map(spec(256, 60, new Trigger.Schedule("cron(0 10 ? * 6L *)"),
                Map.of()), null, Map.of());
        assertThat(m.blockers()).singleElement().satisfies(b -> assertThat(b.message())
                .contains("cannot be expressed on Azure Functions as NCRONTAB").contains("uses L, W or #"));
    }

    @Test
    void secretHeuristics() {
        assertThat(SecretValues.looksSecret("DB_PASSWORD", "x")).isTrue();
        assertThat(SecretValues.looksSecret("stripe_key", "x")).isTrue();
        assertThat(SecretValues.looksSecret("NOTE", "-----BEGIN PRIVATE KEY-----")).isTrue();
        assertThat(SecretValues.looksSecret("NOTE", "wJalrXUtnFEMI7K7MDENGbPxRfiCYEXAMPLEKEY")).isTrue();
        assertThat(SecretValues.looksSecret("NOTE", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc")).isTrue();
        assertThat(SecretValues.looksSecret("GREETING", "hello world")).isFalse();
        assertThat(SecretValues.looksSecret("URL", "https://example.com/a/very/long/path/that/is/not/a/key1A")).isFalse();
        assertThat(SecretValues.looksSecret("MODE", "production")).isFalse();
    }
}
