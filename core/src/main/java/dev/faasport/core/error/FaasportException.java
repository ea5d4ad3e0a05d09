package dev.faasport.core.error;

/**
 * A failure the user can fix: bad configuration, an unknown provider, a limit violation, a failed deploy. Its message
 * is "&lt;what failed&gt;, perhaps you should &lt;fix&gt;" (see {@link HelpfulSuggestions}). The Maven plugin maps it to
 * {@code MojoFailureException}; anything else escaping the core is a bug and becomes {@code MojoExecutionException}.
 */
public class FaasportException extends RuntimeException {

    public FaasportException(String message) {
        super(message);
    }

    public FaasportException(String message, Throwable cause) {
        super(message, cause);
    }
}
