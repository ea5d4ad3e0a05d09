package dev.faasport.core;

import dev.faasport.core.plan.Table;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a target holds for a function set (faas:info).
 *
 * @param providerId  the provider
 * @param displayName the provider's name for reports
 * @param setName     the function set
 * @param units       the deployed units, sorted by name
 */
public record Inventory(String providerId, String displayName, String setName, List<DeployedUnit> units) {

    public Inventory {
        units = units.stream().sorted(java.util.Comparator.comparing(DeployedUnit::name)).toList();
    }

    /** @return every HTTP function's URL, by function name */
    public Map<String, String> endpoints() {
        Map<String, String> all = new TreeMap<>();
        units.forEach(u -> all.putAll(u.endpoints()));
        return all;
    }

    /** @return a plain-text table: unit, functions, code hash, URLs, attributes */
    public String render() {
        if (units.isEmpty()) {
            return "Nothing is deployed for function set '" + setName + "' on " + displayName + ".\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"UNIT", "FUNCTIONS", "CODE", "URL", "STATUS"});
        for (DeployedUnit u : units) {
            String fns = u.functions().isEmpty() ? u.name()
                    : u.functions().stream().map(FunctionSpec::name).collect(Collectors.joining(","));
            String sha = u.artifactSha256() == null ? "?" : u.artifactSha256().substring(0, Math.min(8, u.artifactSha256().length()));
            String urls = String.join(" ", u.endpoints().values());
            String attrs = u.attributes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            rows.add(new String[]{u.name(), fns, sha, urls.isEmpty() ? "-" : urls, attrs.isEmpty() ? "-" : attrs});
        }
        return "Function set '" + setName + "' on " + displayName + ":\n" + Table.format(rows);
    }
}
