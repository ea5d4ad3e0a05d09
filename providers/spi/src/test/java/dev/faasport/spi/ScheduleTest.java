package dev.faasport.spi;

import dev.faasport.spi.Schedule.Dialect;
import dev.faasport.spi.Schedule.Refused;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Parsing, next runs and every dialect (cases from the former local, packaging, core and Google parsers' tests). */
class ScheduleTest {

    static Instant next(String expression, String after) {
        return Schedule.parse(expression).next(Instant.parse(after));
    }

    @Test
    void ratesAddTheirIntervalToTheLastRun() {
        assertThat(next("rate(5 minutes)", "2026-11-27T10:00:30Z")).isEqualTo("2026-11-27T10:05:30Z");
        assertThat(next("rate(1 hour)", "2026-11-27T10:00:00Z")).isEqualTo("2026-11-27T11:00:00Z");
        assertThat(next("rate(2 days)", "2026-11-27T10:00:00Z")).isEqualTo("2026-11-29T10:00:00Z");
        assertThat(Schedule.parse("rate(2 days)").isRate()).isTrue();
        assertThat(Schedule.parse("cron(0 12 * * ? *)").isRate()).isFalse();
    }

    @Test
    void cronFieldsFollowEventBridge() {
        // every 5 minutes from minute 0
        assertThat(next("cron(0/5 * * * ? *)", "2026-11-27T10:03:10Z")).isEqualTo("2026-11-27T10:05:00Z");
        // noon UTC daily; strictly after the given time
        assertThat(next("cron(0 12 * * ? *)", "2026-11-27T12:00:00Z")).isEqualTo("2026-11-28T12:00:00Z");
        // 2026-11-27 is a Friday: the next MON-FRI 08:15 is Monday the 30th
        assertThat(next("cron(15 8 ? * MON-FRI *)", "2026-11-27T09:00:00Z")).isEqualTo("2026-11-30T08:15:00Z");
        // names in any case
        assertThat(next("cron(15 8 ? * mon-fri *)", "2026-11-27T09:00:00Z")).isEqualTo("2026-11-30T08:15:00Z");
        // day-of-week numbers: 1 = Sunday
        assertThat(next("cron(0 0 ? * 1 *)", "2026-11-27T00:00:00Z")).isEqualTo("2026-11-29T00:00:00Z");
        // L alone in day-of-week is the last day of the week, Saturday
        assertThat(next("cron(0 0 ? * L *)", "2026-11-27T00:00:00Z")).isEqualTo("2026-11-28T00:00:00Z");
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
        // a list mixing a day and L: the 15th or the last day
        assertThat(next("cron(0 0 15,L * ? *)", "2026-11-16T00:00:00Z")).isEqualTo("2026-11-30T00:00:00Z");
        // a year in the past never runs again; a future year is reached without walking every day
        assertThat(next("cron(0 0 1 1 ? 2020)", "2026-11-27T00:00:00Z")).isNull();
        assertThat(next("cron(0 0 1 1 ? 2199)", "2026-11-27T00:00:00Z")).isEqualTo("2199-01-01T00:00:00Z");
    }

    @Test
    void validExpressionsParse() {
        for (String s : List.of("rate(1 minute)", "rate(15 minutes)", "rate(2 days)", "rate( 5  minutes )",
                "cron(0 12 * * ? *)", " cron( 0 12 * * ? * ) ", "cron(0/15 * ? * MON-FRI *)", "cron(0 8 1 * ? *)",
                "cron(0 18 ? * 6L 2027)", "cron(30 9 LW * ? *)", "cron(0 10 ? * MON#2 *)",
                "cron(5,35 14 * JAN-MAR ? 2026-2030)", "cron(*/90 * * * ? *)", "cron(0 0 ? * L *)")) {
            assertThat(Schedule.problem(s)).as(s).isNull();
        }
        assertThat(Schedule.parse(" rate(1 day) ").expression()).isEqualTo("rate(1 day)");
        assertThat(Schedule.parse("rate(1 day)")).isEqualTo(Schedule.parse("rate(1 day) "))
                .hasSameHashCodeAs(Schedule.parse(" rate(1 day)")).hasToString("rate(1 day)");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "cron(0 12 * * *)|a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), found 5",
            "cron(0 12 * * ?)|found 5",
            "cron(0 12 * * ? ?)|'?' is only allowed alone in day-of-month or day-of-week, not in year",
            "cron(0 0 * * ? * *)|found 7",
            "rate(5 minute)|a rate above 1 takes the plural unit (minutes)",
            "rate(1 hours)|a rate of 1 takes the singular unit (hour)",
            "rate(1 minutes)|a rate of 1 takes the singular unit (minute)",
            "cron(61 * * * ? *)|minutes 61 is outside 0-59",
            "cron(0 12 * * * *)|exactly one of day-of-month and day-of-week must be '?' (found '*' and '*')",
            "cron(0 0 1 * 2 *)|exactly one of day-of-month and day-of-week must be '?'",
            "cron(0 10 1 * MON *)|exactly one of day-of-month and day-of-week must be '?'",
            "every day|it starts with neither cron( nor rate(",
            "rate(0 minutes)|the rate must be at least 1",
            "rate(0 hours)|the rate must be at least 1",
            "rate(99999999999999999999 days)|is too large",
            "rate(5 weeks)|a rate is 'N unit'",
            "rate(1 week)|a rate is 'N unit'",
            "rate(2 weeks)|a rate is 'N unit'",
            "rate(5 MINUTES)|a rate is 'N unit'",
            "cron(0 12 ? JAN MON#6 *)|day-of-week occurrence 6 is outside 1-5",
            "cron(0 12 ? * FUNDAY *)|'FUNDAY' is not a valid day-of-week value",
            "cron(0 10 ? * FOO *)|'FOO' is not a valid day-of-week value",
            "cron(0 0 * FOO ? *)|'FOO' is not a valid month value",
            "cron(0 0 ? * 8 *)|day-of-week 8 is outside 1-7",
            "cron(0 10 ? * 8 *)|day-of-week 8 is outside 1-7",
            "cron(0 0 ,1 * ? *)|the day-of-month field is empty",
            "cron(0 10 1,,2 * ? *)|the day-of-month field is empty",
            "cron(0 0 $ * ? *)|'$' is not a valid day-of-month value",
            "cron(0 0 * *)|found 4",
            "cron(0 10 *)|found 3",
            "cron(0/0 * * * ? *)|the step '0' in minutes must be a whole number of 1 or more",
            "cron(0 22-2 * * ? *)|the hours range '22-2' runs from high to low",
            "cron(0 0 1 1 ? 1969)|year 1969 is outside 1970-2199"})
    void malformedExpressionsSayWhatIsWrong(String expression, String why) {
        Refused r = catchThrowableOfType(Refused.class, () -> Schedule.parse(expression));
        assertThat(r).as(expression).isNotNull();
        assertThat(r.getMessage()).contains(why);
        assertThat(r.dialect()).isEmpty();
        assertThat(r.fix()).contains("cron(0 12 * * ? *)").contains("rate(5 minutes)");
        assertThat(r.problem("nightly")).isEqualTo("Function 'nightly': schedule '" + expression.trim()
                + "' is not valid: " + r.getMessage());
        assertThat(r.suggestion()).startsWith("perhaps you should write cron(");
        assertThat(Schedule.problem(expression)).isEqualTo(r.getMessage());
    }

    @Test
    void emptyExpressionsAreRefused() {
        for (String e : new String[]{null, "", "  "}) {
            assertThatThrownBy(() -> Schedule.parse(e)).isInstanceOf(Refused.class).hasMessage("it is empty");
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "rate(1 minute)|* * * * *",
            "rate(5 minutes)|*/5 * * * *",
            "rate(30 minutes)|*/30 * * * *",
            "rate(60 minutes)|0 * * * *",
            "rate(120 minutes)|0 */2 * * *",
            "rate(1 hour)|0 * * * *",
            "rate(6 hours)|0 */6 * * *",
            "rate(12 hours)|0 */12 * * *",
            "rate(24 hours)|0 0 * * *",
            "rate(1 day)|0 0 * * *",
            "cron(0 2 * * ? *)|0 2 * * *",
            "cron(0 12 * * ? *)|0 12 * * *",
            "cron(15 10 * * ? *)|15 10 * * *",
            "cron(15 10 ? * 2-6 *)|15 10 * * 1-5",
            "cron(0 3 ? * MON-FRI *)|0 3 * * MON-FRI",
            "cron(0 8 ? * MON-FRI *)|0 8 * * MON-FRI",
            "cron(0 12 ? * 2 *)|0 12 * * 1",
            "cron(0 0 ? * 1 *)|0 0 * * 0",
            "cron(0 8 ? * WED,SAT *)|0 8 * * WED,SAT",
            "cron(0/15 * * * ? *)|0-59/15 * * * *",
            "cron(0/5 8-17 ? * 2-6 *)|0-59/5 8-17 * * 1-5",
            "cron(*/10 9-17 ? * 1,7 *)|*/10 9-17 * * 0,6",
            "cron(30 0/6 ? * 2/2 *)|30 0-23/6 * * 1-6/2",
            "cron(0 6 ? * 1/2 *)|0 6 * * 0-6/2",
            "cron(0 0 1 * ? *)|0 0 1 * *",
            "cron(0 0 1 JAN ? *)|0 0 1 JAN *",
            "cron(30 4 1,15 * ? *)|30 4 1,15 * *",
            // names holding L or W are names, not the L / W operators
            "cron(0 9 1 JUL ? *)|0 9 1 JUL *",
            "cron(30 18 ? * WED *)|30 18 * * WED",
            "cron(0 8 ? JUL-AUG MON-FRI *)|0 8 * JUL-AUG MON-FRI",
            "cron(0,30 9-17 ? * 2,4,6 *)|0,30 9-17 * * 1,3,5",
            "cron(5/10 * * * ? *)|5-59/10 * * * *",
            "cron(0 0 1/2 * ? *)|0 0 1-31/2 * *"})
    void convertsToUnixCronAndNcrontab(String neutral, String unix) {
        Schedule s = Schedule.parse(neutral);
        assertThat(s.in(Dialect.UNIX_CRON)).isEqualTo(unix);
        assertThat(s.in(Dialect.NCRONTAB)).isEqualTo("0 " + unix);
        assertThat(s.in(Dialect.NEUTRAL)).isEqualTo(neutral);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "cron(0 0 L * ? *)", "cron(0 0 ? * 6L *)", "cron(0 0 15W * ? *)", "cron(0 0 ? * 3#2 *)",
            "cron(0 10 LW * ? *)", "cron(0 0 ? * L *)", "cron(0 0 15,L * ? *)",
            "cron(0 0 1 1 ? 2027)", "cron(0 10 * * ? 2026-2028)", "cron(0 10 * * ? */2)",
            "rate(7 minutes)", "rate(90 minutes)", "rate(5 hours)", "rate(48 hours)", "rate(2 days)", "rate(3 days)",
            "cron(0 0 ? * 1/100 *)"})
    void refusesWhatUnixCronAndNcrontabCannotExpress(String neutral) {
        Schedule s = Schedule.parse(neutral);
        for (Dialect d : new Dialect[]{Dialect.UNIX_CRON, Dialect.NCRONTAB}) {
            Refused r = catchThrowableOfType(Refused.class, () -> s.in(d));
            assertThat(r).as(d + " " + neutral).isNotNull();
            assertThat(r.dialect()).contains(d);
            assertThat(r.problem("nightly")).startsWith("Function 'nightly': schedule '" + neutral
                    + "' cannot be converted to " + d.label() + ": ");
            assertThat(r.suggestion()).startsWith("perhaps you should ");
        }
        assertThat(s.in(Dialect.NEUTRAL)).isEqualTo(neutral);
    }

    @Test
    void refusalsNameTheDialect() {
        assertThat(catchThrowableOfType(Refused.class, () -> Schedule.parse("rate(7 minutes)").in(Dialect.UNIX_CRON))
                .getMessage()).isEqualTo("unix-cron steps restart every hour, so only rates that divide 60 minutes"
                + " repeat evenly");
        assertThat(catchThrowableOfType(Refused.class, () -> Schedule.parse("cron(0 0 L * ? *)").in(Dialect.NCRONTAB))
                .getMessage()).contains("which NCRONTAB has no form for");
        assertThat(catchThrowableOfType(Refused.class, () -> Schedule.parse("cron(0 0 1 1 ? 2027)").in(Dialect.NCRONTAB)))
                .hasMessage("it restricts the year (2027), which NCRONTAB has no field for")
                .extracting(Refused::fix).asString().contains("use * for the year");
    }

    @Test
    void dialectsAreNamedAsTheLimitTablesSpellThem() {
        assertThat(Dialect.named("unix-cron")).contains(Dialect.UNIX_CRON);
        assertThat(Dialect.named("ncrontab")).contains(Dialect.NCRONTAB);
        assertThat(Dialect.named("cron/rate")).contains(Dialect.NEUTRAL);
        assertThat(Dialect.named("quartz")).isEmpty();
    }
}
