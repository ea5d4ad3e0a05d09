package dev.faasport.provider.azure;

import com.azure.resourcemanager.appservice.fluent.models.AppServicePlanInner;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.MinimumTlsVersion;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import com.azure.storage.blob.BlobContainerClient;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;

import java.util.Map;

/**
 * What a set's apps stand on: the resource group, the storage account (state and packages) with its deployments
 * container, ensured once per session under a lock, and each app's hosting plan.
 */
final class AzureInfrastructure {
    static final String CONTAINER = "deployments";

    /** The set's storage account as the apps use it. */
    record Storage(String account, String key, BlobContainerClient container, String connectionString) {
    }

    private final AzureSettings s;
    private final AzureClients c;
    private final FunctionAppMapping mapping;
    private final ProviderConfig.Log log;
    private final Object lock = new Object();
    private volatile Storage storage;

    AzureInfrastructure(AzureSettings settings, AzureClients clients, FunctionAppMapping mapping, ProviderConfig.Log log) {
        this.s = settings;
        this.c = clients;
        this.mapping = mapping;
        this.log = log;
    }

    /** Resource group, storage account (tagged) and the deployments container, once per session. */
    Storage ensure() throws ProviderException {
        Storage st = storage;
        if (st != null) {
            return st;
        }
        synchronized (lock) {
            if (storage != null) {
                return storage;
            }
            String rg = s.resourceGroup();
            String account = s.storageAccount();
            try {
                if (!c.resourceGroups.checkExistence(rg)) {
                    log.info("Creating resource group " + rg + " in " + s.region());
                    c.resourceGroups.createOrUpdate(rg, new ResourceGroupInner().withLocation(s.region())
                            .withTags(Map.of(FunctionAppMapping.TAG_SET, s.setName())));
                }
            } catch (RuntimeException e) {
                throw AzureErrors.map("Creating resource group '" + rg + "'", e);
            }
            try {
                StorageAccountInner existing = AzureErrors.orNull(() -> c.storageAccounts.getByResourceGroup(rg, account));
                if (existing == null) {
                    log.info("Creating storage account " + account);
                    c.storageAccounts.create(rg, account, new StorageAccountCreateParameters()
                            .withSku(new Sku().withName(SkuName.STANDARD_LRS)).withKind(Kind.STORAGE_V2)
                            .withLocation(s.region()).withTags(Map.of(FunctionAppMapping.TAG_SET, s.setName()))
                            .withMinimumTlsVersion(MinimumTlsVersion.TLS1_2).withAllowBlobPublicAccess(false)
                            .withEnableHttpsTrafficOnly(true));
                }
                var keys = c.storageAccounts.listKeys(rg, account).keys();
                if (keys == null || keys.isEmpty()) {
                    throw ProviderException.permanent("Storage account '" + account + "' returned no access keys",
                            "allow shared key access on the account, or choose another with azure.storageAccount");
                }
                String key = keys.get(0).value();
                BlobContainerClient container = c.blobService(account, key).getBlobContainerClient(CONTAINER);
                container.createIfNotExists();
                storage = new Storage(account, key, container, connectionString(account, key));
                return storage;
            } catch (ProviderException e) {
                throw e;
            } catch (RuntimeException e) {
                throw AzureErrors.map("Preparing storage account '" + account + "'", e);
            }
        }
    }

    /** The set's storage if it exists, else null; never creates infrastructure (delete uses it). */
    Storage existing() throws ProviderException {
        if (storage != null) {
            return storage;
        }
        try {
            if (!c.resourceGroups.checkExistence(s.resourceGroup())
                    || AzureErrors.orNull(() -> c.storageAccounts.getByResourceGroup(s.resourceGroup(), s.storageAccount())) == null) {
                return null;
            }
        } catch (RuntimeException e) {
            throw AzureErrors.map("Reading storage account '" + s.storageAccount() + "'", e);
        }
        return ensure();
    }

    private String connectionString(String account, String key) {
        if (s.storageEndpoint() != null) {
            return "DefaultEndpointsProtocol=" + s.storageEndpoint().getScheme() + ";AccountName=" + account + ";AccountKey=" + key
                    + ";BlobEndpoint=" + s.storageEndpoint() + ";";
        }
        return "DefaultEndpointsProtocol=https;AccountName=" + account + ";AccountKey=" + key + ";EndpointSuffix="
                + c.environment.getStorageEndpointSuffix().replaceFirst("^\\.", "");
    }

    /** Each Flex app gets its own deployment container, as Azure's tools create it: @return its URL */
    String flexContainer(Storage st, String app) {
        BlobContainerClient container = st.container().getServiceClient()
                .getBlobContainerClient(FunctionAppMapping.flexContainerName(app));
        container.createIfNotExists();
        return container.getBlobContainerUrl();
    }

    /** @return the ID of the app's plan, created when missing */
    String ensurePlan(String app, DeployUnit unit, HostingPlan hosting) {
        String plan = FunctionAppMapping.planName(app);
        AppServicePlanInner existing = AzureErrors.orNull(() -> c.plans.getByResourceGroup(s.resourceGroup(), plan));
        if (existing == null) {
            log.info("Creating " + hosting.id() + " plan " + plan);
            existing = c.plans.createOrUpdate(s.resourceGroup(), plan, mapping.hostingPlan(unit, hosting));
        }
        return existing.id() != null ? existing.id()
                : "/subscriptions/" + s.subscription() + "/resourceGroups/" + s.resourceGroup() + "/providers/Microsoft.Web/serverfarms/" + plan;
    }

    /** Deletes the app's plan when this set created it. */
    void deletePlan(String app) {
        String name = FunctionAppMapping.planName(app);
        AppServicePlanInner plan = AzureErrors.orNull(() -> c.plans.getByResourceGroup(s.resourceGroup(), name));
        if (plan != null && plan.tags() != null && s.setName().equals(plan.tags().get(FunctionAppMapping.TAG_SET))) {
            log.info("Deleting plan " + name);
            AzureErrors.ignoringNotFound(() -> c.plans.delete(s.resourceGroup(), name));
        }
    }
}
