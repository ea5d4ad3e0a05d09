package dev.faasport.provider.azure;

import com.azure.resourcemanager.appservice.fluent.models.SiteConfigResourceInner;
import com.azure.resourcemanager.appservice.fluent.models.SiteInner;
import com.azure.resourcemanager.appservice.models.FunctionAppConfig;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;

/**
 * Brings an existing app's runtime and scaling to the unit: the site config on Consumption and Premium (Java version,
 * prewarmed instances), functionAppConfig on Flex Consumption (Java version, always-ready instances, instance memory).
 */
final class AppScaling {
    private final AzureSettings s;
    private final AzureClients c;
    private final FunctionAppMapping mapping;
    private final ProviderConfig.Log log;

    AppScaling(AzureSettings settings, AzureClients clients, FunctionAppMapping mapping, ProviderConfig.Log log) {
        this.s = settings;
        this.c = clients;
        this.mapping = mapping;
        this.log = log;
    }

    /** Consumption and Premium: one configuration patch when the Java version or the prewarmed instances differ. */
    void updateWebConfig(String app, DeployUnit unit, HostingPlan plan) throws ProviderException {
        SiteConfigResourceInner patch = mapping.webConfigPatch(c.webApps.getConfiguration(s.resourceGroup(), app), unit, plan);
        if (patch == null) {
            return;
        }
        if (patch.linuxFxVersion() != null) {
            log.info("Setting the runtime of " + app + " to " + patch.linuxFxVersion());
        }
        if (patch.preWarmedInstanceCount() != null) {
            log.info("Setting prewarmed instances of " + app + " to " + patch.preWarmedInstanceCount());
        }
        c.webApps.updateConfiguration(s.resourceGroup(), app, patch);
    }

    /**
     * Flex Consumption: the site PATCH model does not carry functionAppConfig, so when it differs the site as read is
     * PUT back with the new values.
     *
     * @return the app as it is now
     */
    SiteInner updateFlexConfig(SiteInner site, DeployUnit unit) throws ProviderException {
        FunctionAppConfig updated = mapping.flexConfig(site.functionAppConfig(), unit);
        if (updated == null) {
            return site;
        }
        log.info("Setting Java " + updated.runtime().version() + ", always-ready instances "
                + FunctionAppMapping.alwaysReadyCounts(updated.scaleAndConcurrency().alwaysReady()) + " and instance memory "
                + updated.scaleAndConcurrency().instanceMemoryMB() + " MB of " + site.name());
        // the site config as read may carry properties Flex refuses on write (linuxFxVersion, ftpsState...): omitted,
        // ARM keeps the app's configuration as it is
        site.withFunctionAppConfig(updated).withSiteConfig(null);
        return c.webApps.createOrUpdate(s.resourceGroup(), site.name(), site);
    }
}
