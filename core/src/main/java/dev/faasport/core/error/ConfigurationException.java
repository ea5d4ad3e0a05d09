package dev.faasport.core.error;

import java.util.List;

/**
 * The function set's configuration is invalid. Validation collects every problem before throwing, so one build
 * reports them all; each problem names the function, the field and the fix.
 */
public class ConfigurationException extends FaasportException {

    private final String setName;
    private final List<Problem> problems;

    public ConfigurationException(String setName, List<Problem> problems) {
        super(HelpfulSuggestions.configurationProblems(setName, problems));
        this.setName = setName;
        this.problems = List.copyOf(problems);
    }

    /** @return the set the problems were found in (may be null when its name was missing) */
    public String setName() {
        return setName;
    }

    /** @return every problem found, in declaration order */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * One configuration problem.
     *
     * @param function the function's name (or {@code #index} / class name when it has none); null for set-level problems
     * @param field    the configuration field at fault, as written in the POM ({@code memoryMb}, {@code trigger})
     * @param message  the full message: what is wrong, perhaps you should ...
     */
    public record Problem(String function, String field, String message) {
        @Override
        public String toString() {
            return message;
        }
    }
}
