package dev.faasport.provider.aws;

import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.json.JsonException;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns an {@link Invocation} into the payload format 2.0 event a function URL (or API Gateway HTTP API) sends, so the
 * adapter sees the same shape through the Invoke API as through the URL, and reads the 2.0 response back.
 */
final class FunctionUrlEvents {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private FunctionUrlEvents() {
    }

    static byte[] request(Invocation inv, String region, String functionName) {
        String path = inv.path().isEmpty() ? "/" : inv.path();
        String query = "";
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q + 1);
            path = path.substring(0, q);
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        Map<String, Object> headers = new TreeMap<>();
        List<Object> cookies = new ArrayList<>();
        inv.headers().forEach((k, v) -> {
            String key = k.toLowerCase(Locale.ROOT);
            if (key.equals("cookie")) {
                for (String c : v.split(";")) {
                    if (!c.isBlank()) {
                        cookies.add(c.trim());
                    }
                }
            } else {
                headers.merge(key, v, (a, b) -> a + "," + b);
            }
        });
        String urlId = "faasport" + Integer.toHexString(functionName.hashCode() & 0x7fffffff);
        String host = urlId + ".lambda-url." + region + ".on.aws";
        headers.putIfAbsent("host", host);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);

        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", inv.method().toUpperCase(Locale.ROOT));
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "127.0.0.1");
        http.put("userAgent", headers.getOrDefault("user-agent", "faasport"));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", "anonymous");
        context.put("apiId", urlId);
        context.put("domainName", host);
        context.put("domainPrefix", urlId);
        context.put("http", http);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", TIME.format(now));
        context.put("timeEpoch", now.toInstant().toEpochMilli());

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", query);
        if (!cookies.isEmpty()) {
            event.put("cookies", cookies);
        }
        event.put("headers", headers);
        if (!query.isEmpty()) {
            Map<String, Object> params = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.merge(k, v, (a, b) -> a + "," + b); // function URLs join repeated parameters with commas
            }
            event.put("queryStringParameters", params);
        }
        event.put("requestContext", context);
        if (inv.body().length > 0) {
            String text = utf8(inv.body());
            boolean base64 = text == null || !textual(String.valueOf(headers.getOrDefault("content-type", "")));
            event.put("body", base64 ? Base64.getEncoder().encodeToString(inv.body()) : text);
            event.put("isBase64Encoded", base64);
        } else {
            event.put("isBase64Encoded", false);
        }
        return Json.write(event).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a payload format 2.0 response; like a function URL, a payload without statusCode is a 200 JSON body. */
    static InvocationResult response(byte[] payload, List<String> logTail) {
        String text = new String(payload, StandardCharsets.UTF_8);
        Object parsed;
        try {
            parsed = text.isBlank() ? null : Json.parse(text);
        } catch (JsonException e) {
            parsed = text;
        }
        if (!(parsed instanceof Map<?, ?> map) || !map.containsKey("statusCode")) {
            return new InvocationResult(200, Map.of("content-type", "application/json"), payload, logTail);
        }
        int status = ((Number) map.get("statusCode")).intValue();
        Map<String, String> headers = new TreeMap<>();
        if (map.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(String.valueOf(k).toLowerCase(Locale.ROOT), String.valueOf(v)));
        }
        if (map.get("cookies") instanceof List<?> c && !c.isEmpty()) {
            headers.put("set-cookie", String.join(", ", c.stream().map(String::valueOf).toList()));
        }
        byte[] body = new byte[0];
        if (map.get("body") instanceof String b) {
            body = Boolean.TRUE.equals(map.get("isBase64Encoded")) ? Base64.getDecoder().decode(b)
                    : b.getBytes(StandardCharsets.UTF_8);
        }
        return new InvocationResult(status, headers, body, logTail);
    }

    private static boolean textual(String contentType) {
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.isEmpty() || ct.startsWith("text/") || ct.contains("json") || ct.contains("xml")
                || ct.contains("x-www-form-urlencoded") || ct.contains("javascript");
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
