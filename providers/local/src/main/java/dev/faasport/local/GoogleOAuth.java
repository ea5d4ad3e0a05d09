package dev.faasport.local;

import com.sun.net.httpserver.HttpExchange;
import dev.faasport.runtime.json.Json;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Application Default Credentials for the workers' Google clients: a throwaway service account key per runtime home
 * ({@code <home>/google-credentials.json}, rw-------, given to workers as {@code GOOGLE_APPLICATION_CREDENTIALS}),
 * and the OAuth 2.0 token endpoint that turns its signed JWT into an access token, reached at
 * https://oauth2.googleapis.com/token through the runtime's TLS tunnel ({@link LocalCa}). With it,
 * {@code StorageOptions.getDefaultInstance()} neither reads the developer's own gcloud credentials nor probes the
 * Compute Engine metadata server. Rules from "Using OAuth 2.0 for Server to Server Applications"
 * (developers.google.com/identity/protocols/oauth2/service-account, read 2026-12).
 */
final class GoogleOAuth {

    static final String KEY_FILE = "google-credentials.json";
    static final String TOKEN_URI = "https://oauth2.googleapis.com/token";
    static final String TOKEN_PATH = "/token";
    static final String CLIENT_EMAIL = "faasport-local@" + StorageEndpoints.GOOGLE_PROJECT + ".iam.gserviceaccount.com";
    /** "expires_in: The lifetime of the access token in seconds" (an hour, as Google answers) */
    private static final int EXPIRES_IN = 3599;

    private final PublicKey publicKey;

    private GoogleOAuth(PublicKey publicKey) {
        this.publicKey = publicKey;
    }

    /** @return the endpoint of the home's key, generated on first use in the shape of a key Google issues */
    static GoogleOAuth load(Path home) throws IOException {
        Map<String, Object> key = Json.parseObject(Store.readOrCreateSecret(home, KEY_FILE, () -> {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                byte[] id = new byte[20];
                new SecureRandom().nextBytes(id);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", "service_account");
                m.put("project_id", StorageEndpoints.GOOGLE_PROJECT);
                m.put("private_key_id", HexFormat.of().formatHex(id));
                m.put("private_key", LocalCa.pem("PRIVATE KEY", g.generateKeyPair().getPrivate().getEncoded()));
                m.put("client_email", CLIENT_EMAIL);
                m.put("client_id", new BigInteger(1, id).toString().substring(0, 21));
                m.put("token_uri", TOKEN_URI);
                m.put("universe_domain", "googleapis.com");
                return Json.writePretty(m);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate the local service account key", e);
            }
        }));
        try {
            RSAPrivateCrtKey k = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(LocalCa.unpem(String.valueOf(key.get("private_key")), "PRIVATE KEY")));
            return new GoogleOAuth(KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent())));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IOException("The local service account key " + home.resolve(KEY_FILE) + " cannot be read ("
                    + e.getMessage() + "), perhaps you should delete that file: the next start creates a new one", e);
        }
    }

    /**
     * {@code POST /token} with {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} and the JWT
     * {@code assertion} (RS256, claims iss, aud = the token URI, exp): 200 with {@code access_token},
     * {@code expires_in}, {@code token_type: Bearer}; a bad request 400 {@code invalid_request} or
     * {@code invalid_grant} (read 2026-12).
     */
    void handle(Gateway gateway, HttpExchange ex) throws IOException {
        try (ex) {
            if (!gateway.localCaller(ex)) {
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                Gateway.drain(ex);
                answer(ex, 405, Map.of("error", "invalid_request", "error_description", "The token endpoint takes POST, "
                        + "not " + ex.getRequestMethod() + ", perhaps you should let the auth library call it"));
                return;
            }
            Map<String, String> form = new HashMap<>();
            for (String pair : new String(ex.getRequestBody().readNBytes(1 << 16), StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String refused = refusal(form);
            if (refused != null) {
                answer(ex, 400, Map.of("error", refused.startsWith("Invalid grant_type") ? "invalid_request" : "invalid_grant",
                        "error_description", refused));
                return;
            }
            byte[] token = new byte[32];
            new SecureRandom().nextBytes(token);
            answer(ex, 200, Map.of("access_token", "ya29.faasport-local." + Base64.getUrlEncoder().withoutPadding().encodeToString(token),
                    "expires_in", EXPIRES_IN, "token_type", "Bearer"));
        }
    }

    /** @return why the grant is refused, or null */
    private String refusal(Map<String, String> form) {
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return "Invalid grant_type: " + form.get("grant_type") + ", perhaps you should send "
                    + "urn:ietf:params:oauth:grant-type:jwt-bearer with the key in " + KEY_FILE;
        }
        String[] jwt = String.valueOf(form.get("assertion")).split("\\.", -1);
        if (jwt.length != 3) {
            return "Invalid JWT: the assertion is not a JWT (header.claims.signature), perhaps you should let the auth "
                    + "library build it from the key in " + KEY_FILE;
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(publicKey);
            rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
                return "Invalid JWT Signature: it was not made with the local runtime's key, perhaps you should use "
                        + "the GOOGLE_APPLICATION_CREDENTIALS the runtime gives its workers";
            }
            Map<String, Object> claims = Json.parseObject(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
            Object exp = claims.get("exp");
            if (!TOKEN_URI.equals(claims.get("aud")) || !CLIENT_EMAIL.equals(claims.get("iss"))
                    || !(exp instanceof Number n) || n.longValue() * 1000 < System.currentTimeMillis()) {
                return "Invalid JWT: aud " + claims.get("aud") + ", iss " + claims.get("iss") + ", exp " + exp
                        + ", perhaps you should sign a current assertion for " + TOKEN_URI + " as " + CLIENT_EMAIL;
            }
            return null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return "Invalid JWT: " + e.getMessage() + ", perhaps you should let the auth library build the assertion";
        }
    }

    private static void answer(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        StorageEndpoints.send(ex, status, "application/json; charset=utf-8", StorageEndpoints.utf8(Json.write(body)));
    }
}
