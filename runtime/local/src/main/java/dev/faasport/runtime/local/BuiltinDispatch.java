package dev.faasport.runtime.local;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.runtime.json.Json;

import java.nio.charset.StandardCharsets;

/**
 * A minimal dispatch for HTTP functions and for TYPED functions over untyped JSON (maps, lists, strings, numbers).
 * Loads few classes so the worker starts fast; event shapes need the full dispatch of runtime-common.
 */
final class BuiltinDispatch implements Dispatch {

    private final String function;
    private final Object handler;

    BuiltinDispatch(String function, Object handler) {
        this.function = function;
        this.handler = handler;
    }

    @Override
    public HttpResponse http(HttpRequest request, Context context) throws Exception {
        if (handler instanceof HttpFunction http) {
            return http.handle(request, context);
        }
        if (handler instanceof java.util.function.Function<?, ?>) {
            return typed(request.body());
        }
        return unsupported();
    }

    @Override
    public HttpResponse event(byte[] eventJson, Context context) throws Exception {
        if (handler instanceof java.util.function.Function<?, ?>) {
            return typed(eventJson);
        }
        return unsupported();
    }

    @SuppressWarnings("unchecked")
    private HttpResponse typed(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        Object input = text.isBlank() ? null : Json.parse(text);
        Object output = ((java.util.function.Function<Object, Object>) handler).apply(input);
        return HttpResponse.json(200, Json.write(output));
    }

    private HttpResponse unsupported() {
        return HttpResponse.json(501, WorkerMain.errorJson(function, "Function '" + function + "' (" + handler.getClass().getName()
                + ") has a shape this worker cannot call, perhaps you should give it an HTTP trigger or implement "
                + "dev.faasport.api.HttpFunction", "UnsupportedShape"));
    }
}
