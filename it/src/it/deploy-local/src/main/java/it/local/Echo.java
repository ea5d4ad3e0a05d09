package it.local;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;

public class Echo implements HttpFunction {
    @Override
    public HttpResponse handle(HttpRequest request, Context context) {
        context.logger().info("echo called with " + request.method() + " " + request.path());
        return HttpResponse.ok(context.environment().get("PREFIX") + request.method() + " "
                + request.queryParam("q").orElse("-") + " " + request.bodyAsString());
    }
}
