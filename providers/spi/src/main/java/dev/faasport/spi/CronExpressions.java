package dev.faasport.spi;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts the neutral schedule ({@code cron(min hour day-of-month month day-of-week [year])} in the EventBridge
 * form, or {@code rate(N unit)}) to unix-cron, exactly or not at all: month and day names (JUL, WED) pass; L, W, #,
 * a restricted year and rates that do not repeat evenly within the hour or the day are refused with the reason and
 * the fix. One converter for every target that speaks cron: Google Cloud Scheduler takes the result as it is, Azure's
 * NCRONTAB is the same with a leading seconds field ({@link #toNcrontab}), and a migration's report agrees with the
 * deploy because both call this.
 */
public final class CronExpressions {

    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+([a-zA-Z]+)\\s*\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z*,/\\-?]+");
    private static final String[] FIELD_NAMES = {"minute", "hour", "day-of-month", "month", "day-of-week", "year"};
    private static final String NAMES = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT";
    private static final int[] FIELD_MAX = {59, 23, 31, 12, 6};

    private CronExpressions() {
    }

    /**
     * @param expression the neutral schedule expression
     * @param format     the target's name for cron, used in the reasons ("unix-cron", "NCRONTAB")
     * @return the five-field unix-cron expression (minute hour day month day-of-week), UTC like the neutral one
     * @throws Unconvertible when the target cannot express it exactly
     */
    public static String toUnixCron(String expression, String format) throws Unconvertible {
        String e = expression == null ? "" : expression.trim();
        Matcher rate = RATE.matcher(e);
        if (rate.matches()) {
            long n;
            try {
                n = Long.parseLong(rate.group(1));
            } catch (NumberFormatException tooLarge) {
                throw bad("the rate " + rate.group(1) + " is too large", "use rate(1 day) or a cron(...) expression");
            }
            return rate(format, n, rate.group(2).toLowerCase(Locale.ROOT));
        }
        Matcher cron = CRON.matcher(e);
        if (cron.matches()) {
            return cron(format, cron.group(1).trim().split("\\s+"));
        }
        throw bad("it is neither cron(...) nor rate(...)", "write it as cron(0 12 * * ? *) or rate(5 minutes)");
    }

    private static String rate(String format, long n, String unit) throws Unconvertible {
        if (n <= 0) {
            throw bad("the rate must be a positive number", "use rate(1 minute) or more");
        }
        switch (unit) {
            case "minute", "minutes" -> {
                if (n == 1) return "* * * * *";
                if (n < 60 && 60 % n == 0) return "*/" + n + " * * * *";
                if (n % 60 == 0) return rate(format, n / 60, "hours");
                throw bad(format + " steps restart every hour, so only rates that divide 60 minutes repeat"
                        + " evenly", "pick a rate that divides an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 minutes)"
                        + " or a cron(...) expression");
            }
            case "hour", "hours" -> {
                if (n == 1) return "0 * * * *";
                if (n < 24 && 24 % n == 0) return "0 */" + n + " * * *";
                if (n % 24 == 0) return rate(format, n / 24, "days");
                throw bad(format + " steps restart every day, so only rates that divide 24 hours repeat evenly",
                        "pick 1, 2, 3, 4, 6, 8 or 12 hours, or a cron(...) expression");
            }
            case "day", "days" -> {
                if (n == 1) return "0 0 * * *";
                throw bad(format + " day steps restart every month, so a rate of " + n
                        + " days cannot repeat evenly", "use rate(1 day) or a cron(...) expression");
            }
            default -> throw bad("the unit '" + unit + "' is not minute(s), hour(s) or day(s)",
                    "use rate(N minutes), rate(N hours) or rate(N days)");
        }
    }

    private static String cron(String format, String[] f) throws Unconvertible {
        if (f.length != 5 && f.length != 6) {
            throw bad("it has " + f.length + " fields instead of 6 (minute hour day-of-month month"
                    + " day-of-week year)", "write e.g. cron(0 12 * * ? *)");
        }
        for (int i = 0; i < f.length; i++) {
            if (!FIELD.matcher(f[i]).matches()) {
                throw bad("the " + FIELD_NAMES[i] + " field '" + f[i] + "' holds characters " + format + " does"
                        + " not know", "use digits, names, *, ',', '-' and '/' only");
            }
            // names first: JUL and WED hold an L and a W that are not the L / W operators
            String rest = f[i].toUpperCase(Locale.ROOT).replaceAll(NAMES, "");
            if (i < 5 && (rest.contains("L") || rest.contains("W") || rest.contains("#"))) {
                throw bad("the " + FIELD_NAMES[i] + " field '" + f[i] + "' uses L, W or # (last, weekday,"
                        + " nth), which " + format + " has no form for",
                        "list the days explicitly or run the function daily and test the date in code");
            }
            if (rest.matches(".*[A-Z].*")) {
                throw bad("the " + FIELD_NAMES[i] + " field '" + f[i] + "' holds an unknown name",
                        "use JAN-DEC for months and SUN-SAT for days");
            }
        }
        if (f.length == 6 && !f[5].equals("*") && !f[5].equals("?")) {
            throw bad("it restricts the year (" + f[5] + "), which " + format + " has no field for",
                    "use * for the year and stop the schedule in code after that year");
        }
        String dom = f[2].equals("?") ? "*" : f[2];
        String dow = f[4].equals("?") ? "*" : f[4];
        if (f[2].equals("?") == f[4].equals("?") && !(dom.equals("*") || dow.equals("*"))) {
            throw bad("it restricts both day-of-month and day-of-week, which cron treats as 'either' and"
                    + " EventBridge refuses", "set one of them to ?");
        }
        return field(f[0], 0) + " " + field(f[1], 1) + " " + field(dom, 2) + " "
                + field(f[3], 3) + " " + dayOfWeek(dow);
    }

    /** {@code a/b} means "from a every b" in EventBridge; cron wants an explicit range before the step. */
    private static String field(String v, int i) throws Unconvertible {
        StringBuilder sb = new StringBuilder();
        for (String part : v.split(",", -1)) {
            if (part.isEmpty()) {
                throw bad("the " + FIELD_NAMES[i] + " field '" + v + "' has an empty list item",
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

    /** EventBridge numbers days 1 (Sunday) to 7 (Saturday), cron 0 (Sunday) to 6; a step is a count. */
    private static String dayOfWeek(String v) throws Unconvertible {
        if (v.equals("*")) return "*";
        StringBuilder sb = new StringBuilder();
        Matcher m = Pattern.compile("\\d+").matcher(v);
        int last = 0;
        while (m.find()) {
            boolean afterSlash = m.start() > 0 && v.charAt(m.start() - 1) == '/';
            sb.append(v, last, m.start());
            if (m.group().length() > 2) {
                throw bad("day-of-week " + (afterSlash ? "step " : "") + m.group() + " is too large",
                        "use 1-7 or the names SUN-SAT, and steps of at most 7");
            }
            int d = Integer.parseInt(m.group());
            if (afterSlash) {
                sb.append(d);
            } else {
                if (d < 1 || d > 7) {
                    throw bad("day-of-week " + d + " is outside 1-7 (SUN-SAT)", "use 1-7 or the names SUN-SAT");
                }
                sb.append(d - 1);
            }
            last = m.end();
        }
        sb.append(v.substring(last));
        return field(sb.toString(), 4);
    }

    /**
     * @param expression the neutral schedule expression
     * @return Azure's six-field NCRONTAB ({@code second minute hour day month day-of-week})
     * @throws Unconvertible when NCRONTAB cannot express it exactly
     */
    public static String toNcrontab(String expression) throws Unconvertible {
        return "0 " + toUnixCron(expression, "NCRONTAB");
    }

    private static Unconvertible bad(String why, String fix) {
        return new Unconvertible(why, fix);
    }

    /** A schedule the target cannot express exactly: {@link #getMessage()} says why, {@link #fix()} what to do. */
    public static final class Unconvertible extends Exception {
        private final String fix;

        Unconvertible(String why, String fix) {
            super(why);
            this.fix = fix;
        }

        /** @return what the user could write instead, without "perhaps you should" */
        public String fix() {
            return fix;
        }
    }
}
