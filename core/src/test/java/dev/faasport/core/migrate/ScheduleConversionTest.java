package dev.faasport.core.migrate;

import dev.faasport.limits.LimitTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleConversionTest {

    @ParameterizedTest(name = "{0} -> azure {1}, gcp {2}")
    @CsvSource(delimiter = '|', value = {
            "cron(0 2 * * ? *)|0 0 2 * * *|0 2 * * *",
            "cron(15 10 * * ? *)|0 15 10 * * *|15 10 * * *",
            "cron(0 3 ? * MON-FRI *)|0 0 3 * * MON-FRI|0 3 * * MON-FRI",
            "cron(0 12 ? * 2 *)|0 0 12 * * 1|0 12 * * 1",
            "cron(0 8 ? * WED,SAT *)|0 0 8 * * WED,SAT|0 8 * * WED,SAT",
            "cron(0 9 1 JUL ? *)|0 0 9 1 JUL *|0 9 1 JUL *",
            "cron(0/5 8-17 ? * 2-6 *)|0 0-59/5 8-17 * * 1-5|0-59/5 8-17 * * 1-5",
            "cron(0 0 1 * ? *)|0 0 0 1 * *|0 0 1 * *",
            "rate(1 minute)|0 * * * * *|* * * * *",
            "rate(5 minutes)|0 */5 * * * *|*/5 * * * *",
            "rate(120 minutes)|0 0 */2 * * *|0 */2 * * *",
            "rate(1 hour)|0 0 * * * *|0 * * * *",
            "rate(6 hours)|0 0 */6 * * *|0 */6 * * *",
            "rate(1 day)|0 0 0 * * *|0 0 * * *"})
    void convertsExactly(String neutral, String ncrontab, String unixCron) {
        assertThat(ScheduleConversion.convert("azure", "job", neutral).expression()).isEqualTo(ncrontab);
        assertThat(ScheduleConversion.convert("gcp", "job", neutral).expression()).isEqualTo(unixCron);
        assertThat(ScheduleConversion.convert("aws", "job", neutral).expression()).isEqualTo(neutral);
        assertThat(ScheduleConversion.convert("local", "job", neutral).expression()).isEqualTo(neutral);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cron(0 10 ? * 6L *)", "cron(0 10 L * ? *)", "cron(0 10 ? * 2#1 *)",
            "cron(0 10 15W * ? *)", "cron(0 10 * * ? 2027)", "rate(7 minutes)", "rate(5 hours)", "rate(3 days)"})
    void refusesWhatHasNoEquivalentWithTheReason(String neutral) {
        for (String target : new String[]{"azure", "gcp"}) {
            ScheduleConversion.Result r = ScheduleConversion.convert(target, "job", neutral);
            assertThat(r.converted()).as(target).isFalse();
            assertThat(r.expression()).isNull();
            assertThat(r.error()).contains("'" + neutral + "'").contains("'job'").contains("perhaps you should");
        }
        assertThat(ScheduleConversion.convert("gcp", "job", neutral).error())
                .contains("Google Cloud Functions as unix-cron").doesNotContain("Azure").doesNotContain("NCRONTAB");
        // EventBridge is the neutral form: whatever it validates, AWS runs as is
        assertThat(ScheduleConversion.convert("aws", "job", neutral).converted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"every day", "cron(0 10 *)", "rate(0 minutes)", "cron(0 10 * * * *)"})
    void refusesMalformedExpressionsForEveryTarget(String neutral) {
        for (String target : new String[]{"aws", "azure", "gcp", "local"}) {
            assertThat(ScheduleConversion.convert(target, "job", neutral).error()).as(target)
                    .contains("is not a valid neutral expression").contains("perhaps you should");
        }
    }

    @Test
    void theDialectComesFromTheTargetsLimitTableNotItsName() {
        // a provider core has never heard of, whose table names NCRONTAB, gets NCRONTAB
        LimitTable table = table("newvendor", "{\"key\": \"schedule.format\", \"values\": [\"NCRONTAB\"],"
                + " \"triggers\": [\"schedule\"], \"asOf\": \"2026-12\", \"source\": \"https://example.com\"}");
        ScheduleConversion.Result r = ScheduleConversion.convert(table, null, "job", "cron(0 2 * * ? *)");
        assertThat(r.expression()).isEqualTo("0 0 2 * * *");
        assertThat(r.format()).isEqualTo("NCRONTAB");
        assertThat(ScheduleConversion.convert(table, null, "job", "cron(0 2 L * ? *)").error())
                .startsWith("Function 'job': schedule 'cron(0 2 L * ? *)' cannot be expressed on New Vendor as NCRONTAB:");
        // one without schedule.format runs the neutral form; so does one without a table
        ScheduleConversion.Result neutral = ScheduleConversion.convert(table("plain", null), null, "job", "cron(0 2 L * ? *)");
        assertThat(neutral.expression()).isEqualTo("cron(0 2 L * ? *)");
        assertThat(neutral.format()).isEqualTo("neutral cron/rate");
        assertThat(ScheduleConversion.convert((LimitTable) null, null, "job", "rate(7 minutes)").expression())
                .isEqualTo("rate(7 minutes)");
        // a format no dialect knows is the table's mistake, said as such
        assertThatThrownBy(() -> ScheduleConversion.convert(table("odd", "{\"key\": \"schedule.format\","
                + " \"values\": [\"quartz\"], \"asOf\": \"2026-12\", \"source\": \"https://example.com\"}"),
                null, "job", "rate(1 day)")).isInstanceOf(IllegalStateException.class).hasMessageContaining("'quartz'");
    }

    private static LimitTable table(String id, String limit) {
        return LimitTable.parse("{\"provider\": \"" + id + "\", \"displayName\": \"New Vendor\", \"defaultPlan\": \"p\","
                + " \"plans\": [\"p\"], \"limits\": [" + (limit == null ? "" : limit) + "]}");
    }
}
