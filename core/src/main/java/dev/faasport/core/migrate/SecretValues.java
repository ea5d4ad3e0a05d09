package dev.faasport.core.migrate;

import dev.faasport.packaging.SecretScanner;

import java.util.regex.Pattern;

/**
 * Decides whether an environment variable looks like a secret, so that a migration can flag it. The report never
 * prints any environment value, secret-looking or not; this only decides what gets a warning.
 */
public final class SecretValues {

    private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9+/=_.-]{32,}");

    private SecretValues() {
    }

    /** @return whether the name or the value looks like a credential */
    public static boolean looksSecret(String name, String value) {
        return SecretScanner.secretName(name) || SecretScanner.credential(name, value).isPresent() || looksLikeKey(value);
    }

    /** @return whether the value looks like a key: an access key id, a PEM block, a JWT, a long random token */
    public static boolean looksLikeKey(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.trim();
        if (SecretScanner.credential("", v).isPresent()) {
            return true;
        }
        // long runs of mixed-case letters and digits are how generated keys look; URLs and words are not
        return TOKEN_CHARS.matcher(v).matches() && !v.contains("://") && v.chars().anyMatch(Character::isDigit)
                && v.chars().anyMatch(Character::isUpperCase) && v.chars().anyMatch(Character::isLowerCase);
    }
}
