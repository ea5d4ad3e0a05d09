package dev.faasport.maven;

import java.util.Map;

/** The {@code <defaults>} of the plugin configuration: what every function gets unless it says otherwise. */
public class DefaultsParameter {
    Integer memory;
    Integer timeout;
    Map<String, String> environment;
    Integer maxConcurrency;
    Integer minInstances;
    String packageType;
    Map<String, String> options;
}
