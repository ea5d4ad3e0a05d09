package dev.faasport.limits;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Knative Serving's documented defaults: HTTP only, timeoutSeconds up to 600, containerConcurrency up to 1000. */
class KnativeLimitsTest {
    final LimitChecker checker = new LimitChecker();

    static DeployUnit unit(String name, Trigger trigger, int timeout, int concurrency) {
        FunctionSpec f = Units.spec(name, trigger, 512, timeout, Map.of(), concurrency, 0,
                FunctionSpec.PackageType.IMAGE, Map.of());
        return new DeployUnit("set", name, List.of(f), new Artifact(PackageFormat.OCI_IMAGE, null, "a".repeat(64),
                1000, 3000, "127.0.0.1:5000/t/set/" + name + "@sha256:" + "a".repeat(64)), "hash", Map.of());
    }

    List<Finding> findings(DeployUnit u, String key, Map<String, Long> live) {
        return checker.check("knative", null, List.of(u), live).findings().stream().filter(f -> f.key().equals(key)).toList();
    }

    @Test
    void eventTriggersDoNotFitAKnativeService() {
        assertThat(findings(unit("api", new Trigger.Http(List.of(), true), 30, 0), "trigger.kinds", Map.of()))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.FITS);
        Finding queue = findings(unit("orders", new Trigger.Queue("orders", 10, 3), 30, 0), "trigger.kinds", Map.of()).get(0);
        assertThat(queue.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(queue.message()).contains("'orders'").contains("Knative Serving").contains("trigger kind queue is not supported")
                .contains("supported: http").contains("knative.dev/docs/serving").contains("through Knative Eventing");
        assertThat(queue.fixes()).anySatisfy(fix -> assertThat(fix).contains("an http trigger"))
                .anySatisfy(fix -> assertThat(fix).contains("a provider with queue triggers"));
    }

    @Test
    void timeoutUpToTheDefaultMaximumAndTheClusterValueWins() {
        Trigger http = new Trigger.Http(List.of(), true);
        assertThat(findings(unit("api", http, 600, 0), "timeout.seconds", Map.of()).get(0).severity()).isEqualTo(Severity.FITS);
        Finding over = findings(unit("api", http, 601, 0), "timeout.seconds", Map.of()).get(0);
        assertThat(over.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(over.message()).contains("601 s").contains("600 s").contains("config-defaults");
        // a cluster whose operator raised max-revision-timeout-seconds: its value replaces the default
        assertThat(findings(unit("api", http, 601, 0), "timeout.seconds", Map.of("timeout.seconds", 3600L)).get(0)
                .severity()).isEqualTo(Severity.FITS);
    }

    @Test
    void concurrencyAndServiceNames() {
        Trigger http = new Trigger.Http(List.of(), true);
        assertThat(findings(unit("api", http, 30, 1000), "concurrency.max", Map.of()).get(0).severity()).isEqualTo(Severity.FITS);
        assertThat(findings(unit("api", http, 30, 1001), "concurrency.max", Map.of()).get(0).severity()).isEqualTo(Severity.VIOLATION);
        assertThat(findings(unit("a" + "b".repeat(62), http, 30, 0), "function.name", Map.of()).get(0).severity())
                .isEqualTo(Severity.FITS);
        for (String bad : List.of("a" + "b".repeat(63), "Hello", "1st", "end-", "under_score")) {
            assertThat(findings(unit(bad, http, 30, 0), "function.name", Map.of()).get(0).severity()).as(bad)
                    .isEqualTo(Severity.VIOLATION);
        }
    }

    @Test
    void memoryAndImageSizeAreNotKnativeLimits() {
        DeployUnit u = unit("api", new Trigger.Http(List.of(), true), 30, 0);
        assertThat(findings(u, "memory.mb", Map.of()).get(0).severity()).isEqualTo(Severity.UNDOCUMENTED);
        assertThat(findings(u, "package.image.bytes", Map.of()).get(0).severity()).isEqualTo(Severity.UNDOCUMENTED);
    }
}
