package dev.faasport.limits;

import dev.faasport.spi.Schedule.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The schedule dialect each target takes is read from its table, which must name one that Schedule knows. */
class ScheduleDialectTest {

    @ParameterizedTest
    @CsvSource({"aws,NEUTRAL", "local,NEUTRAL", "knative,NEUTRAL", "azure,NCRONTAB", "gcp,UNIX_CRON"})
    void everyTableNamesAKnownDialectOrNone(String provider, Dialect dialect) {
        LimitTable table = LimitTable.load(provider);
        assertThat(table.scheduleDialect(null)).isEqualTo(dialect);
        for (String plan : table.plans()) {
            assertThat(table.scheduleDialect(plan)).as(provider + " " + plan).isEqualTo(dialect);
        }
    }
}
