package dev.faasport.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as a portable function sees it, whatever gateway delivered it.
 *
 * @param method  the HTTP method, upper case ({@code GET}, {@code POST}, ...)
 * @param path    the path below the function's base URL, always starting with {@code /}
 * @param query   query parameters; a name that occurs several times keeps all its values in order
 * @param headers request headers; names are lower case
 * @param body    the raw request body, empty (never null) when there is none
 */
public record HttpRequest(String method, String path, Map<String, List<String>> query,
                          Map<String, List<String>> headers, byte[] body) {

    /** Normalises the components: upper-case method, lower-case header names, non-null collections and body. */
    public HttpRequest {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        path = path == null || path.isEmpty() ? "/" : (path.startsWith("/") ? path : "/" + path);
        query = query == null ? Map.of() : Map.copyOf(query);
        TreeMap<String, List<String>> lower = new TreeMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> lower.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v),
                    (a, b) -> { var all = new java.util.ArrayList<>(a); all.addAll(b); return List.copyOf(all); }));
        }
        headers = java.util.Collections.unmodifiableMap(lower);
        body = body == null ? new byte[0] : body;
    }

    /** @return the first value of a header (case-insensitive name), if present */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @return the first value of a query parameter, if present */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @return the body decoded as UTF-8 */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
