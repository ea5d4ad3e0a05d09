package it.natives;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/** Written for AWS Lambda function URLs, exactly as an AWS user would. */
public class AwsHello implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String who = event.getQueryStringParameters() == null ? "nobody"
                : event.getQueryStringParameters().getOrDefault("who", "nobody");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(201)
                .withHeaders(Map.of("content-type", "text/plain"))
                .withBody("aws " + event.getRequestContext().getHttp().getMethod() + " " + who + " " + event.getBody())
                .build();
    }
}
