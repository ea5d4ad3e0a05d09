package dev.faasport.runtime;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small HTTP helpers every adapter needs when it turns a platform's request into a neutral one and back. */
public final class HttpMessages {

    private HttpMessages() {
    }

    /**
     * Parses a raw (still URL-encoded) query string; a name that occurs several times keeps all its values in order,
     * a name without {@code =} has the value "".
     */
    public static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return query;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    /** Writes a query map as a raw query string ({@code a=1&a=2&b=x+y}), names and values form-encoded; "" when empty. */
    public static String queryString(Map<String, List<String>> query) {
        StringBuilder sb = new StringBuilder();
        if (query == null) return "";
        query.forEach((name, values) -> {
            for (String v : values.isEmpty() ? List.of("") : values) {
                if (sb.length() > 0) sb.append('&');
                sb.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return sb.toString();
    }

    /** Percent-encodes a decoded path for a URI: '/' and RFC 3986 path characters stay, everything else is escaped. */
    public static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** @return the bytes as text when they are valid UTF-8, else null */
    public static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * @return whether a body of this content type is text (so a gateway can send it as a string rather than
     *         Base64); null (no type) counts as text, the caller still checks the bytes are UTF-8
     */
    public static boolean isTextType(String contentType) {
        if (contentType == null) return true;
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("javascript")
                || t.contains("x-www-form-urlencoded") || t.contains("charset=");
    }
}
