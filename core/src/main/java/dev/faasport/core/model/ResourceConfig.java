package dev.faasport.core.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a function and the set's defaults both have: resources, environment, scaling, packaging, options.
 * Null means "not set here": the set's default for a function, the documented default for the set.
 */
public abstract class ResourceConfig {

    private Integer memoryMb;
    private Integer timeoutSeconds;
    private Map<String, String> environment;
    private Integer maxConcurrency;
    private Integer minInstances;
    private String packageType;
    private Map<String, String> options;

    public Integer getMemoryMb() { return memoryMb; }
    public void setMemoryMb(Integer memoryMb) { this.memoryMb = memoryMb; }
    public Integer getTimeoutSeconds() { return timeoutSeconds; }
    public void setTimeoutSeconds(Integer timeoutSeconds) { this.timeoutSeconds = timeoutSeconds; }
    public Map<String, String> getEnvironment() { return environment; }
    public void setEnvironment(Map<String, String> environment) {
        this.environment = environment == null ? null : new LinkedHashMap<>(environment);
    }
    public Integer getMaxConcurrency() { return maxConcurrency; }
    public void setMaxConcurrency(Integer maxConcurrency) { this.maxConcurrency = maxConcurrency; }
    public Integer getMinInstances() { return minInstances; }
    public void setMinInstances(Integer minInstances) { this.minInstances = minInstances; }
    /** @return zip or image */
    public String getPackageType() { return packageType; }
    public void setPackageType(String packageType) { this.packageType = packageType; }
    /** @return provider-specific options, keys prefixed by provider id ({@code aws.snapStart}) */
    public Map<String, String> getOptions() { return options; }
    public void setOptions(Map<String, String> options) {
        this.options = options == null ? null : new LinkedHashMap<>(options);
    }
}
