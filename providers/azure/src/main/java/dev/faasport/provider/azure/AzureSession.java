package dev.faasport.provider.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.util.BinaryData;
import com.azure.resourcemanager.appservice.fluent.models.AppServicePlanInner;
import com.azure.resourcemanager.appservice.fluent.models.FunctionEnvelopeInner;
import com.azure.resourcemanager.appservice.fluent.models.HostKeysInner;
import com.azure.resourcemanager.appservice.fluent.models.SiteConfigInner;
import com.azure.resourcemanager.appservice.fluent.models.SiteConfigResourceInner;
import com.azure.resourcemanager.appservice.fluent.models.SiteInner;
import com.azure.resourcemanager.appservice.fluent.models.SitePatchResourceInner;
import com.azure.resourcemanager.appservice.fluent.models.StringDictionaryInner;
import com.azure.resourcemanager.appservice.models.AuthenticationType;
import com.azure.resourcemanager.appservice.models.FtpsState;
import com.azure.resourcemanager.appservice.models.FunctionAppConfig;
import com.azure.resourcemanager.appservice.models.FunctionsAlwaysReadyConfig;
import com.azure.resourcemanager.appservice.models.FunctionsDeployment;
import com.azure.resourcemanager.appservice.models.FunctionsDeploymentStorage;
import com.azure.resourcemanager.appservice.models.FunctionsDeploymentStorageAuthentication;
import com.azure.resourcemanager.appservice.models.FunctionsDeploymentStorageType;
import com.azure.resourcemanager.appservice.models.FunctionsRuntime;
import com.azure.resourcemanager.appservice.models.FunctionsScaleAndConcurrency;
import com.azure.resourcemanager.appservice.models.ManagedServiceIdentity;
import com.azure.resourcemanager.appservice.models.ManagedServiceIdentityType;
import com.azure.resourcemanager.appservice.models.NameValuePair;
import com.azure.resourcemanager.appservice.models.RuntimeName;
import com.azure.resourcemanager.appservice.models.SkuDescription;
import com.azure.resourcemanager.appservice.models.SupportedTlsVersions;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import com.azure.resourcemanager.resources.fluent.models.TagsResourceInner;
import com.azure.resourcemanager.resources.models.Tags;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.MinimumTlsVersion;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.sas.SasProtocol;
import dev.faasport.spi.ResourceTags;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One Azure subscription/resource group for one function set. A unit is one Linux Java function app (Java version from java.runtime); its code
 * runs from a zip in blob storage (WEBSITE_RUN_FROM_PACKAGE with a read-only SAS), so switching code is one app
 * settings update. Thread-safe: the set-level infrastructure (group, storage account, container) is ensured once under
 * a lock; everything else is per app.
 */
final class AzureSession implements ProviderSession {
    static final String TAG_SET = ResourceTags.SET;
    static final String TAG_UNIT = ResourceTags.FUNCTION;
    static final String TAG_SHA = ResourceTags.CODE_SHA256;
    static final String TAG_CONFIG = ResourceTags.CONFIG_HASH;
    static final String TAG_HTTP = ResourceTags.PREFIX + "http-functions";
    static final String TAG_PLAN = ResourceTags.PREFIX + "plan";
    static final String CONTAINER = "deployments";
    static final String RUN_FROM_PACKAGE = "WEBSITE_RUN_FROM_PACKAGE";
    static final String MANAGED_KEYS = "FAASPORT_SETTINGS";
    static final String HOST_ID = "AzureFunctionsWebHost__hostid";
    /** App settings Faasport writes itself: a function's environment may not name them (app settings are one namespace). */
    static final List<String> RESERVED_SETTINGS = List.of("FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION",
            "AzureWebJobsStorage", RUN_FROM_PACKAGE, "FAASPORT_SET", "FAASPORT_UNIT", MANAGED_KEYS, HOST_ID);
    /** The host ID is the app name cut to this many characters unless set (Microsoft Learn, host ID considerations). */
    static final int HOST_ID_LENGTH = 32;
    private static final int MAX_TAG_VALUE = 256;

    private final AzureSettings s;
    private final AzureClients c;
    private final ProviderConfig.Log log;
    private final Object infraLock = new Object();
    private volatile Storage storage;
    /** one JDK client for the data plane (function hosts, Kudu); it is thread-safe */
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** function name -> where it lives, refreshed by list() */
    private final Map<String, FunctionTarget> targets = new ConcurrentHashMap<>();
    private final BlobEventSubscriptions events;
    private final KeyVaultSecrets secrets;

    AzureSession(AzureSettings settings, AzureClients clients, ProviderConfig.Log log) {
        this.s = settings;
        this.c = clients;
        this.log = log == null ? ProviderConfig.Log.silent() : log;
        this.events = new BlobEventSubscriptions(settings, clients, this.log);
        this.secrets = new KeyVaultSecrets(settings, clients, this.log);
    }

    private record Storage(String account, String key, BlobContainerClient container, String connectionString) {
    }

    private record FunctionTarget(String app, String url, String authLevel, boolean http) {
    }

    // ---------------------------------------------------------------- list

    @Override
    public List<DeployedUnit> list() throws ProviderException {
        List<SiteInner> sites = new ArrayList<>();
        try {
            for (SiteInner site : c.webApps.listByResourceGroup(s.resourceGroup())) {
                if (site.tags() != null && s.setName().equals(site.tags().get(TAG_SET))) {
                    sites.add(site);
                }
            }
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return List.of(); // no resource group yet: nothing deployed
            }
            throw AzureErrors.map("Listing function apps in resource group '" + s.resourceGroup() + "'", e);
        }
        return describeAll(sites);
    }

    /** Each app's function list is one more call: read them concurrently (bounded), keeping the listing's order. */
    private List<DeployedUnit> describeAll(List<SiteInner> sites) throws ProviderException {
        if (sites.size() <= 1) {
            List<DeployedUnit> units = new ArrayList<>();
            for (SiteInner site : sites) {
                units.add(describe(site, null));
            }
            return units;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(LIST_PARALLELISM, sites.size()), r -> {
                    Thread t = new Thread(r, "faasport-azure-list");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<DeployedUnit>> futures = new ArrayList<>();
            for (SiteInner site : sites) {
                futures.add(pool.submit(() -> describe(site, null)));
            }
            List<DeployedUnit> units = new ArrayList<>();
            for (java.util.concurrent.Future<DeployedUnit> f : futures) {
                units.add(f.get());
            }
            return units;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ProviderException pe) {
                throw pe;
            }
            throw AzureErrors.map("Listing the function apps of set '" + s.setName() + "'", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.transientFailure("Listing the function apps was interrupted", null, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Concurrent reads while listing; ARM's read limits are per minute and generous. */
    private static final int LIST_PARALLELISM = 8;

    /** Builds the neutral view of an app; functions come from the app's function list, else from the desired unit/tags. */
    private DeployedUnit describe(SiteInner site, DeployUnit desired) throws ProviderException {
        String app = site.name();
        Map<String, String> tags = site.tags() == null ? Map.of() : site.tags();
        Map<String, String> endpoints = new TreeMap<>();
        List<FunctionEnvelopeInner> envelopes;
        try {
            envelopes = new ArrayList<>();
            c.webApps.listFunctions(s.resourceGroup(), app).forEach(envelopes::add);
        } catch (RuntimeException e) {
            // the function list comes from the app's host, which may be cold or failing: the tags still say what is deployed
            if (!AzureErrors.isNotFound(e)) {
                log.warn(AzureErrors.map("Listing the functions of app '" + app + "'", e).getMessage());
            }
            envelopes = List.of();
        }
        String base = hostBase(site);
        for (FunctionEnvelopeInner env : envelopes) {
            String fn = shortName(env.name());
            String auth = httpAuthLevel(env.config());
            boolean http = auth != null || env.invokeUrlTemplate() != null;
            String url = env.invokeUrlTemplate() != null ? env.invokeUrlTemplate() : base + "/api/" + fn;
            if (http) {
                endpoints.put(fn, url);
            }
            targets.put(fn, new FunctionTarget(app, http ? url : null, auth, http));
        }
        if (envelopes.isEmpty()) {
            // the host has not synced its triggers yet: fall back to what Faasport recorded
            List<String> httpNames = desired != null
                    ? desired.functions().stream().filter(f -> f.trigger() instanceof Trigger.Http).map(FunctionSpec::name).toList()
                    : splitTag(tags.get(TAG_HTTP));
            for (String fn : httpNames) {
                endpoints.put(fn, base + "/api/" + fn);
                targets.putIfAbsent(fn, new FunctionTarget(app, base + "/api/" + fn, null, true));
            }
        }
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("app", app);
        attributes.put("resourceGroup", s.resourceGroup());
        attributes.put("plan", desired != null ? s.plan(desired).id() : tags.getOrDefault(TAG_PLAN, s.plan().id()));
        if (site.state() != null) {
            attributes.put("state", site.state());
        }
        if (site.defaultHostname() != null) {
            attributes.put("defaultHostName", site.defaultHostname());
        }
        String unitName = tags.getOrDefault(TAG_UNIT, app);
        return new DeployedUnit(s.setName(), desired != null ? desired.name() : unitName, tags.get(TAG_SHA), tags.get(TAG_CONFIG),
                desired != null ? desired.functions() : List.of(), endpoints, attributes);
    }

    private String hostBase(SiteInner site) {
        if (s.functionsHost() != null) {
            return s.functionsHost().replace("{app}", site.name());
        }
        String host = site.defaultHostname() != null ? site.defaultHostname() : site.name() + ".azurewebsites.net";
        return "https://" + host;
    }

    // ---------------------------------------------------------------- apply

    @Override
    public DeployedUnit apply(UnitUpdate change) throws ProviderException {
        DeployUnit unit = change.desired();
        String app = s.appName(unit, change.current());
        HostingPlan plan = s.plan(unit);
        for (FunctionSpec f : unit.functions()) {
            AzureSettings.checkFunctionName(f.name());
        }
        Artifact artifact = unit.artifact();
        if (artifact == null || artifact.format() != PackageFormat.AZURE_APP_ZIP || artifact.path() == null
                || !Files.isRegularFile(artifact.path())) {
            throw ProviderException.permanent("Unit '" + unit.name() + "' has no Azure app zip to deploy"
                    + (artifact == null ? "" : " (" + artifact.format() + " " + artifact.path() + ")"),
                    "run faas:package with -Dfaas.provider=azure first");
        }
        Map<String, String> environment = environment(unit);
        Map<String, String> references = KeyVaultSecrets.references(unit);
        Storage st = ensureInfrastructure();
        String what = "Deploying function app '" + app + "' (unit '" + unit.name() + "')";
        for (Map.Entry<String, String> r : references.entrySet()) {
            environment.put(r.getKey(), secrets.reference(what, r.getValue()));
        }
        try {
            SiteInner site = getSite(app);
            if (site != null) {
                checkOwned(site, app);
                checkPlan(site, app, plan);
            }
            Map<String, String> current = site == null ? Map.of() : appSettings(app);
            String packageUrl = current.get(RUN_FROM_PACKAGE);
            boolean sameCode = site != null && artifact.sha256().equals(tag(site, TAG_SHA))
                    && packageUrl != null && packageUrl.contains(artifact.sha256());
            boolean flex = plan == HostingPlan.FLEX;
            if (flex) {
                sameCode = site != null && artifact.sha256().equals(tag(site, TAG_SHA));
            } else if (!sameCode) {
                packageUrl = upload(st, app, artifact);
            }
            Map<String, String> desired = desiredSettings(unit, app, environment, st, packageUrl, plan);
            Map<String, String> tags = tags(unit, app, artifact, plan);
            if (site == null) {
                String planId = ensurePlan(app, unit, plan);
                log.info("Creating function app " + app + " in " + s.resourceGroup());
                // Flex gets its code after creation: the hash tag waits for it, so a build killed in between redeploys
                Map<String, String> createTags = new TreeMap<>(tags);
                if (flex) {
                    createTags.remove(TAG_SHA);
                }
                // references go in once the new identity may read their secrets (Microsoft's ARM guidance: app
                // settings after the site, whose system-assigned identity the grant needs)
                Map<String, String> initial = new TreeMap<>(desired);
                initial.keySet().removeAll(references.keySet());
                site = c.webApps.createOrUpdate(s.resourceGroup(), app, newSite(app, unit, plan, planId, initial, createTags, st,
                        !references.isEmpty()));
                if (!references.isEmpty()) {
                    secrets.grant(what, app, principal(site), references.values(), false);
                    c.webApps.updateApplicationSettings(s.resourceGroup(), app, new StringDictionaryInner().withProperties(desired));
                }
                if (flex) {
                    oneDeploy(site, artifact);
                    subscribeBlobEvents(st, site, unit);
                    writeTags(site, tags);
                } else {
                    syncTriggers(app);
                }
            } else {
                if (flex) {
                    site = updateFlexConfig(site, unit);
                } else {
                    updateWebConfig(app, unit, plan);
                }
                if (flex && !sameCode) {
                    oneDeploy(site, artifact);
                }
                boolean granted = false;
                if (!references.isEmpty()) {
                    site = withIdentity(site);
                    granted = secrets.grant(what, app, principal(site), references.values(), false);
                }
                Map<String, String> merged = merge(current, desired);
                if (!merged.equals(current)) {
                    log.info("Updating app settings of " + app + (sameCode ? "" : " (new code)"));
                    c.webApps.updateApplicationSettings(s.resourceGroup(), app, new StringDictionaryInner().withProperties(merged));
                } else if (granted) {
                    // the app fetches references when it starts (or its configuration changes): one it could not read
                    // before the grant stays the literal string until then
                    log.info("Restarting " + app + " so that it reads the secrets it may read now");
                    c.webApps.restart(s.resourceGroup(), app);
                }
                if (principal(site) != null) {
                    // only now that the settings no longer reference them: the grants of secrets the app dropped
                    secrets.grant(what, app, principal(site), references.values(), true);
                }
                if (!flex && !sameCode) {
                    // until the code's hash tag is written, every rerun syncs again: a killed build cannot skip it
                    syncTriggers(app);
                }
                if (flex) {
                    subscribeBlobEvents(st, site, unit);
                }
                // tags go last: a build killed before this point leaves the old hashes, so the next plan redoes the step
                if (!ours(site.tags()).equals(tags)) {
                    writeTags(site, tags);
                }
            }
            return describe(site, unit);
        } catch (RuntimeException e) {
            throw AzureErrors.map(what, e);
        }
    }

    /**
     * Consumption and Premium hold the Java version in the site config (linuxFxVersion), Premium also minInstances as
     * prewarmed / minimum elastic instances: one patch when either differs.
     */
    private void updateWebConfig(String app, DeployUnit unit, HostingPlan plan) throws ProviderException {
        SiteConfigResourceInner config = c.webApps.getConfiguration(s.resourceGroup(), app);
        SiteConfigResourceInner patch = new SiteConfigResourceInner();
        boolean changed = false;
        String fx = linuxFxVersion(unit);
        if (!fx.equalsIgnoreCase(String.valueOf(config.linuxFxVersion()))) {
            log.info("Setting the runtime of " + app + " to " + fx);
            patch.withLinuxFxVersion(fx);
            changed = true;
        }
        if (plan == HostingPlan.PREMIUM) {
            int wanted = unit.functions().stream().mapToInt(FunctionSpec::minInstances).max().orElse(0);
            int prewarmed = config.preWarmedInstanceCount() == null ? 0 : config.preWarmedInstanceCount();
            int minimum = config.minimumElasticInstanceCount() == null ? 0 : config.minimumElasticInstanceCount();
            if (prewarmed != wanted || minimum != wanted) {
                log.info("Setting prewarmed instances of " + app + " to " + wanted);
                patch.withPreWarmedInstanceCount(wanted).withMinimumElasticInstanceCount(wanted);
                changed = true;
            }
        }
        if (changed) {
            c.webApps.updateConfiguration(s.resourceGroup(), app, patch);
        }
    }

    /**
     * Azure keeps the trigger set it scales on until told to read the package again (Microsoft Learn, "Deployment
     * technologies in Azure Functions", trigger syncing; the Azure CLI calls syncfunctiontriggers after setting
     * WEBSITE_RUN_FROM_PACKAGE).
     */
    private void syncTriggers(String app) {
        log.info("Syncing the triggers of " + app);
        c.webApps.syncFunctionTriggers(s.resourceGroup(), app);
    }

    /** Flex Consumption blob triggers fire only through Event Grid: one subscription per blob function. */
    private void subscribeBlobEvents(Storage st, SiteInner site, DeployUnit unit) throws ProviderException {
        String app = site.name();
        events.ensure(st.account(), app, hostBase(site), unit.functions(), () -> {
            HostKeysInner keys = c.webApps.listHostKeys(s.resourceGroup(), app);
            String key = keys.systemKeys() == null ? null : keys.systemKeys().get("blobs_extension");
            if (key == null) {
                throw ProviderException.transientFailure("The host of app '" + app + "' has no blobs_extension key yet"
                        + " (it creates it when its blob trigger starts)", java.time.Duration.ofSeconds(10), null);
            }
            return key;
        });
    }

    /** The Java version the unit runs on: what packaging selected (java.runtime), else azure.javaVersion, else 17. */
    String javaVersion(DeployUnit unit) throws ProviderException {
        String v = unit.settings().get("java.runtime");
        String what = "setting java.runtime of unit '" + unit.name() + "'";
        if (v == null || v.isBlank()) {
            v = s.javaVersion();
            what = "property azure.javaVersion";
        }
        v = v.trim();
        if (!AzureSettings.JAVA_VERSION.matcher(v).matches()) {
            throw ProviderException.permanent("The " + what + " is '" + v + "', which is not an Azure Java version",
                    "set azure.javaVersion to 17 or 21 (Azure's spelling: the major version alone)");
        }
        return v;
    }

    private String linuxFxVersion(DeployUnit unit) throws ProviderException {
        return "Java|" + javaVersion(unit);
    }

    /**
     * Flex Consumption holds the runtime, always-ready instances and instance memory in the site's functionAppConfig,
     * which the site PATCH model does not carry: when they differ, the site as read is PUT back with the new values.
     */
    private SiteInner updateFlexConfig(SiteInner site, DeployUnit unit) throws ProviderException {
        FunctionAppConfig current = site.functionAppConfig();
        String version = javaVersion(unit);
        boolean sameRuntime = current != null && current.runtime() != null && version.equals(current.runtime().version());
        FunctionsScaleAndConcurrency scale = current == null ? null : current.scaleAndConcurrency();
        Map<String, Integer> have = new TreeMap<>();
        if (scale != null && scale.alwaysReady() != null) {
            for (FunctionsAlwaysReadyConfig r : scale.alwaysReady()) {
                if (r.instanceCount() != null && r.instanceCount() > 0) {
                    have.put(r.name(), r.instanceCount());
                }
            }
        }
        Map<String, Integer> want = new TreeMap<>();
        alwaysReady(unit).forEach(r -> want.put(r.name(), r.instanceCount()));
        int memory = instanceMemory(unit);
        Integer haveMemory = scale == null ? null : scale.instanceMemoryMB();
        if (sameRuntime && have.equals(want) && haveMemory != null && haveMemory == memory) {
            return site;
        }
        log.info("Setting Java " + version + ", always-ready instances " + want + " and instance memory " + memory + " MB of "
                + site.name());
        FunctionAppConfig updated = (current != null ? current : new FunctionAppConfig())
                .withRuntime(new FunctionsRuntime().withName(RuntimeName.JAVA).withVersion(version));
        FunctionsScaleAndConcurrency newScale = scale != null ? scale : new FunctionsScaleAndConcurrency();
        newScale.withAlwaysReady(alwaysReady(unit)).withInstanceMemoryMB(memory);
        // the site config as read may carry properties Flex refuses on write (linuxFxVersion, ftpsState...): omitted,
        // ARM keeps the app's configuration as it is
        site.withFunctionAppConfig(updated.withScaleAndConcurrency(newScale)).withSiteConfig(null);
        return c.webApps.createOrUpdate(s.resourceGroup(), site.name(), site);
    }

    /** Always-ready instances per function ("function:<name>"), for those with minInstances above zero. */
    private static List<FunctionsAlwaysReadyConfig> alwaysReady(DeployUnit unit) {
        List<FunctionsAlwaysReadyConfig> ready = new ArrayList<>();
        for (FunctionSpec f : unit.functions().stream().sorted(java.util.Comparator.comparing(FunctionSpec::name)).toList()) {
            if (f.minInstances() > 0) {
                ready.add(new FunctionsAlwaysReadyConfig().withName("function:" + f.name()).withInstanceCount(f.minInstances()));
            }
        }
        return ready;
    }

    /** Flex instance memory is per app and one of 512, 2048 or 4096 MB: the smallest that fits the largest function. */
    static int instanceMemory(DeployUnit unit) {
        int memory = unit.functions().stream().mapToInt(FunctionSpec::memoryMb).max().orElse(2048);
        return memory <= 512 ? 512 : memory <= 2048 ? 2048 : 4096;
    }

    /** An app stays on the plan it was created on: moving it is a different app, so refuse rather than half-migrate. */
    private void checkPlan(SiteInner site, String app, HostingPlan plan) throws ProviderException {
        String on = tag(site, TAG_PLAN);
        if (on != null && !on.equals(plan.id())) {
            throw ProviderException.permanent("Function app '" + app + "' runs on the " + on + " plan but unit functions now ask for "
                    + plan.id(), "remove the app first (faas:remove), or give the functions that need " + plan.id()
                    + " the option azure.plan=" + plan.id() + " so they get an app of their own");
        }
    }

    /** Replaces Faasport's tags through the Tags API (the site itself is not rewritten); other tags are kept. */
    private void writeTags(SiteInner site, Map<String, String> tags) {
        Map<String, String> all = new TreeMap<>(site.tags() == null ? Map.of() : site.tags());
        all.keySet().removeIf(k -> k.startsWith(ResourceTags.PREFIX));
        all.putAll(tags);
        c.resources.getTagOperations().createOrUpdateAtScope(site.id().replaceFirst("^/+", ""),
                new TagsResourceInner().withProperties(new Tags().withTags(all)));
        site.withTags(all);
    }

    private static Map<String, String> ours(Map<String, String> tags) {
        Map<String, String> m = new TreeMap<>(tags == null ? Map.of() : tags);
        m.keySet().removeIf(k -> !k.startsWith(ResourceTags.PREFIX));
        return m;
    }

    /** Resource group, storage account (tagged) and the deployments container, once per session. */
    private Storage ensureInfrastructure() throws ProviderException {
        Storage st = storage;
        if (st != null) {
            return st;
        }
        synchronized (infraLock) {
            if (storage != null) {
                return storage;
            }
            String rg = s.resourceGroup();
            String account = s.storageAccount();
            try {
                if (!c.resourceGroups.checkExistence(rg)) {
                    log.info("Creating resource group " + rg + " in " + s.region());
                    c.resourceGroups.createOrUpdate(rg, new ResourceGroupInner().withLocation(s.region())
                            .withTags(Map.of(TAG_SET, s.setName())));
                }
            } catch (RuntimeException e) {
                throw AzureErrors.map("Creating resource group '" + rg + "'", e);
            }
            try {
                StorageAccountInner existing = orNull(() -> c.storageAccounts.getByResourceGroup(rg, account));
                if (existing == null) {
                    log.info("Creating storage account " + account);
                    c.storageAccounts.create(rg, account, new StorageAccountCreateParameters()
                            .withSku(new Sku().withName(SkuName.STANDARD_LRS)).withKind(Kind.STORAGE_V2)
                            .withLocation(s.region()).withTags(Map.of(TAG_SET, s.setName()))
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

    private String connectionString(String account, String key) {
        if (s.storageEndpoint() != null) {
            return "DefaultEndpointsProtocol=" + s.storageEndpoint().getScheme() + ";AccountName=" + account + ";AccountKey=" + key
                    + ";BlobEndpoint=" + s.storageEndpoint() + ";";
        }
        return "DefaultEndpointsProtocol=https;AccountName=" + account + ";AccountKey=" + key + ";EndpointSuffix="
                + c.environment.getStorageEndpointSuffix().replaceFirst("^\\.", "");
    }

    /** Uploads the zip once per content hash (a rerun after a killed build finds it) and returns its read-only SAS URL. */
    private String upload(Storage st, String app, Artifact artifact) {
        BlobClient blob = st.container().getBlobClient(app + "/" + artifact.sha256() + ".zip");
        boolean present = false;
        if (blob.exists()) {
            Map<String, String> md = blob.getProperties().getMetadata();
            present = md != null && artifact.sha256().equals(md.get("faasport_sha256"));
        }
        if (!present) {
            log.info("Uploading " + artifact.path().getFileName() + " for " + app + " (" + artifact.zippedBytes() + " bytes)");
            blob.uploadFromFileWithResponse(new BlobUploadFromFileOptions(artifact.path().toString())
                    .setMetadata(Map.of("faasport_set", s.setName(), "faasport_sha256", artifact.sha256())), null, null);
        } else {
            log.info("Package " + artifact.sha256().substring(0, 12) + " for " + app + " is already uploaded");
        }
        // a stable expiry (start of the upload's year + 10 years) keeps reruns from changing the setting needlessly
        OffsetDateTime expiry = LocalDate.now(ZoneOffset.UTC).withDayOfYear(1).plusYears(10).atStartOfDay().atOffset(ZoneOffset.UTC);
        BlobServiceSasSignatureValues sas = new BlobServiceSasSignatureValues(expiry, new BlobSasPermission().setReadPermission(true))
                .setProtocol(s.storageEndpoint() != null && "http".equals(s.storageEndpoint().getScheme())
                        ? SasProtocol.HTTPS_HTTP : SasProtocol.HTTPS_ONLY);
        return blob.getBlobUrl() + "?" + blob.generateSas(sas);
    }

    private String ensurePlan(String app, DeployUnit unit, HostingPlan hosting) {
        String plan = planName(app);
        AppServicePlanInner existing = orNull(() -> c.plans.getByResourceGroup(s.resourceGroup(), plan));
        if (existing == null) {
            log.info("Creating " + hosting.id() + " plan " + plan);
            AppServicePlanInner p = new AppServicePlanInner().withLocation(s.region())
                    .withKind(hosting == HostingPlan.PREMIUM ? "elastic" : "functionapp")
                    .withReserved(true)
                    .withSku(new SkuDescription().withName(hosting.skuName).withTier(hosting.skuTier))
                    .withTags(Map.of(TAG_SET, s.setName(), TAG_UNIT, unit.name(), TAG_PLAN, hosting.id()));
            if (hosting == HostingPlan.PREMIUM) {
                p.withMaximumElasticWorkerCount(20);
            }
            existing = c.plans.createOrUpdate(s.resourceGroup(), plan, p);
        }
        return existing.id() != null ? existing.id()
                : "/subscriptions/" + s.subscription() + "/resourceGroups/" + s.resourceGroup() + "/providers/Microsoft.Web/serverfarms/" + plan;
    }

    static String planName(String app) {
        return app + "-plan";
    }

    private SiteInner newSite(String app, DeployUnit unit, HostingPlan plan, String planId, Map<String, String> settings,
                              Map<String, String> tags, Storage st, boolean identity) throws ProviderException {
        List<NameValuePair> pairs = new ArrayList<>();
        settings.forEach((k, v) -> pairs.add(new NameValuePair().withName(k).withValue(v)));
        int minInstances = unit.functions().stream().mapToInt(FunctionSpec::minInstances).max().orElse(0);
        SiteConfigInner config = new SiteConfigInner().withAppSettings(pairs).withMinTlsVersion(SupportedTlsVersions.ONE_TWO);
        SiteInner site = new SiteInner().withLocation(s.region()).withKind("functionapp,linux").withReserved(true)
                .withHttpsOnly(true).withServerFarmId(planId).withTags(tags);
        if (identity) {
            site.withIdentity(new ManagedServiceIdentity().withType(ManagedServiceIdentityType.SYSTEM_ASSIGNED));
        }
        if (plan == HostingPlan.FLEX) {
            site.withFunctionAppConfig(new FunctionAppConfig()
                    .withDeployment(new FunctionsDeployment().withStorage(new FunctionsDeploymentStorage()
                            .withType(FunctionsDeploymentStorageType.BLOB_CONTAINER)
                            .withValue(flexContainer(st, app))
                            .withAuthentication(new FunctionsDeploymentStorageAuthentication()
                                    .withType(AuthenticationType.STORAGE_ACCOUNT_CONNECTION_STRING)
                                    .withStorageAccountConnectionStringName("AzureWebJobsStorage"))))
                    .withRuntime(new FunctionsRuntime().withName(RuntimeName.JAVA).withVersion(javaVersion(unit)))
                    .withScaleAndConcurrency(new FunctionsScaleAndConcurrency().withAlwaysReady(alwaysReady(unit))
                            .withInstanceMemoryMB(instanceMemory(unit))));
        } else {
            // Flex refuses ftpsState and linuxFxVersion (its runtime is functionAppConfig.runtime): other plans only
            config.withFtpsState(FtpsState.DISABLED).withLinuxFxVersion(linuxFxVersion(unit));
            if (plan == HostingPlan.PREMIUM && minInstances > 0) {
                config.withMinimumElasticInstanceCount(minInstances).withPreWarmedInstanceCount(minInstances);
            }
        }
        return site.withSiteConfig(config);
    }

    /** Each Flex app gets its own deployment container, as Azure's tools create it. */
    private static String flexContainer(Storage st, String app) {
        String name = ("app-package-" + app.toLowerCase(Locale.ROOT));
        name = name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
        BlobContainerClient container = st.container().getServiceClient().getBlobContainerClient(name);
        container.createIfNotExists();
        return container.getBlobContainerUrl();
    }

    /**
     * The app settings Faasport owns: runtime, storage, package, host ID, the functions' environment, and the list of
     * those keys. Flex Consumption refuses FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION (its runtime is in
     * functionAppConfig) and runs no WEBSITE_RUN_FROM_PACKAGE.
     */
    private Map<String, String> desiredSettings(DeployUnit unit, String app, Map<String, String> environment, Storage st,
                                                String packageUrl, HostingPlan plan) {
        Map<String, String> m = new TreeMap<>(environment);
        m.put("AzureWebJobsStorage", st.connectionString());
        if (plan != HostingPlan.FLEX) {
            m.put("FUNCTIONS_WORKER_RUNTIME", "java");
            m.put("FUNCTIONS_EXTENSION_VERSION", "~4");
            m.put(RUN_FROM_PACKAGE, packageUrl);
        }
        String hostId = hostId(app);
        if (hostId != null) {
            m.put(HOST_ID, hostId);
        }
        m.put("FAASPORT_SET", s.setName());
        m.put("FAASPORT_UNIT", unit.name());
        m.put(MANAGED_KEYS, String.join(",", new TreeMap<>(m).keySet()) + "," + MANAGED_KEYS);
        return m;
    }

    /** Keeps settings Azure or the user added, drops the ones Faasport set last time and no longer wants. */
    static Map<String, String> merge(Map<String, String> current, Map<String, String> desired) {
        Map<String, String> merged = new TreeMap<>(current);
        for (String k : splitTag(current.get(MANAGED_KEYS))) {
            merged.remove(k);
        }
        merged.putAll(desired);
        return merged;
    }

    /**
     * Apps of one set share a storage account, and the host ID is the app name cut to 32 characters: apps whose names
     * agree that far would collide (Microsoft Learn, "Storage considerations for Azure Functions", host ID
     * considerations). A longer name gets an explicit ID: its first 23 characters and 8 hex of its SHA-256.
     *
     * @return the host ID to set, or null when the app name itself is short enough to be one
     */
    static String hostId(String app) {
        String name = app.toLowerCase(Locale.ROOT);
        if (name.length() <= HOST_ID_LENGTH) {
            return null;
        }
        return name.substring(0, 23).replaceAll("-+$", "") + "-" + AzureSettings.shortHash(name, 8);
    }

    /** The principal of the app's system-assigned identity, or null when it has none. */
    private static String principal(SiteInner site) {
        ManagedServiceIdentity id = site.identity();
        return id == null || id.type() == null || !id.type().toString().contains("SystemAssigned") ? null : id.principalId();
    }

    /** Turns on the app's system-assigned identity when it has none (the identity Key Vault references read with). */
    private SiteInner withIdentity(SiteInner site) {
        if (principal(site) != null) {
            return site;
        }
        log.info("Turning on the system-assigned identity of " + site.name() + " (it reads the referenced secrets)");
        ManagedServiceIdentityType type = site.identity() != null && site.identity().type() == ManagedServiceIdentityType.USER_ASSIGNED
                ? ManagedServiceIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED : ManagedServiceIdentityType.SYSTEM_ASSIGNED;
        return c.webApps.update(s.resourceGroup(), site.name(), new SitePatchResourceInner()
                .withIdentity(new ManagedServiceIdentity().withType(type)));
    }

    /**
     * App settings are per app: two functions of one unit must agree on every variable they share, and a variable is
     * a value or a secret reference in all of them.
     */
    private static Map<String, String> environment(DeployUnit unit) throws ProviderException {
        Map<String, String> env = new TreeMap<>();
        Map<String, String> owner = new TreeMap<>();
        Map<String, String> references = KeyVaultSecrets.references(unit);
        for (FunctionSpec f : unit.functions()) {
            Map<String, String> all = new TreeMap<>(f.environment());
            f.secrets().forEach((variable, secret) -> all.put(variable, FunctionSpec.SECRET_PREFIX + secret));
            for (Map.Entry<String, String> e : all.entrySet()) {
                String reserved = RESERVED_SETTINGS.stream().filter(e.getKey()::equalsIgnoreCase).findFirst().orElse(null);
                if (reserved != null) {
                    throw ProviderException.permanent("Function '" + f.name() + "' sets environment variable " + e.getKey()
                                    + ", which is the app setting " + reserved + " that Faasport sets itself on Azure",
                            "rename the variable (Azure app settings are one namespace per app; Faasport owns "
                                    + String.join(", ", RESERVED_SETTINGS) + ")");
                }
                if (f.secrets().containsKey(e.getKey())) {
                    owner.putIfAbsent(e.getKey(), f.name());
                    continue;
                }
                if (references.containsKey(e.getKey())) {
                    throw ProviderException.permanent("Function '" + f.name() + "' sets environment variable " + e.getKey()
                                    + ", which another function of app unit '" + unit.name() + "' references as secret '"
                                    + references.get(e.getKey()) + "'",
                            "use the reference secret:" + references.get(e.getKey()) + " in both, or deploy them to different apps"
                                    + " (Azure app settings are per app)");
                }
                String prev = env.putIfAbsent(e.getKey(), e.getValue());
                if (prev != null && !prev.equals(e.getValue())) {
                    throw ProviderException.permanent("Functions '" + owner.get(e.getKey()) + "' and '" + f.name()
                                    + "' of app unit '" + unit.name() + "' set environment variable " + e.getKey() + " differently",
                            "give both the same value, or deploy them to different apps (Azure app settings are per app)");
                }
                owner.putIfAbsent(e.getKey(), f.name());
            }
        }
        return env;
    }

    private Map<String, String> tags(DeployUnit unit, String app, Artifact artifact, HostingPlan plan) {
        Map<String, String> t = new TreeMap<>();
        t.put(TAG_SET, s.setName());
        t.put(TAG_UNIT, unit.name());
        t.put(TAG_PLAN, plan.id());
        t.put(TAG_SHA, artifact.sha256());
        if (unit.configHash() != null) {
            t.put(TAG_CONFIG, unit.configHash());
        }
        String http = String.join(",", unit.functions().stream().filter(f -> f.trigger() instanceof Trigger.Http)
                .map(FunctionSpec::name).toList());
        if (!http.isEmpty() && http.length() <= MAX_TAG_VALUE) {
            t.put(TAG_HTTP, http);
        }
        return t;
    }

    // ---------------------------------------------------------------- delete

    @Override
    public void delete(DeployedUnit unit) throws ProviderException {
        String app = unit.attributes().getOrDefault("app", s.appName(unit.name()));
        String what = "Deleting function app '" + app + "'";
        try {
            SiteInner site = getSite(app);
            if (site != null) {
                checkOwned(site, app);
                if (principal(site) != null) {
                    // an assignment outlives a deleted identity ("Identity not found" in the portal): take it back first
                    secrets.grant(what, app, principal(site), List.of(), true);
                }
                log.info("Deleting function app " + app);
                try {
                    c.webApps.delete(s.resourceGroup(), app);
                } catch (RuntimeException e) {
                    if (!AzureErrors.isNotFound(e)) {
                        throw e;
                    }
                }
            }
            AppServicePlanInner plan = orNull(() -> c.plans.getByResourceGroup(s.resourceGroup(), planName(app)));
            if (plan != null && plan.tags() != null && s.setName().equals(plan.tags().get(TAG_SET))) {
                log.info("Deleting plan " + planName(app));
                try {
                    c.plans.delete(s.resourceGroup(), planName(app));
                } catch (RuntimeException e) {
                    if (!AzureErrors.isNotFound(e)) {
                        throw e;
                    }
                }
            }
            Storage st = existingStorage();
            if (st != null) {
                events.deleteAll(st.account(), app);
                for (BlobItem b : st.container().listBlobs(new ListBlobsOptions().setPrefix(app + "/"), null)) {
                    st.container().getBlobClient(b.getName()).deleteIfExists();
                }
            }
            unit.endpoints().keySet().forEach(targets::remove);
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureErrors.map(what, e);
        }
    }

    /** The set's storage if it exists; delete never creates infrastructure. */
    private Storage existingStorage() throws ProviderException {
        if (storage != null) {
            return storage;
        }
        try {
            if (!c.resourceGroups.checkExistence(s.resourceGroup())
                    || orNull(() -> c.storageAccounts.getByResourceGroup(s.resourceGroup(), s.storageAccount())) == null) {
                return null;
            }
        } catch (RuntimeException e) {
            throw AzureErrors.map("Reading storage account '" + s.storageAccount() + "'", e);
        }
        return ensureInfrastructure();
    }

    // ---------------------------------------------------------------- invoke, logs, doctor

    @Override
    public InvocationResult invoke(String function, Invocation invocation) throws ProviderException {
        FunctionTarget t = targets.get(function);
        if (t == null) {
            list();
            t = targets.get(function);
        }
        if (t == null) {
            throw ProviderException.permanent("Function '" + function + "' is not deployed in set '" + s.setName() + "' on Azure",
                    "run faas:deploy -Dfaas.provider=azure first, or check the function name with faas:info");
        }
        String what = "Invoking function '" + function + "' in app '" + t.app() + "'";
        try {
            java.net.http.HttpRequest.Builder rb;
            if (t.http()) {
                String path = invocation.path().equals("/") ? "" : invocation.path();
                rb = java.net.http.HttpRequest.newBuilder(URI.create(t.url() + path))
                        .method(invocation.method(), java.net.http.HttpRequest.BodyPublishers.ofByteArray(invocation.body()));
                invocation.headers().forEach((k, v) -> {
                    if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) {
                        rb.header(k, v);
                    }
                });
                if (!"anonymous".equalsIgnoreCase(t.authLevel())) {
                    String key = functionKey(t.app(), function);
                    if (key != null) {
                        rb.header("x-functions-key", key);
                    }
                }
            } else {
                // non-HTTP functions run through the host's admin endpoint with the master key
                HostKeysInner keys = c.webApps.listHostKeys(s.resourceGroup(), t.app());
                String base = t.url() != null ? t.url().replaceAll("/api/.*$", "") : hostBase(getSite(t.app()));
                String input = new String(invocation.body(), StandardCharsets.UTF_8);
                rb = java.net.http.HttpRequest.newBuilder(URI.create(base + "/admin/functions/" + function))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(BinaryData.fromObject(Map.of("input", input)).toString()))
                        .header("content-type", "application/json").header("x-functions-key", keys.masterKey());
            }
            java.net.http.HttpResponse<byte[]> r = http.send(rb.timeout(Duration.ofSeconds(240)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            r.headers().map().forEach((k, v) -> headers.put(k, String.join(",", v)));
            return new InvocationResult(r.statusCode(), headers, r.body(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.transientFailure(what + " was interrupted", null, e);
        } catch (IOException | RuntimeException e) {
            throw AzureErrors.map(what, e);
        }
    }

    /** The function's default key, else the host's default function key; null when the app has none (anonymous). */
    private String functionKey(String app, String function) {
        try {
            StringDictionaryInner keys = c.webApps.listFunctionKeys(s.resourceGroup(), app, function);
            if (keys != null && keys.properties() != null && keys.properties().get("default") != null) {
                return keys.properties().get("default");
            }
        } catch (RuntimeException e) {
            if (!AzureErrors.isNotFound(e)) {
                throw e;
            }
        }
        HostKeysInner host = c.webApps.listHostKeys(s.resourceGroup(), app);
        return host.functionKeys() != null && host.functionKeys().get("default") != null ? host.functionKeys().get("default")
                : host.masterKey();
    }

    @Override
    public List<String> logs(String function, int maxLines) throws ProviderException {
        if (s.emulator() && s.scmHost() == null) {
            throw ProviderException.permanent("Log streaming is not available against the ARM emulator at " + s.endpoint()
                    + " (no azure.scmHost)", AzureSuggestions.EMULATOR_LOGS);
        }
        FunctionTarget t = targets.get(function);
        if (t == null) {
            list();
            t = targets.get(function);
        }
        if (t == null) {
            throw ProviderException.permanent("Function '" + function + "' is not deployed in set '" + s.setName() + "' on Azure",
                    "run faas:deploy -Dfaas.provider=azure first");
        }
        String app = t.app();
        try {
            String scm = scmBase(getSite(app));
            if (scm == null) {
                throw ProviderException.permanent("App '" + app + "' has no Kudu (SCM) site to stream logs from (Linux Consumption has none)",
                        AzureSuggestions.EMULATOR_LOGS);
            }
            return readStream(URI.create(scm + "/api/logstream/application/functions/function/" + function), maxLines, s.logWindow());
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureErrors.map("Reading the log stream of app '" + app + "'", e);
        }
    }

    /** @return the app's Kudu base URL, or null when it has none */
    private String scmBase(SiteInner site) {
        if (site == null) {
            return null;
        }
        if (s.scmHost() != null) {
            return s.scmHost().replace("{app}", site.name());
        }
        return site.enabledHostNames() == null ? null : site.enabledHostNames().stream().filter(h -> h.contains(".scm."))
                .findFirst().map(h -> "https://" + h).orElse(null);
    }

    /** Flex Consumption takes code through Kudu's one-deploy endpoint, which stores it in the app's deployment container. */
    private void oneDeploy(SiteInner site, Artifact artifact) throws ProviderException {
        String scm = scmBase(site);
        if (scm == null) {
            throw ProviderException.permanent("App '" + site.name() + "' has no Kudu (SCM) site to deploy its package to",
                    "check that the Flex Consumption app was created, or set azure.scmHost for an emulator");
        }
        String what = "Deploying the package of Flex Consumption app '" + site.name() + "'";
        try {
            log.info("Publishing " + artifact.path().getFileName() + " to " + site.name() + " (one deploy)");
            java.net.http.HttpResponse<String> r = http.send(
                    java.net.http.HttpRequest.newBuilder(URI.create(scm + "/api/publish?type=zip&RemoteBuild=false"))
                            .header("Authorization", "Bearer " + c.bearerToken()).header("Content-Type", "application/zip")
                            .timeout(Duration.ofMinutes(10))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(artifact.path())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw AzureErrors.fromStatus(what, r.statusCode(), null, r.body(), null, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.transientFailure(what + " was interrupted", null, e);
        } catch (IOException | RuntimeException e) {
            throw AzureErrors.map(what, e);
        }
    }

    /** The log stream never ends: read what arrives within the window and keep the last lines. */
    private List<String> readStream(URI uri, int maxLines, Duration window) throws ProviderException {
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "faasport-azure-logstream");
            th.setDaemon(true);
            return th;
        });
        Deque<String> lines = new ArrayDeque<>();
        InputStream[] stream = new InputStream[1];
        try {
            java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + c.bearerToken()).GET().build();
            Future<?> f = reader.submit(() -> {
                java.net.http.HttpResponse<InputStream> r = http.send(req, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    throw new IOException("log stream answered HTTP " + r.statusCode());
                }
                stream[0] = r.body();
                try (BufferedReader br = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = br.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.addLast(line);
                            while (lines.size() > Math.max(1, maxLines)) {
                                lines.removeFirst();
                            }
                        }
                    }
                }
                return null;
            });
            try {
                f.get(window.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException expected) {
                f.cancel(true);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw AzureErrors.map("Reading log stream " + uri, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                if (stream[0] != null) {
                    stream[0].close();
                }
            } catch (IOException ignored) {
                // closing a stream we abandon
            }
            reader.shutdownNow();
        }
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public List<String> doctor() throws ProviderException {
        List<String> out = new ArrayList<>();
        out.add("identity: " + (s.emulator() ? "static test token for the emulator at " + s.endpoint() : "DefaultAzureCredential"));
        out.add("endpoint: " + c.environment.getResourceManagerEndpoint());
        Map<String, Object> sub = getJson("/subscriptions/" + s.subscription() + "?api-version=2022-12-01", "Reading subscription");
        out.add("subscription: " + s.subscription() + " (" + sub.getOrDefault("displayName", "?") + ", state "
                + sub.getOrDefault("state", "?") + ")");
        boolean rg;
        try {
            rg = c.resourceGroups.checkExistence(s.resourceGroup());
        } catch (RuntimeException e) {
            throw AzureErrors.map("Checking resource group '" + s.resourceGroup() + "'", e);
        }
        out.add("resource group: " + s.resourceGroup() + (rg ? " exists" : " does not exist yet (deploy creates it in " + s.region() + ")"));
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
        Map<String, Object> perms = getJson(scope + "/providers/Microsoft.Authorization/permissions?api-version=2022-04-01",
                "Reading your permissions on " + (rg ? "resource group '" + s.resourceGroup() + "'" : "the subscription"));
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
                : "permissions: " + missing.size() + " missing, perhaps you should " + AzureSuggestions.GRANT_ROLES);
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

    /** Every secret the units reference must exist in azure.keyVault before anything is deployed. */
    @Override
    public void verify(List<DeployUnit> units) throws ProviderException {
        secrets.verify(units);
    }

    /** Unknown (empty) while azure.keyVault is unset: a migration waits until it is set and holds the secret. */
    @Override
    public java.util.Optional<Boolean> secretExists(String secret) throws ProviderException {
        return s.keyVault() == null ? java.util.Optional.empty()
                : java.util.Optional.of(secrets.exists("Checking secret '" + secret + "'", secret));
    }

    @Override
    public void close() {
        targets.clear();
    }

    // ---------------------------------------------------------------- helpers

    private SiteInner getSite(String app) {
        return orNull(() -> c.webApps.getByResourceGroup(s.resourceGroup(), app));
    }

    private Map<String, String> appSettings(String app) {
        StringDictionaryInner d = c.webApps.listApplicationSettings(s.resourceGroup(), app);
        return d == null || d.properties() == null ? Map.of() : new TreeMap<>(d.properties());
    }

    /** Faasport never touches an app it did not create for this set. */
    private void checkOwned(SiteInner site, String app) throws ProviderException {
        String owner = site.tags() == null ? null : site.tags().get(TAG_SET);
        if (!s.setName().equals(owner)) {
            throw ProviderException.permanent("Function app '" + app + "' in resource group '" + s.resourceGroup() + "' "
                    + (owner == null ? "was not created by Faasport" : "belongs to set '" + owner + "'"),
                    AzureSuggestions.CHOOSE_APP_NAME);
        }
    }

    private static String tag(SiteInner site, String key) {
        return site.tags() == null ? null : site.tags().get(key);
    }

    static List<String> splitTag(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return List.of(v.split(","));
    }

    /** ARM names functions "app/function". */
    static String shortName(String name) {
        int i = name == null ? -1 : name.lastIndexOf('/');
        return i < 0 ? name : name.substring(i + 1);
    }

    /** @return the authLevel of the function's httpTrigger binding, "function" when unspecified, null when not HTTP */
    static String httpAuthLevel(Object config) {
        if (!(config instanceof Map<?, ?> m) || !(m.get("bindings") instanceof List<?> bindings)) {
            return null;
        }
        for (Object b : bindings) {
            if (b instanceof Map<?, ?> bm && "httpTrigger".equalsIgnoreCase(String.valueOf(bm.get("type")))) {
                Object level = bm.get("authLevel");
                return level == null ? "function" : String.valueOf(level).toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static <T> T orNull(java.util.function.Supplier<T> get) {
        try {
            return get.get();
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return null;
            }
            throw e;
        }
    }
}
