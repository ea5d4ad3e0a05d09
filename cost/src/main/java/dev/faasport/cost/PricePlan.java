package dev.faasport.cost;

import java.util.List;
import java.util.Map;

/**
 * One vendor plan's billing rules and prices.
 *
 * @param id      stable id: aws-x86, aws-arm64, azure-consumption, azure-flex, gcp-gen1, gcp-gen2
 * @param vendor  vendor and product ("AWS Lambda")
 * @param plan    plan or architecture ("arm64", "Consumption")
 * @param minMs   shortest billed duration of one invocation
 * @param stepMs  billed durations are rounded up to a multiple of this
 * @param memory  how billed memory is found: {@code configured}; {@code measured} (rounded up to
 *                {@code memoryStepMb}, between {@code minMemoryMb} and {@code maxMemoryMb}); {@code instance} (the
 *                smallest of {@code instanceMb} that holds the configured memory); {@code tier} (the smallest tier
 *                that holds it, which also gives the CPU: GHz or vCPU)
 * @param billing the raw billing object (memory steps, instance sizes, tiers)
 * @param prices  unit prices by name: gbSecond, ghzSecond, vcpuSecond, millionRequests
 * @param free    free tier per month: gbSeconds, ghzSeconds, vcpuSeconds, requests
 */
public record PricePlan(String id, String vendor, String plan, long minMs, long stepMs, String memory,
                        Map<String, Object> billing, Map<String, Price> prices, Map<String, Double> free) {

    /** @return a price, or 0 when the plan has none of that kind */
    public double usd(String name) {
        Price p = prices.get(name);
        return p == null ? 0 : p.usd();
    }

    /** @return a free-tier allowance, or 0 */
    public double freeAllowance(String name) {
        return free.getOrDefault(name, 0.0);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tiers() {
        Object t = billing.get("tiers");
        return t instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }
}
