package it.secrets;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Answers a value derived from its secret (the first 12 hex digits of its SHA-256), never the secret. */
public class Reader implements HttpFunction {
    @Override
    public HttpResponse handle(HttpRequest request, Context context) throws Exception {
        String value = context.environment().get("DB_PASSWORD");
        byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return HttpResponse.ok(context.environment().get("GREETING") + " " + HexFormat.of().formatHex(d).substring(0, 12));
    }
}
