package dev.faasport.core.migrate;

import dev.faasport.core.migrate.FunctionMigration.Blocker;
import dev.faasport.core.migrate.FunctionMigration.Item;
import dev.faasport.limits.Limit;
import dev.faasport.limits.LimitTable;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Maps one function to the target in the neutral model, with the target's limits read from the packaging module's
 * limit data ({@link LimitTable}): memory rounded up to an allowed value, concurrency, minimum instances and queue
 * batches capped, schedules converted exactly, the live environment carried over. What cannot be mapped without
 * changing how the function behaves (more memory or time than the plan has, a schedule with no equivalent) is a
 * blocker with its fixes.
 */
final class TargetMapper {

    /** Variables the providers set themselves; they are not the user's to carry over. */
    private static final String RESERVED_ENV_PREFIX = "FAASPORT_";

    private final String sourceId;
    private final String targetId;
    private final LimitTable table;
    private final String plan;
    private final boolean capTimeouts;

    /**
     * @param table the target's limits, or null when it has none (every value then carries over)
     * @param plan  the target plan, or null for the table's default
     */
    TargetMapper(String sourceId, String targetId, LimitTable table, String plan, boolean capTimeouts) {
        this.sourceId = sourceId;
        this.targetId = targetId;
        this.table = table;
        this.plan = table == null ? null : plan == null || plan.isBlank() ? table.defaultPlan()
                : plan.trim().toLowerCase(Locale.ROOT);
        this.capTimeouts = capTimeouts;
    }

    String plan() {
        return plan;
    }

    /** A function the source holds but the project no longer declares: it cannot be rebuilt from the sources. */
    FunctionMigration sourceOnly(FunctionSpec live, String name) {
        return new FunctionMigration(name, live, null, null, List.of(), List.of(new Blocker("function",
                "Function '" + name + "' is deployed on " + sourceId + " but not declared in the project, so it cannot"
                        + " be rebuilt for " + targetId,
                List.of("declare it again in <functions> (with its handler class in the project)",
                        "delete it from " + sourceId + " first if it is no longer needed"))), List.of());
    }

    /**
     * @param p     the function as the project configures it
     * @param live  the function as the source runs it, or null when the source does not hold it
     * @param attrs the source unit's attributes (version, alias)
     */
    FunctionMigration map(FunctionSpec p, FunctionSpec live, Map<String, String> attrs) {
        List<Item> items = new ArrayList<>();
        List<Blocker> blockers = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String kind = p.trigger().kind();
        String fn = p.name();
        if (live == null) {
            notes.add("not deployed on " + sourceId + ": it is deployed to " + targetId + " from the project, with"
                    + " nothing to compare against");
        }
        if (live != null && !live.handler().equals(p.handler())) {
            notes.add("the source runs handler " + live.handler() + ", the project declares " + p.handler()
                    + ": the project's is deployed");
        }
        if (attrs != null && (attrs.containsKey("version") || attrs.containsKey("alias"))) {
            notes.add("the source runs " + (attrs.containsKey("version") ? "version " + attrs.get("version") : "")
                    + (attrs.containsKey("alias") ? " (alias " + attrs.get("alias") + ")" : "")
                    + "; the target gets the project's current build");
        }

        // memory: rounded up to what the target allows; more than its largest size blocks
        int memory = p.memoryMb();
        Integer liveMemory = known(live == null ? 0 : live.memoryMb());
        drift(notes, "memory", liveMemory, memory, " MB");
        Optional<Limit> ml = limit("memory.mb", kind);
        // not Optional.map: a null (does not fit) must not turn into "no limit"
        Long rounded = ml.isPresent() ? roundUp(ml.get(), memory) : Long.valueOf(memory);
        int newMemory = memory;
        if (rounded == null) {
            blockers.add(new Blocker("memory", "Function '" + fn + "': memory " + memory + " MB > "
                    + max(ml.get(), " MB") + " on " + where(), fixes("memory.mb", kind, memory,
                    "set <memory>" + largest(ml.get()) + "</memory> for function '" + fn + "' in the plugin configuration")));
        } else {
            newMemory = rounded.intValue();
        }
        items.add(item("memory", (liveMemory == null ? memory : liveMemory) + " MB", newMemory + " MB",
                newMemory != memory ? "rounded up to a size " + targetId + " allows" : null));

        // timeout: more than the target allows blocks, unless the user asked to cap it
        int timeout = p.timeoutSeconds();
        Integer liveTimeout = known(live == null ? 0 : live.timeoutSeconds());
        drift(notes, "timeout", liveTimeout, timeout, " s");
        int newTimeout = timeout;
        Optional<Limit> tl = limit("timeout.seconds", kind);
        if (tl.isPresent() && !tl.get().undocumented()) {
            Limit l = tl.get();
            if (l.min() != null && timeout < l.min()) {
                newTimeout = l.min().intValue();
            } else if (!l.unbounded() && l.max() != null && timeout > l.max()) {
                if (capTimeouts) {
                    newTimeout = l.max().intValue();
                    notes.add("timeout capped at " + l.max() + " s (faas.capTimeouts): invocations that ran longer on "
                            + sourceId + " will be cut off");
                } else {
                    blockers.add(new Blocker("timeout", "Function '" + fn + "': timeout " + timeout + " s > " + l.max()
                            + " s on " + where(), fixes("timeout.seconds", kind, timeout,
                            "set <timeout>" + l.max() + "</timeout> for function '" + fn + "' in the plugin configuration",
                            "pass -Dfaas.capTimeouts=true to cap it at " + l.max() + " s")));
                }
            }
        }
        items.add(item("timeout", (liveTimeout == null ? timeout : liveTimeout) + " s", newTimeout + " s",
                newTimeout != timeout ? (newTimeout < timeout ? "capped at the target's maximum"
                        : "raised to the target's minimum") : null));

        // concurrency and warm instances are caps: lowering them keeps the function correct, so they change
        int concurrency = capped(limit("concurrency.max", kind), p.maxConcurrency(), p.maxConcurrency() > 0);
        // 0 on the source means "the provider's default" (or that the provider does not report it)
        items.add(item("maxConcurrency", live == null ? String.valueOf(p.maxConcurrency())
                : live.maxConcurrency() == 0 ? "provider default" : String.valueOf(live.maxConcurrency()),
                String.valueOf(concurrency), concurrency != p.maxConcurrency() ? "capped at the target's maximum" : null));
        int minInstances = capped(limit("instances.min", kind), p.minInstances(), true);
        items.add(item("minInstances", String.valueOf(live == null ? p.minInstances() : live.minInstances()),
                String.valueOf(minInstances), minInstances != p.minInstances()
                        ? "the target plan keeps no instances warm: cold starts come back" : null));

        Trigger trigger = trigger(p, live, items, blockers, notes);
        Map<String, String> env = environment(p, live, items, notes);

        FunctionSpec target = new FunctionSpec(fn, p.handler(), p.shape(), trigger, newMemory, newTimeout, env,
                concurrency, minInstances, p.packageType(), p.options(), p.secrets());
        return new FunctionMigration(fn, live, p, blockers.isEmpty() ? target : null, items, blockers, notes);
    }

    private Trigger trigger(FunctionSpec p, FunctionSpec live, List<Item> items, List<Blocker> blockers,
                            List<String> notes) {
        Trigger t = p.trigger();
        String from = describe(live == null ? t : live.trigger(), sourceId);
        if (live != null && !live.trigger().equals(t)) {
            notes.add("the source's trigger (" + neutral(live.trigger()) + ") differs from the project's ("
                    + neutral(t) + "): the project's is deployed");
        }
        Optional<Limit> kinds = limit("trigger.kinds", t.kind());
        if (kinds.isPresent() && !kinds.get().undocumented() && !kinds.get().values().contains(t.kind())) {
            blockers.add(new Blocker("trigger", "Function '" + p.name() + "': " + where() + " has no " + t.kind()
                    + " trigger (" + kinds.get().what() + "s: " + String.join(", ", kinds.get().values()) + "; "
                    + kinds.get().note() + ")", List.of(
                    "give '" + p.name() + "' an http trigger and deliver its events to it over HTTP",
                    "keep '" + p.name() + "' on " + sourceId + " (or another provider with " + t.kind()
                            + " triggers) and migrate the others")));
            items.add(new Item("trigger", from, "none", true, "not supported by " + targetId));
            return t;
        }
        if (t instanceof Trigger.Storage s) {
            notes.add("bucket '" + s.bucket() + "' must exist on " + targetId
                    + "; objects already stored on " + sourceId + " are not copied");
        } else if (t instanceof Trigger.Queue q) {
            notes.add("queue '" + q.queue() + "' must exist on " + targetId + "; messages waiting on "
                    + sourceId + " are not moved");
            Optional<Limit> bl = limit("queue.batchSize", "queue");
            int batch = capped(bl, q.batchSize(), true);
            if (bl.isPresent() && bl.get().min() != null && batch < bl.get().min()) {
                batch = bl.get().min().intValue();
            }
            if (batch != q.batchSize()) {
                items.add(item("batchSize", String.valueOf(q.batchSize()), String.valueOf(batch),
                        "fitted to the target's batch sizes"));
                t = new Trigger.Queue(q.queue(), batch, q.maxAttempts());
            }
        } else if (t instanceof Trigger.Schedule s) {
            ScheduleConversion.Result r = ScheduleConversion.convert(table, plan, p.name(), s.expression());
            if (r.converted()) {
                items.add(item("schedule", s.expression(), r.expression() + " (" + r.format() + ")",
                        r.expression().equals(s.expression()) ? null : "converted exactly"));
            } else {
                blockers.add(new Blocker("schedule", r.error(), List.of()));
            }
        }
        items.add(new Item("trigger", from, describe(t, targetId), false, null));
        return t;
    }

    private Map<String, String> environment(FunctionSpec p, FunctionSpec live, List<Item> items, List<String> notes) {
        Map<String, String> env = new TreeMap<>(p.environment());
        int same = 0;
        if (live != null) {
            for (Map.Entry<String, String> e : live.environment().entrySet()) {
                String name = e.getKey();
                if (name.toUpperCase(Locale.ROOT).startsWith(RESERVED_ENV_PREFIX)) {
                    continue;
                }
                if (!env.containsKey(name)) {
                    env.put(name, e.getValue());
                    items.add(new Item("environment " + name, "set", "set", false,
                            "only the source sets it; the project configuration does not"));
                } else if (!env.get(name).equals(e.getValue())) {
                    items.add(new Item("environment " + name, "source value", "project value", true,
                            "the source's value differs from the project's; the project's is deployed"));
                } else {
                    same++;
                }
            }
            for (String name : p.environment().keySet()) {
                if (!live.environment().containsKey(name)) {
                    items.add(new Item("environment " + name, "not set", "set", true, "added by the project configuration"));
                }
            }
        } else {
            same = env.size();
        }
        if (same > 0) {
            items.add(new Item("environment", same + " variable(s)", same + " variable(s)", false, null));
        }
        p.secrets().forEach((variable, secret) -> items.add(new Item("secret " + variable, "secret:" + secret,
                "secret:" + secret, false, "a reference: the value stays in the stores, and " + targetId
                + "'s must hold '" + secret + "'")));
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (SecretValues.looksSecret(e.getKey(), e.getValue())) {
                notes.add("environment variable " + e.getKey() + " looks like a secret (value not shown): it is carried"
                        + " over as a plain variable, perhaps you should move it to " + targetId + "'s secret store");
            }
        }
        return env;
    }

    // ---- limits ---------------------------------------------------------------------------------------------------

    private Optional<Limit> limit(String key, String kind) {
        return table == null ? Optional.empty() : limitIn(key, plan, kind);
    }

    private Optional<Limit> limitIn(String key, String inPlan, String kind) {
        return table.find(key, inPlan, kind);
    }

    /** @return the smallest allowed value at least {@code v}, or null when the limit's maximum is below it */
    static Long roundUp(Limit l, long v) {
        if (l.undocumented()) {
            return v;
        }
        if (!l.values().isEmpty()) {
            return l.values().stream().map(Long::parseLong).filter(x -> x >= v).min(Long::compare).orElse(null);
        }
        long out = v;
        if (l.min() != null && out < l.min()) {
            out = l.min();
        }
        if (l.step() != null && l.step() > 1) {
            long base = l.min() == null ? 0 : l.min();
            long over = (out - base) % l.step();
            out = over == 0 ? out : out + l.step() - over;
        }
        return !l.unbounded() && l.max() != null && out > l.max() ? null : out;
    }

    private static int capped(Optional<Limit> l, int v, boolean applies) {
        if (!applies || l.isEmpty() || l.get().undocumented() || l.get().unbounded() || l.get().max() == null) {
            return v;
        }
        return (int) Math.min(v, l.get().max());
    }

    private static String max(Limit l, String unit) {
        return largest(l) + unit;
    }

    private static long largest(Limit l) {
        return l.values().isEmpty() ? l.max() : l.values().stream().mapToLong(Long::parseLong).max().orElse(0);
    }

    /** The first fix, then every other plan of the target where the value fits. */
    private List<String> fixes(String key, String kind, long value, String... first) {
        List<String> out = new ArrayList<>(List.of(first));
        for (String other : table.plans()) {
            if (other.equals(plan)) {
                continue;
            }
            Optional<Limit> l = limitIn(key, other, kind);
            boolean fits = l.isEmpty() || l.get().undocumented() || l.get().unbounded()
                    || (key.equals("memory.mb") ? roundUp(l.get(), value) != null : l.get().max() == null
                    || value <= l.get().max());
            if (fits) {
                String property = table.planProperty();
                out.add(out.size() - (first.length > 1 ? 1 : 0), "deploy to the " + other + " plan (-Dfaas." + property
                        + "=" + other + ")" + l.map(x -> x.unbounded() || x.max() == null ? ", which has no such limit"
                        : ", which allows up to " + largest(x)).orElse(""));
            }
        }
        return out;
    }

    private String where() {
        return (table == null ? targetId : table.displayName()) + (plan == null ? "" : " (" + plan + " plan)");
    }

    /** @return the live value, or null when the source reported none (0) */
    private static Integer known(int liveValue) {
        return liveValue > 0 ? liveValue : null;
    }

    private static void drift(List<String> notes, String field, Integer live, int project, String unit) {
        if (live != null && live != project) {
            notes.add(field + " is " + live + unit + " on the source but " + project + unit
                    + " in the project configuration: the project's value is mapped");
        }
    }

    private static Item item(String field, String from, String to, String why) {
        boolean changed = !from.equals(to) || why != null;
        return new Item(field, from, to, changed, why);
    }

    // ---- trigger words ----------------------------------------------------------------------------------------------

    static String neutral(Trigger t) {
        if (t instanceof Trigger.Http h) {
            return "http" + (h.methods().isEmpty() ? "" : " " + String.join(",", h.methods()))
                    + (h.publicAccess() ? " public" : "");
        }
        if (t instanceof Trigger.Storage s) {
            return "storage " + s.bucket() + " " + s.events().stream().map(Enum::name).sorted()
                    .map(x -> x.toLowerCase(Locale.ROOT)).toList() + (s.prefix().isEmpty() ? "" : " prefix " + s.prefix())
                    + (s.suffix().isEmpty() ? "" : " suffix " + s.suffix());
        }
        if (t instanceof Trigger.Queue q) {
            return "queue " + q.queue() + " batch " + q.batchSize();
        }
        return "schedule " + ((Trigger.Schedule) t).expression();
    }

    /**
     * @return the trigger in the provider's own words, e.g. "S3 notifications of bucket 'images'": the limit table's
     *         {@code triggerWords}, else neutral words
     */
    static String describe(Trigger t, String providerId) {
        Map<String, String> words;
        try {
            words = LimitTable.load(providerId).triggerWords();
        } catch (IllegalArgumentException e) {
            words = Map.of(); // a provider without a table
        }
        if (t instanceof Trigger.Http) {
            return words.getOrDefault("http", "HTTP");
        }
        if (t instanceof Trigger.Storage s) {
            return words.getOrDefault("storage", "storage events") + " of bucket '" + s.bucket() + "'";
        }
        if (t instanceof Trigger.Queue q) {
            return words.getOrDefault("queue", "queue") + " '" + q.queue() + "'";
        }
        return words.getOrDefault("schedule", "schedule");
    }
}
