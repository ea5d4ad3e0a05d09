package dev.faasport.limits;

import dev.faasport.runtime.json.Json;
import dev.faasport.spi.Schedule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A vendor's limits, loaded from {@code /dev/faasport/limits/<provider>.json}: every value carries its as-of date and
 * source URL, and what the vendor does not document is marked so rather than invented.
 *
 * @param provider    provider id
 * @param displayName the vendor's product name for reports
 * @param defaultPlan the plan assumed when none is given
 * @param plans       the plans the table knows
 * @param planAliases other spellings of the plans, lower case letters and digits only ("fc1" for flex)
 * @param limits      the limits
 * @param planProperty the provider property that picks a plan ({@code <provider>.plan} unless the table names another)
 * @param triggerWords what the vendor calls each trigger kind ({@code "queue": "SQS queue"}), for migration reports
 */
public record LimitTable(String provider, String displayName, String defaultPlan, List<String> plans,
                         Map<String, String> planAliases, List<Limit> limits, String planProperty,
                         Map<String, String> triggerWords) {
    public LimitTable {
        plans = List.copyOf(plans);
        planAliases = planAliases == null ? Map.of() : Map.copyOf(planAliases);
        limits = List.copyOf(limits);
        planProperty = planProperty == null ? provider + ".plan" : planProperty;
        triggerWords = triggerWords == null ? Map.of() : Map.copyOf(triggerWords);
    }

    /**
     * @param plan a plan as users write it ("Flex Consumption", "2nd", "EP1"), or null for the default
     * @return the table's plan name, or empty when the table does not know it
     */
    public Optional<String> plan(String plan) {
        if (plan == null || plan.isBlank()) {
            return Optional.of(defaultPlan);
        }
        String key = plan.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (plans.contains(key)) {
            return Optional.of(key);
        }
        return Optional.ofNullable(planAliases.get(key));
    }

    /**
     * Loads the table of a provider.
     *
     * @throws IllegalArgumentException when there is no table for the provider
     */
    public static LimitTable load(String providerId) {
        String resource = "/dev/faasport/limits/" + providerId + ".json";
        try (InputStream in = LimitTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No limit table for provider '" + providerId
                        + "', perhaps you should use one of aws, azure, gcp, local");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + resource, e);
        }
    }

    /** Parses a table from its JSON form. */
    @SuppressWarnings("unchecked")
    public static LimitTable parse(String json) {
        Map<String, Object> doc = Json.parseObject(json);
        List<Limit> limits = new ArrayList<>();
        for (Object o : (List<Object>) doc.get("limits")) {
            Map<String, Object> m = (Map<String, Object>) o;
            Limit l = new Limit((String) m.get("key"), strings(m.get("plans")), strings(m.get("triggers")),
                    number(m.get("min")), number(m.get("max")), number(m.get("step")), strings(m.get("values")),
                    (String) m.get("pattern"), strings(m.get("reserved")), Boolean.TRUE.equals(m.get("unbounded")),
                    Boolean.TRUE.equals(m.get("undocumented")),
                    m.get("severity") == null ? null : Severity.valueOf((String) m.get("severity")),
                    (String) m.get("what"), (String) m.get("note"), (String) m.get("asOf"), (String) m.get("source"),
                    runtimes(m.get("runtimes")), (String) m.get("property"));
            if (l.asOf() == null || l.source() == null) {
                throw new IllegalStateException("limit " + l.key() + " of " + doc.get("provider")
                        + " lacks asOf or source");
            }
            limits.add(l);
        }
        Map<String, String> aliases = new java.util.TreeMap<>();
        if (doc.get("planAliases") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> aliases.put(String.valueOf(k), String.valueOf(v)));
        }
        Map<String, String> words = new java.util.TreeMap<>();
        if (doc.get("triggerWords") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> words.put(String.valueOf(k), String.valueOf(v)));
        }
        return new LimitTable((String) doc.get("provider"), (String) doc.get("displayName"),
                (String) doc.get("defaultPlan"), strings(doc.get("plans")), aliases, limits,
                (String) doc.get("planProperty"), words);
    }

    /** @return the limit for the key that applies to the plan and trigger kind (null kind: any) */
    public Optional<Limit> find(String key, String plan, String triggerKind) {
        return limits.stream().filter(l -> l.key().equals(key) && l.appliesTo(plan, triggerKind)).findFirst();
    }

    /**
     * @param plan the plan, or null for the default
     * @return the schedule dialect the target takes (its {@code schedule.format}); the neutral form when it names none
     * @throws IllegalStateException when the table names a dialect {@link Schedule.Dialect} does not know
     */
    public Schedule.Dialect scheduleDialect(String plan) {
        return find(SCHEDULE_KEY, plan == null ? defaultPlan : plan, "schedule").filter(l -> !l.values().isEmpty())
                .map(l -> Schedule.Dialect.named(l.values().get(0)).orElseThrow(() -> new IllegalStateException(
                        "The limit table of " + provider + " names the schedule format '" + l.values().get(0)
                                + "', which is none of " + List.of(Schedule.Dialect.values()))))
                .orElse(Schedule.Dialect.NEUTRAL);
    }

    /** The key of the schedule dialect a target takes. */
    public static final String SCHEDULE_KEY = "schedule.format";

    /**
     * @return the Java runtimes offered on a plan, newest first; empty when the table has no runtime data
     */
    public List<JavaRuntime> javaRuntimes(String plan) {
        return find(RUNTIME_KEY, plan, null).map(Limit::runtimes).orElse(List.of());
    }

    /** The key of the runtime data: which Java runtimes the vendor offers. */
    public static final String RUNTIME_KEY = "runtime.java";

    /**
     * Runtime entries: {@code {"name": "java21", "java": 21, "lts": true}}; {@code "java": "running"} stands for the
     * JVM Faasport itself runs on (the local provider's workers run on it).
     */
    @SuppressWarnings("unchecked")
    private static List<JavaRuntime> runtimes(Object o) {
        if (o == null) return List.of();
        List<JavaRuntime> out = new ArrayList<>();
        for (Object r : (List<Object>) o) {
            Map<String, Object> m = (Map<String, Object>) r;
            int java = "running".equals(m.get("java")) ? Runtime.version().feature() : ((Number) m.get("java")).intValue();
            out.add(new JavaRuntime((String) m.get("name"), java, Boolean.TRUE.equals(m.get("lts")),
                    Boolean.TRUE.equals(m.get("preview"))));
        }
        out.sort(java.util.Comparator.comparingInt(JavaRuntime::java).reversed());
        return out;
    }

    private static List<String> strings(Object o) {
        if (o == null) return List.of();
        List<String> out = new ArrayList<>();
        for (Object v : (List<?>) o) out.add(String.valueOf(v));
        return out;
    }

    private static Long number(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }
}
