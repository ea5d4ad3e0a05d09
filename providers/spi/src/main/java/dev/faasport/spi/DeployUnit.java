package dev.faasport.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a target deploys atomically: one function (Lambda, Cloud Functions, Knative, local) or one app holding
 * several functions (Azure).
 *
 * @param setName    the function set this unit belongs to
 * @param name       the unit's name on the target (function name, or app name)
 * @param functions  the functions in the unit, at least one
 * @param artifact   the packaged code
 * @param configHash a hash of everything but the code that the target holds (memory, timeout, env, triggers...),
 *                   computed by the core so that every provider compares configuration the same way
 * @param settings   unit-level settings (e.g. the Azure hosting plan), sorted
 */
public record DeployUnit(String setName, String name, List<FunctionSpec> functions, Artifact artifact,
                         String configHash, Map<String, String> settings) {
    public DeployUnit {
        Objects.requireNonNull(setName, "setName");
        Objects.requireNonNull(name, "name");
        functions = List.copyOf(functions);
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("a deploy unit holds at least one function");
        }
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** @return the only function of a per-function unit */
    public FunctionSpec function() {
        if (functions.size() != 1) {
            throw new IllegalStateException("unit " + name + " holds " + functions.size() + " functions");
        }
        return functions.get(0);
    }
}
