package dev.faasport.core.migrate;

import dev.faasport.core.error.HelpfulSuggestions;
import dev.faasport.limits.LimitTable;
import dev.faasport.spi.Schedule;
import dev.faasport.spi.Schedule.Dialect;

/**
 * Converts a neutral schedule to what a target runs, exactly or not at all, in the dialect the target's limit table
 * names ({@code schedule.format}); a target without one runs the neutral form as it is. The conversion is the SPI's
 * {@link Schedule}, the one the providers deploy with, so a migration's report and the deploy agree.
 */
public final class ScheduleConversion {

    private static final String NEUTRAL = "neutral " + Dialect.NEUTRAL.label();

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

    /** Converts for the target provider id, in the dialect of its limit table (none: the neutral form). */
    public static Result convert(String targetProviderId, String function, String expression) {
        LimitTable table;
        try {
            table = LimitTable.load(targetProviderId);
        } catch (IllegalArgumentException noTable) {
            table = null;
        }
        return convert(table, null, function, expression);
    }

    /**
     * @param table the target's limits, or null when it has none
     * @param plan  the target plan, or null for the table's default
     */
    static Result convert(LimitTable table, String plan, String function, String expression) {
        String e = expression == null ? "" : expression.trim();
        Schedule schedule;
        try {
            schedule = Schedule.parse(e);
        } catch (Schedule.Refused r) {
            return new Result(null, "neutral", "The schedule '" + e + "' of function '" + function + "' is not a valid"
                    + " neutral expression (" + r.getMessage() + "), perhaps you should write it as cron(0 12 * * ? *) or"
                    + " rate(5 minutes)");
        }
        Dialect dialect = table == null ? Dialect.NEUTRAL : table.scheduleDialect(plan);
        String format = dialect == Dialect.NEUTRAL ? NEUTRAL : dialect.label();
        try {
            return new Result(schedule.in(dialect), format, null);
        } catch (Schedule.Refused r) {
            return new Result(null, format, HelpfulSuggestions.scheduleNotExpressible(function, e,
                    table.displayName(), format, r.getMessage(), r.fix()));
        }
    }
}
