package dev.faasport.packaging;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleExpressionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rate(1 minute)|0 * * * * *",
            "rate(5 minutes)|0 */5 * * * *",
            "rate(30 minutes)|0 */30 * * * *",
            "rate(120 minutes)|0 0 */2 * * *",
            "rate(1 hour)|0 0 * * * *",
            "rate(6 hours)|0 0 */6 * * *",
            "rate(24 hours)|0 0 0 * * *",
            "rate(1 day)|0 0 0 * * *",
            "cron(0 12 * * ? *)|0 0 12 * * *",
            "cron(15 10 ? * 2-6 *)|0 15 10 * * 1-5",
            "cron(0 8 ? * MON-FRI *)|0 0 8 * * MON-FRI",
            "cron(0/15 * * * ? *)|0 0-59/15 * * * *",
            "cron(*/10 9-17 ? * 1,7 *)|0 */10 9-17 * * 0,6",
            "cron(0 0 1 JAN ? *)|0 0 0 1 JAN *",
            "cron(30 4 1,15 * ? *)|0 30 4 1,15 * *",
            "cron(0 6 ? * 1/2 *)|0 0 6 * * 0-6/2",
            "cron(0 12 * * ?)|0 0 12 * * *"})
    void converts(String neutral, String ncrontab) throws PackagingException {
        assertThat(ScheduleExpressions.toNcrontab("job", neutral)).isEqualTo(ncrontab);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "cron(0 0 L * ? *)", "cron(0 0 ? * 6L *)", "cron(0 0 15W * ? *)", "cron(0 0 ? * 3#2 *)",
            "cron(0 0 1 1 ? 2027)", "cron(0 0 1 * 2 *)", "cron(0 0 * *)", "cron(0 0 * * ? * *)",
            "cron(0 0 * FOO ? *)", "cron(0 0 ? * 8 *)", "cron(0 0 ,1 * ? *)",
            "rate(7 minutes)", "rate(5 hours)", "rate(2 days)", "rate(0 minutes)", "rate(1 week)",
            "every day", "", "cron(0 0 $ * ? *)"})
    void refusesWhatNcrontabCannotExpress(String neutral) {
        assertThatThrownBy(() -> ScheduleExpressions.toNcrontab("nightly", neutral))
                .isInstanceOf(PackagingException.class)
                .hasMessageContaining("'nightly'")
                .hasMessageContaining("NCRONTAB")
                .hasMessageContaining("perhaps you should");
    }
}
