package com.example.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda function URL / HTTP API handler written as an AWS user writes it; knows nothing of Faasport. */
public class HelloApi implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    public static final List<Object> RECEIVED = new CopyOnWriteArrayList<>();
    public static final String MARK = "faasport.test.helloApiInit";

    static {
        System.setProperty(MARK, "ran");
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        RECEIVED.add(event);
        context.getLogger().log("hello " + event.getRawPath() + "\n");
        if (event.getRawPath().endsWith("/fail")) throw new IllegalStateException("no such greeting");
        if (event.getRawPath().endsWith("/logo")) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "image/png"))
                    .withBody(Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                    .withIsBase64Encoded(true).build();
        }
        Map<String, String> query = event.getQueryStringParameters();
        String name = query == null ? "world" : query.getOrDefault("name", "world");
        String body = event.getBody() == null ? ""
                : event.getIsBase64Encoded() ? new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8)
                : event.getBody();
        String text = "hello " + name + " " + event.getRequestContext().getHttp().getMethod() + " " + event.getRawPath()
                + " body=" + body + " fn=" + context.getFunctionName() + " req=" + context.getAwsRequestId();
        return APIGatewayV2HTTPResponse.builder().withStatusCode(201)
                .withHeaders(Map.of("Content-Type", "text/plain", "X-Greeter", "aws"))
                .withCookies(List.of("seen=1; Path=/"))
                .withBody(text).build();
    }
}
