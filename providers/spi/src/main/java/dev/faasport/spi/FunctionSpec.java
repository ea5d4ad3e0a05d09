package dev.faasport.spi;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One function of a set, in the neutral model, after set-level defaults were applied and validation passed.
 *
 * @param name           the function's name, unique in the set
 * @param handler        fully qualified class name of the user's function
 * @param shape          the function's shape, detected from the handler class
 * @param trigger        what invokes it
 * @param memoryMb       memory in MB
 * @param timeoutSeconds timeout in seconds
 * @param environment    environment variables, sorted by name
 * @param maxConcurrency most concurrent invocations (0 = the provider's default)
 * @param minInstances   instances kept warm (0 = scale to zero)
 * @param packageType    zip or container image
 * @param options        provider-specific options, keys prefixed by the provider id ({@code aws.snapStart}), sorted
 * @param secrets        secret references, sorted: environment variable name to the name of a secret in the target's
 *                       secret store (written {@code secret:NAME} in the configuration). Never a value: the provider
 *                       has the platform put the value into the variable when the function runs
 */
public record FunctionSpec(String name, String handler, FunctionShape shape, Trigger trigger, int memoryMb,
                           int timeoutSeconds, Map<String, String> environment, int maxConcurrency, int minInstances,
                           PackageType packageType, Map<String, String> options, Map<String, String> secrets) {

    /** The prefix of an environment value that references a secret instead of holding a value. */
    public static final String SECRET_PREFIX = "secret:";

    public FunctionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(trigger, "trigger");
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(environment));
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        packageType = packageType == null ? PackageType.ZIP : packageType;
        secrets = secrets == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(secrets));
        for (String variable : secrets.keySet()) {
            if (environment.containsKey(variable)) {
                throw new IllegalArgumentException("variable " + variable + " is both a value and a secret reference");
            }
        }
    }

    /** A function without secret references. */
    public FunctionSpec(String name, String handler, FunctionShape shape, Trigger trigger, int memoryMb,
                        int timeoutSeconds, Map<String, String> environment, int maxConcurrency, int minInstances,
                        PackageType packageType, Map<String, String> options) {
        this(name, handler, shape, trigger, memoryMb, timeoutSeconds, environment, maxConcurrency, minInstances,
                packageType, options, Map.of());
    }

    /** @return a copy with other secret references */
    public FunctionSpec withSecrets(Map<String, String> references) {
        return new FunctionSpec(name, handler, shape, trigger, memoryMb, timeoutSeconds, environment, maxConcurrency,
                minInstances, packageType, options, references);
    }

    /** @return the option's value, or the fallback when it is not set */
    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    /** How a function is packaged. */
    public enum PackageType {
        /** an archive of classes and jars (every provider) */
        ZIP,
        /** an OCI container image */
        IMAGE
    }
}
