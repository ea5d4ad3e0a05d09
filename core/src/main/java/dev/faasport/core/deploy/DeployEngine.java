package dev.faasport.core.deploy;

import dev.faasport.core.error.HelpfulSuggestions;
import dev.faasport.core.plan.DeployPlan;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.core.plan.UnitChange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies a {@link DeployPlan} through a {@link ProviderSession}: creates and updates first, at most
 * {@code parallelism} at a time, each retried on retryable failures; then, only if all of them succeeded, the deletes.
 * Unchanged units make no provider call. A unit that fails for good does not stop the others; the report then fails.
 * Stateless and thread-safe: one engine may apply several plans at once.
 */
public class DeployEngine {

    private final Sleeper sleeper;

    public DeployEngine() {
        this(Thread::sleep);
    }

    /** For tests that must observe or shorten the waits between retries. */
    DeployEngine(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /** Waits between attempts. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /**
     * Applies the plan. Never throws for a provider failure: failures are in the report.
     *
     * @param listener progress callbacks, called from worker threads
     */
    public DeployReport apply(ProviderSession session, DeployPlan plan, DeployOptions options, ProgressListener listener) {
        long start = System.nanoTime();
        ProgressListener safe = new SafeListener(listener == null ? ProgressListener.NONE : listener);
        List<UnitChange> changes = plan.changes();
        UnitResult[] results = new UnitResult[changes.size()];
        List<Integer> upserts = new ArrayList<>();
        List<Integer> deletes = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            UnitChange c = changes.get(i);
            switch (c.kind()) {
                case UNCHANGED -> {
                    results[i] = new UnitResult(c.name(), c.kind(), UnitResult.Outcome.SKIPPED, 0, Duration.ZERO,
                            c.current() == null ? Map.of() : c.current().endpoints(), null, null, c.current());
                    safe.finished(results[i]);
                }
                case DELETE -> deletes.add(i);
                default -> upserts.add(i);
            }
        }
        runAll(session, changes, upserts, results, options, safe);
        long failed = upserts.stream().filter(i -> results[i].outcome() == UnitResult.Outcome.FAILED).count();
        if (failed > 0) {
            for (int i : deletes) {
                UnitChange c = changes.get(i);
                results[i] = new UnitResult(c.name(), c.kind(), UnitResult.Outcome.SKIPPED, 0, Duration.ZERO, Map.of(),
                        HelpfulSuggestions.deleteSkipped((int) failed), null, null);
                safe.finished(results[i]);
            }
        } else {
            runAll(session, changes, deletes, results, options, safe);
        }
        return new DeployReport(plan.setName(), List.of(results), Duration.ofNanos(System.nanoTime() - start));
    }

    private void runAll(ProviderSession session, List<UnitChange> changes, List<Integer> indexes, UnitResult[] results,
                        DeployOptions options, ProgressListener listener) {
        if (indexes.isEmpty()) {
            return;
        }
        if (options.parallelism() == 1) {
            // the sequential baseline: same code path per unit, on the caller's thread
            for (int i : indexes) {
                results[i] = Thread.currentThread().isInterrupted()
                        ? interrupted(changes.get(i), listener) : run(session, changes.get(i), options.retry(), listener);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelism(), indexes.size()),
                new Workers());
        try {
            List<Future<UnitResult>> futures = new ArrayList<>();
            for (int i : indexes) {
                UnitChange c = changes.get(i);
                futures.add(pool.submit(() -> run(session, c, options.retry(), listener)));
            }
            boolean interrupted = false;
            for (int k = 0; k < indexes.size(); k++) {
                UnitChange c = changes.get(indexes.get(k));
                try {
                    results[indexes.get(k)] = interrupted ? interrupted(c, listener) : futures.get(k).get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    pool.shutdownNow();
                    results[indexes.get(k)] = interrupted(c, listener);
                } catch (ExecutionException | CancellationException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    results[indexes.get(k)] = new UnitResult(c.name(), c.kind(), UnitResult.Outcome.FAILED, 1,
                            Duration.ZERO, Map.of(), HelpfulSuggestions.unexpectedProviderError(c.name(), cause), null, null);
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private UnitResult run(ProviderSession session, UnitChange c, RetryPolicy retry, ProgressListener listener) {
        long start = System.nanoTime();
        listener.started(c);
        int attempt = 0;
        UnitResult result;
        while (true) {
            attempt++;
            try {
                DeployedUnit deployed = null;
                if (c.kind() == UnitChange.Kind.DELETE) {
                    session.delete(c.current());
                } else {
                    deployed = session.apply(c.toUpdate());
                }
                result = new UnitResult(c.name(), c.kind(), UnitResult.Outcome.SUCCEEDED, attempt, since(start),
                        deployed == null ? Map.of() : deployed.endpoints(), null, null, deployed);
                break;
            } catch (ProviderException e) {
                if (retry.shouldRetry(attempt, e)) {
                    Duration delay = retry.delay(attempt, e);
                    listener.retrying(c, attempt, e, delay);
                    try {
                        sleeper.sleep(delay.toMillis());
                        continue;
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        result = new UnitResult(c.name(), c.kind(), UnitResult.Outcome.FAILED, attempt, since(start),
                                Map.of(), HelpfulSuggestions.interrupted(c.name()), null, null);
                        break;
                    }
                }
                // a network failure is said as which endpoint and what failed, not as the SDK's exception text
                var unreachable = dev.faasport.core.error.Unreachable.of(e, null);
                String text = unreachable.map(dev.faasport.core.error.Unreachable::message).orElse(e.getMessage());
                String message = e.retryable()
                        ? HelpfulSuggestions.retryExhausted(c.name(), attempt, text) : text;
                result = new UnitResult(c.name(), c.kind(), UnitResult.Outcome.FAILED, attempt, since(start), Map.of(),
                        message, unreachable.map(dev.faasport.core.error.Unreachable::suggestion).orElse(e.suggestion()), null);
                break;
            } catch (RuntimeException e) {
                result = new UnitResult(c.name(), c.kind(), UnitResult.Outcome.FAILED, attempt, since(start), Map.of(),
                        HelpfulSuggestions.unexpectedProviderError(c.name(), e), null, null);
                break;
            }
        }
        listener.finished(result);
        return result;
    }

    private static UnitResult interrupted(UnitChange c, ProgressListener listener) {
        UnitResult r = new UnitResult(c.name(), c.kind(), UnitResult.Outcome.FAILED, 0, Duration.ZERO, Map.of(),
                HelpfulSuggestions.interrupted(c.name()), null, null);
        listener.finished(r);
        return r;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Daemon threads, so a stuck provider call cannot keep the build's JVM alive. */
    private static final class Workers implements ThreadFactory {
        private static final AtomicInteger POOL = new AtomicInteger();
        private final int pool = POOL.incrementAndGet();
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "faasport-deploy-" + pool + "-" + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /** Keeps a faulty listener from failing a deploy. */
    private record SafeListener(ProgressListener delegate) implements ProgressListener {
        @Override
        public void started(UnitChange change) {
            try {
                delegate.started(change);
            } catch (RuntimeException ignored) {
                // progress output must never change the deploy's outcome
            }
        }

        @Override
        public void retrying(UnitChange change, int attempt, ProviderException failure, Duration delay) {
            try {
                delegate.retrying(change, attempt, failure, delay);
            } catch (RuntimeException ignored) {
                // progress output must never change the deploy's outcome
            }
        }

        @Override
        public void finished(UnitResult result) {
            try {
                delegate.finished(result);
            } catch (RuntimeException ignored) {
                // progress output must never change the deploy's outcome
            }
        }
    }
}
