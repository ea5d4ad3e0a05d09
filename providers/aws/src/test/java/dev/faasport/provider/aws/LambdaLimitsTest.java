package dev.faasport.provider.aws;

import dev.faasport.limits.Limit;
import dev.faasport.limits.LimitTable;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdaLimitsTest {

    @Test
    void theProviderReadsTheBoundsFaasCheckReads() {
        LimitTable table = LimitTable.load(AwsProvider.ID);
        Limit memory = table.find("memory.mb", null, null).orElseThrow();
        Limit timeout = table.find("timeout.seconds", null, null).orElseThrow();

        LambdaLimits limits = LambdaLimits.get();

        assertThat(limits.memoryMb()).isEqualTo(new LambdaLimits.Range(memory.min(), memory.max()));
        assertThat(limits.timeoutSeconds()).isEqualTo(new LambdaLimits.Range(timeout.min(), timeout.max()));
        assertThat(limits.maxTimeout()).isEqualTo(Duration.ofSeconds(timeout.max()));
    }

    @Test
    void boundsForOnePlanOrTriggerAreNotTheFunctionsBounds() {
        String json = """
                {"limits": [
                  {"key": "memory.mb", "plans": ["big"], "min": 1, "max": 99999},
                  {"key": "memory.mb", "min": 64, "max": 2048},
                  {"key": "timeout.seconds", "triggers": ["http"], "min": 1, "max": 30},
                  {"key": "timeout.seconds", "min": 2, "max": 60}
                ]}""";
        LambdaLimits limits = LambdaLimits.parse(json);
        assertThat(limits.memoryMb()).isEqualTo(new LambdaLimits.Range(64, 2048));
        assertThat(limits.timeoutSeconds()).isEqualTo(new LambdaLimits.Range(2, 60));
    }

    @Test
    void aTableWithoutTheBoundsIsRefused() {
        assertThatThrownBy(() -> LambdaLimits.parse("{\"limits\": [{\"key\": \"memory.mb\", \"min\": 128, \"max\": 1}]}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("timeout.seconds");
    }
}
