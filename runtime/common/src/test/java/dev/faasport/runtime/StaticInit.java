package dev.faasport.runtime;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;

/** A handler whose static initialiser must not run when its shape is detected; it leaves a system property. */
public class StaticInit implements HttpFunction {
    public static final String MARK = "faasport.test.staticInit";

    static {
        System.setProperty(MARK, "ran");
    }

    @Override
    public HttpResponse handle(HttpRequest request, Context context) {
        return HttpResponse.ok("x");
    }
}
