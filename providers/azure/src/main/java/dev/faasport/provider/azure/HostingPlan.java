package dev.faasport.provider.azure;

import java.util.Locale;

/** The Azure Functions hosting plans Faasport can create, with the SKU that selects each. */
enum HostingPlan {
    /** Linux Consumption: scale to zero, pay per execution */
    CONSUMPTION("Y1", "Dynamic"),
    /** Flex Consumption: one app per plan, always-ready instances */
    FLEX("FC1", "FlexConsumption"),
    /** Elastic Premium: prewarmed instances, no cold start */
    PREMIUM("EP1", "ElasticPremium");

    final String skuName;
    final String skuTier;

    HostingPlan(String skuName, String skuTier) {
        this.skuName = skuName;
        this.skuTier = skuTier;
    }

    /** @return the plan for a configuration value ("premium", "EP1", "Flex Consumption"...), or null when it names none */
    static HostingPlan parse(String value) {
        if (value == null) {
            return null;
        }
        String key = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        for (HostingPlan p : values()) {
            if (p.id().equals(key) || p.skuName.equalsIgnoreCase(key) || p.skuTier.equalsIgnoreCase(key)) {
                return p;
            }
        }
        return switch (key) {
            case "flexconsumption" -> FLEX;
            case "ep2", "ep3", "elasticpremium" -> PREMIUM;
            default -> null;
        };
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
