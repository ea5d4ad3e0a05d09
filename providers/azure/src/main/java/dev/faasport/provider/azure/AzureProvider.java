package dev.faasport.provider.azure;

import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;

/**
 * Azure Functions through the Azure SDK for Java: one unit is one Linux Java function app (Java version from the
 * unit's java.runtime) holding the set's functions, deployed by uploading the app zip to blob storage and running
 * from that package (Flex Consumption: Kudu one deploy).
 *
 * <p>Properties: {@code azure.subscription} (required), {@code azure.resourceGroup} (default {@code faasport-<set>}),
 * {@code azure.region} (default westeurope), {@code azure.app} (default: unit name plus a hash of subscription,
 * group and set, as app names are global), {@code azure.javaVersion} (default 17), {@code azure.plan} (consumption|flex|premium; a
 * function's own {@code azure.plan} option wins, and packaging gives such functions an app of their own),
 * {@code azure.endpoint} (ARM override; plain http only on loopback, where a fixed fake token is sent: test-only),
 * {@code azure.storageEndpoint} (blob override, e.g. Azurite), {@code azure.storageAccount}, {@code azure.retries}
 * (SDK retries, default 2), {@code azure.functionsHost} (function host URL template with {app}, for emulators),
 * {@code azure.pollIntervalMs} (long-running operation polling when the server sends no Retry-After, default 30000),
 * {@code azure.scmHost} (Kudu site URL template with {app}, for emulators), {@code azure.logWindowMs} (how long
 * faas:logs listens to the log stream, default 5000), {@code azure.keyVault} (the key vault of the functions' secret
 * references: a name in the set's resource group, or {@code <group>/<name>}).
 */
public final class AzureProvider implements Provider {

    @Override
    public String id() {
        return "azure";
    }

    @Override
    public String displayName() {
        return "Azure Functions";
    }

    /** What AzureSettings and the function options read; any other azure.* key is refused as a misspelling. */
    @Override
    public java.util.Set<String> knownProperties() {
        return java.util.Set.of("azure.app", "azure.endpoint", "azure.functionsHost", "azure.javaVersion", "azure.keyVault",
                "azure.logWindowMs",
                "azure.plan", "azure.pollIntervalMs", "azure.region", "azure.resourceGroup",
                "azure.retries", "azure.scmHost", "azure.storageAccount", "azure.storageEndpoint",
                "azure.subscription", "azure.timeoutSeconds");
    }

    /** Key Vault references in app settings, read with the app's system-assigned identity (KeyVaultSecrets). */
    @Override
    public java.util.Optional<String> secretStore(String secret) {
        return java.util.Optional.of("Azure Key Vault, the vault named by azure.keyVault (Azure RBAC permission model): "
                + KeyVaultSecrets.createCommand(secret, "<azure.keyVault>")
                + " (or the portal: the vault's Objects > Secrets > Generate/Import)");
    }

    @Override
    public PackageFormat packageFormat() {
        return PackageFormat.AZURE_APP_ZIP;
    }

    @Override
    public UnitGrouping grouping() {
        return UnitGrouping.PER_APP;
    }

    @Override
    public ProviderSession open(ProviderConfig config) throws ProviderException {
        AzureSettings settings = AzureSettings.from(config);
        AzureClients clients;
        try {
            clients = new AzureClients(settings);
        } catch (RuntimeException e) {
            throw AzureErrors.map("Creating the Azure clients", e);
        }
        if (settings.app() == null && config.log() != null) {
            config.log().info("Azure function app names are global (<app>.azurewebsites.net): without azure.app, each app is"
                    + " named after its unit plus -" + settings.appHash() + " (a hash of subscription, resource group and set),"
                    + " the same on every deploy; set azure.app to choose the name");
        }
        return new AzureSession(settings, clients, config.log());
    }
}
