package dev.faasport.provider.gcp;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.IdTokenCredentials;
import com.google.auth.oauth2.IdTokenProvider;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faasport.spi.ProviderException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * Authenticated JSON calls to the Google REST APIs that Faasport reaches without a client library (Cloud Logging,
 * Cloud Run IAM, Pub/Sub topics, Cloud Scheduler), and the ID tokens private functions want. With no credentials
 * (gcp.noCredentials) requests go out without an Authorization header.
 */
final class GoogleRest {
    private final HttpClient http;
    private final GoogleCredentials credentials;

    GoogleRest(HttpClient http, GoogleCredentials credentials) {
        this.http = http;
        this.credentials = credentials;
    }

    String accessToken(String what) throws ProviderException {
        if (credentials == null) {
            return null;
        }
        try {
            synchronized (credentials) {
                credentials.refreshIfExpired();
                return credentials.getAccessToken().getTokenValue();
            }
        } catch (IOException e) {
            throw ProviderException.transientFailure(what + ": getting an access token failed: " + e.getMessage(), null, e);
        }
    }

    /** An ID token for the function's URL, which private Cloud Run functions require. */
    String idToken(String what, String audience) throws ProviderException {
        if (credentials == null) {
            return null;
        }
        if (!(credentials instanceof IdTokenProvider provider)) {
            throw ProviderException.permanent(what + ": these credentials (" + credentials.getClass().getSimpleName()
                    + ") cannot mint ID tokens", "perhaps you should use a service account key or make the function "
                    + "public with gcp.public=true");
        }
        try {
            IdTokenCredentials id = IdTokenCredentials.newBuilder().setIdTokenProvider(provider)
                    .setTargetAudience(audience).build();
            id.refresh();
            return id.getIdToken().getTokenValue();
        } catch (IOException e) {
            throw ProviderException.transientFailure(what + ": getting an ID token failed: " + e.getMessage(), null, e);
        }
    }

    JsonObject get(String what, URI uri) throws ProviderException {
        return call(what, "GET", uri, null, Set.of());
    }

    JsonObject post(String what, URI uri, JsonObject body) throws ProviderException {
        return call(what, "POST", uri, body, Set.of());
    }

    /**
     * One authenticated JSON call to a Google REST API.
     *
     * @return the answer, or null when the status is one of {@code tolerated} (e.g. 404 on a delete, 409 on a create)
     */
    JsonObject call(String what, String method, URI uri, JsonObject body, Set<Integer> tolerated)
            throws ProviderException {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        if (body == null) {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            req.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        String token = accessToken(what);
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (tolerated.contains(r.statusCode())) {
                return null;
            }
            if (r.statusCode() / 100 != 2) {
                throw GcpErrors.ofHttp(what, r.statusCode(), errorMessage(r.body()));
            }
            return r.body().isBlank() ? new JsonObject() : JsonParser.parseString(r.body()).getAsJsonObject();
        } catch (IOException e) {
            throw ProviderException.transientFailure(what + " failed: " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.transientFailure(what + ": interrupted", null, e);
        } catch (RuntimeException e) {
            throw ProviderException.transientFailure(what + ": unreadable answer: " + e.getMessage(), null, e);
        }
    }

    private static String errorMessage(String body) {
        try {
            JsonObject e = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("error");
            return e != null && e.has("message") ? e.get("message").getAsString() : body;
        } catch (RuntimeException notJson) {
            return body;
        }
    }
}
