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
    /** values a build file gave as text that did not convert: element -> what was written */
    private final Map<String, String> unconverted = new LinkedHashMap<>();

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
    /** @return the elements whose text did not convert to their type (element -> text), reported by validation */
    public Map<String, String> getUnconverted() { return unconverted; }

    /**
     * Converts a number given as text (the POM's {@code <memory>}): null or blank is "not set", anything but digits
     * is kept for validation to report.
     */
    public Integer integer(String element, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            unconverted.put(element, text);
            return null;
        }
    }

    /** Converts true or false given as text (any case); anything else is kept for validation to report. */
    public Boolean bool(String element, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            unconverted.put(element, text);
            return null;
        }
        return Boolean.valueOf(t);
    }

    public Map<String, String> getOptions() { return options; }
    public void setOptions(Map<String, String> options) {
        this.options = options == null ? null : new LinkedHashMap<>(options);
    }
}
