package dev.faasport.core.error;

/**
 * A command-line property ({@code -Dfaas.setName=other}) that the build file's own configuration overrides: Maven
 * lets the POM win, so the goal would act on {@code configured}, not on what the user typed.
 *
 * @param property    the property as typed, {@code faas.setName}
 * @param commandLine the value typed
 * @param configured  the value the goal actually gets
 */
public record Overridden(String property, String commandLine, String configured) {

    /** @return the configuration element that overrides it, {@code setName} */
    public String element() {
        return property.startsWith("faas.") ? property.substring(5) : property;
    }
}
