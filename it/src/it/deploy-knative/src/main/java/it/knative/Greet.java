package it.knative;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;

/** Greets whoever the query names, with the greeting from the environment. */
public class Greet implements HttpFunction {
    @Override
    public HttpResponse handle(HttpRequest request, Context context) {
        String who = request.queryParam("name").orElse("nobody");
        context.logger().info("greeting " + who);
        return HttpResponse.ok(context.environment().get("GREETING") + ", " + who);
    }
}
