package dev.faasport.provider.knative;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The function {@link KnativeTestClusterTest} puts into its images: answers with the greeting its image carries
 * ({@code greeting.txt} beside the classes), the request body and the Knative revision serving it, and reports the
 * JVM's maximum heap (which the container's memory limit bounds) in a header, and a digest of DB_PASSWORD when set.
 */
public class GreetingFunction implements HttpFunction {

    @Override
    public HttpResponse handle(HttpRequest request, Context context) throws Exception {
        String greeting;
        try (InputStream in = GreetingFunction.class.getResourceAsStream("/greeting.txt")) {
            greeting = in == null ? "no greeting" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        HttpResponse response = HttpResponse.ok(greeting + ", " + request.bodyAsString() + " from "
                + System.getenv("K_REVISION")).withHeader("x-max-heap-mb", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
        String secret = context.environment().get("DB_PASSWORD");
        if (secret != null) {
            // a value derived from the secret, never the secret: the first 12 hex digits of its SHA-256
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            response = response.withHeader("x-secret-digest", java.util.HexFormat.of().formatHex(d).substring(0, 12));
        }
        return response;
    }
}
