package dev.faasport.local.testfn;

import dev.faasport.api.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Writes marker objects into a local bucket through FAASPORT_STORAGE_URL, as a real function would. */
final class Marks {
    private Marks() {
    }

    static void put(Context context, String key, String body) throws IOException {
        String base = context.environment().get("FAASPORT_STORAGE_URL");
        String bucket = context.environment().getOrDefault("OUT_BUCKET", "marks");
        HttpURLConnection c = (HttpURLConnection) URI.create(base + "/" + bucket + "/" + key).toURL().openConnection();
        c.setRequestMethod("PUT");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        if (c.getResponseCode() != 200) {
            throw new IOException("marker " + key + " answered " + c.getResponseCode());
        }
        c.getInputStream().readAllBytes();
    }
}
