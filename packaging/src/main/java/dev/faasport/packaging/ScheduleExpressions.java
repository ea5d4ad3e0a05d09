package dev.faasport.packaging;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts the neutral schedule ({@code cron(min hour day-of-month month day-of-week [year])} in the EventBridge form,
 * or {@code rate(N unit)}) to Azure's six-field NCRONTAB ({@code second minute hour day month day-of-week}). What
 * NCRONTAB cannot express exactly ({@code L}, {@code W}, {@code #}, a year, rates that do not divide the hour or the
 * day) is refused with a {@link PackagingException} rather than approximated.
 */
public final class ScheduleExpressions {
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+([a-zA-Z]+)\\s*\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z*,/\\-?]+");
    private static final String[] FIELD_NAMES = {"minute", "hour", "day-of-month", "month", "day-of-week", "year"};
    private static final String NAMES = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT";
    private static final int[] FIELD_MAX = {59, 23, 31, 12, 6};

    private ScheduleExpressions() {
    }

    /**
     * @param function   the function's name, for the message
     * @param expression the neutral schedule expression
     * @return the NCRONTAB expression, in UTC like the neutral one
     */
    public static String toNcrontab(String function, String expression) throws PackagingException {
        String e = expression == null ? "" : expression.trim();
        Matcher rate = RATE.matcher(e);
        if (rate.matches()) {
            return rate(function, e, Long.parseLong(rate.group(1)), rate.group(2).toLowerCase(Locale.ROOT));
        }
        Matcher cron = CRON.matcher(e);
        if (cron.matches()) {
            return cron(function, e, cron.group(1).trim().split("\\s+"));
        }
        throw fail(function, e, "it is neither cron(...) nor rate(...)",
                "write it as cron(0 12 * * ? *) or rate(5 minutes)");
    }

    private static String rate(String function, String e, long n, String unit) throws PackagingException {
        if (n <= 0) {
            throw fail(function, e, "the rate must be a positive number", "use rate(1 minute) or more");
        }
        switch (unit) {
            case "minute", "minutes" -> {
                if (n == 1) return "0 * * * * *";
                if (n < 60 && 60 % n == 0) return "0 */" + n + " * * * *";
                if (n % 60 == 0) return rate(function, e, n / 60, "hours");
                throw fail(function, e, "NCRONTAB steps restart every hour, so only rates that divide 60 minutes"
                        + " repeat evenly", "pick a rate that divides an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20,"
                        + " 30 minutes) or a cron(...) expression");
            }
            case "hour", "hours" -> {
                if (n == 1) return "0 0 * * * *";
                if (n < 24 && 24 % n == 0) return "0 0 */" + n + " * * *";
                if (n % 24 == 0) return rate(function, e, n / 24, "days");
                throw fail(function, e, "NCRONTAB steps restart every day, so only rates that divide 24 hours"
                        + " repeat evenly", "pick 1, 2, 3, 4, 6, 8 or 12 hours, or a cron(...) expression");
            }
            case "day", "days" -> {
                if (n == 1) return "0 0 0 * * *";
                throw fail(function, e, "NCRONTAB day steps restart every month, so a rate of " + n
                        + " days cannot repeat evenly", "use rate(1 day) or a cron(...) expression");
            }
            default -> throw fail(function, e, "the unit '" + unit + "' is not minute(s), hour(s) or day(s)",
                    "use rate(N minutes), rate(N hours) or rate(N days)");
        }
    }

    private static String cron(String function, String e, String[] f) throws PackagingException {
        if (f.length != 5 && f.length != 6) {
            throw fail(function, e, "it has " + f.length + " fields instead of 6"
                    + " (minute hour day-of-month month day-of-week year)", "write e.g. cron(0 12 * * ? *)");
        }
        for (int i = 0; i < f.length; i++) {
            if (!FIELD.matcher(f[i]).matches()) {
                throw fail(function, e, "the " + FIELD_NAMES[i] + " field '" + f[i] + "' holds characters"
                        + " NCRONTAB does not know", "use digits, names, *, ',', '-' and '/' only");
            }
            String rest = f[i].toUpperCase(Locale.ROOT).replaceAll(NAMES, "");
            if (i < 5 && (rest.contains("L") || rest.contains("W") || rest.contains("#"))) {
                throw fail(function, e, "the " + FIELD_NAMES[i] + " field '" + f[i] + "' uses L, W or #"
                        + " (last, weekday, nth), which NCRONTAB has no form for",
                        "list the days explicitly or run the function daily and test the date in code");
            }
            if (rest.matches(".*[A-Z].*")) {
                throw fail(function, e, "the " + FIELD_NAMES[i] + " field '" + f[i] + "' holds an unknown name",
                        "use JAN-DEC for months and SUN-SAT for days");
            }
        }
        if (f.length == 6 && !f[5].equals("*") && !f[5].equals("?")) {
            throw fail(function, e, "it restricts the year (" + f[5] + "), which NCRONTAB has no field for",
                    "use * for the year and stop the schedule in code after that year");
        }
        String dom = f[2].equals("?") ? "*" : f[2];
        String dow = f[4].equals("?") ? "*" : f[4];
        if (f[2].equals("?") == f[4].equals("?") && !(dom.equals("*") || dow.equals("*"))) {
            throw fail(function, e, "it restricts both day-of-month and day-of-week, which cron treats as"
                    + " 'either' and EventBridge refuses", "set one of them to ?");
        }
        return "0 " + field(function, e, f[0], 0) + " " + field(function, e, f[1], 1) + " "
                + field(function, e, dom, 2) + " " + field(function, e, f[3], 3) + " "
                + dayOfWeek(function, e, dow);
    }

    /** {@code a/b} means "from a every b" in EventBridge; NCRONTAB wants an explicit range before the step. */
    private static String field(String function, String e, String v, int i) throws PackagingException {
        StringBuilder sb = new StringBuilder();
        for (String part : v.split(",", -1)) {
            if (part.isEmpty()) {
                throw fail(function, e, "the " + FIELD_NAMES[i] + " field '" + v + "' has an empty list item",
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

    /** EventBridge numbers days 1 (Sunday) to 7 (Saturday), NCRONTAB 0 (Sunday) to 6. */
    private static String dayOfWeek(String function, String e, String v) throws PackagingException {
        if (v.equals("*")) return "*";
        StringBuilder sb = new StringBuilder();
        Matcher m = Pattern.compile("\\d+").matcher(v);
        int last = 0;
        boolean afterSlash = false;
        while (m.find()) {
            afterSlash = m.start() > 0 && v.charAt(m.start() - 1) == '/';
            sb.append(v, last, m.start());
            int d = Integer.parseInt(m.group());
            if (afterSlash) {
                sb.append(d); // a step is a count, not a day
            } else {
                if (d < 1 || d > 7) {
                    throw fail(function, e, "day-of-week " + d + " is outside 1-7 (SUN-SAT)",
                            "use 1-7 or the names SUN-SAT");
                }
                sb.append(d - 1);
            }
            last = m.end();
        }
        sb.append(v.substring(last));
        String out = sb.toString();
        return field(function, e, out, 4);
    }

    private static PackagingException fail(String function, String expression, String why, String fix) {
        return new PackagingException("The schedule '" + expression + "' of function '" + function
                + "' cannot be converted to an Azure NCRONTAB expression: " + why + ", perhaps you should " + fix);
    }
}
