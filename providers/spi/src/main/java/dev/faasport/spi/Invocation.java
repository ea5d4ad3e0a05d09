package dev.faasport.spi;

import java.util.Map;

/**
 * A request to invoke a deployed function directly: for HTTP functions an HTTP request, for event functions the
 * neutral event as JSON in {@code body}.
 *
 * @param method  HTTP method (ignored for event functions)
 * @param path    path below the function's URL
 * @param headers request headers
 * @param body    request body or event JSON
 */
public record Invocation(String method, String path, Map<String, String> headers, byte[] body) {
    public Invocation {
        method = method == null ? "POST" : method;
        path = path == null ? "/" : path;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }
}
