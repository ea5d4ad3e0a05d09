package dev.faasport.spi;

import dev.faasport.spi.Schedule.Dialect;
import dev.faasport.spi.Schedule.Refused;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-style checks over seeded random expressions: what a dialect accepts means the same runs as the neutral
 * schedule. The unix-cron side is evaluated by a small independent reading of cron (below), not by {@link Schedule}.
 */
class ScheduleDialectPropertyTest {

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    private static final Instant START = Instant.parse("2026-12-07T10:15:30Z");

    @Test
    void convertedCronRunsWhenTheNeutralScheduleRuns() {
        Random random = new Random(16);
        int converted = 0;
        for (int i = 0; i < 400; i++) {
            String neutral = randomCron(random);
            Schedule s = Schedule.parse(neutral);
            String unix = s.in(Dialect.UNIX_CRON);
            assertThat(s.in(Dialect.NCRONTAB)).isEqualTo("0 " + unix);
            Instant t = START.plusSeconds(random.nextInt(400 * 24 * 3600));
            for (int run = 0; run < 5; run++) {
                Instant expected = s.next(t);
                assertThat(expected).as(neutral).isNotNull().isAfter(t);
                assertThat(nextUnixCron(unix, t)).as(neutral + " as " + unix + " after " + t).isEqualTo(expected);
                t = expected;
            }
            converted++;
        }
        assertThat(converted).isEqualTo(400);
    }

    @Test
    void convertedRatesRepeatAtTheRate() {
        for (String unit : new String[]{"minute", "hour", "day"}) {
            for (int n = 1; n <= 200; n++) {
                String neutral = "rate(" + n + " " + unit + (n == 1 ? "" : "s") + ")";
                Schedule s = Schedule.parse(neutral);
                Instant a = s.next(START);
                assertThat(Duration.between(START, a)).isEqualTo(Duration.between(a, s.next(a)));
                String unix;
                try {
                    unix = s.in(Dialect.UNIX_CRON);
                } catch (Refused r) {
                    assertThat(r.dialect()).contains(Dialect.UNIX_CRON);
                    continue;
                }
                Instant t = nextUnixCron(unix, START);
                for (int run = 0; run < 30; run++) {
                    Instant u = nextUnixCron(unix, t);
                    assertThat(Duration.between(t, u)).as(neutral + " as " + unix).isEqualTo(Duration.between(START, a));
                    t = u;
                }
            }
        }
    }

    @Test
    void nextRunsAreOrderedAndNoMatchingMinuteIsSkipped() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            String neutral = randomCron(random);
            Schedule s = Schedule.parse(neutral);
            Instant t = START.plusSeconds(random.nextInt(30 * 24 * 3600));
            Instant first = s.next(t);
            // every minute strictly between t and its next run gives that same next run
            Instant probe = t.plusSeconds(60 - t.getEpochSecond() % 60);
            for (int m = 0; m < 50 && probe.isBefore(first); m++, probe = probe.plusSeconds(60)) {
                assertThat(s.next(probe)).as(neutral + " after " + probe).isEqualTo(first);
            }
        }
    }

    /** A random EventBridge cron that unix-cron can express: no L, W, #, year. */
    private static String randomCron(Random r) {
        boolean byDay = r.nextBoolean();
        return "cron(" + field(r, 0, 59, null) + " " + field(r, 0, 23, null) + " "
                + (byDay ? field(r, 1, 28, null) : "?") + " " + field(r, 1, 12, MONTHS) + " "
                + (byDay ? "?" : field(r, 1, 7, DAYS)) + " *)";
    }

    private static String field(Random r, int min, int max, String[] names) {
        List<String> parts = new ArrayList<>();
        int count = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
        for (int i = 0; i < count; i++) {
            int a = min + r.nextInt(max - min + 1);
            int b = a + r.nextInt(max - a + 1);
            parts.add(switch (r.nextInt(6)) {
                case 0 -> "*";
                case 1 -> "*/" + (1 + r.nextInt(Math.max(1, (max - min) / 2)));
                case 2 -> a + "/" + (1 + r.nextInt(max - min + 1));
                case 3 -> value(a, min, names, r) + "-" + value(b, min, names, r);
                case 4 -> a + "-" + b + "/" + (1 + r.nextInt(5));
                default -> value(a, min, names, r);
            });
        }
        return String.join(",", parts);
    }

    private static String value(int v, int min, String[] names, Random r) {
        return names != null && r.nextBoolean() ? names[v - min] : String.valueOf(v);
    }

    // ---- an independent reading of five-field unix-cron (Vixie cron: * / ranges / lists / names, 0 = Sunday)

    static Instant nextUnixCron(String cron, Instant after) {
        String[] f = cron.split(" ");
        assertThat(f).hasSize(5);
        BitSet min = bits(f[0], 0, 59, null);
        BitSet hour = bits(f[1], 0, 23, null);
        BitSet dom = bits(f[2], 1, 31, null);
        BitSet mon = bits(f[3], 1, 12, MONTHS);
        BitSet dow = bits(f[4], 0, 6, DAYS);
        boolean domStar = f[2].startsWith("*");
        boolean dowStar = f[4].startsWith("*");
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).withSecond(0).withNano(0).plusMinutes(1);
        LocalDateTime end = t.plusYears(5);
        while (t.isBefore(end)) {
            boolean d = dom.get(t.getDayOfMonth());
            boolean w = dow.get(t.getDayOfWeek().getValue() % 7);
            boolean day = domStar || dowStar ? d && w : d || w;
            if (!mon.get(t.getMonthValue()) || !day) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hour.get(t.getHour())) {
                t = t.withMinute(0).plusHours(1);
            } else if (!min.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return t.toInstant(ZoneOffset.UTC);
            }
        }
        return null;
    }

    private static BitSet bits(String field, int min, int max, String[] names) {
        BitSet b = new BitSet();
        for (String part : field.split(",")) {
            String[] stepped = part.split("/");
            int step = stepped.length > 1 ? Integer.parseInt(stepped[1]) : 1;
            int lo;
            int hi;
            if (stepped[0].equals("*")) {
                lo = min;
                hi = max;
            } else if (stepped[0].contains("-")) {
                String[] range = stepped[0].split("-");
                lo = num(range[0], min, names);
                hi = num(range[1], min, names);
            } else {
                lo = num(stepped[0], min, names);
                hi = stepped.length > 1 ? max : lo;
            }
            for (int v = lo; v <= hi; v += step) {
                b.set(v);
            }
        }
        return b;
    }

    private static int num(String s, int min, String[] names) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(s.toUpperCase(Locale.ROOT))) {
                    return i + min;
                }
            }
        }
        return Integer.parseInt(s);
    }
}
