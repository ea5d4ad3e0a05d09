package dev.faasport.it.migration;

import dev.faasport.core.model.Project;
import dev.faasport.core.migrate.MigrationFailedException;
import dev.faasport.core.migrate.MigrationOutcome;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.local.LocalProvider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.testing.SecretLeaks;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A set whose function references {@code secret:db-password} migrates from local to Azure: the report lists the
 * secret with the command that creates it in the key vault, and the migration is blocked, before anything exists on
 * Azure, until the vault holds it; then the app reads it through a Key Vault reference with its own identity's grant.
 */
class AzureSecretsMigrationTest extends MigrationSupport {
    static final String VALUE = "it-s3cr3t-Hv8Nq2Xc";
    static final String VAULT = "fp-it-vault";

    @Test
    void referencesMigrateToAzureAndBlockUntilTheKeyVaultHoldsThem() throws Exception {
        FunctionConfig reader = hello().environment(Map.of("GREETING", "hi", "DB_PASSWORD", "secret:db-password"));
        Project project = project(reader);
        new LocalProvider().putSecret(new ProviderConfig(Clouds.SET, clouds.properties("local"), null,
                ProviderConfig.Log.silent()), "db-password", VALUE.getBytes(StandardCharsets.UTF_8));
        deploy(project, "local");
        clouds.properties("azure");
        clouds.azure.keyVault("00000000-0000-0000-0000-0000000000a1", "rg-vaults", VAULT, true);
        Map<String, String> vault = Map.of("azure.keyVault", "rg-vaults/" + VAULT);

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> faasport.migrate(request(project, "local", "azure", true, vault)));
        assertThat(e.outcome().status()).isEqualTo(MigrationOutcome.Status.BLOCKED);
        assertThat(e.outcome().blockers()).anySatisfy(b -> assertThat(b).contains("Secret 'db-password'",
                "variable DB_PASSWORD", "az keyvault secret set --vault-name <azure.keyVault> --name db-password"));
        assertThat(Files.readString(e.outcome().markdown())).contains("secret:db-password").doesNotContain(VALUE);
        assertThat(clouds.azure.siteCount()).as("nothing was created on Azure").isZero();

        clouds.azure.putSecret(VAULT, "db-password", VALUE);
        MigrationOutcome out = migrate(request(project, "local", "azure", false, vault));
        assertVerified(out, List.of("hello"));
        assertThat(clouds.azure.roleAssignments()).singleElement().satisfies(a -> assertThat(String.valueOf(a.get("scope")))
                .endsWith("/providers/Microsoft.KeyVault/vaults/" + VAULT + "/secrets/db-password"));
        assertThat(Files.readString(out.markdown())).doesNotContain(VALUE);
        // the local runtime's own store (local-home/secrets.properties) holds the value by design; nothing built does
        assertThat(SecretLeaks.find(dir.resolve("faas"), VALUE)).isEmpty();
        assertThat(SecretLeaks.find(dir.resolve("work-azure"), VALUE)).isEmpty();
        assertThat(SecretLeaks.find(dir.resolve("azure-runtime"), VALUE)).isEmpty();
    }
}
