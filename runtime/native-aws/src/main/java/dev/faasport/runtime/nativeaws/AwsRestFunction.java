package dev.faasport.runtime.nativeaws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AWS {@code RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>} as a portable HTTP
 * function: the request becomes a REST API proxy event, payload 1.0 (single- and multi-value headers and query
 * parameters, decoded path, binary bodies Base64), the response is read back.
 */
final class AwsRestFunction implements HttpFunction {

    private final LambdaCall user;

    AwsRestFunction(LambdaCall user) {
        this.user = user;
    }

    @Override
    public HttpResponse handle(HttpRequest request, Context context) throws Exception {
        APIGatewayProxyResponseEvent response = (APIGatewayProxyResponseEvent) user.call(
                event(request, context.invocationId()), null, new LambdaContextView(context));
        if (response == null) {
            throw new IllegalStateException("the handler of '" + context.functionName() + "' returned no "
                    + "APIGatewayProxyResponseEvent, perhaps you should return new APIGatewayProxyResponseEvent().withStatusCode(204)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        }
        if (response.getHeaders() != null) headers.putAll(response.getHeaders());
        Integer status = response.getStatusCode();
        return new HttpResponse(status == null || status == 0 ? 200 : status, headers,
                AwsHttpFunction.bytes(response.getBody(), Boolean.TRUE.equals(response.getIsBase64Encoded())));
    }

    static APIGatewayProxyRequestEvent event(HttpRequest request, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            headers.put(name, values.isEmpty() ? "" : values.get(values.size() - 1)); // REST APIs keep the last value
            multiHeaders.put(name, values);
        });
        Map<String, String> query = new LinkedHashMap<>();
        request.query().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(values.size() - 1)));

        APIGatewayProxyRequestEvent.ProxyRequestContext ctx = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        ctx.setRequestId(requestId);
        ctx.setHttpMethod(request.method());
        ctx.setPath(request.path());
        ctx.setResourcePath("/{proxy+}");
        ctx.setStage("$default");
        ctx.setProtocol("HTTP/1.1");
        ctx.setDomainName(headers.get("host"));
        ctx.setRequestTimeEpoch(Instant.now().toEpochMilli());

        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        event.setResource("/{proxy+}");
        event.setPath(request.path());
        event.setHttpMethod(request.method());
        event.setHeaders(headers);
        event.setMultiValueHeaders(multiHeaders);
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        event.setMultiValueQueryStringParameters(request.query().isEmpty() ? null : request.query());
        event.setPathParameters(request.path().length() > 1 ? Map.of("proxy", request.path().substring(1)) : null);
        event.setRequestContext(ctx);
        String[] body = AwsHttpFunction.body(request.body(), headers.get("content-type"));
        event.setBody(body == null ? null : body[0]);
        event.setIsBase64Encoded(body != null && body[1] != null);
        return event;
    }
}
