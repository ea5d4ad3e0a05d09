package dev.faasport.provider.aws.conformance.fn;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.provider.aws.conformance.dep.Greetings;

import java.util.Map;

/** HTTP: answers the request body's bytes reversed (binary), echoes the cookies, sets one, and says where its dependency came from. */
public class Web implements HttpFunction {
    @Override
    public HttpResponse handle(HttpRequest request, Context context) {
        byte[] in = request.body();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        String cookies = request.header("cookie").orElse("");
        context.logger().info(Greetings.handled(request.method() + " " + request.path()));
        return new HttpResponse(200, Map.of("content-type", "application/octet-stream", "x-cookie", cookies,
                "x-function", context.environment().getOrDefault("FAASPORT_FUNCTION", "?"),
                "x-dependency-from", Greetings.class.getProtectionDomain().getCodeSource().getLocation().getPath(),
                "set-cookie", "seen=" + cookies.split(";").length + "; Path=/; HttpOnly"), out);
    }
}
