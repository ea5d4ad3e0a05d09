package dev.faasport.provider.azure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Azure RBAC actions faas:deploy, faas:migrate and faas:remove use on the set's resource group, and the check of
 * a caller's effective permissions ({@code Microsoft.Authorization/permissions}: actions and notActions, '*' as a
 * wildcard, compared case-insensitively) against them. Action names: Microsoft Learn, "Azure resource provider
 * operations" (Microsoft.Web, Microsoft.Storage, Microsoft.EventGrid, Microsoft.Resources), read 2026-12.
 */
final class AzurePermissions {
    /** action -> the goals that need it */
    static final Map<String, String> NEEDED = needed();

    /** Built-in roles that together grant every action in {@link #NEEDED} on the resource group. */
    static final String ROLES = "Website Contributor, Web Plan Contributor, Storage Account Contributor, "
            + "EventGrid EventSubscription Contributor and Tag Contributor on the resource group (or Contributor), and "
            + "Contributor on the subscription only if Faasport should create the resource group";

    private AzurePermissions() {
    }

    private static Map<String, String> needed() {
        String all = "deploy, migrate, remove";
        String put = "deploy, migrate";
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Microsoft.Resources/subscriptions/resourceGroups/read", all);
        m.put("Microsoft.Resources/subscriptions/resourceGroups/write", put + " (only while the group does not exist)");
        m.put("Microsoft.Resources/tags/write", put);
        m.put("Microsoft.Storage/storageAccounts/read", all);
        m.put("Microsoft.Storage/storageAccounts/write", put);
        m.put("Microsoft.Storage/storageAccounts/listKeys/action", all);
        m.put("Microsoft.Web/serverfarms/read", all);
        m.put("Microsoft.Web/serverfarms/write", put);
        m.put("Microsoft.Web/serverfarms/delete", "remove");
        m.put("Microsoft.Web/sites/read", all);
        m.put("Microsoft.Web/sites/write", put);
        m.put("Microsoft.Web/sites/delete", "remove");
        m.put("Microsoft.Web/sites/config/list/action", put);
        m.put("Microsoft.Web/sites/config/write", put);
        m.put("Microsoft.Web/sites/syncfunctiontriggers/action", put);
        m.put("Microsoft.Web/sites/publish/action", put + " (Flex Consumption code through Kudu)");
        m.put("Microsoft.Web/sites/functions/read", all);
        m.put("Microsoft.Web/sites/host/listkeys/action", put + " (invoking, Event Grid webhooks)");
        m.put("Microsoft.EventGrid/eventSubscriptions/read", all);
        m.put("Microsoft.EventGrid/eventSubscriptions/write", put + " (Flex Consumption blob triggers)");
        m.put("Microsoft.EventGrid/eventSubscriptions/delete", "remove");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** @return the needed actions the permissions do not grant, in {@link #NEEDED}'s order */
    static List<String> missing(List<String> actions, List<String> notActions) {
        List<String> out = new ArrayList<>();
        for (String needed : NEEDED.keySet()) {
            boolean granted = actions.stream().anyMatch(a -> matches(a, needed)) && notActions.stream().noneMatch(a -> matches(a, needed));
            if (!granted) {
                out.add(needed);
            }
        }
        return out;
    }

    /** RBAC action patterns use '*' as a wildcard and compare case-insensitively. */
    static boolean matches(String pattern, String action) {
        String regex = java.util.regex.Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q");
        return action.toLowerCase(Locale.ROOT).matches(regex);
    }
}
