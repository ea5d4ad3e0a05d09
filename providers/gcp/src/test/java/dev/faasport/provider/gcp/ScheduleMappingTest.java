package dev.faasport.provider.gcp;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The neutral schedule becomes a Cloud Scheduler job on the unix-cron the SPI's Schedule converts it to, or an error. */
class ScheduleMappingTest {
    @TempDir
    Path dir;

    private FunctionMapping.Desired desired(String expression) throws Exception {
        FunctionSpec fn = GcpTestSupport.withTrigger("jobs", FunctionShape.SCHEDULE, new Trigger.Schedule(expression));
        GcpSettings settings = GcpSettings.from("set", new ProviderConfig("set", Map.of("gcp.project", "p-mapping"), null,
                null), Map.of());
        return FunctionMapping.desired(settings, new DeployUnit("set", "jobs", List.of(fn),
                GcpTestSupport.zip(dir, "jobs", "code"), "c", Map.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cron(0 3 ? * MON-FRI *)|0 3 * * MON-FRI",
            "cron(15 10 * * ? *)|15 10 * * *",
            "cron(0 12 ? * 2 *)|0 12 * * 1",
            "cron(0/5 8-17 ? * 2-6 *)|0-59/5 8-17 * * 1-5",
            "cron(30 0/6 ? * 2/2 *)|30 0-23/6 * * 1-6/2",
            "cron(0 0 1 * ? *)|0 0 1 * *",
            "rate(5 minutes)|*/5 * * * *",
            "rate(1 minute)|* * * * *",
            "rate(1 hour)|0 * * * *",
            "rate(6 hours)|0 */6 * * *",
            "rate(1 day)|0 0 * * *",
            // names holding L or W are names, not the L / W operators
            "cron(0 9 1 JUL ? *)|0 9 1 JUL *",
            "cron(30 18 ? * WED *)|30 18 * * WED",
            "cron(0 8 ? JUL-AUG MON-FRI *)|0 8 * JUL-AUG MON-FRI",
            "cron(0,30 9-17 ? * 2,4,6 *)|0,30 9-17 * * 1,3,5",
            "cron(5/10 * * * ? *)|5-59/10 * * * *",
            "cron(0 0 1/2 * ? *)|0 0 1-31/2 * *",
            "rate(120 minutes)|0 */2 * * *",
            "rate(60 minutes)|0 * * * *",
            "rate(24 hours)|0 0 * * *",
            "rate(30 minutes)|*/30 * * * *",
            "rate(12 hours)|0 */12 * * *"})
    void converts(String neutral, String unix) throws Exception {
        FunctionMapping.Desired d = desired(neutral);
        assertThat(d.schedule().cron()).isEqualTo(unix);
        assertThat(d.schedule().expression()).isEqualTo(neutral);
        assertThat(d.schedule().jobId()).isEqualTo("faasport-jobs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cron(0 10 ? * 6L *)", "cron(0 10 L * ? *)", "cron(0 10 ? * 2#1 *)",
            "cron(0 10 * * ? 2027)", "rate(7 minutes)", "rate(3 days)", "every day", "cron(0 10 *)",
            "cron(0 10 LW * ? *)", "cron(0 10 15W * ? *)", "cron(0 10 ? * FOO *)", "cron(0 10 1 * MON *)",
            "cron(0 10 ? * 8 *)", "rate(90 minutes)", "rate(5 hours)", "rate(48 hours)", "rate(0 minutes)", "rate(2 weeks)",
            // never valid neutral expressions (EventBridge has 6 fields, no '?' year); the former converter took them
            "cron(0 12 * * ? ?)", "cron(0 12 * * ?)",
            "cron(0 10 1,,2 * ? *)", "cron(0 10 * * ? 2026-2028)"})
    void refusesWhatHasNoEquivalent(String neutral) {
        assertThatThrownBy(() -> desired(neutral))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.getMessage()).contains("'jobs'").contains(neutral);
                    assertThat(e.suggestion()).startsWith("perhaps you should");
                });
    }
}
