package dev.faasport.cost;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A month of a function set on one plan.
 *
 * @param plan        the plan
 * @param lines       one line per function: how it is billed
 * @param usage       the set's billed usage: gbSeconds, ghzSeconds or vcpuSeconds, requests
 * @param billable    usage left after the free tier
 * @param computeUsd  cost of memory and CPU time
 * @param requestsUsd cost of requests
 * @param notes       caveats of this plan's estimate
 */
public record PlanEstimate(PricePlan plan, List<Line> lines, Map<String, Double> usage, Map<String, Double> billable,
                           double computeUsd, double requestsUsd, List<String> notes) {

    /** @return compute plus requests, in USD per month */
    public double totalUsd() {
        return computeUsd + requestsUsd;
    }

    /**
     * How one function is billed on the plan.
     *
     * @param function       the function
     * @param invocations    invocations per month
     * @param billedMs       billed duration of one invocation
     * @param billedMemoryMb billed memory
     * @param cpu            GHz (Google 1st gen) or vCPU (2nd gen) of its tier, 0 when the plan bills no CPU
     */
    public record Line(String function, long invocations, long billedMs, long billedMemoryMb, double cpu) {
    }

    /** @return a JSON-ready map of the estimate */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan", plan.id());
        m.put("vendor", plan.vendor());
        m.put("name", plan.plan());
        m.put("totalUsd", round(totalUsd()));
        m.put("computeUsd", round(computeUsd));
        m.put("requestsUsd", round(requestsUsd));
        m.put("usage", usage);
        m.put("billable", billable);
        m.put("functions", lines.stream().map(l -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("function", l.function());
            o.put("invocations", l.invocations());
            o.put("billedMs", l.billedMs());
            o.put("billedMemoryMb", l.billedMemoryMb());
            if (l.cpu() > 0) {
                o.put("cpu", l.cpu());
            }
            return o;
        }).toList());
        Map<String, Object> prices = new LinkedHashMap<>();
        plan.prices().forEach((k, p) -> prices.put(k, Map.of("usd", p.usd(), "asOf", p.asOf(), "source", p.source())));
        m.put("prices", prices);
        m.put("notes", notes);
        return m;
    }

    static double round(double usd) {
        return Math.round(usd * 1_000_000) / 1_000_000.0;
    }
}
