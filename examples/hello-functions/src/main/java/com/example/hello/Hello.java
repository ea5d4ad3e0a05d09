package com.example.hello;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;

/** An HTTP function written against Faasport's portable API. */
public class Hello implements HttpFunction {
    @Override
    public HttpResponse handle(HttpRequest request, Context context) {
        String name = request.queryParam("name").orElse("world");
        String greeting = context.environment().getOrDefault("GREETING", "Hello");
        return HttpResponse.ok(greeting + ", " + name + "!\n");
    }
}
