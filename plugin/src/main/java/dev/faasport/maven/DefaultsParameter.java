package dev.faasport.maven;

import java.util.Map;

/** Numbers are read as text and converted by the core, which says what a valid value looks like. The {@code <defaults>} of the plugin configuration: what every function gets unless it says otherwise. */
public class DefaultsParameter {
    String memory;
    String timeout;
    Map<String, String> environment;
    String maxConcurrency;
    String minInstances;
    String packageType;
    Map<String, String> options;
}
