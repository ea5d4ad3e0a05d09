package it.bad;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;

public class Ok implements HttpFunction {
    @Override
    public HttpResponse handle(HttpRequest request, Context context) {
        return HttpResponse.ok("ok");
    }
}
