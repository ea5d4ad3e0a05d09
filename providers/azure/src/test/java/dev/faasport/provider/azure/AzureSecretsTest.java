package dev.faasport.provider.azure;

import dev.faasport.packaging.PackageRequest;
import dev.faasport.packaging.Packager;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import dev.faasport.testing.Jars;
import dev.faasport.testing.SecretLeaks;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 20 on Azure: a function packaged by the real Packager with {@code secret:db-password} is deployed with a Key
 * Vault reference as app setting, its app gets a system-assigned identity and "Key Vault Secrets User" on exactly the
 * referenced secret, and under the real Azure adapter it reads the value the ARM test server resolved and answers a
 * value derived from it; a missing grant leaves the literal reference, as on Azure; {@code faas:remove} and a dropped
 * reference take the grant back.
 */
class AzureSecretsTest extends AzureServers {
    static final String SECRET = "s3cr3t-azure-Qm7Vx2Lp";
    static final String OTHER = "an0ther-azure-Zt4Kw9Rb";
    static final String VAULT = "fp-secrets-vault";
    static final String VAULT_GROUP = "rg-vaults";
    /** One group for every app of the class: the storage account (Azurite's one) belongs to one group. */
    static final String RG = "rg-kv";
    static final String REFERENCE = "@Microsoft.KeyVault(SecretUri=https://" + VAULT + ".vault.azure.net/secrets/db-password)";

    static final String SOURCE = """
            package az.fn;
            import dev.faasport.api.*;
            public class Secrets implements HttpFunction {
                // a value derived from the secret, never the secret: the first 12 hex digits of its SHA-256
                public HttpResponse handle(HttpRequest request, Context context) throws Exception {
                    byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(
                            context.environment().get("DB_PASSWORD").getBytes("UTF-8"));
                    return HttpResponse.ok("digest " + java.util.HexFormat.of().formatHex(d).substring(0, 12));
                }
            }
            """;

    /** The tests share one ARM test server: each has a vault of its own. */
    Map<String, String> props(String app, String vault) {
        Map<String, String> p = arm.providerProperties(AzureSessionTest.SUBSCRIPTION, azurite, RG, 20);
        p.put("azure.app", app);
        p.put("azure.keyVault", VAULT_GROUP + "/" + vault);
        return p;
    }

    /** The reader function referencing {@code references} (variable -> secret), packaged for Azure as one app. */
    DeployUnit pack(String set, String app, Map<String, String> references, String out) throws Exception {
        Path classes = dev.faasport.testing.Sources.compile("az/fn", Map.of("Secrets", SOURCE),
                Jars.location("dev.faasport.api.HttpFunction"), dir.resolve("classes"));
        Path adapters = dir.resolve("adapters");
        Map<PackageFormat, List<Path>> jars = Map.of(PackageFormat.AZURE_APP_ZIP, List.of(
                Jars.containing("dev.faasport.runtime.azure.AzureHandlers", adapters),
                Jars.containing("dev.faasport.runtime.FunctionRegistry", adapters),
                Jars.containing("dev.faasport.runtime.json.Json", adapters),
                Jars.containing("dev.faasport.api.HttpFunction", adapters)));
        FunctionSpec reader = new FunctionSpec("secret-reader", "az.fn.Secrets", FunctionShape.HTTP, new Trigger.Http(List.of(), true),
                512, 60, Map.of("GREETING", "hi"), 0, 0, FunctionSpec.PackageType.ZIP, Map.of()).withSecrets(references);
        PackageRequest req = new PackageRequest(set, List.of(reader), classes, List.of(), jars, dir.resolve(out), null, false,
                Map.of("azure.app", app));
        List<DeployUnit> units = new Packager().pack(req, "azure", PackageFormat.AZURE_APP_ZIP).units();
        assertThat(units).hasSize(1);
        return units.get(0);
    }

    @Test
    void aFunctionReadsItsSecretThroughAKeyVaultReferenceAndTheGrantGoesWithRemove() throws Exception {
        arm.runPackages(dir.resolve("double")).keyVault(AzureSessionTest.SUBSCRIPTION, VAULT_GROUP, VAULT, true);
        String app = "kv-reader";
        DeployUnit unit = pack("kv-set", app, Map.of("DB_PASSWORD", "db-password"), "faas");
        try (ProviderSession s = AzureSessionTest.open("kv-set", props(app, VAULT))) {
            // the missing secret is refused by verify, which the core runs before the first change: nothing exists yet
            int creates = arm.appCreates.get();
            assertThatThrownBy(() -> s.verify(List.of(unit))).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("'db-password'").hasMessageContaining("DB_PASSWORD").hasMessageContaining(VAULT)
                    .satisfies(e -> assertThat(((ProviderException) e).suggestion())
                            .contains("az keyvault secret set --vault-name " + VAULT + " --name db-password --file"));
            assertThat(s.secretExists("db-password")).hasValue(false);
            assertThat(arm.appCreates.get()).isEqualTo(creates);
            assertThat(arm.roleAssignments()).isEmpty();

            arm.putSecret(VAULT, "db-password", SECRET);
            assertThat(s.secretExists("db-password")).hasValue(true);
            s.verify(List.of(unit));
            DeployedUnit deployed = s.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit, null));

            assertThat(arm.appSettings(app)).containsEntry("DB_PASSWORD", REFERENCE).containsEntry("GREETING", "hi");
            String principal = arm.principalId(app);
            assertThat(principal).isNotNull();
            assertThat(arm.roleAssignments()).singleElement().satisfies(a -> {
                assertThat(a.get("scope")).isEqualTo("/subscriptions/" + AzureSessionTest.SUBSCRIPTION + "/resourceGroups/"
                        + VAULT_GROUP + "/providers/Microsoft.KeyVault/vaults/" + VAULT + "/secrets/db-password");
                assertThat(a.get("principalId")).isEqualTo(principal);
                assertThat(String.valueOf(a.get("roleDefinitionId"))).endsWith("/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6");
            });
            assertThat(invoke(s)).isEqualTo("digest " + digest(SECRET));
            assertThat(referenceStatus(RG, app)).isEqualTo("Resolved");

            // without the grant Azure leaves the reference string in the environment (after the next restart)
            String assignment = String.valueOf(arm.roleAssignments().get(0).get("id"));
            assertThat(arm(HttpRequest.newBuilder(URI.create(arm.endpoint() + assignment + "?api-version=2022-04-01")).DELETE())
                    .statusCode()).isEqualTo(200);
            restart(RG, app);
            assertThat(referenceStatus(RG, app)).isEqualTo("AccessToKeyVaultDenied");
            assertThat(invoke(s)).isEqualTo("digest " + digest(REFERENCE));

            // a redeploy grants again and restarts the app (its settings are unchanged), so the reference resolves;
            // remove takes the grant back before the app (and its identity) goes
            s.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, unit, deployed));
            assertThat(arm.roleAssignments()).hasSize(1);
            assertThat(invoke(s)).isEqualTo("digest " + digest(SECRET));
            s.delete(deployed);
            assertThat(arm.roleAssignments()).isEmpty();
            assertThat(arm.appSettings(app)).isNull();
        }
        assertThat(SecretLeaks.find(dir, SECRET)).isEmpty();
    }

    @Test
    void anAppWithoutIdentityGetsOneAndADroppedReferenceLosesItsGrant() throws Exception {
        arm.runPackages(dir.resolve("double")).keyVault(AzureSessionTest.SUBSCRIPTION, VAULT_GROUP, "fp-later-vault", true)
                .putSecret("fp-later-vault", "db-password", SECRET).putSecret("fp-later-vault", "api-key", OTHER);
        String app = "kv-later";
        DeployUnit plain = pack("kv-later", app, Map.of(), "faas-plain");
        DeployUnit both = pack("kv-later", app, Map.of("DB_PASSWORD", "db-password", "API_KEY", "api-key"), "faas-both");
        DeployUnit one = pack("kv-later", app, Map.of("DB_PASSWORD", "db-password"), "faas-one");
        try (ProviderSession s = AzureSessionTest.open("kv-later", props(app, "fp-later-vault"))) {
            DeployedUnit v1 = s.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, plain, null));
            assertThat(arm.principalId(app)).isNull();

            s.verify(List.of(both));
            DeployedUnit v2 = s.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, both, v1));
            String principal = arm.principalId(app);
            assertThat(principal).isNotNull();
            assertThat(arm.roleAssignments()).extracting(a -> String.valueOf(a.get("scope")).replaceAll(".*/", ""))
                    .containsExactlyInAnyOrder("db-password", "api-key");
            assertThat(invoke(s)).isEqualTo("digest " + digest(SECRET));

            DeployedUnit v3 = s.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, one, v2));
            assertThat(arm.appSettings(app)).doesNotContainKey("API_KEY");
            assertThat(arm.roleAssignments()).extracting(a -> String.valueOf(a.get("scope")).replaceAll(".*/", ""))
                    .containsExactly("db-password");
            s.delete(v3);
            assertThat(arm.roleAssignments()).isEmpty();
        }
        assertThat(SecretLeaks.find(dir, SECRET)).isEmpty();
        assertThat(SecretLeaks.find(dir, OTHER)).isEmpty();
    }

    @Test
    void aVaultOnAccessPoliciesOrNoVaultAtAllIsRefusedBeforeAnyChange() throws Exception {
        arm.keyVault(AzureSessionTest.SUBSCRIPTION, VAULT_GROUP, "fp-policy-vault", false).putSecret("fp-policy-vault", "db-password", "x");
        DeployUnit unit = pack("kv-policy", "kv-policy", Map.of("DB_PASSWORD", "db-password"), "faas");
        Map<String, String> policies = props("kv-policy", "fp-policy-vault");
        try (ProviderSession s = AzureSessionTest.open("kv-policy", policies)) {
            assertThatThrownBy(() -> s.verify(List.of(unit))).hasMessageContaining("uses access policies")
                    .satisfies(e -> assertThat(((ProviderException) e).suggestion()).contains("--enable-rbac-authorization true"));
        }
        Map<String, String> none = props("kv-policy", "fp-policy-vault");
        none.remove("azure.keyVault");
        try (ProviderSession s = AzureSessionTest.open("kv-policy", none)) {
            assertThatThrownBy(() -> s.verify(List.of(unit))).hasMessageContaining("azure.keyVault is not set");
            assertThat(s.secretExists("db-password")).isEmpty();
        }
        assertThat(arm.siteTags("kv-policy")).isNull();
    }

    private String invoke(ProviderSession s) throws ProviderException {
        return s.invoke("secret-reader", new Invocation("GET", "/", Map.of(), new byte[0])).bodyAsString();
    }

    /** The reference's status as the portal shows it ("Web Apps - Get App Setting Key Vault Reference"). */
    private String referenceStatus(String rg, String app) throws Exception {
        HttpResponse<String> r = arm(HttpRequest.newBuilder(URI.create(site(rg, app)
                + "/config/configreferences/appsettings/DB_PASSWORD?api-version=2025-03-01")).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        return com.azure.core.util.BinaryData.fromString(r.body()).toObject(Map.class).get("properties") instanceof Map<?, ?> p
                ? String.valueOf(p.get("status")) : null;
    }

    /** An app settings write, as the portal makes one: Azure restarts the app and fetches every reference again. */
    private void restart(String rg, String app) throws Exception {
        Map<String, String> settings = new TreeMap<>(arm.appSettings(app));
        settings.put("RESTARTED", String.valueOf(System.nanoTime()));
        String body = com.azure.core.util.BinaryData.fromObject(Map.of("properties", settings)).toString();
        assertThat(arm(HttpRequest.newBuilder(URI.create(site(rg, app) + "/config/appsettings?api-version=2025-03-01"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body))).statusCode()).isEqualTo(200);
    }

    private static String site(String rg, String app) {
        return arm.endpoint() + "/subscriptions/" + AzureSessionTest.SUBSCRIPTION + "/resourceGroups/" + rg
                + "/providers/Microsoft.Web/sites/" + app;
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> arm(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.header("Authorization", "Bearer test").build(), HttpResponse.BodyHandlers.ofString());
    }

    static String digest(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
    }
}
