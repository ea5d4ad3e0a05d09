package dev.faasport.packaging;

import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigHashTest {
    static FunctionSpec spec(String name) {
        return new FunctionSpec(name, "com.example.H", FunctionShape.HTTP, new Trigger.Http(List.of("GET"), true), 256,
                30, Map.of("A", "1", "B", "2"), 0, 0, null, Map.of("aws.snapStart", "true"));
    }

    @Test
    void isIndependentOfOrder() {
        Map<String, String> s1 = new LinkedHashMap<>();
        s1.put("x", "1");
        s1.put("y", "2");
        Map<String, String> s2 = new LinkedHashMap<>();
        s2.put("y", "2");
        s2.put("x", "1");
        assertThat(ConfigHash.of(List.of(spec("a"), spec("b")), s1))
                .isEqualTo(ConfigHash.of(List.of(spec("b"), spec("a")), s2))
                .hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void theEnvironmentHashCountsEachFunctionsVariablesAndNothingElse() {
        FunctionSpec a = spec("a");
        String base = ConfigHash.environment(List.of(a, spec("b")));
        assertThat(ConfigHash.environment(List.of(spec("b"), a))).isEqualTo(base).hasSize(64);
        assertThat(ConfigHash.environment(List.of(new FunctionSpec("a", a.handler(), a.shape(), a.trigger(), 2048, 900,
                a.environment(), 0, 0, null, Map.of()), spec("b")))).as("memory, timeout, options").isEqualTo(base);
        assertThat(ConfigHash.environment(List.of(new FunctionSpec("a", a.handler(), a.shape(), a.trigger(), 256, 30,
                Map.of("A", "1", "B", "3"), 0, 0, null, a.options()), spec("b")))).isNotEqualTo(base);
        assertThat(ConfigHash.environment(List.of(spec("b"), spec("a2")))).as("which function holds them").isNotEqualTo(base);
    }

    @Test
    void everyConfigurationFieldCounts() {
        FunctionSpec b = spec("a");
        String base = ConfigHash.of(List.of(b), Map.of());
        List<FunctionSpec> variants = List.of(
                new FunctionSpec("a2", b.handler(), b.shape(), b.trigger(), 256, 30, b.environment(), 0, 0, null, b.options()),
                new FunctionSpec("a", "com.example.Other", b.shape(), b.trigger(), 256, 30, b.environment(), 0, 0, null, b.options()),
                new FunctionSpec("a", b.handler(), FunctionShape.TYPED, b.trigger(), 256, 30, b.environment(), 0, 0, null, b.options()),
                new FunctionSpec("a", b.handler(), b.shape(), new Trigger.Http(List.of("POST"), true), 256, 30, b.environment(), 0, 0, null, b.options()),
                new FunctionSpec("a", b.handler(), b.shape(), new Trigger.Http(List.of("GET"), false), 256, 30, b.environment(), 0, 0, null, b.options()),
                new FunctionSpec("a", b.handler(), b.shape(), b.trigger(), 512, 30, b.environment(), 0, 0, null, b.options()),
                new FunctionSpec("a", b.handler(), b.shape(), b.trigger(), 256, 31, b.environment(), 0, 0, null, b.options()),
                new FunctionSpec("a", b.handler(), b.shape(), b.trigger(), 256, 30, Map.of("A", "1", "B", "3"), 0, 0, null, b.options()),
                new FunctionSpec("a", b.handler(), b.shape(), b.trigger(), 256, 30, b.environment(), 5, 0, null, b.options()),
                new FunctionSpec("a", b.handler(), b.shape(), b.trigger(), 256, 30, b.environment(), 0, 1, null, b.options()),
                new FunctionSpec("a", b.handler(), b.shape(), b.trigger(), 256, 30, b.environment(), 0, 0, FunctionSpec.PackageType.IMAGE, b.options()),
                new FunctionSpec("a", b.handler(), b.shape(), b.trigger(), 256, 30, b.environment(), 0, 0, null, Map.of()));
        for (FunctionSpec v : variants) {
            assertThat(ConfigHash.of(List.of(v), Map.of())).as(v.toString()).isNotEqualTo(base);
        }
        assertThat(ConfigHash.of(List.of(b), Map.of("azure.plan", "flex"))).isNotEqualTo(base);
        Trigger.Storage s1 = new Trigger.Storage("b", Set.of(Trigger.StorageEventKind.CREATED), "p/", "");
        Trigger.Storage s2 = new Trigger.Storage("b", Set.of(Trigger.StorageEventKind.CREATED), "q/", "");
        assertThat(ConfigHash.of(List.of(Fixtures.fn("s", s1)), Map.of()))
                .isNotEqualTo(ConfigHash.of(List.of(Fixtures.fn("s", s2)), Map.of()));
    }
}
