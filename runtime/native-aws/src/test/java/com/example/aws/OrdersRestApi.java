package com.example.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An API Gateway REST API (proxy integration) handler written as an AWS user writes it. */
public class OrdersRestApi implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    public static final List<APIGatewayProxyRequestEvent> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        RECEIVED.add(event);
        String status = event.getQueryStringParameters() == null ? "any" : event.getQueryStringParameters().get("status");
        return new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"path\":\"" + event.getPath() + "\",\"status\":\"" + status + "\",\"method\":\""
                        + event.getHttpMethod() + "\",\"body\":\"" + event.getBody() + "\"}");
    }
}
