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
 */
public record FunctionSpec(String name, String handler, FunctionShape shape, Trigger trigger, int memoryMb,
                           int timeoutSeconds, Map<String, String> environment, int maxConcurrency, int minInstances,
                           PackageType packageType, Map<String, String> options) {

    public FunctionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(trigger, "trigger");
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(environment));
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        packageType = packageType == null ? PackageType.ZIP : packageType;
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
