package dev.faasport.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsing a raw (still encoded) query string the way servlet-style front ends do: {@code +} decodes as a space. */
public final class QueryStrings {

    private QueryStrings() {
    }

    /**
     * @param raw the raw query, or null for none
     * @return each name's last value, in the order of first appearance (a name without {@code =} has the value "")
     */
    public static Map<String, String> single(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            q.put(k, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return q;
    }

    /**
     * @param raw the raw query, or null or empty for none
     * @return every value of each name, in the order of first appearance
     */
    public static Map<String, List<String>> multi(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
