package dev.faasport.runtime.nativeaws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.runtime.HttpMessages;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An AWS {@code RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>} as a portable HTTP function: the
 * request becomes an HTTP API payload 2.0 event as API Gateway and function URLs send it (headers and repeated query
 * values joined by commas, cookies in {@code cookies}, binary bodies Base64), the response is read back.
 */
final class AwsHttpFunction implements HttpFunction {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final LambdaCall user;

    AwsHttpFunction(LambdaCall user) {
        this.user = user;
    }

    static HttpFunction of(Object instance) {
        return new AwsHttpFunction(LambdaCall.of(instance, null));
    }

    @Override
    public HttpResponse handle(HttpRequest request, Context context) throws Exception {
        APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) user.call(event(request, context.invocationId()),
                null, new LambdaContextView(context));
        if (response == null) {
            throw new IllegalStateException("the handler of '" + context.functionName() + "' returned no "
                    + "APIGatewayV2HTTPResponse, perhaps you should return "
                    + "APIGatewayV2HTTPResponse.builder().withStatusCode(204).build()");
        }
        return response(response);
    }

    static APIGatewayV2HTTPEvent event(HttpRequest request, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            if (name.equals("cookie")) {
                for (String v : values) for (String c : v.split(";")) if (!c.isBlank()) cookies.add(c.trim());
            } else {
                headers.put(name, String.join(",", values));
            }
        });
        Map<String, String> query = new LinkedHashMap<>();
        request.query().forEach((name, values) -> query.put(name, String.join(",", values)));
        String rawPath = HttpMessages.encodePath(request.path());
        Instant now = Instant.now();
        String host = headers.get("host");

        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(request.method());
        http.setPath(rawPath);
        http.setProtocol("HTTP/1.1");
        String forwarded = headers.get("x-forwarded-for");
        http.setSourceIp(forwarded == null ? "127.0.0.1" : forwarded.split(",")[0].trim());
        http.setUserAgent(headers.get("user-agent"));
        APIGatewayV2HTTPEvent.RequestContext ctx = new APIGatewayV2HTTPEvent.RequestContext();
        ctx.setHttp(http);
        ctx.setRouteKey("$default");
        ctx.setStage("$default");
        ctx.setRequestId(requestId);
        ctx.setAccountId("anonymous"); // what function URLs report for unauthenticated (NONE) calls
        ctx.setDomainName(host);
        ctx.setDomainPrefix(host == null ? null : host.split("\\.")[0]);
        ctx.setApiId(ctx.getDomainPrefix());
        ctx.setTime(TIME.format(now));
        ctx.setTimeEpoch(now.toEpochMilli());

        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath(rawPath);
        event.setRawQueryString(HttpMessages.queryString(request.query()));
        event.setCookies(cookies.isEmpty() ? null : cookies);
        event.setHeaders(headers);
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        event.setRequestContext(ctx);
        String[] body = body(request.body(), headers.get("content-type"));
        if (body != null) {
            event.setBody(body[0]);
            event.setIsBase64Encoded(body[1] != null);
        }
        return event;
    }

    /** @return {text or Base64, null or "base64"} as API Gateway sends a body, or null when there is none */
    static String[] body(byte[] body, String contentType) {
        if (body.length == 0) return null;
        String text = HttpMessages.isTextType(contentType) ? HttpMessages.utf8OrNull(body) : null;
        return text != null ? new String[] {text, null} : new String[] {Base64.getEncoder().encodeToString(body), "base64"};
    }

    /** @return the bytes of a body API Gateway receives from a function, Base64 or text */
    static byte[] bytes(String body, boolean base64) {
        return body == null ? new byte[0] : base64 ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    static HttpResponse response(APIGatewayV2HTTPResponse r) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (r.getMultiValueHeaders() != null) r.getMultiValueHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        if (r.getHeaders() != null) headers.putAll(r.getHeaders());
        if (r.getCookies() != null && !r.getCookies().isEmpty()) {
            headers.put("set-cookie", r.getCookies().get(0)); // the neutral response has one value per header
        }
        byte[] body = bytes(r.getBody(), r.getIsBase64Encoded());
        // an unset status is what a function URL answers for a response without statusCode: 200
        return new HttpResponse(r.getStatusCode() == 0 ? 200 : r.getStatusCode(), headers, body);
    }
}
