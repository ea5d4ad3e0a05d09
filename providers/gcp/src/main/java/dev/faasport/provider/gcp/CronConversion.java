package dev.faasport.provider.gcp;

import dev.faasport.spi.ProviderException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Converts the neutral schedule (EventBridge {@code cron(...)} / {@code rate(...)}) to Cloud Scheduler's unix-cron. */
final class CronConversion {
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");

    private CronConversion() {
    }

    static String toUnixCron(String fn, String expression) throws ProviderException {
        String e = expression.trim().toLowerCase(Locale.ROOT);
        Matcher r = RATE.matcher(e);
        if (r.matches()) {
            int n = Integer.parseInt(r.group(1));
            String unit = r.group(2);
            if (n <= 0) {
                throw bad(fn, expression, "the rate must be positive");
            }
            if (unit.startsWith("minute") && n < 60 && 60 % n == 0) {
                return n == 1 ? "* * * * *" : "*/" + n + " * * * *";
            }
            if (unit.startsWith("hour") && n < 24 && 24 % n == 0) {
                return n == 1 ? "0 * * * *" : "0 */" + n + " * * *";
            }
            if (unit.startsWith("day") && n == 1) {
                return "0 0 * * *";
            }
            throw bad(fn, expression, "unix-cron has no exact equivalent of this rate");
        }
        Matcher c = CRON.matcher(expression.trim());
        if (!c.matches()) {
            throw bad(fn, expression, "it is neither cron(...) nor rate(...)");
        }
        String[] f = c.group(1).trim().split("\\s+");
        if (f.length != 6 && f.length != 5) {
            throw bad(fn, expression, "cron(...) needs 6 fields: minutes hours day-of-month month day-of-week year");
        }
        if (f.length == 6 && !f[5].equals("*")) {
            throw bad(fn, expression, "unix-cron has no year field");
        }
        for (int i = 0; i < 5; i++) {
            if (f[i].contains("L") || f[i].contains("W") || f[i].contains("#")) {
                throw bad(fn, expression, "unix-cron has no L, W or # ('" + f[i] + "')");
            }
        }
        String dom = f[2].equals("?") ? "*" : step(f[2], 31);
        String dow = f[4].equals("?") ? "*" : dayOfWeek(f[4]);
        return step(f[0], 59) + " " + step(f[1], 23) + " " + dom + " " + step(f[3], 12) + " " + dow;
    }

    // EventBridge's "start/step" becomes "start-max/step", which every unix-cron reads
    private static String step(String field, int max) {
        Matcher m = Pattern.compile("(\\d+)/(\\d+)").matcher(field);
        return m.matches() ? m.group(1) + "-" + max + "/" + m.group(2) : field;
    }

    // EventBridge numbers days 1-7 from Sunday; unix-cron 0-6 from Sunday (the step of "start/step" stays)
    private static String dayOfWeek(String field) {
        Matcher st = Pattern.compile("(\\d+)/(\\d+)").matcher(field);
        if (st.matches()) {
            return (Integer.parseInt(st.group(1)) - 1) + "-6/" + st.group(2);
        }
        Matcher m = Pattern.compile("\\d+").matcher(field);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Integer.toString(Integer.parseInt(m.group()) - 1));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static ProviderException bad(String fn, String expression, String why) {
        return ProviderException.permanent("Function '" + fn + "': schedule '" + expression
                + "' cannot be converted to Cloud Scheduler unix-cron: " + why,
                "perhaps you should write an equivalent cron(min hour day month day-of-week *) expression");
    }
}
