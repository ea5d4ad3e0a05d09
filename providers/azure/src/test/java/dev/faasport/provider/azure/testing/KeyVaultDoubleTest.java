package dev.faasport.provider.azure.testing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules the ARM test server applies to Key Vault references (sources in {@link KeyVaultDouble}). */
class KeyVaultDoubleTest {
    static final String SUB = "11111111-2222-3333-4444-555555555555";
    static final String VAULT_ID = "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-one";
    static final String REF = "@Microsoft.KeyVault(SecretUri=https://kv-one.vault.azure.net/secrets/db-password)";

    final KeyVaultDouble kv = new KeyVaultDouble();

    ArmTestServer.Reply assign(String scope, String principal, String role) {
        return kv.assignment("PUT", SUB, scope, java.util.UUID.randomUUID().toString(), Map.of("properties", Map.of(
                "roleDefinitionId", "/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + role,
                "principalId", principal)));
    }

    @Test
    void aReferenceResolvesOnlyWithTheIdentityAndAReadGrantOnTheSecretOrAbove() {
        kv.vault(SUB, "rg", "kv-one", true);
        kv.putSecret("kv-one", "db-password", "v4lue");
        String app = kv.newPrincipal("app");

        assertThat(kv.resolve("plain value", app)).isNull();
        assertThat(kv.resolve("@Microsoft.KeyVault(SecretUri=http://kv-one.example/db-password)", app).status()).isEqualTo("InvalidSyntax");
        assertThat(kv.resolve(REF, null)).extracting(KeyVaultDouble.Resolution::status, KeyVaultDouble.Resolution::value)
                .containsExactly("MSINotEnabled", REF);
        assertThat(kv.resolve(REF.replace("kv-one", "kv-two"), app).status()).isEqualTo("VaultNotFound");
        assertThat(kv.resolve(REF, app)).extracting(KeyVaultDouble.Resolution::status, KeyVaultDouble.Resolution::value)
                .containsExactly("AccessToKeyVaultDenied", REF);
        // another role (this ID: Key Vault Reader, metadata only) reads no value; a grant on another secret neither
        assertThat(assign(VAULT_ID, app, "21090545-7ca7-4776-b22c-e363652d74d2").status()).isEqualTo(201);
        assertThat(assign(VAULT_ID + "/secrets/other", app, KeyVaultDouble.SECRETS_USER).status()).isEqualTo(201);
        assertThat(kv.resolve(REF, app).status()).isEqualTo("AccessToKeyVaultDenied");

        assertThat(assign(VAULT_ID + "/secrets/db-password", app, KeyVaultDouble.SECRETS_USER).status()).isEqualTo(201);
        assertThat(kv.resolve(REF, app)).extracting(KeyVaultDouble.Resolution::status, KeyVaultDouble.Resolution::value)
                .containsExactly("Resolved", "v4lue");
        assertThat(kv.resolve("@Microsoft.KeyVault(VaultName=kv-one;SecretName=db-password)", app).value()).isEqualTo("v4lue");
        assertThat(kv.resolve(REF.replace("db-password", "missing"), app).status()).isEqualTo("AccessToKeyVaultDenied");
        assertThat(assign(VAULT_ID + "/secrets/db-password", app, KeyVaultDouble.SECRETS_USER).status())
                .as("one role for one principal at one scope").isEqualTo(409);

        String other = kv.newPrincipal("other");
        assertThat(assign(VAULT_ID, other, KeyVaultDouble.SECRETS_USER).status()).isEqualTo(201);
        assertThat(kv.resolve(REF.replace("db-password", "missing"), other).status()).isEqualTo("SecretNotFound");
        kv.forgetPrincipal(other);
        assertThat(kv.resolve(REF, other).status()).as("a deleted identity").isEqualTo("MSINotEnabled");
        assertThat(assign(VAULT_ID, other, KeyVaultDouble.SECRETS_USER).status()).as("PrincipalNotFound").isEqualTo(400);
    }

    @Test
    void aVaultOnAccessPoliciesIgnoresRoleAssignments() {
        kv.vault(SUB, "rg", "kv-one", false);
        kv.putSecret("kv-one", "db-password", "v4lue");
        String app = kv.newPrincipal("app");
        assign(VAULT_ID + "/secrets/db-password", app, KeyVaultDouble.SECRETS_USER);
        assertThat(kv.resolve(REF, app).status()).isEqualTo("AccessToKeyVaultDenied");
    }
}
