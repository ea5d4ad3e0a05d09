package dev.faasport.provider.gcp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secret Manager for {@link FakeCloudFunctions}: secrets.get, getIamPolicy and setIamPolicy on a secret (Secret
 * Manager REST reference v1, projects.secrets, read 2026-12), and what Cloud Run checks when it deploys a revision
 * whose environment references secrets ("Configure secrets", Cloud Run docs, "How secrets are checked at deployment
 * and runtime", read 2026-12: every referenced secret is checked for the service account that runs the container, and
 * a failed check fails the deployment; an environment variable's value is read when an instance starts).
 */
final class FakeSecretManager {
    /** The fake project's number, as Resource Manager projects.get answers it ("name": "projects/NUMBER"). */
    static final String PROJECT_NUMBER = "415104041262";
    static final String ACCESSOR = "roles/secretmanager.secretAccessor";

    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> policies = new ConcurrentHashMap<>();

    void put(String secret, String value) {
        values.put(secret, value);
    }

    /** @return the secrets.get answer, or null for 404 */
    JsonObject get(String project, String secret) {
        if (!values.containsKey(secret)) {
            return null;
        }
        JsonObject s = new JsonObject();
        s.addProperty("name", "projects/" + PROJECT_NUMBER + "/secrets/" + secret);
        s.add("replication", new JsonObject());
        s.addProperty("createTime", "2026-12-01T00:00:00Z");
        return s;
    }

    /** @return the policy (getIamPolicy), or null when the secret does not exist */
    JsonObject policy(String secret) {
        if (!values.containsKey(secret)) {
            return null;
        }
        JsonObject p = policies.getOrDefault(secret, new JsonObject()).deepCopy();
        p.addProperty("etag", "BwYsecret=");
        return p;
    }

    /** setIamPolicy: stores the policy as sent; null when the secret does not exist */
    JsonObject setPolicy(String secret, JsonObject policy) {
        if (!values.containsKey(secret)) {
            return null;
        }
        JsonObject p = policy.deepCopy();
        p.remove("etag");
        policies.put(secret, p);
        return policy;
    }

    /** @return the members of the secret's accessor role, for tests */
    java.util.List<String> accessors(String secret) {
        java.util.List<String> out = new java.util.ArrayList<>();
        JsonObject p = policies.get(secret);
        if (p != null && p.has("bindings")) {
            for (JsonElement b : p.getAsJsonArray("bindings")) {
                if (ACCESSOR.equals(b.getAsJsonObject().get("role").getAsString())) {
                    b.getAsJsonObject().getAsJsonArray("members").forEach(m -> out.add(m.getAsString()));
                }
            }
        }
        return out;
    }

    /**
     * Cloud Run's deploy-time check of a revision's secret environment variables.
     *
     * @return the deployment's failure, or null when the account may read every referenced secret
     */
    String deployFailure(String service, JsonObject serviceConfig) {
        if (!serviceConfig.has("secretEnvironmentVariables")) {
            return null;
        }
        String account = serviceConfig.get("serviceAccountEmail").getAsString();
        for (JsonElement e : serviceConfig.getAsJsonArray("secretEnvironmentVariables")) {
            JsonObject v = e.getAsJsonObject();
            String secret = v.get("secret").getAsString();
            String version = v.has("version") ? v.get("version").getAsString() : "latest";
            if (!values.containsKey(secret) || !accessors(secret).contains("serviceAccount:" + account)) {
                return "Could not create or update Cloud Run service " + service + ", Permission denied on secret: projects/"
                        + PROJECT_NUMBER + "/secrets/" + secret + "/versions/" + version + " for Revision service account "
                        + account + ". The service account used must be granted the 'Secret Manager Secret Accessor' role"
                        + " (roles/secretmanager.secretAccessor) at the secret, project or higher level.";
            }
        }
        return null;
    }

    /** @return the values an instance starts with: each secret environment variable's secret */
    Map<String, String> resolve(JsonObject serviceConfig) {
        Map<String, String> env = new java.util.TreeMap<>();
        if (serviceConfig.has("secretEnvironmentVariables")) {
            JsonArray vars = serviceConfig.getAsJsonArray("secretEnvironmentVariables");
            vars.forEach(e -> env.put(e.getAsJsonObject().get("key").getAsString(),
                    values.get(e.getAsJsonObject().get("secret").getAsString())));
        }
        return env;
    }
}
