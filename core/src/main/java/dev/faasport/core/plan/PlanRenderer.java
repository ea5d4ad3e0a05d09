package dev.faasport.core.plan;

import dev.faasport.packaging.ConfigHash;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link DeployPlan} as an aligned plain-text table, one row per unit, then a summary line. */
public final class PlanRenderer {

    private PlanRenderer() {
    }

    public static String render(DeployPlan plan) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"UNIT", "CHANGE", "FUNCTIONS", "CODE", "CONFIG"});
        for (UnitChange c : plan.changes()) {
            rows.add(new String[]{c.name(), label(c.kind()), functions(c), code(c), config(c)});
        }
        StringBuilder sb = new StringBuilder("Plan for function set '").append(plan.setName()).append("':\n");
        sb.append(Table.format(rows));
        plan.changes().forEach(c -> reuploadReason(c).ifPresent(why -> sb.append("  ").append(c.name()).append(": ").append(why).append('\n')));
        Map<UnitChange.Kind, Integer> counts = plan.counts();
        sb.append(counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + label(e.getKey()))
                .collect(Collectors.joining(", ", "", plan.changes().isEmpty() ? "nothing to do" : "")));
        return sb.toString();
    }

    /** @return the kind as shown to users: "update code" */
    public static String label(UnitChange.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A target whose package carries the environment reports its hash: a different one is why the code goes up again. */
    static java.util.Optional<String> reuploadReason(UnitChange c) {
        String deployed = c.current() == null ? null : c.current().attributes().get(ConfigHash.ENVIRONMENT_ATTRIBUTE);
        boolean code = c.kind() == UnitChange.Kind.UPDATE || c.kind() == UnitChange.Kind.UPDATE_CODE;
        return code && deployed != null && !deployed.equals(ConfigHash.environment(c.desired().functions()))
                ? java.util.Optional.of("code re-uploaded because an environment variable changed") : java.util.Optional.empty();
    }

    private static String functions(UnitChange c) {
        if (c.desired() != null) {
            return c.desired().functions().stream().map(FunctionSpec::name).collect(Collectors.joining(","));
        }
        return c.current().functions().isEmpty() ? "-"
                : c.current().functions().stream().map(FunctionSpec::name).collect(Collectors.joining(","));
    }

    private static String code(UnitChange c) {
        String now = c.current() == null ? null : c.current().artifactSha256();
        DeployUnit d = c.desired();
        String next = d == null ? null : d.artifact().sha256();
        return switch (c.kind()) {
            case CREATE -> "+" + shortHash(next);
            case DELETE -> "-" + shortHash(now);
            case UPDATE_CODE, UPDATE -> shortHash(now) + "->" + shortHash(next);
            default -> shortHash(next);
        };
    }

    private static String config(UnitChange c) {
        return switch (c.kind()) {
            case UPDATE_CONFIG, UPDATE -> "changed";
            case CREATE -> "new";
            case DELETE -> "removed";
            default -> "same";
        };
    }

    static String shortHash(String sha) {
        return sha == null || sha.isEmpty() ? "?" : sha.substring(0, Math.min(8, sha.length()));
    }
}
