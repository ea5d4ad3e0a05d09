package dev.faasport.core.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates the neutral schedule expressions: {@code cron(minutes hours day-of-month month day-of-week year)} with the
 * six fields and the rules of AWS EventBridge, and {@code rate(N minute|minutes|hour|hours|day|days)}. Providers
 * convert from this form (NCRONTAB for Azure, unix-cron for Google), so it is checked once, here.
 */
public final class Schedules {

    private static final Pattern CRON = Pattern.compile("^cron\\((.*)\\)$");
    private static final Pattern RATE = Pattern.compile("^rate\\((.*)\\)$");
    private static final Pattern RATE_BODY = Pattern.compile("^(\\d+) (minute|minutes|hour|hours|day|days)$");
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private Schedules() {
    }

    /** @return null when the expression is valid, else what is wrong with it (without the fix) */
    public static String check(String expression) {
        if (expression == null || expression.isBlank()) {
            return "it is empty";
        }
        String e = expression.trim();
        Matcher rate = RATE.matcher(e);
        if (rate.matches()) {
            return checkRate(rate.group(1).trim());
        }
        Matcher cron = CRON.matcher(e);
        if (cron.matches()) {
            return checkCron(cron.group(1).trim());
        }
        return "it starts with neither cron( nor rate(";
    }

    private static String checkRate(String body) {
        Matcher m = RATE_BODY.matcher(body);
        if (!m.matches()) {
            return "a rate is 'N unit' with a whole number N and a unit of minute(s), hour(s) or day(s)";
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException ex) {
            return "the rate " + m.group(1) + " is too large";
        }
        String unit = m.group(2);
        if (n < 1) {
            return "the rate must be at least 1";
        }
        boolean plural = unit.endsWith("s");
        if (n == 1 && plural) {
            return "a rate of 1 takes the singular unit (" + unit.substring(0, unit.length() - 1) + ")";
        }
        if (n > 1 && !plural) {
            return "a rate above 1 takes the plural unit (" + unit + "s)";
        }
        return null;
    }

    private static String checkCron(String body) {
        String[] f = body.split("\\s+");
        if (f.length != 6) {
            return "a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), found " + f.length;
        }
        String err;
        if ((err = field("minutes", f[0], 0, 59, null, false)) != null
                || (err = field("hours", f[1], 0, 23, null, false)) != null
                || (err = dayOfMonth(f[2])) != null
                || (err = field("month", f[3], 1, 12, MONTHS, false)) != null
                || (err = dayOfWeek(f[4])) != null
                || (err = field("year", f[5], 1970, 2199, null, false)) != null) {
            return err;
        }
        boolean domAny = f[2].equals("?");
        boolean dowAny = f[4].equals("?");
        if (domAny == dowAny) {
            return "exactly one of day-of-month and day-of-week must be '?' (found '" + f[2] + "' and '" + f[4] + "')";
        }
        return null;
    }

    private static String dayOfMonth(String v) {
        for (String token : v.split(",", -1)) {
            if (token.equals("L") || token.equals("LW")) {
                continue;
            }
            if (token.endsWith("W")) {
                String err = number("day-of-month", token.substring(0, token.length() - 1), 1, 31, null);
                if (err != null) {
                    return err;
                }
                continue;
            }
            String err = field("day-of-month", token, 1, 31, null, true);
            if (err != null) {
                return err;
            }
        }
        return null;
    }

    private static String dayOfWeek(String v) {
        for (String token : v.split(",", -1)) {
            if (token.equals("L")) {
                continue;
            }
            int hash = token.indexOf('#');
            if (hash > 0) {
                String err = number("day-of-week", token.substring(0, hash), 1, 7, DAYS);
                if (err == null) {
                    err = number("day-of-week occurrence", token.substring(hash + 1), 1, 5, null);
                }
                if (err != null) {
                    return err;
                }
                continue;
            }
            if (token.length() > 1 && token.endsWith("L")) {
                String err = number("day-of-week", token.substring(0, token.length() - 1), 1, 7, DAYS);
                if (err != null) {
                    return err;
                }
                continue;
            }
            String err = field("day-of-week", token, 1, 7, DAYS, true);
            if (err != null) {
                return err;
            }
        }
        return null;
    }

    /** Checks a comma list of {@code *}, {@code ?} (when allowed), N, N-M, with an optional /step. */
    private static String field(String name, String v, int min, int max, String[] names, boolean question) {
        if (v.isEmpty()) {
            return "the " + name + " field is empty";
        }
        for (String token : v.split(",", -1)) {
            if (token.equals("?")) {
                if (!question || !v.equals("?")) {
                    return "'?' is only allowed alone in day-of-month or day-of-week, not in " + name;
                }
                continue;
            }
            String base = token;
            int slash = token.indexOf('/');
            if (slash >= 0) {
                base = token.substring(0, slash);
                String step = token.substring(slash + 1);
                if (!step.matches("\\d{1,4}") || Integer.parseInt(step) < 1) {
                    return "the step '" + step + "' in " + name + " must be a whole number of 1 or more";
                }
            }
            if (base.equals("*")) {
                continue;
            }
            int dash = base.indexOf('-');
            String err = dash > 0
                    ? firstNonNull(number(name, base.substring(0, dash), min, max, names),
                    number(name, base.substring(dash + 1), min, max, names))
                    : number(name, base, min, max, names);
            if (err != null) {
                return err;
            }
        }
        return null;
    }

    private static String number(String name, String v, int min, int max, String[] names) {
        if (names != null) {
            String upper = v.toUpperCase(Locale.ROOT);
            for (String n : names) {
                if (n.equals(upper)) {
                    return null;
                }
            }
        }
        if (!v.matches("\\d{1,4}")) {
            return "'" + v + "' is not a valid " + name + " value";
        }
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
            return name + " " + n + " is outside " + min + "-" + max;
        }
        return null;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
