package dev.faasport.cost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost arithmetic: per plan, each function's billed duration (rounded up to the plan's step, at least its
 * minimum) and billed memory, the set's usage in GB-seconds (1 GB = 1,024 MB) and GHz- or vCPU-seconds, the free
 * tier taken once for the whole set, and the price of what is left.
 */
public final class CostCalculator {

    private final Prices prices;

    public CostCalculator(Prices prices) {
        this.prices = prices;
    }

    /** @return an estimate for every plan of the price table */
    public List<PlanEstimate> estimateAll(List<Workload> workloads) {
        return prices.plans().stream().map(p -> estimate(p, workloads)).toList();
    }

    /** @return one plan's estimate for the set */
    public PlanEstimate estimate(PricePlan plan, List<Workload> workloads) {
        List<PlanEstimate.Line> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        double gbSeconds = 0;
        double cpuSeconds = 0;
        double requests = 0;
        String cpuUnit = plan.prices().containsKey("ghzSecond") ? "ghzSeconds" : plan.prices().containsKey("vcpuSecond") ? "vcpuSeconds" : null;
        for (Workload w : workloads) {
            long billedMs = billedMs(plan, w.durationMs());
            long memMb;
            double cpu = 0;
            switch (plan.memory()) {
                case "measured" -> {
                    double used = w.measuredMemoryMb() > 0 ? w.measuredMemoryMb() : w.memoryMb();
                    if (w.measuredMemoryMb() <= 0) {
                        notes.add(w.function() + ": no measured memory, billed on its configured " + w.memoryMb() + " MB");
                    }
                    long step = longField(plan, "memoryStepMb", 128);
                    memMb = (long) Math.ceil(used / step) * step;
                    memMb = Math.max(longField(plan, "minMemoryMb", step), Math.min(longField(plan, "maxMemoryMb", Long.MAX_VALUE), memMb));
                }
                case "instance" -> memMb = instance(plan, w);
                case "tier" -> {
                    Map<String, Object> tier = tier(plan, w, notes);
                    memMb = ((Number) tier.get("memoryMb")).longValue();
                    Object c = tier.containsKey("ghz") ? tier.get("ghz") : tier.get("vcpu");
                    cpu = c instanceof Number n ? n.doubleValue() : 0;
                }
                default -> memMb = w.memoryMb();
            }
            double seconds = w.invocationsPerMonth() * (billedMs / 1000.0);
            gbSeconds += seconds * memMb / 1024.0;
            cpuSeconds += seconds * cpu;
            requests += w.invocationsPerMonth();
            lines.add(new PlanEstimate.Line(w.function(), w.invocationsPerMonth(), billedMs, memMb, cpu));
        }
        Map<String, Double> usage = new LinkedHashMap<>();
        usage.put("gbSeconds", gbSeconds);
        if (cpuUnit != null) {
            usage.put(cpuUnit, cpuSeconds);
        }
        usage.put("requests", requests);
        Map<String, Double> billable = new LinkedHashMap<>();
        usage.forEach((k, v) -> billable.put(k, Math.max(0, v - plan.freeAllowance(k))));
        double compute = billable.get("gbSeconds") * plan.usd("gbSecond");
        if ("ghzSeconds".equals(cpuUnit)) {
            compute += billable.get(cpuUnit) * plan.usd("ghzSecond");
        } else if ("vcpuSeconds".equals(cpuUnit)) {
            compute += billable.get(cpuUnit) * plan.usd("vcpuSecond");
        }
        double requestsUsd = billable.get("requests") / 1_000_000.0 * plan.usd("millionRequests");
        if (plan.memory().equals("instance")) {
            notes.add("Flex bills instance time: concurrent executions on one instance share it, so this is an upper bound");
        }
        if (plan.id().startsWith("aws")) {
            notes.add("the free tier is shared by x86_64 and arm64 functions of one account");
        }
        return new PlanEstimate(plan, List.copyOf(lines), usage, billable, compute, requestsUsd, List.copyOf(notes));
    }

    /** @return a duration rounded up to the plan's billing step, at least its minimum */
    static long billedMs(PricePlan plan, double durationMs) {
        long steps = (long) Math.ceil(durationMs / plan.stepMs() - 1e-9);
        return Math.max(plan.minMs(), steps * plan.stepMs());
    }

    private static long instance(PricePlan plan, Workload w) {
        long largest = 0;
        if (plan.billing().get("instanceMb") instanceof List<?> sizes) {
            for (Object s : sizes) {
                long mb = ((Number) s).longValue();
                if (mb >= w.memoryMb()) {
                    return mb;
                }
                largest = Math.max(largest, mb);
            }
        }
        return largest > 0 ? largest : w.memoryMb();
    }

    private static Map<String, Object> tier(PricePlan plan, Workload w, List<String> notes) {
        List<Map<String, Object>> tiers = plan.tiers();
        for (Map<String, Object> t : tiers) {
            if (((Number) t.get("memoryMb")).longValue() >= w.memoryMb()) {
                return t;
            }
        }
        notes.add(w.function() + ": " + w.memoryMb() + " MB is above the largest " + plan.vendor() + " " + plan.plan()
                + " tier, estimated with the largest");
        return tiers.get(tiers.size() - 1);
    }

    private static long longField(PricePlan plan, String field, long fallback) {
        return plan.billing().get(field) instanceof Number n ? n.longValue() : fallback;
    }

    /** @return a plain-text table of the estimates, cheapest first, with each plan's billing and sources */
    public static String render(List<PlanEstimate> estimates, String asOf) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-24s %-30s %14s %12s %12s%n", "VENDOR", "PLAN", "USD/MONTH", "COMPUTE", "REQUESTS"));
        estimates.stream().sorted(java.util.Comparator.comparingDouble(PlanEstimate::totalUsd)).forEach(e ->
                sb.append(String.format(Locale.ROOT, "%-24s %-30s %14.2f %12.2f %12.2f%n", e.plan().vendor(), e.plan().plan(),
                        e.totalUsd(), e.computeUsd(), e.requestsUsd())));
        for (PlanEstimate e : estimates) {
            sb.append("  ").append(e.plan().id()).append(": ");
            sb.append(String.join(", ", e.lines().stream().map(l -> l.function() + " billed " + l.billedMs() + " ms x "
                    + l.billedMemoryMb() + " MB" + (l.cpu() > 0 ? " (" + l.cpu() + (e.plan().prices().containsKey("ghzSecond") ? " GHz)" : " vCPU)") : "")).toList()));
            e.plan().prices().values().stream().map(Price::source).distinct().forEach(s -> sb.append("; source ").append(s));
            e.notes().forEach(n -> sb.append("; ").append(n));
            sb.append('\n');
        }
        sb.append("Prices as of ").append(asOf).append(", free tiers counted once for the whole set; taxes, data transfer, "
                + "storage and provisioned/always-ready instances not included.\n");
        return sb.toString();
    }
}
