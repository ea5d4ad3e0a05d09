package dev.faasport.it.migration;

import com.google.gson.JsonObject;
import dev.faasport.core.error.FaasportException;
import dev.faasport.core.Requests;
import dev.faasport.core.migrate.ScheduleConversion;
import dev.faasport.core.model.FunctionConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The schedule table: what the migration report promises for each target (core's ScheduleConversion) and what the
 * Google provider really creates as Cloud Scheduler jobs must agree, expression by expression; what has no
 * equivalent is refused by both.
 */
class CronConversionTableTest extends MigrationSupport {

    /** neutral | Cloud Scheduler unix-cron | Azure NCRONTAB */
    private static final String[][] CONVERTIBLE = {
            {"cron(0 2 * * ? *)", "0 2 * * *", "0 0 2 * * *"},
            {"cron(30 2 ? * MON-FRI *)", "30 2 * * MON-FRI", "0 30 2 * * MON-FRI"},
            {"cron(0 9 1 JUL ? *)", "0 9 1 JUL *", "0 0 9 1 JUL *"},
            {"cron(15 18 ? * WED *)", "15 18 * * WED", "0 15 18 * * WED"},
            {"cron(0/15 8-17 ? * 2-6 *)", "0-59/15 8-17 * * 1-5", "0 0-59/15 8-17 * * 1-5"},
            {"cron(0 0 ? * 1 *)", "0 0 * * 0", "0 0 0 * * 0"},
            {"rate(5 minutes)", "*/5 * * * *", "0 */5 * * * *"},
            {"rate(120 minutes)", "0 */2 * * *", "0 0 */2 * * *"},
            {"rate(1 day)", "0 0 * * *", "0 0 0 * * *"}};

    /** no exact equivalent on Google or Azure: last day, weekday, nth day, a year, rates that drift */
    private static final String[] UNCONVERTIBLE = {"cron(0 10 ? * 6L *)", "cron(0 10 L * ? *)",
            "cron(0 10 15W * ? *)", "cron(0 10 ? * 2#1 *)", "cron(0 10 * * ? 2027)", "rate(7 minutes)",
            "rate(3 days)", "rate(90 minutes)"};

    @Test
    void theReportAndTheGoogleDeployConvertEveryExpressionAlike() {
        List<FunctionConfig> functions = new ArrayList<>();
        for (int i = 0; i < CONVERTIBLE.length; i++) {
            String[] row = CONVERTIBLE[i];
            ScheduleConversion.Result gcp = ScheduleConversion.convert("gcp", "tick", row[0]);
            ScheduleConversion.Result azure = ScheduleConversion.convert("azure", "tick", row[0]);
            assertThat(gcp.expression()).as("gcp " + row[0] + ": " + gcp.error()).isEqualTo(row[1]);
            assertThat(azure.expression()).as("azure " + row[0] + ": " + azure.error()).isEqualTo(row[2]);
            assertThat(ScheduleConversion.convert("aws", "tick", row[0]).expression()).isEqualTo(row[0]);
            functions.add(nightly(row[0]));
            functions.get(i).setName("tick-" + i);
        }

        deploy(project(functions.toArray(FunctionConfig[]::new)), "gcp");

        for (int i = 0; i < CONVERTIBLE.length; i++) {
            JsonObject job = clouds.gcp.job("projects/faasport-it/locations/europe-west1/jobs/faasport-tick-" + i);
            assertThat(job).as("the Cloud Scheduler job of " + CONVERTIBLE[i][0]).isNotNull();
            assertThat(job.get("schedule").getAsString()).as(CONVERTIBLE[i][0]).isEqualTo(CONVERTIBLE[i][1]);
        }
    }

    @Test
    void whatHasNoEquivalentIsRefusedByTheReportAndByTheGoogleDeploy() {
        for (String e : UNCONVERTIBLE) {
            for (String target : List.of("gcp", "azure")) {
                ScheduleConversion.Result r = ScheduleConversion.convert(target, "tick", e);
                assertThat(r.converted()).as(target + " " + e).isFalse();
                assertThat(r.error()).as(target + " " + e).contains(e, "'tick'", "perhaps you should");
            }
            assertThat(ScheduleConversion.convert("aws", "tick", e).converted()).as("EventBridge runs " + e).isTrue();
        }

        Throwable t = catchThrowable(() -> faasport.deploy(new Requests.Deploy(project(nightly("cron(0 10 ? * 6L *)")),
                clouds.target("gcp"), fast(), false, null, null)));

        assertThat(t).isInstanceOf(FaasportException.class).hasMessageContaining("nightly");
        assertThat(clouds.gcp.functionCount()).isZero();
        assertThat(clouds.gcp.job("projects/faasport-it/locations/europe-west1/jobs/faasport-nightly")).isNull();
    }
}
