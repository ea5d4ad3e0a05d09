package dev.faasport.packaging;

import dev.faasport.spi.CronExpressions;

/**
 * Converts the neutral schedule to Azure's six-field NCRONTAB with the SPI's {@link CronExpressions} (the converter
 * every cron target shares); what NCRONTAB cannot express exactly is refused with a {@link PackagingException} naming
 * the function, rather than approximated.
 */
public final class ScheduleExpressions {
    private ScheduleExpressions() {
    }

    /**
     * @param function   the function's name, for the message
     * @param expression the neutral schedule expression
     * @return the NCRONTAB expression, in UTC like the neutral one
     */
    public static String toNcrontab(String function, String expression) throws PackagingException {
        try {
            return CronExpressions.toNcrontab(expression);
        } catch (CronExpressions.Unconvertible u) {
            throw fail(function, expression == null ? "" : expression.trim(), u.getMessage(), u.fix());
        }
    }

    private static PackagingException fail(String function, String expression, String why, String fix) {
        return new PackagingException("The schedule '" + expression + "' of function '" + function
                + "' cannot be converted to an Azure NCRONTAB expression: " + why + ", perhaps you should " + fix);
    }
}
