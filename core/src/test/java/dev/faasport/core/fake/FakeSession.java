package dev.faasport.core.fake;

import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.UnitUpdate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory target that behaves like an idempotent cloud control plane: it holds deployed units, adds latency to
 * every call, injects scripted failures (some after the change took effect, as a timed-out request does) and counts
 * everything so tests can assert calls, creates and concurrency.
 */
public class FakeSession implements ProviderSession {

    /** What to do on a call: throw before the change, or apply it and then throw (a lost response). */
    public record Fault(ProviderException error, boolean afterEffect) {
    }

    public final Map<String, DeployedUnit> units = new ConcurrentHashMap<>();
    public final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
    public final Map<String, AtomicInteger> applyCalls = new ConcurrentHashMap<>();
    public final Map<String, List<Long>> callTimesNanos = new ConcurrentHashMap<>();
    public final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    public final Set<String> permanent = ConcurrentHashMap.newKeySet();
    /** every call in order: "apply:NAME", "delete:NAME", "list", ... */
    public final Deque<String> log = new ConcurrentLinkedDeque<>();
    public final AtomicInteger calls = new AtomicInteger();
    public final AtomicInteger inFlight = new AtomicInteger();
    public final AtomicInteger maxInFlight = new AtomicInteger();
    /** per function, a scripted answer to invoke (e.g. to make the target answer differently from the source) */
    public final Map<String, InvocationResult> answers = new ConcurrentHashMap<>();
    /** when set, verify() refuses the units (what a target reads before any change, e.g. a queue's attributes) */
    public volatile ProviderException refuse;
    public volatile long latencyMillis;
    public volatile boolean closed;
    /** the secrets this target's store holds, and whether it cannot tell (secretExists answers empty) */
    public final Set<String> secrets = ConcurrentHashMap.newKeySet();
    public volatile boolean secretsUnknown;

    public FakeSession(long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    public FakeSession fail(String unit, Fault... scripted) {
        faults.computeIfAbsent(unit, k -> new ConcurrentLinkedDeque<>()).addAll(List.of(scripted));
        return this;
    }

    public static Fault throttled(Duration retryAfter) {
        return new Fault(ProviderException.transientFailure("429 TooManyRequestsException", retryAfter, null), false);
    }

    public static Fault serverError(boolean afterEffect) {
        return new Fault(ProviderException.transientFailure("503 Service Unavailable", null, null), afterEffect);
    }

    public int createsOf(String unit) {
        AtomicInteger n = creates.get(unit);
        return n == null ? 0 : n.get();
    }

    private void enter(String what) {
        calls.incrementAndGet();
        log.add(what);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(latencyMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void verify(List<dev.faasport.spi.DeployUnit> desired) throws ProviderException {
        log.add("verify:" + String.join(",", desired.stream().map(dev.faasport.spi.DeployUnit::name).toList()));
        if (refuse != null) {
            throw refuse;
        }
    }

    @Override
    public List<DeployedUnit> list() {
        enter("list");
        try {
            List<DeployedUnit> all = new ArrayList<>(units.values());
            all.sort(java.util.Comparator.comparing(DeployedUnit::name));
            return all;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public DeployedUnit apply(UnitUpdate change) throws ProviderException {
        String name = change.name();
        enter("apply:" + name);
        try {
            applyCalls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            callTimesNanos.computeIfAbsent(name, k -> Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime());
            if (permanent.contains(name)) {
                throw ProviderException.permanent("InvalidParameterValueException: role is not assumable",
                        "set aws.role to a role Lambda can assume");
            }
            Deque<Fault> scripted = faults.get(name);
            Fault fault = scripted == null ? null : scripted.poll();
            if (fault != null && !fault.afterEffect()) {
                throw fault.error();
            }
            // idempotent upsert keyed by name: a retried create after a lost response updates, never duplicates
            DeployedUnit result = new DeployedUnit(change.desired().setName(), name, change.desired().artifact().sha256(),
                    change.desired().configHash(), change.desired().functions(),
                    Map.of(name, "http://127.0.0.1:1/" + name), Map.of());
            if (units.put(name, result) == null) {
                creates.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            }
            if (fault != null) {
                throw fault.error();
            }
            return result;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void delete(DeployedUnit unit) throws ProviderException {
        enter("delete:" + unit.name());
        try {
            if (permanent.contains(unit.name())) {
                throw ProviderException.permanent("AccessDenied deleting " + unit.name(), "grant lambda:DeleteFunction");
            }
            units.remove(unit.name());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public InvocationResult invoke(String function, Invocation invocation) throws ProviderException {
        enter("invoke:" + function);
        try {
            // per-app units (Azure) hold several functions: find the function inside them too
            if (units.values().stream().noneMatch(u -> u.name().equals(function)
                    || u.functions().stream().anyMatch(f -> f.name().equals(function)))) {
                throw ProviderException.permanent("function " + function + " not found", null);
            }
            InvocationResult scripted = answers.get(function);
            if (scripted != null) {
                return scripted;
            }
            return new InvocationResult(200, Map.of("content-type", "text/plain"),
                    ("echo:" + new String(invocation.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8),
                    List.of("START", "END"));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public List<String> logs(String function, int maxLines) {
        enter("logs:" + function);
        inFlight.decrementAndGet();
        return List.of(function + " line 1", function + " line 2").subList(0, Math.min(2, maxLines));
    }

    @Override
    public void close() {
        closed = true;
    }
}
