package dev.faasport.packaging;

/**
 * Packaging failed because of the user's project (a secret in the classes, a corrupt jar, an unconvertible
 * schedule...). The message reads "&lt;what failed&gt;, perhaps you should &lt;fix&gt;" and names the path or function.
 */
public class PackagingException extends Exception {
    public PackagingException(String message) {
        super(message);
    }

    public PackagingException(String message, Throwable cause) {
        super(message, cause);
    }
}
