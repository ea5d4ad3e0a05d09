package dev.faasport.spi;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What an invocation returned.
 *
 * @param status  HTTP status (event functions: 200 when handled, 5xx when they failed)
 * @param headers response headers
 * @param body    response body
 * @param logTail the last log lines of the invocation, when the target returns them
 */
public record InvocationResult(int status, Map<String, String> headers, byte[] body, List<String> logTail) {
    public InvocationResult {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
        logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
