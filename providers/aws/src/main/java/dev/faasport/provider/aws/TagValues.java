package dev.faasport.provider.aws;

import java.util.regex.Pattern;

/**
 * Tag values as Lambda accepts them. Lambda's service model (lambda-2015-03-31, shape TagValue, read 2026-12) allows
 * at most 256 characters of {@code [\p{L}\p{Z}\p{N}_.:/=+\-@]}; a nested class's handler name holds a {@code $}, which
 * it refuses. Handler names are stored with each character outside that set written as {@code @xxxx} (its UTF-16
 * code in hex): {@code @} cannot occur in a Java class name, so {@link #decode} gives the name back exactly.
 */
final class TagValues {

    /** From the service model's TagValue shape (pattern and length). */
    static final Pattern VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-]");
    private static final Pattern ESCAPED = Pattern.compile("@([0-9a-f]{4})");

    private TagValues() {
    }

    /** @return the class name as a valid tag value, or null when even encoded it is longer than Lambda allows */
    static String encode(String className) {
        StringBuilder sb = new StringBuilder();
        for (char c : className.toCharArray()) {
            if (ALLOWED.matcher(String.valueOf(c)).matches()) {
                sb.append(c);
            } else {
                sb.append('@').append(String.format("%04x", (int) c));
            }
        }
        return VALUE.matcher(sb).matches() ? sb.toString() : null;
    }

    /** @return the class name a tag value written by {@link #encode} stands for (a plain name stays as it is) */
    static String decode(String value) {
        return ESCAPED.matcher(value).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
}
