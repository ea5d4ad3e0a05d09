package dev.faasport.spi;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A neutral schedule, parsed and validated once: {@code rate(N minute|minutes|hour|hours|day|days)} or
 * {@code cron(minutes hours day-of-month month day-of-week year)} with the six fields and rules of AWS EventBridge,
 * in UTC. Fields take {@code *}, lists, ranges (low to high) and {@code /} steps; month JAN-DEC and day-of-week
 * SUN-SAT (1-7, 1 = Sunday) by name, in any case; exactly one of day-of-month and day-of-week is {@code ?};
 * day-of-month takes {@code L} (last day), {@code nW} (weekday nearest to n) and {@code LW}; day-of-week takes
 * {@code L} (Saturday, the last day of the week), {@code nL} (last n-day of the month) and {@code n#k} (k-th n-day).
 * <p>
 * Every target reads it in its own {@link Dialect} ({@link #in}), exactly or not at all, and the local runtime asks it
 * for the {@link #next} run. A refused expression or conversion is a {@link Refused} saying why and what to write.
 */
public final class Schedule {

    private static final Pattern RATE = Pattern.compile("rate\\((.*)\\)");
    private static final Pattern RATE_BODY = Pattern.compile("(\\d+)\\s+(minute|minutes|hour|hours|day|days)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final String NAMES = String.join("|", MONTHS) + "|" + String.join("|", DAYS);
    private static final String[] FIELD_NAMES = {"minute", "hour", "day-of-month", "month", "day-of-week", "year"};
    private static final int[] CRON_MAX = {59, 23, 31, 12, 6};
    private static final String FIX = "write cron(minutes hours day-of-month month day-of-week year) or rate(N unit),"
            + " e.g. cron(0 12 * * ? *) or rate(5 minutes)";

    /** The schedule forms targets take; a provider's limit table names its own ({@code schedule.format}). */
    public enum Dialect {
        /** The neutral form itself, run unchanged (EventBridge, the local runtime). */
        NEUTRAL("cron/rate"),
        /** Five-field unix-cron (minute hour day month day-of-week), as Cloud Scheduler takes it. */
        UNIX_CRON("unix-cron"),
        /** Six-field NCRONTAB (second minute hour day month day-of-week), as Azure timer triggers take it. */
        NCRONTAB("NCRONTAB");

        private final String label;

        Dialect(String label) {
            this.label = label;
        }

        /** @return the dialect's name as limit tables and messages spell it */
        public String label() {
            return label;
        }

        /** @return the dialect a limit table's {@code schedule.format} value names, ignoring case */
        public static Optional<Dialect> named(String label) {
            for (Dialect d : values()) {
                if (d.label.equalsIgnoreCase(label)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final String expression;
    private final Duration rate;
    private final long rateCount;
    private final String rateUnit;
    private final String[] fields;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet months;
    private final BitSet years;
    private final List<DayRule> days;

    private Schedule(String expression, long rateCount, String rateUnit, Duration rate) {
        this.expression = expression;
        this.rate = rate;
        this.rateCount = rateCount;
        this.rateUnit = rateUnit;
        this.fields = null;
        this.minutes = null;
        this.hours = null;
        this.months = null;
        this.years = null;
        this.days = null;
    }

    private Schedule(String expression, String[] fields, BitSet minutes, BitSet hours, BitSet months, BitSet years,
                     List<DayRule> days) {
        this.expression = expression;
        this.rate = null;
        this.rateCount = 0;
        this.rateUnit = null;
        this.fields = fields;
        this.minutes = minutes;
        this.hours = hours;
        this.months = months;
        this.years = years;
        this.days = days;
    }

    /**
     * @param expression the neutral expression, as the user wrote it (surrounding blanks are ignored)
     * @return the parsed schedule
     * @throws Refused saying what is wrong with it ({@link Refused#getMessage()}) and what to write instead
     */
    public static Schedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw invalid(expression, "it is empty");
        }
        String e = expression.trim();
        Matcher rate = RATE.matcher(e);
        if (rate.matches()) {
            return rate(e, rate.group(1).trim());
        }
        Matcher cron = CRON.matcher(e);
        if (cron.matches()) {
            return cron(e, cron.group(1).trim());
        }
        throw invalid(e, "it starts with neither cron( nor rate(");
    }

    /** @return null when the expression is a valid schedule, else what is wrong with it (without the fix) */
    public static String problem(String expression) {
        try {
            parse(expression);
            return null;
        } catch (Refused r) {
            return r.getMessage();
        }
    }

    private static Schedule rate(String e, String body) {
        Matcher m = RATE_BODY.matcher(body);
        if (!m.matches()) {
            throw invalid(e, "a rate is 'N unit' with a whole number N and a unit of minute(s), hour(s) or day(s)");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException ex) {
            n = Long.MAX_VALUE;
        }
        if (n > Integer.MAX_VALUE) {
            throw invalid(e, "the rate " + m.group(1) + " is too large");
        }
        String unit = m.group(2);
        if (n < 1) {
            throw invalid(e, "the rate must be at least 1");
        }
        boolean plural = unit.endsWith("s");
        if (n == 1 && plural) {
            throw invalid(e, "a rate of 1 takes the singular unit (" + unit.substring(0, unit.length() - 1) + ")");
        }
        if (n > 1 && !plural) {
            throw invalid(e, "a rate above 1 takes the plural unit (" + unit + "s)");
        }
        String singular = plural ? unit.substring(0, unit.length() - 1) : unit;
        ChronoUnit u = switch (singular) {
            case "minute" -> ChronoUnit.MINUTES;
            case "hour" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
        };
        return new Schedule(e, n, singular, Duration.of(n, u));
    }

    private static Schedule cron(String e, String body) {
        String[] f = body.split("\\s+");
        if (f.length != 6) {
            throw invalid(e, "a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), found "
                    + f.length);
        }
        try {
            BitSet minutes = field("minutes", f[0], 0, 59, null, false);
            BitSet hours = field("hours", f[1], 0, 23, null, false);
            List<DayRule> dom = f[2].equals("?") ? null : dayOfMonth(f[2]);
            BitSet months = field("month", f[3], 1, 12, MONTHS, false);
            List<DayRule> dow = f[4].equals("?") ? null : dayOfWeek(f[4]);
            BitSet years = field("year", f[5], 1970, 2199, null, false);
            if ((dom == null) == (dow == null)) {
                throw new IllegalArgumentException("exactly one of day-of-month and day-of-week must be '?' (found '"
                        + f[2] + "' and '" + f[4] + "')");
            }
            return new Schedule(e, f, minutes, hours, months, years, dom != null ? dom : dow);
        } catch (Refused r) {
            throw r;
        } catch (IllegalArgumentException x) {
            throw invalid(e, x.getMessage());
        }
    }

    /** One way a day matches: a day-of-month or day-of-week set, or one of the L, W and # rules. */
    private interface DayRule {
        boolean matches(LocalDate d);
    }

    private static List<DayRule> dayOfMonth(String v) {
        List<DayRule> rules = new ArrayList<>();
        for (String token : v.split(",", -1)) {
            String t = token.toUpperCase(Locale.ROOT);
            if (t.equals("L")) {
                rules.add(d -> d.getDayOfMonth() == d.lengthOfMonth());
            } else if (t.equals("LW")) {
                rules.add(d -> d.equals(weekdayNear(d.with(TemporalAdjusters.lastDayOfMonth()))));
            } else if (t.endsWith("W")) {
                int n = number("day-of-month", t.substring(0, t.length() - 1), 1, 31, null);
                rules.add(d -> n <= d.lengthOfMonth() && d.equals(weekdayNear(d.withDayOfMonth(n))));
            } else {
                BitSet set = field("day-of-month", token, 1, 31, null, true);
                rules.add(d -> set.get(d.getDayOfMonth()));
            }
        }
        return rules;
    }

    private static List<DayRule> dayOfWeek(String v) {
        List<DayRule> rules = new ArrayList<>();
        for (String token : v.split(",", -1)) {
            String t = token.toUpperCase(Locale.ROOT);
            int hash = t.indexOf('#');
            if (t.equals("L")) {
                rules.add(d -> dow(d) == 7);
            } else if (hash > 0) {
                int day = number("day-of-week", t.substring(0, hash), 1, 7, DAYS);
                int nth = number("day-of-week occurrence", t.substring(hash + 1), 1, 5, null);
                rules.add(d -> dow(d) == day && (d.getDayOfMonth() - 1) / 7 + 1 == nth);
            } else if (t.length() > 1 && t.endsWith("L")) {
                int day = number("day-of-week", t.substring(0, t.length() - 1), 1, 7, DAYS);
                rules.add(d -> dow(d) == day && d.getDayOfMonth() + 7 > d.lengthOfMonth());
            } else {
                BitSet set = field("day-of-week", token, 1, 7, DAYS, true);
                rules.add(d -> set.get(dow(d)));
            }
        }
        return rules;
    }

    /** @return the day of the week as EventBridge numbers it: 1 = Sunday */
    private static int dow(LocalDate d) {
        return d.getDayOfWeek().getValue() % 7 + 1;
    }

    /** A comma list of {@code *}, {@code ?} (when allowed), N, N-M, with an optional /step. */
    private static BitSet field(String name, String v, int min, int max, List<String> names, boolean question) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException("the " + name + " field is empty");
        }
        BitSet bits = new BitSet(max + 1);
        for (String token : v.split(",", -1)) {
            if (token.equals("?")) {
                if (!question || !v.equals("?")) {
                    throw new IllegalArgumentException("'?' is only allowed alone in day-of-month or day-of-week, not in "
                            + name);
                }
                continue;
            }
            String base = token;
            int step = 1;
            int slash = token.indexOf('/');
            if (slash >= 0) {
                base = token.substring(0, slash);
                String s = token.substring(slash + 1);
                if (!s.matches("\\d{1,4}") || Integer.parseInt(s) < 1) {
                    throw new IllegalArgumentException("the step '" + s + "' in " + name
                            + " must be a whole number of 1 or more");
                }
                step = Integer.parseInt(s);
            }
            int lo;
            int hi;
            int dash = base.indexOf('-');
            if (base.equals("*")) {
                lo = min;
                hi = max;
            } else if (dash > 0) {
                lo = number(name, base.substring(0, dash), min, max, names);
                hi = number(name, base.substring(dash + 1), min, max, names);
                if (hi < lo) {
                    throw new IllegalArgumentException("the " + name + " range '" + base + "' runs from high to low");
                }
            } else {
                lo = number(name, base, min, max, names);
                hi = slash >= 0 ? max : lo;
            }
            for (int i = lo; i <= hi; i += step) {
                bits.set(i);
            }
        }
        return bits;
    }

    private static int number(String name, String v, int min, int max, List<String> names) {
        if (names != null) {
            int i = names.indexOf(v.toUpperCase(Locale.ROOT));
            if (i >= 0) {
                return i + min;
            }
        }
        if (!v.matches("\\d{1,4}")) {
            throw new IllegalArgumentException("'" + v + "' is not a valid " + name + " value");
        }
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " " + n + " is outside " + min + "-" + max);
        }
        return n;
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

    /** @return the expression as written (trimmed): the neutral form, which EventBridge takes as it is */
    public String expression() {
        return expression;
    }

    /** @return whether this is a {@code rate(...)}, which counts from the last run rather than the clock */
    public boolean isRate() {
        return rate != null;
    }

    /**
     * @param after the last run (or the deploy time)
     * @return the next run strictly after {@code after} (a rate: exactly one interval later; a cron: the next matching
     *         minute), or null when the expression never runs again
     */
    public Instant next(Instant after) {
        if (rate != null) {
            return after.plus(rate);
        }
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate day = t.toLocalDate();
        int firstYear = years.nextSetBit(Math.max(day.getYear(), 1970));
        if (firstYear < 0) {
            return null;
        }
        if (firstYear > day.getYear()) {
            day = LocalDate.of(firstYear, 1, 1);
        }
        for (; day.getYear() <= 2199; day = day.plusDays(1)) {
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
        for (DayRule r : days) {
            if (r.matches(d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param dialect the form the target takes
     * @return this schedule in that form, meaning exactly the same runs (in UTC, like the neutral one)
     * @throws Refused when the dialect cannot express it exactly: why, and what the user could write instead
     */
    public String in(Dialect dialect) {
        return switch (dialect) {
            case NEUTRAL -> expression;
            case UNIX_CRON -> unixCron(dialect);
            case NCRONTAB -> "0 " + unixCron(dialect);
        };
    }

    private String unixCron(Dialect d) {
        if (rate != null) {
            return rate(d, rateCount, rateUnit);
        }
        for (int i = 0; i < 5; i++) {
            // names first: JUL and WED hold an L and a W that are not the L / W operators
            String rest = fields[i].toUpperCase(Locale.ROOT).replaceAll(NAMES, "");
            if (rest.contains("L") || rest.contains("W") || rest.contains("#")) {
                throw unconvertible(d, "the " + FIELD_NAMES[i] + " field '" + fields[i] + "' uses L, W or # (last,"
                        + " weekday, nth), which " + d + " has no form for",
                        "list the days explicitly or run the function daily and test the date in code");
            }
        }
        if (!fields[5].equals("*")) {
            throw unconvertible(d, "it restricts the year (" + fields[5] + "), which " + d + " has no field for",
                    "use * for the year and stop the schedule in code after that year");
        }
        String dom = fields[2].equals("?") ? "*" : fields[2];
        String dow = fields[4].equals("?") ? "*" : fields[4];
        return cronField(fields[0], 0) + " " + cronField(fields[1], 1) + " " + cronField(dom, 2) + " "
                + cronField(fields[3], 3) + " " + cronDayOfWeek(d, dow);
    }

    private String rate(Dialect d, long n, String unit) {
        switch (unit) {
            case "minute" -> {
                if (n == 1) return "* * * * *";
                if (n < 60 && 60 % n == 0) return "*/" + n + " * * * *";
                if (n % 60 == 0) return rate(d, n / 60, "hour");
                throw unconvertible(d, d + " steps restart every hour, so only rates that divide 60 minutes repeat"
                        + " evenly", "pick a rate that divides an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 minutes)"
                        + " or a cron(...) expression");
            }
            case "hour" -> {
                if (n == 1) return "0 * * * *";
                if (n < 24 && 24 % n == 0) return "0 */" + n + " * * *";
                if (n % 24 == 0) return rate(d, n / 24, "day");
                throw unconvertible(d, d + " steps restart every day, so only rates that divide 24 hours repeat"
                        + " evenly", "pick 1, 2, 3, 4, 6, 8 or 12 hours, or a cron(...) expression");
            }
            default -> {
                if (n == 1) return "0 0 * * *";
                throw unconvertible(d, d + " day steps restart every month, so a rate of " + n
                        + " days cannot repeat evenly", "use rate(1 day) or a cron(...) expression");
            }
        }
    }

    /** {@code a/b} means "from a every b" in EventBridge; cron wants an explicit range before the step. */
    private static String cronField(String v, int i) {
        StringBuilder sb = new StringBuilder();
        for (String part : v.split(",", -1)) {
            if (sb.length() > 0) sb.append(',');
            int slash = part.indexOf('/');
            if (slash > 0 && !part.substring(0, slash).contains("-") && !part.startsWith("*")) {
                sb.append(part, 0, slash).append('-').append(CRON_MAX[i]).append(part.substring(slash));
            } else {
                sb.append(part);
            }
        }
        return sb.toString();
    }

    /** EventBridge numbers days 1 (Sunday) to 7 (Saturday), cron 0 (Sunday) to 6; a step is a count. */
    private String cronDayOfWeek(Dialect d, String v) {
        if (v.equals("*")) return "*";
        StringBuilder sb = new StringBuilder();
        Matcher m = Pattern.compile("\\d+").matcher(v);
        int last = 0;
        while (m.find()) {
            boolean afterSlash = m.start() > 0 && v.charAt(m.start() - 1) == '/';
            sb.append(v, last, m.start());
            if (m.group().length() > 2) {
                throw unconvertible(d, "day-of-week " + (afterSlash ? "step " : "") + m.group() + " is too large",
                        "use 1-7 or the names SUN-SAT, and steps of at most 7");
            }
            int n = Integer.parseInt(m.group());
            if (afterSlash) {
                sb.append(n);
            } else {
                sb.append(n - 1);
            }
            last = m.end();
        }
        sb.append(v.substring(last));
        return cronField(sb.toString(), 4);
    }

    private static Refused invalid(String expression, String why) {
        return new Refused(expression == null ? "" : expression.trim(), null, why, FIX);
    }

    private Refused unconvertible(Dialect d, String why, String fix) {
        return new Refused(expression, d, why, fix);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s && s.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }

    /**
     * A schedule refused: not a valid neutral expression ({@link #dialect()} empty), or one a dialect cannot express
     * exactly. {@link #getMessage()} says why, {@link #fix()} what to write instead.
     */
    public static final class Refused extends IllegalArgumentException {
        private final String expression;
        private final Dialect dialect;
        private final String fix;

        Refused(String expression, Dialect dialect, String why, String fix) {
            super(why);
            this.expression = expression;
            this.dialect = dialect;
            this.fix = fix;
        }

        /** @return the expression as written, trimmed */
        public String expression() {
            return expression;
        }

        /** @return the dialect that cannot express the schedule, empty when the expression itself is invalid */
        public Optional<Dialect> dialect() {
            return Optional.ofNullable(dialect);
        }

        /** @return what the user could write instead, without "perhaps you should" */
        public String fix() {
            return fix;
        }

        /**
         * @param function the function whose schedule it is
         * @return the problem for a message: the function, the expression and why, without the fix
         */
        public String problem(String function) {
            return "Function '" + function + "': schedule '" + expression + "' "
                    + (dialect == null ? "is not valid" : "cannot be converted to " + dialect) + ": " + getMessage();
        }

        /** @return the fix for a message, starting "perhaps you should" */
        public String suggestion() {
            return "perhaps you should " + fix;
        }
    }
}
