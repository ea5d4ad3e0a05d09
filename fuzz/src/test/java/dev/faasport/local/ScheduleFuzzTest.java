package dev.faasport.local;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.faasport.spi.CronExpressions;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Schedule expressions come from the user's POM: every one is parsed or refused with a message, never a crash. */
class ScheduleFuzzTest {

    private static final Instant START = Instant.parse("2026-12-07T10:15:30Z");

    @FuzzTest(maxDuration = "20s")
    void cronAndRateExpressions(@NotNull String expression) {
        ScheduleExpression parsed;
        try {
            parsed = ScheduleExpression.parse("fuzzed", expression);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).contains("perhaps you should");
            parsed = null;
        }
        if (parsed != null) {
            Instant next = parsed.next(START);
            if (next != null) {
                assertThat(next).isAfter(START);
            }
        }
        for (String format : new String[] {"unix-cron"}) {
            try {
                assertThat(CronExpressions.toUnixCron(expression, format)).isNotBlank();
            } catch (CronExpressions.Unconvertible refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
        try {
            assertThat(CronExpressions.toNcrontab(expression)).isNotBlank();
        } catch (CronExpressions.Unconvertible refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
