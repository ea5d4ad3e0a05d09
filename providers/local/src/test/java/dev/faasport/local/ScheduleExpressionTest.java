package dev.faasport.local;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleExpressionTest {

    static Instant next(String expression, String after) {
        return ScheduleExpression.parse("f", expression).next(Instant.parse(after));
    }

    @Test
    void ratesAddTheirIntervalToTheLastFire() {
        assertThat(next("rate(5 minutes)", "2026-11-27T10:00:30Z")).isEqualTo("2026-11-27T10:05:30Z");
        assertThat(next("rate(1 hour)", "2026-11-27T10:00:00Z")).isEqualTo("2026-11-27T11:00:00Z");
        assertThat(next("rate(2 days)", "2026-11-27T10:00:00Z")).isEqualTo("2026-11-29T10:00:00Z");
    }

    @Test
    void cronFieldsFollowEventBridge() {
        // every 5 minutes from minute 0
        assertThat(next("cron(0/5 * * * ? *)", "2026-11-27T10:03:10Z")).isEqualTo("2026-11-27T10:05:00Z");
        // noon UTC daily; strictly after the given time
        assertThat(next("cron(0 12 * * ? *)", "2026-11-27T12:00:00Z")).isEqualTo("2026-11-28T12:00:00Z");
        // 2026-11-27 is a Friday: the next MON-FRI 08:15 is Monday the 30th
        assertThat(next("cron(15 8 ? * MON-FRI *)", "2026-11-27T09:00:00Z")).isEqualTo("2026-11-30T08:15:00Z");
        // day-of-week numbers: 1 = Sunday
        assertThat(next("cron(0 0 ? * 1 *)", "2026-11-27T00:00:00Z")).isEqualTo("2026-11-29T00:00:00Z");
        // last day of the month, and of February in a leap year
        assertThat(next("cron(0 0 L * ? *)", "2026-11-27T00:00:00Z")).isEqualTo("2026-11-30T00:00:00Z");
        assertThat(next("cron(0 0 L 2 ? 2028)", "2026-11-27T00:00:00Z")).isEqualTo("2028-02-29T00:00:00Z");
        // first Monday (2#1) of December 2026 is the 7th; last Friday (6L) of November 2026 is the 27th
        assertThat(next("cron(0 10 ? DEC 2#1 *)", "2026-11-27T00:00:00Z")).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(next("cron(0 10 ? * 6L *)", "2026-11-01T00:00:00Z")).isEqualTo("2026-11-27T10:00:00Z");
        // weekday nearest the 1st of August 2026 (a Saturday) is Monday the 3rd; LW of Jan 2027 (31st a Sunday) is Friday the 29th
        assertThat(next("cron(0 0 1W 8 ? 2026)", "2026-01-01T00:00:00Z")).isEqualTo("2026-08-03T00:00:00Z");
        assertThat(next("cron(0 0 LW 1 ? 2027)", "2026-11-27T00:00:00Z")).isEqualTo("2027-01-29T00:00:00Z");
        // lists and names
        assertThat(next("cron(0,30 9 1,15 JAN,JUL ? *)", "2026-11-27T00:00:00Z")).isEqualTo("2027-01-01T09:00:00Z");
        // a year in the past never fires again
        assertThat(next("cron(0 0 1 1 ? 2020)", "2026-11-27T00:00:00Z")).isNull();
    }

    @Test
    void malformedExpressionsNameTheFunctionAndTheFix() {
        assertThatThrownBy(() -> ScheduleExpression.parse("nightly", "cron(0 12 * * *)"))
                .hasMessageContaining("Function 'nightly' has the schedule expression 'cron(0 12 * * *)'")
                .hasMessageContaining("6 fields");
        assertThatThrownBy(() -> ScheduleExpression.parse("f", "cron(0 12 * * * *)")).hasMessageContaining("exactly one of day-of-month and day-of-week must be '?'");
        assertThatThrownBy(() -> ScheduleExpression.parse("f", "cron(61 12 * * ? *)")).hasMessageContaining("minutes field a value from 0 to 59 instead of '61'");
        assertThatThrownBy(() -> ScheduleExpression.parse("f", "cron(0 12 ? * FUNDAY *)")).hasMessageContaining("day-of-week");
        assertThatThrownBy(() -> ScheduleExpression.parse("f", "rate(1 minutes)")).hasMessageContaining("singular for 1");
        assertThatThrownBy(() -> ScheduleExpression.parse("f", "rate(0 hours)")).hasMessageContaining("positive whole number");
        assertThatThrownBy(() -> ScheduleExpression.parse("f", "rate(5 weeks)")).hasMessageContaining("rate(5 minutes)");
        assertThatThrownBy(() -> ScheduleExpression.parse("f", "every day")).hasMessageContaining("cron(0 12 * * ? *)");
        assertThatThrownBy(() -> ScheduleExpression.parse("f", null)).hasMessageContaining("perhaps you should");
    }
}
