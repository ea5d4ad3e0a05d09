package dev.faasport.testing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A thread-safe, seeded fault plan for a vendor test server: rates of throttling, server errors, lost responses (the
 * call is carried out, its answer replaced by an error) and slow answers; a queue of forced faults for deterministic
 * tests; and counters of the faults the server actually answered. It decides what a call suffers, the server maps
 * that to its vendor's documented error format.
 *
 * <p>All random draws come from one {@link Random} with the given seed, so a test that fixes the seed sees the same
 * faults on every run as long as the calls arrive in the same order.
 */
public final class Faults {

    /** What an injected fault does to a call. */
    public enum Fault {
        /** Rejected as throttled (429) before anything is done. */
        THROTTLE,
        /** Rejected with a server error before anything is done. */
        ERROR,
        /** Carried out, but the answer is replaced by an error: the client never learns that it worked. */
        LOST
    }

    /**
     * Fractions of calls (0 to 1) that suffer each fault, and how long a slow answer is delayed.
     *
     * @param throttle fraction throttled
     * @param error    fraction answered with a server error
     * @param lost     fraction whose answer is lost
     * @param slow     fraction answered late
     * @param slowBy   the delay of a slow answer
     */
    public record Rates(double throttle, double error, double lost, double slow, Duration slowBy) {

        /** @throws NullPointerException when {@code slowBy} is null */
        public Rates {
            Objects.requireNonNull(slowBy, "slowBy");
        }
    }

    /**
     * What one call suffers.
     *
     * @param fault the fault, or null for none
     * @param delay how long to delay the answer, zero for none
     */
    public record Decision(Fault fault, Duration delay) {
    }

    /**
     * A fault forced on the next matching calls, whatever the rates say.
     *
     * @param calls     which calls it hits, by the key the server gives a call (an operation name, "METHOD path", ...)
     * @param status    the HTTP status to answer
     * @param code      the vendor's error code to answer, if the server uses one
     * @param lost      true: the call is carried out and then answered with the error; false: answered before
     * @param remaining how many more calls it hits (may go below zero once used up)
     */
    public record Forced(Predicate<String> calls, int status, String code, boolean lost, AtomicInteger remaining) {

        /** @return {@link Fault#LOST} for a lost answer, else {@link Fault#THROTTLE} for status 429, else {@link Fault#ERROR} */
        public Fault fault() {
            return lost ? Fault.LOST : status == 429 ? Fault.THROTTLE : Fault.ERROR;
        }
    }

    private final Random random;
    private final Object settings = new Object();
    private volatile Rates rates;
    private final List<Forced> forced = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();

    /**
     * A plan that injects nothing until told to.
     *
     * @param seed   of the random draws
     * @param slowBy the delay of a slow answer until {@link #slow(double, Duration)} changes it
     */
    public Faults(long seed, Duration slowBy) {
        this.random = new Random(seed);
        this.rates = new Rates(0, 0, 0, 0, slowBy);
    }

    // ------------------------------------------------------------------ rates

    /** Sets the fractions of calls throttled, answered with a server error, and whose answer is lost. */
    public Faults rates(double throttle, double error, double lost) {
        synchronized (settings) {
            Rates r = rates;
            rates = new Rates(throttle, error, lost, r.slow(), r.slowBy());
        }
        return this;
    }

    /** Sets the fraction of calls answered late, and by how much. */
    public Faults slow(double rate, Duration slowBy) {
        synchronized (settings) {
            Rates r = rates;
            rates = new Rates(r.throttle(), r.error(), r.lost(), rate, slowBy);
        }
        return this;
    }

    /** @return the current rates */
    public Rates rates() {
        return rates;
    }

    /** Sets every rate to zero (the slow delay stays) and drops the forced faults; the counters stay. */
    public Faults clear() {
        synchronized (settings) {
            rates = new Rates(0, 0, 0, 0, rates.slowBy());
            forced.clear();
        }
        return this;
    }

    // ------------------------------------------------------------------ random draws

    /**
     * Draws what a call suffers, two numbers every call: one for the fault (below {@code throttle}: throttled; below
     * {@code throttle + error}: a server error; below {@code throttle + error + lost}, when {@code mayLose}: a lost
     * answer), one for a slow answer, which comes on top of any fault.
     *
     * @param mayLose whether this call may have its answer lost (servers lose only writes)
     */
    public Decision draw(Rates r, boolean mayLose) {
        double f;
        double s;
        synchronized (random) {
            f = random.nextDouble();
            s = random.nextDouble();
        }
        Fault fault = f < r.throttle() ? Fault.THROTTLE : f < r.throttle() + r.error() ? Fault.ERROR
                : mayLose && f < r.throttle() + r.error() + r.lost() ? Fault.LOST : null;
        return new Decision(fault, s < r.slow() ? r.slowBy() : Duration.ZERO);
    }

    /** {@link #draw(Rates, boolean)} with the plan's rates. */
    public Decision draw(boolean mayLose) {
        return draw(rates, mayLose);
    }

    /** @return true on a fraction {@code p} of calls; draws only when {@code p} is above zero */
    public boolean chance(double p) {
        if (p <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < p;
        }
    }

    /** Waits out a delay (a slow answer, added latency); zero returns at once, an interrupt ends it and stays set. */
    public static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ forced faults

    /**
     * Forces a fault on the next {@code times} matching calls, after those already queued.
     *
     * @param calls  which calls, by the key the server gives a call
     * @param status the HTTP status to answer
     * @param code   the vendor's error code, if any
     * @param lost   carry the call out before answering the error
     */
    public Faults force(Predicate<String> calls, int status, String code, boolean lost, int times) {
        forced.add(new Forced(calls, status, code, lost, new AtomicInteger(times)));
        return this;
    }

    /** Like {@link #force}, but first drops the queued faults with the same {@code lost}: the last one told wins. */
    public Faults forceOnly(Predicate<String> calls, int status, String code, boolean lost, int times) {
        synchronized (settings) {
            forced.removeIf(f -> f.lost() == lost);
            return force(calls, status, code, lost, times);
        }
    }

    /**
     * Takes one hit of the first queued fault that matches the call and is not used up.
     *
     * @return the forced fault, or null for none
     */
    public Forced takeForced(String call) {
        for (Forced f : forced) {
            if (f.calls().test(call) && f.remaining().getAndDecrement() > 0) {
                return f;
            }
        }
        return null;
    }

    /** {@link #takeForced(String)} among the faults answered before ({@code lost} false) or after carrying out. */
    public Forced takeForced(String call, boolean lost) {
        for (Forced f : forced) {
            if (f.lost() == lost && f.calls().test(call) && f.remaining().getAndDecrement() > 0) {
                return f;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ counters

    /** Counts a fault the server answered. */
    public void record(Fault fault) {
        injected.incrementAndGet();
        (fault == Fault.THROTTLE ? throttled : failed).incrementAndGet();
    }

    /** @return the live count of throttled answers, a server may publish it as is */
    public AtomicInteger throttled() {
        return throttled;
    }

    /** @return the live count of injected server errors and lost answers */
    public AtomicInteger failed() {
        return failed;
    }

    /** @return the live count of every injected fault */
    public AtomicInteger injected() {
        return injected;
    }
}
