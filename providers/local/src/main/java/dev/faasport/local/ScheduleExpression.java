package dev.faasport.local;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schedule in the AWS EventBridge form, evaluated in UTC: {@code rate(N minute|minutes|hour|hours|day|days)} or
 * {@code cron(minutes hours day-of-month month day-of-week year)}. Fields take {@code *}, lists, ranges and
 * {@code /} steps; month JAN-DEC and day-of-week SUN-SAT (1-7, 1 = Sunday) by name; one of day-of-month and
 * day-of-week must be {@code ?}; day-of-month takes {@code L} (last day), {@code nW} (weekday nearest to n) and
 * {@code LW}; day-of-week takes {@code nL} (last n-day of the month) and {@code n#k} (k-th n-day).
 */
final class ScheduleExpression {

    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+([a-z]+)\\s*\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    final String text;
    private final Duration rate;
    private BitSet minutes;
    private BitSet hours;
    private BitSet months;
    private BitSet years;
    private BitSet daysOfMonth;
    private boolean lastDay;
    private boolean lastWeekday;
    private int nearestWeekday;
    private BitSet daysOfWeek;
    private int lastDow;
    private int nthDow;
    private int nth;

    private ScheduleExpression(String text, Duration rate) {
        this.text = text;
        this.rate = rate;
    }

    /**
     * Parses an expression.
     *
     * @param function the function, named in errors
     * @throws IllegalArgumentException naming the expression, the wrong part and the fix
     */
    static ScheduleExpression parse(String function, String expression) {
        String e = expression == null ? "" : expression.trim();
        Matcher r = RATE.matcher(e);
        if (r.matches()) {
            long n;
            try {
                n = Long.parseLong(r.group(1));
            } catch (NumberFormatException x) {
                n = 0;
            }
            String unit = r.group(2);
            String singular = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
            ChronoUnit u = switch (singular) {
                case "minute" -> ChronoUnit.MINUTES;
                case "hour" -> ChronoUnit.HOURS;
                case "day" -> ChronoUnit.DAYS;
                default -> null;
            };
            if (n <= 0 || u == null || (n == 1) != unit.equals(singular) || n > 100_000) {
                throw bad(function, e, "a rate needs a positive whole number and a unit: rate(1 minute), rate(5 minutes), "
                        + "rate(1 hour), rate(2 days) (singular for 1, plural otherwise)");
            }
            return new ScheduleExpression(e, Duration.of(n, u));
        }
        Matcher c = CRON.matcher(e);
        if (!c.matches()) {
            throw bad(function, e, "write cron(min hour day-of-month month day-of-week year) or rate(N unit), "
                    + "e.g. cron(0 12 * * ? *) or rate(5 minutes)");
        }
        String[] f = c.group(1).trim().toUpperCase(Locale.ROOT).split("\\s+");
        if (f.length != 6) {
            throw bad(function, e, "cron takes 6 fields (minutes hours day-of-month month day-of-week year), not "
                    + f.length + ", e.g. cron(0 12 * * ? *)");
        }
        ScheduleExpression s = new ScheduleExpression(e, null);
        try {
            s.minutes = field(f[0], 0, 59, null, "minutes");
            s.hours = field(f[1], 0, 23, null, "hours");
            s.months = field(f[3], 1, 12, MONTHS, "month");
            s.years = field(f[5], 1970, 2199, null, "year");
            boolean domAny = f[2].equals("?");
            boolean dowAny = f[4].equals("?");
            if (domAny == dowAny) {
                throw new IllegalArgumentException("exactly one of day-of-month and day-of-week must be '?', "
                        + "e.g. cron(0 12 * * ? *) or cron(0 12 ? * MON-FRI *)");
            }
            if (!domAny) {
                s.dayOfMonth(f[2]);
            } else {
                s.dayOfWeek(f[4]);
            }
        } catch (IllegalArgumentException x) {
            throw bad(function, e, x.getMessage());
        }
        return s;
    }

    private static IllegalArgumentException bad(String function, String expression, String fix) {
        return new IllegalArgumentException("Function '" + function + "' has the schedule expression '" + expression
                + "' that is not valid, perhaps you should " + fix);
    }

    private void dayOfMonth(String f) {
        if (f.equals("L")) {
            lastDay = true;
        } else if (f.equals("LW")) {
            lastWeekday = true;
        } else if (f.endsWith("W")) {
            nearestWeekday = number(f.substring(0, f.length() - 1), 1, 31, null, "day-of-month");
        } else {
            daysOfMonth = field(f, 1, 31, null, "day-of-month");
        }
    }

    private void dayOfWeek(String f) {
        if (f.contains("#")) {
            String[] p = f.split("#", -1);
            nthDow = number(p[0], 1, 7, DAYS, "day-of-week");
            nth = number(p[1], 1, 5, null, "day-of-week '#' occurrence");
        } else if (f.length() > 1 && f.endsWith("L")) {
            lastDow = number(f.substring(0, f.length() - 1), 1, 7, DAYS, "day-of-week");
        } else {
            daysOfWeek = field(f, 1, 7, DAYS, "day-of-week");
        }
    }

    private static BitSet field(String f, int min, int max, List<String> names, String what) {
        BitSet bits = new BitSet(max + 1);
        for (String part : f.split(",", -1)) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max, null, what + " step");
                range = part.substring(0, slash);
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                String[] p = range.split("-", -1);
                if (p.length != 2) {
                    throw new IllegalArgumentException("write the " + what + " range '" + range + "' as from-to");
                }
                lo = number(p[0], min, max, names, what);
                hi = number(p[1], min, max, names, what);
                if (hi < lo) {
                    throw new IllegalArgumentException("write the " + what + " range '" + range + "' low to high");
                }
            } else {
                lo = number(range, min, max, names, what);
                hi = slash >= 0 ? max : lo;
            }
            for (int i = lo; i <= hi; i += step) {
                bits.set(i);
            }
        }
        return bits;
    }

    private static int number(String s, int min, int max, List<String> names, String what) {
        if (names != null && names.contains(s)) {
            return names.indexOf(s) + min;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("give the " + what + " field a value from " + min + " to " + max
                + (names == null ? "" : " or a name " + names) + " instead of '" + s + "' (L, W and # are "
                + "allowed only as documented for day-of-month and day-of-week)");
    }

    /** @return whether this is a rate expression */
    boolean isRate() {
        return rate != null;
    }

    /**
     * @param after   the last fire (or the deploy time)
     * @return the next fire strictly after {@code after}, or null when the expression never fires again
     */
    Instant next(Instant after) {
        if (rate != null) {
            return after.plus(rate);
        }
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate day = t.toLocalDate();
        for (int i = 0; i < 366 * 230; i++, day = day.plusDays(1)) {
            if (day.getYear() > 2199) {
                return null;
            }
            if (!years.get(day.getYear()) || !months.get(day.getMonthValue()) || !dayMatches(day)) {
                continue;
            }
            int fromMinute = day.equals(t.toLocalDate()) ? t.getHour() * 60 + t.getMinute() : 0;
            for (int m = fromMinute; m < 24 * 60; m++) {
                if (hours.get(m / 60) && minutes.get(m % 60)) {
                    return day.atTime(m / 60, m % 60).toInstant(ZoneOffset.UTC);
                }
            }
        }
        return null;
    }

    private boolean dayMatches(LocalDate d) {
        int len = d.lengthOfMonth();
        if (daysOfMonth != null) {
            return daysOfMonth.get(d.getDayOfMonth());
        }
        if (lastDay) {
            return d.getDayOfMonth() == len;
        }
        if (lastWeekday) {
            return d.equals(weekdayNear(d.with(TemporalAdjusters.lastDayOfMonth())));
        }
        if (nearestWeekday > 0) {
            return nearestWeekday <= len && d.equals(weekdayNear(d.withDayOfMonth(nearestWeekday)));
        }
        int dow = d.getDayOfWeek().getValue() % 7 + 1; // EventBridge: 1 = Sunday
        if (daysOfWeek != null) {
            return daysOfWeek.get(dow);
        }
        if (lastDow > 0) {
            return dow == lastDow && d.getDayOfMonth() + 7 > len;
        }
        return dow == nthDow && (d.getDayOfMonth() - 1) / 7 + 1 == nth;
    }

    /** @return the weekday nearest to a day, staying in its month (the W rule) */
    private static LocalDate weekdayNear(LocalDate d) {
        DayOfWeek w = d.getDayOfWeek();
        if (w == DayOfWeek.SATURDAY) {
            return d.getDayOfMonth() == 1 ? d.plusDays(2) : d.minusDays(1);
        }
        if (w == DayOfWeek.SUNDAY) {
            return d.getDayOfMonth() == d.lengthOfMonth() ? d.minusDays(2) : d.plusDays(1);
        }
        return d;
    }

    @Override
    public String toString() {
        return text;
    }
}
