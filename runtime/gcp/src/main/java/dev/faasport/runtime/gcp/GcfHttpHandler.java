package dev.faasport.runtime.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.Invoker;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Google Cloud Functions (Functions Framework) entry point for HTTP-triggered functions, HTTP or TYPED shape:
 * deploy with entry point {@code dev.faasport.runtime.gcp.GcfHttpHandler}. Failures answer 500 with a JSON error
 * body, bodies that do not bind a TYPED function's input answer 400.
 */
public final class GcfHttpHandler implements HttpFunction {

    private final Invoker invoker;

    /** Used by the Functions Framework: serves the function named by the descriptor and environment. */
    public GcfHttpHandler() {
        this(null, System.getenv());
        GcpFunctions.warmUp(invoker);
    }

    GcfHttpHandler(FunctionRegistry registry, Map<String, String> environment) {
        this.invoker = GcpFunctions.invoker(registry, environment);
    }

    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
        String id = request.getFirstHeader("Function-Execution-Id")
                .or(() -> request.getFirstHeader("X-Cloud-Trace-Context").map(t -> t.split("[/;]")[0]))
                .orElse(null);
        dev.faasport.api.HttpRequest neutral = new dev.faasport.api.HttpRequest(request.getMethod(), request.getPath(),
                request.getQueryParameters(), request.getHeaders(), request.getInputStream().readAllBytes());
        dev.faasport.api.HttpResponse r = invoker.http(neutral, GcpFunctions.context(invoker.entry(), id));
        response.setStatusCode(r.status());
        r.headers().forEach((name, value) -> {
            if (name.toLowerCase(Locale.ROOT).equals("content-type")) response.setContentType(value);
            else response.appendHeader(name, value);
        });
        try (OutputStream out = response.getOutputStream()) {
            out.write(r.body());
        }
    }
}
