package dev.faasport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fault plan: seeded draws at the configured rates, forced faults, counters. */
class FaultsTest {

    private static final Duration SLOW = Duration.ofMillis(7);

    @Test
    void oneDrawSplitsBetweenThrottlingErrorsAndLostAnswersAndAnotherDecidesSlowness() {
        Faults faults = new Faults(42, SLOW).rates(0.1, 0.05, 0.08).slow(0.1, SLOW);
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            boolean mayLose = i % 3 != 0;
            double f = random.nextDouble();
            double s = random.nextDouble();
            Faults.Fault expected = f < 0.1 ? Faults.Fault.THROTTLE : f < 0.15 ? Faults.Fault.ERROR
                    : mayLose && f < 0.23 ? Faults.Fault.LOST : null;
            assertThat(faults.draw(mayLose)).isEqualTo(new Faults.Decision(expected, s < 0.1 ? SLOW : Duration.ZERO));
        }
    }

    @Test
    void theFaultsComeAtTheirRates() {
        Faults faults = new Faults(7, SLOW);
        Faults.Rates rates = new Faults.Rates(0.2, 0.1, 0.05, 0.3, SLOW);
        int throttled = 0;
        int failed = 0;
        int lost = 0;
        int slow = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            Faults.Decision d = faults.draw(rates, true);
            throttled += d.fault() == Faults.Fault.THROTTLE ? 1 : 0;
            failed += d.fault() == Faults.Fault.ERROR ? 1 : 0;
            lost += d.fault() == Faults.Fault.LOST ? 1 : 0;
            slow += d.delay().isZero() ? 0 : 1;
        }
        assertThat(throttled / (double) n).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.02));
        assertThat(failed / (double) n).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.02));
        assertThat(lost / (double) n).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.02));
        assertThat(slow / (double) n).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.02));
        assertThat(faults.draw(rates, false).fault()).isNotEqualTo(Faults.Fault.LOST);
    }

    @Test
    void forcedFaultsHitMatchingCallsInOrderAndAreCounted() {
        Faults faults = new Faults(1, SLOW)
                .force(call -> call.startsWith("GET "), 503, "Busy", false, 2)
                .force(call -> call.startsWith("PUT "), 500, "Lost", true, 1);
        assertThat(faults.takeForced("PUT /a", false)).isNull();
        assertThat(faults.takeForced("PUT /a").fault()).isEqualTo(Faults.Fault.LOST);
        assertThat(faults.takeForced("PUT /a")).isNull();
        assertThat(faults.takeForced("GET /a").code()).isEqualTo("Busy");
        assertThat(faults.takeForced("GET /b").status()).isEqualTo(503);
        assertThat(faults.takeForced("GET /c")).isNull();

        faults.forceOnly(call -> true, 429, null, false, 1).forceOnly(call -> true, 503, null, false, 1);
        Faults.Forced last = faults.takeForced("anything");
        assertThat(last.status()).isEqualTo(503);
        assertThat(faults.takeForced("anything")).isNull();

        faults.record(Faults.Fault.THROTTLE);
        faults.record(Faults.Fault.ERROR);
        faults.record(Faults.Fault.LOST);
        assertThat(faults.throttled().get()).isEqualTo(1);
        assertThat(faults.failed().get()).isEqualTo(2);
        assertThat(faults.injected().get()).isEqualTo(3);
    }

    @Test
    void clearStopsEveryFaultButKeepsTheSlowDelay() {
        Faults faults = new Faults(3, SLOW).rates(1, 1, 1).slow(1, SLOW).force(call -> true, 500, null, false, 5);
        faults.clear();
        assertThat(faults.rates()).isEqualTo(new Faults.Rates(0, 0, 0, 0, SLOW));
        assertThat(faults.takeForced("x")).isNull();
        assertThat(faults.draw(true)).isEqualTo(new Faults.Decision(null, Duration.ZERO));
    }

    @Test
    void pauseWaitsAndKeepsAnInterrupt() {
        long start = System.nanoTime();
        Faults.pause(Duration.ZERO);
        Faults.pause(Duration.ofMillis(20));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        Thread.currentThread().interrupt();
        Faults.pause(Duration.ofSeconds(5));
        assertThat(Thread.interrupted()).isTrue();
    }
}
