package dev.faasport.provider.gcp;

import dev.faasport.spi.ProviderException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts the neutral schedule (EventBridge {@code cron(...)} / {@code rate(...)}) to Cloud Scheduler's unix-cron,
 * exactly or not at all. The rules are those of packaging's {@code ScheduleExpressions} (Azure NCRONTAB, which is
 * unix-cron with a leading seconds field), so a migration's report and the deploy agree: month and day names (JUL,
 * WED) pass, L / W / # and a restricted year do not, rates must repeat evenly within the hour or the day (rate(120
 * minutes) is every 2 hours).
 */
final class CronConversion {
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+([a-zA-Z]+)\\s*\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z*,/\\-?]+");
    private static final String[] FIELD_NAMES = {"minute", "hour", "day-of-month", "month", "day-of-week", "year"};
    private static final String NAMES = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT";
    private static final int[] FIELD_MAX = {59, 23, 31, 12, 6};

    private CronConversion() {
    }

    static String toUnixCron(String fn, String expression) throws ProviderException {
        String e = expression == null ? "" : expression.trim();
        Matcher rate = RATE.matcher(e);
        if (rate.matches()) {
            return rate(fn, e, Long.parseLong(rate.group(1)), rate.group(2).toLowerCase(Locale.ROOT));
        }
        Matcher cron = CRON.matcher(e);
        if (cron.matches()) {
            return cron(fn, e, cron.group(1).trim().split("\\s+"));
        }
        throw bad(fn, e, "it is neither cron(...) nor rate(...)", "write it as cron(0 12 * * ? *) or rate(5 minutes)");
    }

    private static String rate(String fn, String e, long n, String unit) throws ProviderException {
        if (n <= 0) {
            throw bad(fn, e, "the rate must be a positive number", "use rate(1 minute) or more");
        }
        switch (unit) {
            case "minute", "minutes" -> {
                if (n == 1) return "* * * * *";
                if (n < 60 && 60 % n == 0) return "*/" + n + " * * * *";
                if (n % 60 == 0) return rate(fn, e, n / 60, "hours");
                throw bad(fn, e, "unix-cron steps restart every hour, so only rates that divide 60 minutes repeat"
                        + " evenly", "pick a rate that divides an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 minutes)"
                        + " or a cron(...) expression");
            }
            case "hour", "hours" -> {
                if (n == 1) return "0 * * * *";
                if (n < 24 && 24 % n == 0) return "0 */" + n + " * * *";
                if (n % 24 == 0) return rate(fn, e, n / 24, "days");
                throw bad(fn, e, "unix-cron steps restart every day, so only rates that divide 24 hours repeat evenly",
                        "pick 1, 2, 3, 4, 6, 8 or 12 hours, or a cron(...) expression");
            }
            case "day", "days" -> {
                if (n == 1) return "0 0 * * *";
                throw bad(fn, e, "unix-cron day steps restart every month, so a rate of " + n
                        + " days cannot repeat evenly", "use rate(1 day) or a cron(...) expression");
            }
            default -> throw bad(fn, e, "the unit '" + unit + "' is not minute(s), hour(s) or day(s)",
                    "use rate(N minutes), rate(N hours) or rate(N days)");
        }
    }

    private static String cron(String fn, String e, String[] f) throws ProviderException {
        if (f.length != 5 && f.length != 6) {
            throw bad(fn, e, "it has " + f.length + " fields instead of 6 (minute hour day-of-month month"
                    + " day-of-week year)", "write e.g. cron(0 12 * * ? *)");
        }
        for (int i = 0; i < f.length; i++) {
            if (!FIELD.matcher(f[i]).matches()) {
                throw bad(fn, e, "the " + FIELD_NAMES[i] + " field '" + f[i] + "' holds characters unix-cron does"
                        + " not know", "use digits, names, *, ',', '-' and '/' only");
            }
            // names first: JUL and WED hold an L and a W that are not the L / W operators
            String rest = f[i].toUpperCase(Locale.ROOT).replaceAll(NAMES, "");
            if (i < 5 && (rest.contains("L") || rest.contains("W") || rest.contains("#"))) {
                throw bad(fn, e, "the " + FIELD_NAMES[i] + " field '" + f[i] + "' uses L, W or # (last, weekday,"
                        + " nth), which unix-cron has no form for",
                        "list the days explicitly or run the function daily and test the date in code");
            }
            if (rest.matches(".*[A-Z].*")) {
                throw bad(fn, e, "the " + FIELD_NAMES[i] + " field '" + f[i] + "' holds an unknown name",
                        "use JAN-DEC for months and SUN-SAT for days");
            }
        }
        if (f.length == 6 && !f[5].equals("*") && !f[5].equals("?")) {
            throw bad(fn, e, "it restricts the year (" + f[5] + "), which unix-cron has no field for",
                    "use * for the year and stop the schedule in code after that year");
        }
        String dom = f[2].equals("?") ? "*" : f[2];
        String dow = f[4].equals("?") ? "*" : f[4];
        if (f[2].equals("?") == f[4].equals("?") && !(dom.equals("*") || dow.equals("*"))) {
            throw bad(fn, e, "it restricts both day-of-month and day-of-week, which cron treats as 'either' and"
                    + " EventBridge refuses", "set one of them to ?");
        }
        return field(fn, e, f[0], 0) + " " + field(fn, e, f[1], 1) + " " + field(fn, e, dom, 2) + " "
                + field(fn, e, f[3], 3) + " " + dayOfWeek(fn, e, dow);
    }

    /** {@code a/b} means "from a every b" in EventBridge; unix-cron wants an explicit range before the step. */
    private static String field(String fn, String e, String v, int i) throws ProviderException {
        StringBuilder sb = new StringBuilder();
        for (String part : v.split(",", -1)) {
            if (part.isEmpty()) {
                throw bad(fn, e, "the " + FIELD_NAMES[i] + " field '" + v + "' has an empty list item",
                        "remove the extra comma");
            }
            if (sb.length() > 0) sb.append(',');
            int slash = part.indexOf('/');
            if (slash > 0 && !part.substring(0, slash).contains("-") && !part.startsWith("*")) {
                sb.append(part, 0, slash).append('-').append(FIELD_MAX[i]).append(part.substring(slash));
            } else {
                sb.append(part);
            }
        }
        return sb.toString();
    }

    /** EventBridge numbers days 1 (Sunday) to 7 (Saturday), unix-cron 0 (Sunday) to 6; a step is a count. */
    private static String dayOfWeek(String fn, String e, String v) throws ProviderException {
        if (v.equals("*")) return "*";
        StringBuilder sb = new StringBuilder();
        Matcher m = Pattern.compile("\\d+").matcher(v);
        int last = 0;
        while (m.find()) {
            boolean afterSlash = m.start() > 0 && v.charAt(m.start() - 1) == '/';
            sb.append(v, last, m.start());
            int d = Integer.parseInt(m.group());
            if (afterSlash) {
                sb.append(d);
            } else {
                if (d < 1 || d > 7) {
                    throw bad(fn, e, "day-of-week " + d + " is outside 1-7 (SUN-SAT)", "use 1-7 or the names SUN-SAT");
                }
                sb.append(d - 1);
            }
            last = m.end();
        }
        sb.append(v.substring(last));
        return field(fn, e, sb.toString(), 4);
    }

    private static ProviderException bad(String fn, String expression, String why, String fix) {
        return ProviderException.permanent("Function '" + fn + "': schedule '" + expression
                + "' cannot be converted to Cloud Scheduler unix-cron: " + why, "perhaps you should " + fix);
    }
}
