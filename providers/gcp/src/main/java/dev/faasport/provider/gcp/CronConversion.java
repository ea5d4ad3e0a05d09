package dev.faasport.provider.gcp;

import dev.faasport.spi.CronExpressions;
import dev.faasport.spi.ProviderException;

/**
 * Converts the neutral schedule to Cloud Scheduler's unix-cron with the SPI's {@link CronExpressions}, the converter
 * packaging (Azure NCRONTAB) and migration use too, so a migration's report and the deploy agree.
 */
final class CronConversion {
    private CronConversion() {
    }

    static String toUnixCron(String fn, String expression) throws ProviderException {
        try {
            return CronExpressions.toUnixCron(expression, "unix-cron");
        } catch (CronExpressions.Unconvertible u) {
            throw bad(fn, expression == null ? "" : expression.trim(), u.getMessage(), u.fix());
        }
    }

    private static ProviderException bad(String fn, String expression, String why, String fix) {
        return ProviderException.permanent("Function '" + fn + "': schedule '" + expression
                + "' cannot be converted to Cloud Scheduler unix-cron: " + why, "perhaps you should " + fix);
    }
}
