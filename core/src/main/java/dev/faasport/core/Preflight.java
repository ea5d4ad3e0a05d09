package dev.faasport.core;

import dev.faasport.core.error.ConfigurationException.Problem;
import dev.faasport.core.error.HelpfulSuggestions;
import dev.faasport.limits.Limit;
import dev.faasport.limits.LimitTable;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Provider;
import dev.faasport.spi.Schedule;
import dev.faasport.spi.Trigger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a target's rules say about a set without asking the target: bucket and queue names its storage refuses,
 * settings below its minimum (from the limit tables, with their sources), and property or option keys no provider
 * reads. Runs before the first remote call, so a set is never half deployed for a mistake that could be seen here.
 */
public final class Preflight {

    /** Keys the core itself reads under every provider's prefix (plans, packaging settings). */
    private static final Set<String> CORE_KEYS = Set.of("plan", "generation", "app", "architecture", "layers");

    private Preflight() {
    }

    /** @return the names and settings of the functions that the provider's limit table refuses */
    public static List<Problem> names(String providerId, String plan, List<FunctionSpec> functions) {
        List<Problem> problems = new ArrayList<>();
        LimitTable table;
        try {
            table = LimitTable.load(providerId);
        } catch (IllegalArgumentException e) {
            return problems; // no table, no rules: faas:check says so
        }
        String p = table.plan(plan).orElse(table.defaultPlan());
        for (FunctionSpec f : functions) {
            String kind = f.trigger().kind();
            if (f.trigger() instanceof Trigger.Storage s) {
                name(table, p, kind, "storage.bucket", f.name(), "bucket", s.bucket(), problems);
            } else if (f.trigger() instanceof Trigger.Queue q) {
                name(table, p, kind, "queue.name", f.name(), "queue", q.queue(), problems);
            } else if (f.trigger() instanceof Trigger.Schedule s) {
                Schedule.Dialect dialect = table.scheduleDialect(p);
                if (dialect != Schedule.Dialect.NEUTRAL) {
                    schedule(table.displayName(), dialect, f.name(), s.expression(), problems);
                }
            }
            // the limit checker reads 0 as "the target's default"; a target with a minimum has no such default
            table.find("concurrency.max", p, kind).filter(l -> l.min() != null && f.maxConcurrency() < l.min())
                    .ifPresent(l -> problems.add(new Problem(f.name(), "maxConcurrency", HelpfulSuggestions
                            .belowTargetMinimum(f.name(), "maxConcurrency", f.maxConcurrency(), table.displayName(),
                                    l.min(), l.note()))));
        }
        return problems;
    }

    /** A target that speaks cron gets the neutral schedule converted exactly, as its provider will, or not at all. */
    private static void schedule(String target, Schedule.Dialect dialect, String function, String expression,
                                 List<Problem> problems) {
        try {
            Schedule.parse(expression).in(dialect);
        } catch (Schedule.Refused r) {
            problems.add(new Problem(function, "schedule", HelpfulSuggestions.scheduleNotExpressible(function,
                    expression, target, dialect.label(), r.getMessage(), r.fix())));
        }
    }

    private static void name(LimitTable table, String plan, String kind, String key, String function, String field,
                             String value, List<Problem> problems) {
        Optional<Limit> rule = table.find(key, plan, kind);
        if (rule.isPresent() && rule.get().pattern() != null && !value.matches(rule.get().pattern())) {
            Limit l = rule.get();
            problems.add(new Problem(function, field, HelpfulSuggestions.invalidTargetName(function, l.what(), value,
                    table.displayName(), l.note() != null ? l.note() : "matches " + l.pattern(), l.source())));
        }
    }

    /**
     * @param properties provider properties (POM and command line), keys like {@code aws.region}
     * @param settings   the project's set-level settings
     * @return the keys under a provider's prefix that this provider does not read, each with the nearest it does
     */
    public static List<Problem> keys(List<Provider> providers, Map<String, String> properties,
                                     Map<String, String> settings, List<FunctionSpec> functions) {
        List<Problem> problems = new ArrayList<>();
        for (String key : new TreeSet<>(concat(properties.keySet(), settings.keySet()))) {
            known(providers, key).ifPresent(k -> problems.add(new Problem(null, key,
                    HelpfulSuggestions.unknownProperty(key, k.target, k.nearest, k.known))));
        }
        for (FunctionSpec f : functions) {
            for (String key : new TreeSet<>(f.options().keySet())) {
                known(providers, key).ifPresent(k -> problems.add(new Problem(f.name(), "options",
                        HelpfulSuggestions.unknownOption(f.name(), key, k.target, k.nearest, k.known))));
            }
        }
        return problems;
    }

    /** @return the functions whose secret references the target cannot resolve yet */
    public static List<Problem> secrets(Provider provider, List<FunctionSpec> functions) {
        List<Problem> problems = new ArrayList<>();
        for (FunctionSpec f : functions) {
            for (Map.Entry<String, String> ref : f.secrets().entrySet()) {
                if (provider.secretStore(ref.getValue()).isEmpty()) {
                    problems.add(new Problem(f.name(), "environment", HelpfulSuggestions.secretsUnsupported(f.name(),
                            ref.getKey(), ref.getValue(), provider.displayName())));
                }
            }
        }
        return problems;
    }

    private static List<String> concat(Set<String> a, Set<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** @param known the keys the provider declares, sorted, for when no key is near */
    private record Unknown(String target, String nearest, List<String> known) {
    }

    /** @return empty when the key is known, or belongs to no provider that declares its keys */
    private static Optional<Unknown> known(List<Provider> providers, String key) {
        int dot = key.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String prefix = key.substring(0, dot);
        String rest = key.substring(dot + 1);
        for (Provider p : providers) {
            Set<String> declared = p.knownProperties();
            if (!p.id().equals(prefix) || declared.isEmpty() || declared.contains(key) || CORE_KEYS.contains(rest)
                    || rest.startsWith("image.")) {
                continue;
            }
            List<String> all = new ArrayList<>(declared);
            CORE_KEYS.forEach(k -> all.add(prefix + "." + k));
            String nearest = all.stream().min(Comparator.comparingInt((String k) -> distance(key, k))
                    .thenComparing(Comparator.naturalOrder())).orElse(null);
            boolean close = nearest != null && distance(key, nearest) <= Math.max(2, rest.length() / 3);
            return Optional.of(new Unknown(p.displayName(), close ? nearest : null, new TreeSet<>(declared).stream()
                    .toList()));
        }
        return Optional.empty();
    }

    /** Levenshtein distance, ignoring case. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] prev = new int[y.length() + 1];
        int[] cur = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length()];
    }
}
