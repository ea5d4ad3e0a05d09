package dev.faasport.local;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.faasport.spi.Schedule;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schedule expressions come from the user's POM: every one is parsed or refused with a message, never a crash, and a
 * parsed one converts to every dialect or is refused with a reason. (In this package for its kept inputs' path.)
 */
class ScheduleFuzzTest {

    private static final Instant START = Instant.parse("2026-12-07T10:15:30Z");

    @FuzzTest(maxDuration = "20s")
    void cronAndRateExpressions(@NotNull String expression) {
        Schedule parsed;
        try {
            parsed = Schedule.parse(expression);
        } catch (Schedule.Refused refused) {
            assertThat(refused.getMessage()).isNotBlank();
            assertThat(refused.suggestion()).contains("perhaps you should");
            return;
        }
        Instant next = parsed.next(START);
        if (next != null) {
            assertThat(next).isAfter(START);
        }
        for (Schedule.Dialect dialect : Schedule.Dialect.values()) {
            try {
                assertThat(parsed.in(dialect)).isNotBlank();
            } catch (Schedule.Refused refused) {
                assertThat(refused.dialect()).contains(dialect);
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
    }
}
