package it.triggers;

import dev.faasport.api.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Writes an object into a local bucket through FAASPORT_STORAGE_URL, the local runtime's bucket API. */
final class Marker {
    private Marker() {
    }

    static void put(Context context, String bucket, String key, String text) throws IOException {
        String base = context.environment().get("FAASPORT_STORAGE_URL");
        HttpURLConnection c = (HttpURLConnection) URI.create(base + "/" + bucket + "/" + key).toURL().openConnection();
        c.setRequestMethod("PUT");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        if (c.getResponseCode() != 200) {
            throw new IOException("writing " + bucket + "/" + key + " answered HTTP " + c.getResponseCode());
        }
    }
}
