package dev.faasport.provider.gcp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.faasport.spi.ProviderException;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IAM permissions faas:deploy, faas:migrate and faas:remove need on the project, tested with Resource Manager's
 * {@code projects.testIamPermissions} (one REST call with the session's credentials and timeouts). Each permission
 * names the goals that need it and the smallest predefined role that grants it (providers/gcp/README.md lists them).
 */
final class Permissions {

    /** What needs a permission, and the role that grants it. */
    record Need(String goals, String role) {
    }

    private static final String FN_DEV = "roles/cloudfunctions.developer";

    /** Permission names from Google's "IAM permissions reference" (cloud.google.com/iam/docs/permissions-reference). */
    static final Map<String, Need> NEEDED = needed();

    private static Map<String, Need> needed() {
        Map<String, Need> m = new LinkedHashMap<>();
        String all = "deploy, migrate, remove";
        String deploy = "deploy, migrate";
        m.put("cloudfunctions.functions.list", new Need(all, FN_DEV));
        m.put("cloudfunctions.functions.get", new Need(all, FN_DEV));
        m.put("cloudfunctions.operations.get", new Need(all, FN_DEV));
        m.put("cloudfunctions.functions.create", new Need(deploy, FN_DEV));
        m.put("cloudfunctions.functions.update", new Need(deploy, FN_DEV));
        // GenerateUploadUrl
        m.put("cloudfunctions.functions.sourceCodeSet", new Need(deploy, FN_DEV));
        m.put("cloudfunctions.functions.delete", new Need(all, FN_DEV));
        // deploying with the runtime service account
        m.put("iam.serviceAccounts.actAs", new Need(deploy, "roles/iam.serviceAccountUser"));
        // public HTTP functions: allUsers as run.invoker on the Cloud Run service
        m.put("run.services.getIamPolicy", new Need(deploy, "roles/run.admin"));
        m.put("run.services.setIamPolicy", new Need(deploy, "roles/run.admin"));
        // migrate verifies every function by invoking it
        m.put("run.routes.invoke", new Need("migrate", "roles/run.invoker"));
        // queue and schedule triggers: Pub/Sub topics, Cloud Scheduler jobs
        m.put("pubsub.topics.get", new Need(deploy, "roles/pubsub.editor"));
        m.put("pubsub.topics.create", new Need(deploy, "roles/pubsub.editor"));
        m.put("pubsub.topics.delete", new Need("remove", "roles/pubsub.editor"));
        m.put("cloudscheduler.jobs.get", new Need(deploy, "roles/cloudscheduler.admin"));
        m.put("cloudscheduler.jobs.create", new Need(deploy, "roles/cloudscheduler.admin"));
        m.put("cloudscheduler.jobs.update", new Need(deploy, "roles/cloudscheduler.admin"));
        m.put("cloudscheduler.jobs.delete", new Need("remove", "roles/cloudscheduler.admin"));
        // storage triggers: the bucket's location, unless gcp.triggerRegion is set
        m.put("storage.buckets.get", new Need(deploy + " (storage triggers without gcp.triggerRegion)",
                "roles/storage.legacyBucketReader on the bucket"));
        return m;
    }

    private Permissions() {
    }

    /** @return one line per missing permission, or one line saying all are granted */
    static List<String> check(GoogleRest rest, GcpSettings settings) throws ProviderException {
        JsonObject req = new JsonObject();
        JsonArray asked = new JsonArray();
        NEEDED.keySet().forEach(asked::add);
        req.add("permissions", asked);
        JsonObject res = rest.post("Testing the caller's permissions on project " + settings.project(),
                URI.create(settings.resourceManagerEndpoint() + "/v3/projects/" + settings.project()
                        + ":testIamPermissions"), req);
        Set<String> granted = new HashSet<>();
        if (res.has("permissions")) {
            for (JsonElement e : res.getAsJsonArray("permissions")) {
                granted.add(e.getAsString());
            }
        }
        List<String> out = new ArrayList<>();
        NEEDED.forEach((permission, need) -> {
            if (!granted.contains(permission)) {
                out.add("permission " + permission + ": FAILED missing (" + need.goals() + "), perhaps you should grant "
                        + need.role());
            }
        });
        if (out.isEmpty()) {
            out.add("permissions: all " + NEEDED.size() + " that deploy, migrate and remove need are granted on project "
                    + settings.project());
        }
        return out;
    }
}
