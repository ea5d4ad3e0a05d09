package dev.faasport.core.migrate;

import dev.faasport.core.model.Schedules;
import dev.faasport.packaging.PackagingException;
import dev.faasport.packaging.ScheduleExpressions;

/**
 * Converts a neutral schedule (EventBridge {@code cron(...)} / {@code rate(...)}) to what a target runs, exactly or
 * not at all. Azure gets NCRONTAB through the packaging module's converter; Google Cloud Scheduler's unix-cron is the
 * same expression without NCRONTAB's leading seconds field (both restart steps at the hour and the day and know no
 * L, W, # or year), so the same converter decides what cannot be expressed.
 */
public final class ScheduleConversion {

    private static final String AZURE_WORDS = "an Azure NCRONTAB expression";

    private ScheduleConversion() {
    }

    /**
     * @param expression the converted expression, or null when it cannot be converted
     * @param format     the target's schedule format, for reports
     * @param error      why it cannot be converted, with the fix ("... perhaps you should ..."); null when converted
     */
    public record Result(String expression, String format, String error) {
        public boolean converted() {
            return error == null;
        }
    }

    /** Converts for the target provider id (aws, local: unchanged; azure: NCRONTAB; gcp: unix-cron). */
    public static Result convert(String targetProviderId, String function, String expression) {
        String e = expression == null ? "" : expression.trim();
        String invalid = Schedules.check(e);
        if (invalid != null) {
            return new Result(null, "neutral", "The schedule '" + e + "' of function '" + function + "' is not a valid"
                    + " neutral expression (" + invalid + "), perhaps you should write it as cron(0 12 * * ? *) or"
                    + " rate(5 minutes)");
        }
        return switch (targetProviderId) {
            case "aws" -> new Result(e, "EventBridge", null);
            case "local" -> new Result(e, "neutral cron/rate", null);
            case "azure" -> ncrontab(function, e, false);
            case "gcp" -> ncrontab(function, e, true);
            // a provider we do not know takes the neutral form and converts it itself
            default -> new Result(e, "neutral cron/rate (converted by the provider)", null);
        };
    }

    private static Result ncrontab(String function, String e, boolean unixCron) {
        String format = unixCron ? "Cloud Scheduler unix-cron" : "NCRONTAB";
        try {
            String n = ScheduleExpressions.toNcrontab(function, e);
            // NCRONTAB is "second minute hour day month day-of-week"; the converter always sets the second to 0
            return new Result(unixCron ? n.substring(n.indexOf(' ') + 1) : n, format, null);
        } catch (PackagingException ex) {
            String why = ex.getMessage();
            if (unixCron) {
                why = why.replace(AZURE_WORDS, "a Cloud Scheduler unix-cron expression").replace("NCRONTAB", "unix-cron");
            }
            return new Result(null, format, why);
        }
    }
}
