package dev.faasport.core.migrate;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether an environment variable looks like a secret, so that a migration can flag it. The report never
 * prints any environment value, secret-looking or not; this only decides what gets a warning.
 */
public final class SecretValues {

    private static final String[] NAME_WORDS = {"SECRET", "PASSWORD", "PASSWD", "TOKEN", "KEY", "CREDENTIAL",
            "PRIVATE"};
    private static final Pattern AWS_KEY_ID = Pattern.compile("(AKIA|ASIA)[A-Z0-9]{16}");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\..*");
    private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9+/=_.-]{32,}");

    private SecretValues() {
    }

    /** @return whether the name or the value looks like a credential */
    public static boolean looksSecret(String name, String value) {
        String n = name == null ? "" : name.toUpperCase(Locale.ROOT);
        for (String w : NAME_WORDS) {
            if (n.contains(w)) {
                return true;
            }
        }
        return looksLikeKey(value);
    }

    /** @return whether the value looks like a key: an access key id, a PEM block, a JWT, a long random token */
    public static boolean looksLikeKey(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.trim();
        if (v.contains("-----BEGIN") || AWS_KEY_ID.matcher(v).find() || JWT.matcher(v).matches()) {
            return true;
        }
        // long runs of mixed-case letters and digits are how generated keys look; URLs and words are not
        return TOKEN_CHARS.matcher(v).matches() && !v.contains("://") && v.chars().anyMatch(Character::isDigit)
                && v.chars().anyMatch(Character::isUpperCase) && v.chars().anyMatch(Character::isLowerCase);
    }
}
