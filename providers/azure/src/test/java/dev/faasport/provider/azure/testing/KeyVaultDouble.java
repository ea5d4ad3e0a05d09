package dev.faasport.provider.azure.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARM test server's Key Vault and Azure RBAC: vaults and their secrets (values kept in memory only, never answered
 * through ARM, as the management plane never returns them), role assignments, the system-assigned identities of
 * function apps, and how an app setting that is a Key Vault reference resolves when the app starts. Sources, read
 * 2026-12:
 * <ul>
 *   <li>Microsoft Learn, "Use Key Vault references as app settings in Azure App Service, Azure Functions, and Azure
 *       Logic Apps (Standard)": the syntax ({@code @Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>[/<version>])}
 *       or {@code @Microsoft.KeyVault(VaultName=..;SecretName=..[;SecretVersion=..])}), the app's system-assigned
 *       identity reads the secret, "if a reference isn't resolved properly, the reference string is used instead"
 *       (the environment variable holds the literal {@code @Microsoft.KeyVault(...)}), and the resolution status each
 *       reference shows (ARM {@code config/configreferences/appsettings}: statuses of the service model's
 *       {@code ResolveStatus}, as azure-resourcemanager-appservice 2.54.1 generates it);</li>
 *   <li>"Azure built-in roles for Security": Key Vault Secrets User ({@value #SECRETS_USER}) may read secret contents;
 *       "Provide access to Key Vault ... with Azure role-based access control": that holds only for a vault with
 *       {@code enableRbacAuthorization}, on the vault or one secret as scope (or any scope above);</li>
 *   <li>"Role Assignments - Create / Delete / List For Subscription" (Microsoft.Authorization 2022-04-01): PUT at
 *       {@code {scope}/providers/Microsoft.Authorization/roleAssignments/{GUID}}, 409 RoleAssignmentExists for a second
 *       assignment of one role to one principal at one scope, 400 PrincipalNotFound for an unknown principal, list with
 *       {@code $filter=principalId eq '{id}'}; "Remove Azure role assignments": an assignment outlives its deleted
 *       identity ("Identity not found").</li>
 * </ul>
 */
final class KeyVaultDouble {
    static final String SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
    static final String REFERENCE_PREFIX = "@Microsoft.KeyVault(";
    private static final Pattern SECRET_URI = Pattern.compile(
            "https://([A-Za-z0-9-]+)\\.vault\\.azure\\.net/secrets/([A-Za-z0-9-]{1,127})(?:/([0-9a-f]{32}))?/?");

    /** vault name (lower case) -> vault resource; secrets under "_secrets", values under "_values" */
    private final Map<String, Map<String, Object>> vaults = new ConcurrentHashMap<>();
    /** vault/secret (lower case) -> value */
    private final Map<String, String> values = new ConcurrentHashMap<>();
    /** assignment id (lower case) -> assignment resource */
    private final Map<String, Map<String, Object>> assignments = new ConcurrentHashMap<>();
    /** principal id -> app name, for the apps' live system-assigned identities */
    private final Map<String, String> principals = new ConcurrentHashMap<>();

    /** How one reference resolved: the status ARM shows and the value the app's environment gets. */
    record Resolution(String status, String value, String vault, String secret) {
    }

    void vault(String subscription, String rg, String name, boolean rbac) {
        String id = "/subscriptions/" + subscription + "/resourceGroups/" + rg + "/providers/Microsoft.KeyVault/vaults/" + name;
        vaults.put(name.toLowerCase(Locale.ROOT), ArmTestServer.map("id", id, "name", name, "type", "Microsoft.KeyVault/vaults",
                "location", "westeurope", "properties", ArmTestServer.map("vaultUri", "https://" + name.toLowerCase(Locale.ROOT)
                        + ".vault.azure.net/", "enableRbacAuthorization", rbac, "tenantId", "00000000-0000-0000-0000-00000000aaaa",
                        "sku", ArmTestServer.map("family", "A", "name", "standard"), "provisioningState", "Succeeded")));
    }

    void putSecret(String vault, String name, String value) {
        values.put(vault.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT), value);
    }

    void deleteSecret(String vault, String name) {
        values.remove(vault.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT));
    }

    String newPrincipal(String app) {
        String id = UUID.randomUUID().toString();
        principals.put(id, app);
        return id;
    }

    void forgetPrincipal(String principalId) {
        if (principalId != null) {
            principals.remove(principalId);
        }
    }

    /** @return every role assignment as its properties (scope, principalId, roleDefinitionId...) plus its id */
    List<Map<String, Object>> assignments() {
        List<Map<String, Object>> out = new ArrayList<>();
        assignments.values().forEach(a -> {
            Map<String, Object> m = new LinkedHashMap<>(props(a));
            m.put("id", a.get("id"));
            out.add(m);
        });
        return out;
    }

    // ------------------------------------------------------------------ ARM

    /** GET a vault, or one of its secrets (without its value). */
    ArmTestServer.Reply get(String rg, String vault, String secret) {
        Map<String, Object> v = vaults.get(vault.toLowerCase(Locale.ROOT));
        if (v == null || !String.valueOf(v.get("id")).toLowerCase(Locale.ROOT).contains("/resourcegroups/" + rg.toLowerCase(Locale.ROOT) + "/")) {
            return ArmTestServer.err(404, "ResourceNotFound", "The Resource 'Microsoft.KeyVault/vaults/" + vault
                    + "' under resource group '" + rg + "' was not found.");
        }
        if (secret == null) {
            return ArmTestServer.ok(v);
        }
        if (!values.containsKey(vault.toLowerCase(Locale.ROOT) + "/" + secret.toLowerCase(Locale.ROOT))) {
            return ArmTestServer.err(404, "SecretNotFound", "Secret not found: " + secret);
        }
        String uri = props(v).get("vaultUri") + "secrets/" + secret;
        return ArmTestServer.ok(ArmTestServer.map("id", v.get("id") + "/secrets/" + secret, "name", secret,
                "type", "Microsoft.KeyVault/vaults/secrets", "properties", ArmTestServer.map("secretUri", uri,
                        "secretUriWithVersion", uri + "/0123456789abcdef0123456789abcdef", "attributes", Map.of("enabled", true))));
    }

    /** PUT, GET or DELETE one assignment at a scope. */
    ArmTestServer.Reply assignment(String method, String subscription, String scope, String name, Map<String, Object> body) {
        String id = scope + "/providers/Microsoft.Authorization/roleAssignments/" + name;
        String key = id.toLowerCase(Locale.ROOT);
        switch (method) {
            case "GET":
                return assignments.containsKey(key) ? ArmTestServer.ok(assignments.get(key))
                        : ArmTestServer.err(404, "RoleAssignmentNotFound", "The role assignment '" + name + "' is not found.");
            case "DELETE": {
                Map<String, Object> gone = assignments.remove(key);
                return gone == null ? new ArmTestServer.Reply(204, null, Map.of()) : ArmTestServer.ok(gone);
            }
            case "PUT":
                break;
            default:
                return ArmTestServer.err(405, "MethodNotAllowed", method + " on role assignments");
        }
        if (!name.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return ArmTestServer.err(400, "InvalidRoleAssignmentId", "The role assignment ID '" + name + "' is not valid. The role"
                    + " assignment ID must be a GUID.");
        }
        Map<String, Object> p = ArmTestServer.stringObjectMap(body.get("properties"));
        String role = String.valueOf(p.get("roleDefinitionId"));
        String principal = String.valueOf(p.get("principalId"));
        if (!role.matches("(?i)/subscriptions/" + Pattern.quote(subscription)
                + "/providers/Microsoft\\.Authorization/roleDefinitions/[0-9a-f-]{36}")) {
            return ArmTestServer.err(400, "InvalidRoleDefinitionId", "The role definition ID '" + role + "' is not valid.");
        }
        if (!principals.containsKey(principal)) {
            return ArmTestServer.err(400, "PrincipalNotFound", "Principal " + principal + " does not exist in the directory.");
        }
        for (Map<String, Object> a : assignments.values()) {
            Map<String, Object> ap = props(a);
            if (!key.equals(String.valueOf(a.get("id")).toLowerCase(Locale.ROOT)) && principal.equals(ap.get("principalId"))
                    && role.equalsIgnoreCase(String.valueOf(ap.get("roleDefinitionId")))
                    && scope.equalsIgnoreCase(String.valueOf(ap.get("scope")))) {
                return ArmTestServer.err(409, "RoleAssignmentExists", "The role assignment already exists.");
            }
        }
        Map<String, Object> a = ArmTestServer.map("id", id, "name", name, "type", "Microsoft.Authorization/roleAssignments",
                "properties", ArmTestServer.map("scope", scope, "roleDefinitionId", role, "principalId", principal,
                        "principalType", p.getOrDefault("principalType", "ServicePrincipal"), "description", p.get("description")));
        assignments.put(key, a);
        return new ArmTestServer.Reply(201, a, Map.of());
    }

    /** The subscription's assignments, all or those of one principal ({@code $filter=principalId eq '{id}'}). */
    ArmTestServer.Reply list(String subscription, String filter) {
        String principal = null;
        if (filter != null) {
            Matcher m = Pattern.compile("principalId eq '([0-9a-fA-F-]+)'").matcher(filter);
            if (!m.matches()) {
                return ArmTestServer.err(400, "UnsupportedFilter", "The filter '" + filter + "' is not supported by the test server.");
            }
            principal = m.group(1);
        }
        List<Object> value = new ArrayList<>();
        for (Map<String, Object> a : assignments.values()) {
            if (String.valueOf(props(a).get("scope")).toLowerCase(Locale.ROOT).startsWith("/subscriptions/" + subscription.toLowerCase(Locale.ROOT))
                    && (principal == null || principal.equals(props(a).get("principalId")))) {
                value.add(a);
            }
        }
        return ArmTestServer.ok(ArmTestServer.map("value", value));
    }

    // ------------------------------------------------------------------ references

    /**
     * Resolves one app setting value as the platform does when the app starts.
     *
     * @param principalId the app's system-assigned identity, or null
     * @return null when the value is not a Key Vault reference at all
     */
    Resolution resolve(String value, String principalId) {
        if (value == null || !value.startsWith(REFERENCE_PREFIX) || !value.endsWith(")")) {
            return null;
        }
        String inner = value.substring(REFERENCE_PREFIX.length(), value.length() - 1);
        String vault = null;
        String secret = null;
        String version = null;
        Matcher uri = inner.startsWith("SecretUri=") ? SECRET_URI.matcher(inner.substring("SecretUri=".length())) : null;
        if (uri != null && uri.matches()) {
            vault = uri.group(1);
            secret = uri.group(2);
            version = uri.group(3);
        } else if (inner.startsWith("VaultName=")) {
            Map<String, String> parts = new LinkedHashMap<>();
            for (String part : inner.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
            vault = parts.get("VaultName");
            secret = parts.get("SecretName");
            version = parts.get("SecretVersion");
        }
        if (vault == null || secret == null) {
            return new Resolution("InvalidSyntax", value, vault, secret);
        }
        if (principalId == null || !principals.containsKey(principalId)) {
            return new Resolution("MSINotEnabled", value, vault, secret);
        }
        Map<String, Object> v = vaults.get(vault.toLowerCase(Locale.ROOT));
        if (v == null) {
            return new Resolution("VaultNotFound", value, vault, secret);
        }
        String secretScope = (v.get("id") + "/secrets/" + secret).toLowerCase(Locale.ROOT);
        boolean granted = Boolean.TRUE.equals(props(v).get("enableRbacAuthorization")) && assignments.values().stream()
                .map(KeyVaultDouble::props).anyMatch(a -> principalId.equals(a.get("principalId"))
                        && String.valueOf(a.get("roleDefinitionId")).toLowerCase(Locale.ROOT).endsWith("/" + SECRETS_USER)
                        && (secretScope + "/").startsWith(String.valueOf(a.get("scope")).toLowerCase(Locale.ROOT) + "/"));
        if (!granted) {
            return new Resolution("AccessToKeyVaultDenied", value, vault, secret);
        }
        String found = values.get(vault.toLowerCase(Locale.ROOT) + "/" + secret.toLowerCase(Locale.ROOT));
        if (found == null) {
            return new Resolution("SecretNotFound", value, vault, secret);
        }
        if (version != null) {
            // the double keeps one version of each secret, answered as 0123...: any other version is not found
            if (!version.equals("0123456789abcdef0123456789abcdef")) {
                return new Resolution("SecretVersionNotFound", value, vault, secret);
            }
        }
        return new Resolution("Resolved", found, vault, secret);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("properties");
    }
}
