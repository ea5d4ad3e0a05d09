package dev.faasport.core.deploy;

import dev.faasport.core.fake.FakeSession;
import dev.faasport.core.plan.DeployPlan;
import dev.faasport.core.plan.Planner;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.ProviderException;
import dev.faasport.core.plan.UnitChange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static dev.faasport.core.fake.FakeSession.serverError;
import static dev.faasport.core.fake.FakeSession.throttled;
import static dev.faasport.core.fake.Units.deployed;
import static dev.faasport.core.fake.Units.desired;
import static org.assertj.core.api.Assertions.assertThat;

class DeployEngineTest {

    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20), 0.5);
    private final DeployEngine engine = new DeployEngine();

    private static List<DeployUnit> units(int n) {
        return IntStream.range(0, n).mapToObj(i -> desired("shop", String.format("fn-%02d", i), "sha" + i, "c"))
                .toList();
    }

    @Test
    void createsEveryUnitWithinTheParallelismBound() {
        FakeSession target = new FakeSession(40);
        DeployPlan plan = Planner.plan(units(20), target.list());
        target.calls.set(0);

        DeployReport report = engine.apply(target, plan, new DeployOptions(4, FAST), ProgressListener.NONE);

        assertThat(report.succeeded()).isTrue();
        assertThat(report.results()).hasSize(20).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(UnitResult.Outcome.SUCCEEDED);
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.endpoints()).containsEntry(r.name(), "http://127.0.0.1:1/" + r.name());
        });
        assertThat(target.maxInFlight.get()).isEqualTo(4);
        assertThat(target.calls.get()).isEqualTo(20);
        assertThat(target.units).hasSize(20);
        units(20).forEach(u -> assertThat(target.createsOf(u.name())).isEqualTo(1));
        assertThat(report.endpoints()).hasSize(20);
    }

    @Test
    void sequentialModeMakesOneCallAtATime() {
        FakeSession target = new FakeSession(5);
        DeployReport report = engine.apply(target, Planner.plan(units(6), List.of()), new DeployOptions(1, FAST), null);
        assertThat(report.succeeded()).isTrue();
        assertThat(target.maxInFlight.get()).isEqualTo(1);
        assertThat(target.log).containsExactly("apply:fn-00", "apply:fn-01", "apply:fn-02", "apply:fn-03",
                "apply:fn-04", "apply:fn-05");
    }

    @Test
    void parallelModeOverlapsUpToItsParallelism() {
        // behaviour, not wall-clock (a busy machine slowed the timed version of this test): calls overlap, bounded
        FakeSession par = new FakeSession(30);
        DeployReport report = engine.apply(par, Planner.plan(units(12), List.of()), new DeployOptions(4, FAST), null);
        assertThat(report.succeeded()).isTrue();
        assertThat(par.maxInFlight.get()).isBetween(2, 4);
        assertThat(par.units).hasSize(12);
    }

    @Test
    void unchangedUnitsMakeNoCallAtAll() {
        FakeSession target = new FakeSession(0);
        List<DeployedUnit> live = List.of(deployed("shop", "a", "1", "c"), deployed("shop", "b", "2", "c"));
        DeployPlan plan = Planner.plan(List.of(desired("shop", "a", "1", "c"), desired("shop", "b", "2", "c")), live);

        List<UnitResult> seen = new CopyOnWriteArrayList<>();
        DeployReport report = engine.apply(target, plan, DeployOptions.defaults(), new ProgressListener() {
            @Override
            public void finished(UnitResult result) {
                seen.add(result);
            }
        });

        assertThat(target.calls.get()).isZero();
        assertThat(report.succeeded()).isTrue();
        assertThat(report.results()).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(UnitResult.Outcome.SKIPPED);
            assertThat(r.attempts()).isZero();
        });
        assertThat(report.endpoints()).containsEntry("a", "http://127.0.0.1:1/a");
        assertThat(seen).hasSize(2);
    }

    @Test
    void transientFailuresAreRetriedAndConvergeWithoutDuplicates() {
        FakeSession target = new FakeSession(5);
        target.fail("fn-00", serverError(false), serverError(true))
                .fail("fn-01", serverError(true))
                .fail("fn-02", throttled(null), throttled(null), serverError(false));
        List<String> retries = new CopyOnWriteArrayList<>();

        DeployReport report = engine.apply(target, Planner.plan(units(5), List.of()), new DeployOptions(3, FAST),
                new ProgressListener() {
                    @Override
                    public void retrying(UnitChange change, int attempt, ProviderException failure, Duration delay) {
                        retries.add(change.name() + "#" + attempt);
                    }
                });

        assertThat(report.succeeded()).isTrue();
        assertThat(report.result("fn-00").orElseThrow().attempts()).isEqualTo(3);
        assertThat(report.result("fn-01").orElseThrow().attempts()).isEqualTo(2);
        assertThat(report.result("fn-02").orElseThrow().attempts()).isEqualTo(4);
        assertThat(report.result("fn-03").orElseThrow().attempts()).isEqualTo(1);
        assertThat(retries).containsExactlyInAnyOrder("fn-00#1", "fn-00#2", "fn-01#1", "fn-02#1", "fn-02#2", "fn-02#3");
        assertThat(target.units).hasSize(5);
        units(5).forEach(u -> assertThat(target.createsOf(u.name())).as(u.name()).isEqualTo(1));
    }

    @Test
    void retryAfterIsHonoured() {
        FakeSession target = new FakeSession(0);
        target.fail("fn-00", throttled(Duration.ofMillis(250)));
        // the policy's own backoff is tiny: only the target's Retry-After can explain a 250 ms gap
        DeployReport report = engine.apply(target, Planner.plan(units(1), List.of()),
                new DeployOptions(2, new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), 0)), null);

        assertThat(report.succeeded()).isTrue();
        List<Long> times = target.callTimesNanos.get("fn-00");
        assertThat(times).hasSize(2);
        assertThat(Duration.ofNanos(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void backoffGrowsAndIsCapped() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), 0);
        ProviderException e = ProviderException.transientFailure("503", null, null);
        assertThat(List.of(1, 2, 3, 4, 5, 9).stream().map(a -> p.delay(a, e).toMillis()).toList())
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        RetryPolicy jittered = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), 0.5);
        for (int i = 0; i < 50; i++) {
            assertThat(jittered.delay(3, e).toMillis()).isBetween(200L, 400L);
        }
        assertThat(p.delay(1, ProviderException.transientFailure("429", Duration.ofSeconds(7), null)))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(p.shouldRetry(1, ProviderException.permanent("400", null))).isFalse();
        assertThat(p.shouldRetry(10, e)).isFalse();
        assertThat(p.shouldRetry(1, ProviderException.transientFailure("429", Duration.ofHours(1), null))).isFalse();
    }

    @Test
    void aPermanentFailureFailsOnlyItsUnitAndBlocksDeletes() {
        FakeSession target = new FakeSession(10);
        target.permanent.add("fn-02");
        List<DeployedUnit> live = new ArrayList<>(List.of(deployed("shop", "old", "x", "c")));
        target.units.put("old", live.get(0));

        DeployReport report = engine.apply(target, Planner.plan(units(6), live), new DeployOptions(3, FAST), null);

        assertThat(report.succeeded()).isFalse();
        UnitResult failed = report.result("fn-02").orElseThrow();
        assertThat(failed.outcome()).isEqualTo(UnitResult.Outcome.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.message()).isEqualTo("InvalidParameterValueException: role is not assumable, perhaps you "
                + "should set aws.role to a role Lambda can assume");
        assertThat(report.count(UnitResult.Outcome.SUCCEEDED)).isEqualTo(5);
        UnitResult delete = report.result("old").orElseThrow();
        assertThat(delete.outcome()).isEqualTo(UnitResult.Outcome.SKIPPED);
        assertThat(delete.error()).startsWith("Not deleted because 1 create or update step(s) failed");
        assertThat(target.units).containsKey("old");
        assertThat(target.log).noneMatch(c -> c.startsWith("delete:"));
        assertThat(report.render()).contains("FAILED").contains("fn-02: InvalidParameterValueException");
    }

    @Test
    void exhaustedRetriesFail() {
        FakeSession target = new FakeSession(0);
        target.fail("fn-00", serverError(false), serverError(false), serverError(false), serverError(false),
                serverError(false));
        DeployReport report = engine.apply(target, Planner.plan(units(1), List.of()), new DeployOptions(2, FAST), null);
        UnitResult r = report.result("fn-00").orElseThrow();
        assertThat(r.outcome()).isEqualTo(UnitResult.Outcome.FAILED);
        assertThat(r.attempts()).isEqualTo(4);
        assertThat(r.error()).isEqualTo("Unit 'fn-00' still failed after 4 attempts: 503 Service Unavailable");
    }

    @Test
    void deletesRunAfterEveryCreateAndUpdateSucceeded() {
        FakeSession target = new FakeSession(15);
        List<DeployedUnit> live = List.of(deployed("shop", "old-1", "x", "c"), deployed("shop", "old-2", "x", "c"),
                deployed("shop", "fn-00", "stale", "c"));
        live.forEach(u -> target.units.put(u.name(), u));

        DeployReport report = engine.apply(target, Planner.plan(units(4), live), new DeployOptions(4, FAST), null);

        assertThat(report.succeeded()).isTrue();
        List<String> calls = new ArrayList<>(target.log);
        int lastApply = calls.stream().filter(c -> c.startsWith("apply:")).mapToInt(calls::indexOf).max().orElseThrow();
        int firstDelete = calls.stream().filter(c -> c.startsWith("delete:")).mapToInt(calls::indexOf).min().orElseThrow();
        assertThat(firstDelete).isGreaterThan(lastApply);
        assertThat(target.units.keySet()).containsExactlyInAnyOrder("fn-00", "fn-01", "fn-02", "fn-03");
        assertThat(report.result("fn-00").orElseThrow().kind()).isEqualTo(UnitChange.Kind.UPDATE_CODE);
    }

    @Test
    void unexpectedErrorsAndBrokenListenersDoNotBreakTheDeploy() {
        FakeSession target = new FakeSession(0) {
            @Override
            public DeployedUnit apply(dev.faasport.spi.UnitUpdate change) throws ProviderException {
                if (change.name().equals("fn-01")) {
                    throw new IllegalStateException("boom");
                }
                return super.apply(change);
            }
        };
        DeployReport report = engine.apply(target, Planner.plan(units(3), List.of()), new DeployOptions(2, FAST),
                new ProgressListener() {
                    @Override
                    public void started(UnitChange change) {
                        throw new RuntimeException("listener bug");
                    }
                });
        assertThat(report.count(UnitResult.Outcome.SUCCEEDED)).isEqualTo(2);
        assertThat(report.result("fn-01").orElseThrow().error())
                .isEqualTo("Unit 'fn-01' failed with an unexpected IllegalStateException: boom, perhaps you should "
                        + "report this as a bug in the provider");
    }

    @Test
    void retriesUseTheInjectedSleeper() {
        List<Long> slept = new CopyOnWriteArrayList<>();
        DeployEngine recording = new DeployEngine(slept::add);
        FakeSession target = new FakeSession(0);
        target.fail("fn-00", throttled(Duration.ofSeconds(30)), serverError(false));
        DeployReport report = recording.apply(target, Planner.plan(units(1), List.of()),
                new DeployOptions(1, new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 0)), null);
        assertThat(report.succeeded()).isTrue();
        assertThat(slept).containsExactly(30_000L, 200L);
    }

    @Test
    void reportRendersVersionsWhenTheTargetHasThem() {
        DeployedUnit v3 = new DeployedUnit("shop", "fn-00", "sha0", "c", List.of(), java.util.Map.of("fn-00", "https://x/fn-00"),
                java.util.Map.of("version", "3"));
        DeployReport report = new DeployReport("shop", List.of(new UnitResult("fn-00", UnitChange.Kind.UPDATE_CODE,
                UnitResult.Outcome.SUCCEEDED, 2, Duration.ofMillis(1500), v3.endpoints(), null, null, v3)),
                Duration.ofMillis(1600));
        assertThat(report.render()).isEqualTo("""
                Deploy of function set 'shop' succeeded in 1600 ms:
                  UNIT   CHANGE       OUTCOME    ATTEMPTS  TIME     VERSION  URL
                  fn-00  update code  succeeded  2         1500 ms  3        https://x/fn-00
                """);
    }

    @Test
    void oneEngineAppliesSeveralPlansAtOnce() throws Exception {
        FakeSession a = new FakeSession(10);
        FakeSession b = new FakeSession(10);
        b.fail("fn-01", serverError(true));
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = callers.submit(() -> engine.apply(a, Planner.plan(units(10), List.of()), new DeployOptions(3, FAST), null));
            var second = callers.submit(() -> engine.apply(b, Planner.plan(units(10), List.of()), new DeployOptions(3, FAST), null));
            assertThat(first.get().succeeded()).isTrue();
            assertThat(second.get().succeeded()).isTrue();
        } finally {
            callers.shutdownNow();
        }
        assertThat(a.maxInFlight.get()).isLessThanOrEqualTo(3);
        assertThat(b.maxInFlight.get()).isLessThanOrEqualTo(3);
        units(10).forEach(u -> {
            assertThat(a.createsOf(u.name())).isEqualTo(1);
            assertThat(b.createsOf(u.name())).isEqualTo(1);
        });
    }

    @Test
    void logListenerWritesChangesNotUnchangedUnits() {
        List<String> lines = new CopyOnWriteArrayList<>();
        dev.faasport.spi.ProviderConfig.Log log = new dev.faasport.spi.ProviderConfig.Log() {
            public void info(String m) { lines.add("I " + m); }
            public void warn(String m) { lines.add("W " + m); }
            public void debug(String m) { }
        };
        FakeSession target = new FakeSession(0);
        target.fail("fn-00", throttled(Duration.ofMillis(1)));
        target.permanent.add("fn-01");
        List<DeployedUnit> live = List.of(deployed("shop", "fn-02", "sha2", "c"));
        engine.apply(target, Planner.plan(units(3), live), new DeployOptions(1, FAST), ProgressListener.logTo(log));
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("I create fn-00 ...");
        assertThat(lines.get(1)).startsWith("W fn-00: attempt 1 failed (429 TooManyRequestsException), retrying in 1 ms");
        assertThat(lines.get(2)).startsWith("I fn-00: succeeded in ");
        assertThat(lines.get(3)).isEqualTo("I create fn-01 ...");
        assertThat(lines.get(4)).startsWith("W fn-01: failed in ").endsWith(" ms - InvalidParameterValueException: role "
                + "is not assumable, perhaps you should set aws.role to a role Lambda can assume");
    }

    @Test
    void aBuildStoppedMidDeployConvergesWhenRunAgain() throws Exception {
        FakeSession target = new FakeSession(60);
        List<DeployUnit> wanted = units(12);
        DeployReport[] first = new DeployReport[1];
        Thread build = new Thread(() -> first[0] = engine.apply(target, Planner.plan(wanted, target.list()),
                new DeployOptions(3, FAST), null));
        build.start();
        while (target.units.size() < 3) {
            Thread.sleep(2);
        }
        build.interrupt(); // Ctrl-C: the calls in flight may still land on the target
        build.join(5_000);

        assertThat(first[0].succeeded()).isFalse();
        assertThat(first[0].failures()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.error()).contains("was interrupted before it finished"));
        assertThat(target.units.size()).isLessThan(12);

        DeployReport second = engine.apply(target, Planner.plan(wanted, target.list()), new DeployOptions(3, FAST), null);

        assertThat(second.succeeded()).isTrue();
        assertThat(second.results()).extracting(UnitResult::kind).contains(UnitChange.Kind.UNCHANGED, UnitChange.Kind.CREATE);
        assertThat(target.units).hasSize(12);
        wanted.forEach(u -> assertThat(target.createsOf(u.name())).as(u.name()).isEqualTo(1));
    }
}
