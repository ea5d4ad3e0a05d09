package dev.faasport.provider.azure;

import dev.faasport.spi.DoctorLines;
import com.azure.core.http.HttpMethod;
import dev.faasport.spi.ProviderException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** faas:doctor on Azure: identity, endpoint, subscription, resource group, resource providers, permissions, plan. */
final class AzureDoctor {
    private final AzureSettings s;
    private final AzureClients c;

    AzureDoctor(AzureSettings settings, AzureClients clients) {
        this.s = settings;
        this.c = clients;
    }

    List<String> report() throws ProviderException {
        List<String> out = new ArrayList<>();
        out.add("identity: " + (s.emulator() ? "static test token for the emulator at " + s.endpoint() : "DefaultAzureCredential"));
        out.add("endpoint: " + c.environment.getResourceManagerEndpoint());
        try {
            Map<String, Object> sub = getJson("/subscriptions/" + s.subscription() + "?api-version=2022-12-01", "Reading subscription");
            out.add("subscription: " + s.subscription() + " (" + sub.getOrDefault("displayName", "?") + ", state "
                    + sub.getOrDefault("state", "?") + ")");
        } catch (ProviderException e) {
            out.add(DoctorLines.failed("subscription", e));
        }
        boolean rg;
        try {
            rg = c.resourceGroups.checkExistence(s.resourceGroup());
            out.add("resource group: " + s.resourceGroup() + (rg ? " exists" : " does not exist yet (deploy creates it in " + s.region() + ")"));
        } catch (RuntimeException e) {
            out.add(DoctorLines.failed("resource group", AzureErrors.map("Checking resource group '" + s.resourceGroup() + "'", e)));
            rg = false;
        }
        // Event Grid must be registered too: Flex Consumption blob triggers need event subscriptions
        for (String ns : List.of("Microsoft.Web", "Microsoft.Storage", "Microsoft.EventGrid")) {
            try {
                var p = c.resources.getProviders().get(ns);
                out.add("provider " + ns + ": " + p.registrationState());
            } catch (RuntimeException e) {
                out.add("provider " + ns + ": unknown (" + AzureErrors.map("Reading provider " + ns, e).getMessage() + ")");
            }
        }
        // effective permissions on the group (on the subscription while the group does not exist yet)
        String scope = "/subscriptions/" + s.subscription() + (rg ? "/resourceGroups/" + s.resourceGroup() : "");
        Map<String, Object> perms;
        try {
            perms = getJson(scope + "/providers/Microsoft.Authorization/permissions?api-version=2022-04-01",
                    "Reading your permissions on " + (rg ? "resource group '" + s.resourceGroup() + "'" : "the subscription"));
        } catch (ProviderException e) {
            out.add(DoctorLines.failed("permissions", e));
            return out;
        }
        List<String> actions = new ArrayList<>();
        List<String> notActions = new ArrayList<>();
        if (perms.get("value") instanceof List<?> values) {
            for (Object v : values) {
                if (v instanceof Map<?, ?> m) {
                    addAll(actions, m.get("actions"));
                    addAll(notActions, m.get("notActions"));
                }
            }
        }
        List<String> missing = AzurePermissions.missing(actions, notActions);
        AzurePermissions.NEEDED.forEach((action, goals) -> out.add("permission " + action + ": "
                + (missing.contains(action) ? "MISSING (needed by " + goals + ")" : "granted")));
        out.add(missing.isEmpty() ? "permissions: every permission faas:deploy, faas:migrate and faas:remove need is granted"
                : "permissions: FAILED " + missing.size() + " missing, perhaps you should " + AzureSuggestions.GRANT_ROLES);
        out.add("plan: " + s.plan().id() + " (" + s.plan().skuName + "), storage account: " + s.storageAccount()
                + ", blob endpoint: " + c.blobEndpoint(s.storageAccount()));
        return out;
    }

    private static void addAll(List<String> into, Object list) {
        if (list instanceof List<?> l) {
            l.forEach(o -> into.add(String.valueOf(o)));
        }
    }

    private Map<String, Object> getJson(String path, String what) throws ProviderException {
        return c.arm(HttpMethod.GET, path, null, what);
    }
}
