package dev.faasport.local;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A schedule trigger is parsed once at deploy time (the SPI's Schedule; its own cases are in ScheduleTest). */
class ScheduleTriggerTest {

    private static Map<String, Object> trigger(String expression) {
        Map<String, Object> t = new HashMap<>();
        t.put("kind", "schedule");
        t.put("expression", expression);
        return t;
    }

    @Test
    void aScheduleTriggerIsParsedAtDeployTime() {
        assertThat(LocalRuntime.checkTrigger("f", "schedule", trigger(" cron(0/5 * * * ? *) ")).next(
                Instant.parse("2026-11-27T10:03:10Z"))).isEqualTo("2026-11-27T10:05:00Z");
        assertThat(LocalRuntime.checkTrigger("f", "schedule", trigger("rate(1 hour)")).isRate()).isTrue();
        assertThat(LocalRuntime.checkTrigger("f", "http", Map.of())).isNull();
    }

    @Test
    void malformedExpressionsNameTheFunctionTheReasonAndTheFix() {
        assertThatThrownBy(() -> LocalRuntime.checkTrigger("nightly", "schedule", trigger("cron(0 12 * * *)")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Function 'nightly': schedule 'cron(0 12 * * *)' is not valid: a cron expression has 6 fields"
                        + " (minutes hours day-of-month month day-of-week year), found 5, perhaps you should write"
                        + " cron(minutes hours day-of-month month day-of-week year) or rate(N unit), e.g."
                        + " cron(0 12 * * ? *) or rate(5 minutes)");
        assertThatThrownBy(() -> LocalRuntime.checkTrigger("f", "schedule", trigger("cron(61 12 * * ? *)")))
                .hasMessageContaining("minutes 61 is outside 0-59").hasMessageContaining("perhaps you should");
        assertThatThrownBy(() -> LocalRuntime.checkTrigger("f", "schedule", trigger("rate(1 minutes)")))
                .hasMessageContaining("singular unit");
        assertThatThrownBy(() -> LocalRuntime.checkTrigger("f", "schedule", new HashMap<>()))
                .hasMessageContaining("Function 'f': schedule '' is not valid: it is empty, perhaps you should");
    }
}
