package dev.faasport.core.model;

import dev.faasport.spi.FunctionSpec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated function set: defaults applied, every handler loadable and of a shape its trigger accepts.
 *
 * @param name      the set's name
 * @param functions the functions, in declaration order (discovered ones sorted by name)
 */
public record FunctionSet(String name, List<FunctionSpec> functions) {
    public FunctionSet {
        Objects.requireNonNull(name, "name");
        functions = List.copyOf(functions);
    }

    /** @return the function with this name */
    public Optional<FunctionSpec> function(String functionName) {
        return functions.stream().filter(f -> f.name().equals(functionName)).findFirst();
    }
}
