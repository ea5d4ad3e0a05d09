package it.level;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;

/** Answers "hello"; compiled for Java 21 by the IT's command line. */
public class Hello implements HttpFunction {
    @Override
    public HttpResponse handle(HttpRequest request, Context context) {
        return HttpResponse.ok("hello");
    }
}
