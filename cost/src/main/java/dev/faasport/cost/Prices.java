package dev.faasport.cost;

import dev.faasport.runtime.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The price table: the built-in {@code prices.json} or a user's file of the same form.
 *
 * @param asOf  when the table was gathered
 * @param plans the plans, in table order
 */
public record Prices(String asOf, List<PricePlan> plans) {

    /** The resource holding the built-in table. */
    public static final String RESOURCE = "/dev/faasport/cost/prices.json";

    /** @return the built-in prices */
    public static Prices builtIn() {
        try (InputStream in = Prices.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The price table " + RESOURCE + " is missing, perhaps you should rebuild faasport-cost");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a price table.
     *
     * @throws IllegalArgumentException naming the plan and field that is wrong
     */
    @SuppressWarnings("unchecked")
    public static Prices parse(String json) {
        Map<String, Object> root = Json.parseObject(json);
        List<PricePlan> plans = new ArrayList<>();
        if (!(root.get("plans") instanceof List<?> list)) {
            throw new IllegalArgumentException("The price table has no \"plans\" array, perhaps you should start from " + RESOURCE);
        }
        for (Object o : list) {
            Map<String, Object> p = (Map<String, Object>) o;
            String id = String.valueOf(p.get("id"));
            Map<String, Object> billing = p.get("billing") instanceof Map<?, ?> b ? (Map<String, Object>) b : Map.of();
            Map<String, Price> prices = new LinkedHashMap<>();
            if (p.get("prices") instanceof Map<?, ?> pm) {
                pm.forEach((k, v) -> {
                    Map<String, Object> pv = (Map<String, Object>) v;
                    if (!(pv.get("usd") instanceof Number usd) || pv.get("asOf") == null || pv.get("source") == null) {
                        throw new IllegalArgumentException("Price '" + k + "' of plan '" + id + "' needs usd, asOf and "
                                + "source, perhaps you should add them");
                    }
                    prices.put(String.valueOf(k), new Price(usd.doubleValue(), String.valueOf(pv.get("asOf")),
                            String.valueOf(pv.get("source"))));
                });
            }
            Map<String, Double> free = new LinkedHashMap<>();
            if (p.get("free") instanceof Map<?, ?> fm) {
                fm.forEach((k, v) -> {
                    if (v instanceof Number n) {
                        free.put(String.valueOf(k), n.doubleValue());
                    }
                });
            }
            plans.add(new PricePlan(id, String.valueOf(p.get("vendor")), String.valueOf(p.get("plan")),
                    number(billing, "minMs", id), number(billing, "stepMs", id),
                    String.valueOf(billing.getOrDefault("memory", "configured")), billing, prices, free));
        }
        return new Prices(String.valueOf(root.get("asOf")), List.copyOf(plans));
    }

    private static long number(Map<String, Object> billing, String field, String plan) {
        if (billing.get(field) instanceof Number n && n.longValue() > 0) {
            return n.longValue();
        }
        throw new IllegalArgumentException("Plan '" + plan + "' has no positive billing." + field
                + ", perhaps you should set it (1 for per-millisecond billing)");
    }

    /** @return the plan with this id */
    public PricePlan plan(String id) {
        return plans.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "No price plan '" + id + "', perhaps you should use one of " + plans.stream().map(PricePlan::id).toList()));
    }
}
