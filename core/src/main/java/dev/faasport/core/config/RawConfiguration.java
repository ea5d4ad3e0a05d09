package dev.faasport.core.config;

import java.util.Map;

/**
 * The configuration as a build tool holds it, before any precedence is applied: implemented by the Maven plugin
 * (and by any other front end) with raw values, read by {@link ConfigurationProcessor}, which decides. The same
 * split as Jib's {@code RawConfiguration} and {@code PluginConfigurationProcessor}.
 */
public interface RawConfiguration {

    /** @return the provider properties written in the build file, keys prefixed by provider id ({@code aws.region}) */
    Map<String, String> providerProperties();

    /** @return the set-level packaging settings written in the build file ({@code azure.app}, {@code gcp.generation}) */
    Map<String, String> settings();

    /** @return the build's own properties (a POM's {@code <properties>}); {@code faas.<provider>.<key>} ones count */
    Map<String, String> projectProperties();

    /** @return the build tool's system properties; they override the project's */
    Map<String, String> systemProperties();

    /** @return the command line's properties ({@code -Dfaas.aws.region=...}); they override everything */
    Map<String, String> commandLineProperties();

    /** @return the target list as typed ({@code local}, {@code aws,gcp}, {@code all}); null or blank: local */
    String providers();
}
