package dev.faasport.provider.aws.conformance.fn;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** HTTP: a value derived from the secret in DB_PASSWORD (the first 12 hex digits of its SHA-256), never the secret. */
public class Secrets implements HttpFunction {
    @Override
    public HttpResponse handle(HttpRequest request, Context context) throws Exception {
        String value = context.environment().get("DB_PASSWORD");
        if (value == null) {
            return HttpResponse.ok("unset");
        }
        byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return HttpResponse.ok("digest " + HexFormat.of().formatHex(d).substring(0, 12));
    }
}
