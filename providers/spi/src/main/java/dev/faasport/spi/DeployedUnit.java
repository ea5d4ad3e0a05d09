package dev.faasport.spi;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A unit as the target holds it now, found by Faasport's tags or labels.
 *
 * @param setName        the function set recorded on the unit
 * @param name           the unit's name on the target
 * @param artifactSha256 the code hash recorded at deploy time (hex SHA-256 of the archive)
 * @param configHash     the configuration hash recorded at deploy time
 * @param functions      the live configuration of its functions (for inventory and migration); may be empty when
 *                       the target cannot say
 * @param endpoints      function name to invocation URL, for HTTP functions
 * @param attributes     anything else worth showing (version, alias, state), sorted
 */
public record DeployedUnit(String setName, String name, String artifactSha256, String configHash,
                           List<FunctionSpec> functions, Map<String, String> endpoints, Map<String, String> attributes) {
    public DeployedUnit {
        functions = functions == null ? List.of() : List.copyOf(functions);
        endpoints = endpoints == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(endpoints));
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
}
