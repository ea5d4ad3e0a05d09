package dev.faasport.provider.gcp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;

import java.net.URI;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Secret Manager for a function's secret references: whether a secret exists, and the runtime service account's
 * {@value #ACCESSOR} binding on each secret the function references ("Configure secrets", Cloud Run functions docs,
 * read 2026-12: "the function's runtime service account must be granted access to the secret"; Cloud Run checks it
 * when it deploys the revision and fails the deployment otherwise). A function without its own service account runs
 * as the Compute Engine default service account, {@code <project number>-compute@developer.gserviceaccount.com}.
 * Also the one IAM read-modify-write (getIamPolicy, add or remove one member of one role, setIamPolicy) that the
 * session uses for Cloud Run's invoker role.
 */
final class SecretAccess {
    static final String ACCESSOR = "roles/secretmanager.secretAccessor";

    private final GcpSettings settings;
    private final GoogleRest rest;
    private final ProviderConfig.Log log;
    private volatile String projectNumber;

    SecretAccess(GcpSettings settings, GoogleRest rest, ProviderConfig.Log log) {
        this.settings = settings;
        this.rest = rest;
        this.log = log;
    }

    /** @return whether the project's Secret Manager holds the secret (secrets.get; 404 means no) */
    boolean exists(String what, String secret) throws ProviderException {
        return rest.call(what + ": looking up secret '" + secret + "'", "GET", secretUri(secret, ""), null, Set.of(404))
                != null;
    }

    /** @return the service account a function runs as: its own, or the project's default compute account */
    String runtimeAccount(String what, String configured) throws ProviderException {
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        String number = projectNumber;
        if (number == null) {
            JsonObject p = rest.get(what + ": reading the project's number",
                    URI.create(settings.resourceManagerEndpoint() + "/v3/projects/" + settings.project()));
            number = p.get("name").getAsString().substring("projects/".length());
            projectNumber = number;
        }
        return number + "-compute@developer.gserviceaccount.com";
    }

    /** Grants (or, with {@code grant} false, takes back) the account's read access to each secret. */
    void set(String what, String account, Collection<String> secrets, boolean grant) throws ProviderException {
        for (String secret : new TreeSet<>(secrets)) {
            if (bind(rest, what + ": " + (grant ? "granting" : "revoking") + " " + account + " access to secret '"
                    + secret + "'", secretUri(secret, ""), ACCESSOR, "serviceAccount:" + account, grant)) {
                log.info(what + ": " + account + (grant ? " may read" : " no longer reads") + " secret '" + secret + "'");
            }
        }
    }

    private URI secretUri(String secret, String suffix) {
        return URI.create(settings.secretManagerEndpoint() + "/v1/projects/" + settings.project() + "/secrets/" + secret
                + suffix);
    }

    /**
     * Adds or removes one member of one role in a resource's IAM policy (getIamPolicy, then setIamPolicy with the
     * policy's etag, as "Policy" in the IAM reference prescribes for read-modify-write).
     *
     * @param resource the resource's URI without the {@code :getIamPolicy} suffix
     * @return whether the policy changed
     */
    static boolean bind(GoogleRest rest, String what, URI resource, String role, String member, boolean present)
            throws ProviderException {
        JsonObject policy = rest.get(what + ": reading the IAM policy", URI.create(resource + ":getIamPolicy"));
        JsonArray bindings = policy.has("bindings") ? policy.getAsJsonArray("bindings") : new JsonArray();
        JsonObject binding = null;
        for (JsonElement b : bindings) {
            if (role.equals(b.getAsJsonObject().get("role").getAsString())) {
                binding = b.getAsJsonObject();
            }
        }
        boolean has = binding != null && binding.has("members")
                && binding.getAsJsonArray("members").contains(new JsonPrimitive(member));
        if (has == present) {
            return false;
        }
        if (present) {
            if (binding == null) {
                binding = new JsonObject();
                binding.addProperty("role", role);
                binding.add("members", new JsonArray());
                bindings.add(binding);
            }
            binding.getAsJsonArray("members").add(member);
        } else {
            binding.getAsJsonArray("members").remove(new JsonPrimitive(member));
        }
        policy.add("bindings", bindings);
        JsonObject body = new JsonObject();
        body.add("policy", policy);
        rest.post(what + ": writing the IAM policy", URI.create(resource + ":setIamPolicy"), body);
        return true;
    }
}
