package dev.faasport.provider.azure;

import com.azure.core.http.HttpMethod;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A function's secret references on Azure: Key Vault references as app settings, read by the platform with the app's
 * system-assigned managed identity (Microsoft Learn, "Use Key Vault references as app settings in Azure App Service,
 * Azure Functions, and Azure Logic Apps (Standard)", read 2026-12: the value is
 * {@code @Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>)}, without a version the app
 * reads the latest; the app's identity needs read access to the secret; an unresolved reference stays the literal
 * string in the app's environment). The identity gets the built-in role "Key Vault Secrets User" ({@value #ROLE}, Microsoft
 * Learn, "Azure built-in roles for Security", read 2026-12: dataActions secrets/getSecret and readMetadata) on
 * exactly each referenced secret (the vault must use the Azure RBAC permission model, "Provide access to Key Vault keys,
 * certificates, and secrets with Azure role-based access control", read 2026-12), and loses it when the reference goes
 * or the app is removed.
 *
 * <p>Plain ARM REST on the SDK's pipeline, as {@link BlobEventSubscriptions}: Microsoft.KeyVault vaults and secrets
 * (api-version {@value #KEY_VAULT_API}, the one azure-resourcemanager-keyvault 2.54.1 is generated for; the management
 * plane never returns a secret's value) and Microsoft.Authorization role assignments ({@value #AUTHORIZATION_API}, as
 * azure-resourcemanager-authorization 2.53.6).
 */
final class KeyVaultSecrets {
    static final String KEY_VAULT_API = "2025-05-01";
    static final String AUTHORIZATION_API = "2022-04-01";
    /** Key Vault Secrets User: "Read secret contents" (Azure built-in roles, Security; read 2026-12). */
    static final String ROLE = "4633458b-17de-408a-b874-0445c86b69e6";
    /** The description that marks an assignment Faasport made, so that it never touches one made by hand. */
    private static final String MARK = "faasport secret reference";

    private final AzureSettings s;
    private final AzureClients c;
    private final ProviderConfig.Log log;
    private volatile String vaultUri;

    KeyVaultSecrets(AzureSettings settings, AzureClients clients, ProviderConfig.Log log) {
        this.s = settings;
        this.c = clients;
        this.log = log;
    }

    /** @return how a user creates a secret (az CLI or the portal) */
    static String createCommand(String secret, String vault) {
        return "az keyvault secret set --vault-name " + vault + " --name " + secret + " --file <file holding the value>";
    }

    /**
     * The unit's references, variable to secret, refusing two functions of one app that reference different secrets
     * under one variable (app settings are per app).
     */
    static Map<String, String> references(DeployUnit unit) throws ProviderException {
        Map<String, String> refs = new TreeMap<>();
        Map<String, String> owner = new TreeMap<>();
        for (FunctionSpec f : unit.functions()) {
            for (Map.Entry<String, String> r : f.secrets().entrySet()) {
                String prev = refs.putIfAbsent(r.getKey(), r.getValue());
                if (prev != null && !prev.equals(r.getValue())) {
                    throw ProviderException.permanent("Functions '" + owner.get(r.getKey()) + "' and '" + f.name() + "' of app unit '"
                                    + unit.name() + "' reference different secrets ('" + prev + "', '" + r.getValue()
                                    + "') as environment variable " + r.getKey(),
                            "reference the same secret in both, or deploy them to different apps (Azure app settings are per app)");
                }
                owner.putIfAbsent(r.getKey(), f.name());
            }
        }
        return refs;
    }

    /** @return the app setting value that makes the platform put the secret's latest version into the variable */
    String reference(String what, String secret) throws ProviderException {
        return "@Microsoft.KeyVault(SecretUri=" + vaultUri(what) + "secrets/" + secret + ")";
    }

    /**
     * Checks, reading only, that the vault exists, uses Azure RBAC (role assignments grant nothing under access
     * policies) and holds every secret the units reference.
     */
    void verify(List<DeployUnit> units) throws ProviderException {
        for (DeployUnit u : units) {
            Map<String, String> refs = references(u);
            if (refs.isEmpty()) {
                continue;
            }
            String what = "Checking the secrets of app unit '" + u.name() + "'";
            if (s.keyVault() == null) {
                throw ProviderException.permanent(what + ": it references secrets " + new TreeSet<>(refs.values())
                        + " but property azure.keyVault is not set", AzureSuggestions.SET_KEY_VAULT);
            }
            Map<String, Object> vault = vault(what);
            if (!Boolean.TRUE.equals(props(vault).get("enableRbacAuthorization"))) {
                throw ProviderException.permanent(what + ": key vault '" + s.keyVaultName() + "' uses access policies, so the"
                                + " role assignment that lets the app read a secret would grant nothing",
                        "switch the vault to the Azure RBAC permission model: az keyvault update --name " + s.keyVaultName()
                                + " --enable-rbac-authorization true");
            }
            for (FunctionSpec f : u.functions()) {
                for (Map.Entry<String, String> r : f.secrets().entrySet()) {
                    if (!exists(what, r.getValue())) {
                        throw ProviderException.permanent("Function '" + f.name() + "' references secret '" + r.getValue()
                                + "' (environment variable " + r.getKey() + "), which key vault '" + s.keyVaultName()
                                + "' does not hold", "perhaps you should create it: " + createCommand(r.getValue(), s.keyVaultName()));
                    }
                }
            }
        }
    }

    /** @return whether the vault holds the secret (ARM GET of the secret resource; 404 means no) */
    boolean exists(String what, String secret) throws ProviderException {
        try {
            c.arm(HttpMethod.GET, s.keyVaultId() + "/secrets/" + secret + "?api-version=" + KEY_VAULT_API, null,
                    what + ": looking up secret '" + secret + "' in key vault '" + s.keyVaultName() + "'");
            return true;
        } catch (ProviderException e) {
            if (notFound(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Makes the Key Vault Secrets User assignments Faasport made for the principal one per secret wanted: missing ones
     * are created and, with {@code revokeStale}, those of secrets no longer referenced deleted.
     *
     * @return whether an assignment was created
     */
    boolean grant(String what, String app, String principalId, Collection<String> secrets, boolean revokeStale)
            throws ProviderException {
        Map<String, String> have = ours(what, principalId);
        boolean created = false;
        Set<String> wanted = new TreeSet<>();
        for (String secret : new TreeSet<>(secrets)) {
            String scope = s.keyVaultId() + "/secrets/" + secret;
            wanted.add(scope.toLowerCase(java.util.Locale.ROOT));
            if (have.containsKey(scope.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            log.info(what + ": letting app " + app + " read secret '" + secret + "' (Key Vault Secrets User)");
            created = true;
            // principalType: a new identity may not have replicated yet ("Assign Azure roles using the REST API", read 2026-12)
            Map<String, Object> body = Map.of("properties", Map.of("roleDefinitionId", "/subscriptions/" + s.subscription()
                            + "/providers/Microsoft.Authorization/roleDefinitions/" + ROLE, "principalId", principalId,
                    "principalType", "ServicePrincipal", "description", MARK + " of set " + s.setName() + ", app " + app));
            String name = UUID.nameUUIDFromBytes((principalId + "|" + scope.toLowerCase(java.util.Locale.ROOT) + "|" + ROLE)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            try {
                c.arm(HttpMethod.PUT, scope + "/providers/Microsoft.Authorization/roleAssignments/" + name + "?api-version="
                        + AUTHORIZATION_API, body, what + ": granting app '" + app + "' read access to secret '" + secret + "'");
            } catch (ProviderException e) {
                if (!e.getMessage().contains("RoleAssignmentExists")) {
                    throw e;
                }
            }
        }
        for (Map.Entry<String, String> stale : have.entrySet()) {
            if (revokeStale && !wanted.contains(stale.getKey())) {
                log.info(what + ": app " + app + " no longer reads " + stale.getKey().replaceAll(".*/secrets/", "secret '") + "'");
                try {
                    c.arm(HttpMethod.DELETE, stale.getValue() + "?api-version=" + AUTHORIZATION_API, null,
                            what + ": revoking app '" + app + "' read access to " + stale.getKey());
                } catch (ProviderException e) {
                    if (!notFound(e)) {
                        throw e;
                    }
                }
            }
        }
        return created;
    }

    /** @return the principal's assignments Faasport made, by lower-case scope, to their resource IDs */
    @SuppressWarnings("unchecked")
    private Map<String, String> ours(String what, String principalId) throws ProviderException {
        Map<String, Object> list = c.arm(HttpMethod.GET, "/subscriptions/" + s.subscription()
                        + "/providers/Microsoft.Authorization/roleAssignments?api-version=" + AUTHORIZATION_API + "&$filter="
                        + URLEncoder.encode("principalId eq '" + principalId + "'", StandardCharsets.UTF_8).replace("+", "%20"),
                null, what + ": listing the role assignments of the app's identity");
        Map<String, String> out = new TreeMap<>();
        if (list.get("value") instanceof List<?> values) {
            for (Object v : values) {
                if (v instanceof Map<?, ?> m) {
                    Map<String, Object> p = props((Map<String, Object>) m);
                    String scope = String.valueOf(p.get("scope"));
                    if (String.valueOf(p.get("roleDefinitionId")).endsWith("/" + ROLE) && principalId.equals(p.get("principalId"))
                            && String.valueOf(p.get("description")).startsWith(MARK) && scope.contains("/secrets/")) {
                        out.put(scope.toLowerCase(java.util.Locale.ROOT), String.valueOf(m.get("id")));
                    }
                }
            }
        }
        return out;
    }

    private String vaultUri(String what) throws ProviderException {
        String uri = vaultUri;
        if (uri == null) {
            Object v = props(vault(what)).get("vaultUri");
            uri = String.valueOf(v).endsWith("/") ? String.valueOf(v) : v + "/";
            vaultUri = uri;
        }
        return uri;
    }

    private Map<String, Object> vault(String what) throws ProviderException {
        try {
            return c.arm(HttpMethod.GET, s.keyVaultId() + "?api-version=" + KEY_VAULT_API, null,
                    what + ": reading key vault '" + s.keyVaultName() + "'");
        } catch (ProviderException e) {
            if (notFound(e)) {
                throw ProviderException.permanent(what + ": key vault '" + s.keyVaultName() + "' (" + s.keyVaultId()
                        + ") does not exist", AzureSuggestions.SET_KEY_VAULT);
            }
            throw e;
        }
    }

    private static boolean notFound(ProviderException e) {
        return e.getMessage().contains("HTTP 404");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return resource.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
    }
}
