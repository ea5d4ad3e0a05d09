package dev.faasport.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response returned by an {@link HttpFunction}.
 *
 * @param status  the HTTP status code, 100 to 599
 * @param headers response headers (one value per name)
 * @param body    the response body, empty (never null) when there is none
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

    /** Validates the status and copies the headers. */
    public HttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599, was " + status);
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** @return a 200 response with a UTF-8 text body */
    public static HttpResponse ok(String text) {
        return of(200, "text/plain; charset=utf-8", text);
    }

    /** @return a response with the given status, content type and UTF-8 body */
    public static HttpResponse of(int status, String contentType, String text) {
        return new HttpResponse(status, Map.of("content-type", contentType), text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a response with the given status and a JSON body (the caller supplies serialised JSON) */
    public static HttpResponse json(int status, String json) {
        return of(status, "application/json", json);
    }

    /** @return a copy with one more header */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(status, copy, body);
    }

    /** @return the body decoded as UTF-8 */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
