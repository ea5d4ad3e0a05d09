package dev.faasport.provider.azure;

import com.azure.resourcemanager.appservice.fluent.models.FunctionEnvelopeInner;
import com.azure.resourcemanager.appservice.fluent.models.HostKeysInner;
import com.azure.resourcemanager.appservice.fluent.models.SiteInner;
import com.azure.resourcemanager.appservice.fluent.models.SitePatchResourceInner;
import com.azure.resourcemanager.appservice.fluent.models.StringDictionaryInner;
import com.azure.resourcemanager.appservice.models.ManagedServiceIdentity;
import com.azure.resourcemanager.resources.fluent.models.TagsResourceInner;
import com.azure.resourcemanager.resources.models.Tags;
import dev.faasport.packaging.ConfigHash;
import dev.faasport.provider.azure.FunctionHosts.FunctionTarget;
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
import dev.faasport.spi.UnitUpdate;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One Azure subscription/resource group for one function set. A unit is one Linux Java function app (Java version from java.runtime); its code
 * runs from a zip in blob storage (WEBSITE_RUN_FROM_PACKAGE with a read-only SAS), so switching code is one app
 * settings update. This class holds the order of the remote steps; what they send comes from {@link FunctionAppMapping}
 * and each step lives in its own class ({@link AzureInfrastructure}, {@link AppPackages}, {@link AppScaling},
 * {@link KuduClient}, {@link FunctionHosts}, {@link KeyVaultSecrets}, {@link BlobEventSubscriptions}, {@link AzureDoctor}).
 * Thread-safe: the set-level infrastructure is ensured once under a lock; everything else is per app.
 */
final class AzureSession implements ProviderSession {
    private static final String TAG_SET = FunctionAppMapping.TAG_SET;
    private static final String TAG_UNIT = FunctionAppMapping.TAG_UNIT;
    private static final String TAG_SHA = FunctionAppMapping.TAG_SHA;
    private static final String TAG_CONFIG = FunctionAppMapping.TAG_CONFIG;
    private static final String TAG_HTTP = FunctionAppMapping.TAG_HTTP;
    private static final String TAG_PLAN = FunctionAppMapping.TAG_PLAN;
    private static final String RUN_FROM_PACKAGE = FunctionAppMapping.RUN_FROM_PACKAGE;

    private final AzureSettings s;
    private final AzureClients c;
    private final ProviderConfig.Log log;
    /** one JDK client for the data plane (function hosts, Kudu); it is thread-safe */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** function name -> where it lives, refreshed by list() */
    private final Map<String, FunctionTarget> targets = new ConcurrentHashMap<>();
    private final FunctionAppMapping mapping;
    private final AzureInfrastructure infrastructure;
    private final AppPackages packages;
    private final AppScaling scaling;
    private final KuduClient kudu;
    private final FunctionHosts hosts;
    private final BlobEventSubscriptions events;
    private final KeyVaultSecrets secrets;

    AzureSession(AzureSettings settings, AzureClients clients, ProviderConfig.Log log) {
        this.s = settings;
        this.c = clients;
        this.log = log == null ? ProviderConfig.Log.silent() : log;
        this.mapping = new FunctionAppMapping(settings);
        this.infrastructure = new AzureInfrastructure(settings, clients, mapping, this.log);
        this.packages = new AppPackages(settings, this.log);
        this.scaling = new AppScaling(settings, clients, mapping, this.log);
        this.kudu = new KuduClient(settings, clients, http, this.log);
        this.hosts = new FunctionHosts(settings, clients, http);
        this.events = new BlobEventSubscriptions(settings, clients, this.log);
        this.secrets = new KeyVaultSecrets(settings, clients, this.log);
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
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(LIST_PARALLELISM, sites.size()), r -> {
                    Thread t = new Thread(r, "faasport-azure-list");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<DeployedUnit>> futures = new ArrayList<>();
            for (SiteInner site : sites) {
                futures.add(pool.submit(() -> describe(site, null)));
            }
            List<DeployedUnit> units = new ArrayList<>();
            for (Future<DeployedUnit> f : futures) {
                units.add(f.get());
            }
            return units;
        } catch (ExecutionException e) {
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
        String base = hosts.hostBase(site);
        for (FunctionEnvelopeInner env : envelopes) {
            String fn = FunctionAppMapping.shortName(env.name());
            String auth = FunctionAppMapping.httpAuthLevel(env.config());
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
                    ? FunctionAppMapping.httpFunctions(desired)
                    : FunctionAppMapping.splitTag(tags.get(TAG_HTTP));
            for (String fn : httpNames) {
                endpoints.put(fn, base + "/api/" + fn);
                targets.putIfAbsent(fn, new FunctionTarget(app, base + "/api/" + fn, null, true));
            }
        }
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("app", app);
        attributes.put("resourceGroup", s.resourceGroup());
        attributes.put("plan", desired != null ? s.plan(desired).id() : tags.getOrDefault(TAG_PLAN, s.plan().id()));
        String environment = desired != null ? ConfigHash.environment(desired.functions()) : tags.get(FunctionAppMapping.TAG_ENVIRONMENT);
        if (environment != null) {
            attributes.put(ConfigHash.ENVIRONMENT_ATTRIBUTE, environment);
        }
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
        Map<String, String> environment = FunctionAppMapping.environment(unit);
        Map<String, String> references = KeyVaultSecrets.references(unit);
        AzureInfrastructure.Storage st = infrastructure.ensure();
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
                packageUrl = packages.upload(st, app, artifact);
            }
            Map<String, String> desired = mapping.appSettings(unit, app, environment, st.connectionString(), packageUrl, plan);
            Map<String, String> tags = mapping.tags(unit, artifact, plan);
            if (site == null) {
                String planId = infrastructure.ensurePlan(app, unit, plan);
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
                site = c.webApps.createOrUpdate(s.resourceGroup(), app, mapping.site(unit, plan, planId, initial,
                        createTags, flex ? infrastructure.flexContainer(st, app) : null, !references.isEmpty()));
                if (!references.isEmpty()) {
                    secrets.grant(what, app, FunctionAppMapping.principal(site), references.values(), false);
                    c.webApps.updateApplicationSettings(s.resourceGroup(), app, new StringDictionaryInner().withProperties(desired));
                }
                if (flex) {
                    kudu.oneDeploy(site, artifact);
                    subscribeBlobEvents(st, site, unit);
                    writeTags(site, tags);
                } else {
                    syncTriggers(app);
                }
            } else {
                if (flex) {
                    site = scaling.updateFlexConfig(site, unit);
                } else {
                    scaling.updateWebConfig(app, unit, plan);
                }
                if (flex && !sameCode) {
                    kudu.oneDeploy(site, artifact);
                }
                boolean granted = false;
                if (!references.isEmpty()) {
                    site = withIdentity(site);
                    granted = secrets.grant(what, app, FunctionAppMapping.principal(site), references.values(), false);
                }
                Map<String, String> merged = FunctionAppMapping.merge(current, desired);
                if (!merged.equals(current)) {
                    log.info("Updating app settings of " + app + (sameCode ? "" : " (new code)"));
                    c.webApps.updateApplicationSettings(s.resourceGroup(), app, new StringDictionaryInner().withProperties(merged));
                } else if (granted) {
                    // the app fetches references when it starts (or its configuration changes): one it could not read
                    // before the grant stays the literal string until then
                    log.info("Restarting " + app + " so that it reads the secrets it may read now");
                    c.webApps.restart(s.resourceGroup(), app);
                }
                if (FunctionAppMapping.principal(site) != null) {
                    // only now that the settings no longer reference them: the grants of secrets the app dropped
                    secrets.grant(what, app, FunctionAppMapping.principal(site), references.values(), true);
                }
                if (!flex && !sameCode) {
                    // until the code's hash tag is written, every rerun syncs again: a killed build cannot skip it
                    syncTriggers(app);
                }
                if (flex) {
                    subscribeBlobEvents(st, site, unit);
                }
                // tags go last: a build killed before this point leaves the old hashes, so the next plan redoes the step
                if (!FunctionAppMapping.ours(site.tags()).equals(tags)) {
                    writeTags(site, tags);
                }
            }
            return describe(site, unit);
        } catch (RuntimeException e) {
            throw AzureErrors.map(what, e);
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
    private void subscribeBlobEvents(AzureInfrastructure.Storage st, SiteInner site, DeployUnit unit) throws ProviderException {
        String app = site.name();
        events.ensure(st.account(), app, hosts.hostBase(site), unit.functions(), () -> {
            HostKeysInner keys = c.webApps.listHostKeys(s.resourceGroup(), app);
            String key = keys.systemKeys() == null ? null : keys.systemKeys().get("blobs_extension");
            if (key == null) {
                throw ProviderException.transientFailure("The host of app '" + app + "' has no blobs_extension key yet"
                        + " (it creates it when its blob trigger starts)", Duration.ofSeconds(10), null);
            }
            return key;
        });
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
        Map<String, String> all = FunctionAppMapping.retagged(site.tags(), tags);
        c.resources.getTagOperations().createOrUpdateAtScope(site.id().replaceFirst("^/+", ""),
                new TagsResourceInner().withProperties(new Tags().withTags(all)));
        site.withTags(all);
    }

    /** Turns on the app's system-assigned identity when it has none (the identity Key Vault references read with). */
    private SiteInner withIdentity(SiteInner site) {
        if (FunctionAppMapping.principal(site) != null) {
            return site;
        }
        log.info("Turning on the system-assigned identity of " + site.name() + " (it reads the referenced secrets)");
        return c.webApps.update(s.resourceGroup(), site.name(), new SitePatchResourceInner()
                .withIdentity(new ManagedServiceIdentity().withType(FunctionAppMapping.withSystemAssigned(site.identity()))));
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
                if (FunctionAppMapping.principal(site) != null) {
                    // an assignment outlives a deleted identity ("Identity not found" in the portal): take it back first
                    secrets.grant(what, app, FunctionAppMapping.principal(site), List.of(), true);
                }
                log.info("Deleting function app " + app);
                AzureErrors.ignoringNotFound(() -> c.webApps.delete(s.resourceGroup(), app));
            }
            infrastructure.deletePlan(app);
            AzureInfrastructure.Storage st = infrastructure.existing();
            if (st != null) {
                events.deleteAll(st.account(), app);
                packages.deleteAll(st, app);
            }
            unit.endpoints().keySet().forEach(targets::remove);
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureErrors.map(what, e);
        }
    }

    // ---------------------------------------------------------------- invoke, logs, doctor

    @Override
    public InvocationResult invoke(String function, Invocation invocation) throws ProviderException {
        return hosts.invoke(target(function, "run faas:deploy -Dfaas.provider=azure first, or check the function name with faas:info"),
                function, invocation);
    }

    /** Where a function lives, from the last listing or a new one. */
    private FunctionTarget target(String function, String suggestion) throws ProviderException {
        FunctionTarget t = targets.get(function);
        if (t == null) {
            list();
            t = targets.get(function);
        }
        if (t == null) {
            throw ProviderException.permanent("Function '" + function + "' is not deployed in set '" + s.setName() + "' on Azure",
                    suggestion);
        }
        return t;
    }

    @Override
    public List<String> logs(String function, int maxLines) throws ProviderException {
        if (s.emulator() && s.scmHost() == null) {
            throw ProviderException.permanent("Log streaming is not available against the ARM emulator at " + s.endpoint()
                    + " (no azure.scmHost)", AzureSuggestions.EMULATOR_LOGS);
        }
        String app = target(function, "run faas:deploy -Dfaas.provider=azure first").app();
        try {
            return kudu.functionLogs(getSite(app), app, function, maxLines);
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureErrors.map("Reading the log stream of app '" + app + "'", e);
        }
    }

    @Override
    public List<String> doctor() throws ProviderException {
        return new AzureDoctor(s, c).report();
    }

    /** Every secret the units reference must exist in azure.keyVault before anything is deployed. */
    @Override
    public void verify(List<DeployUnit> units) throws ProviderException {
        secrets.verify(units);
    }

    /** Unknown (empty) while azure.keyVault is unset: a migration waits until it is set and holds the secret. */
    @Override
    public Optional<Boolean> secretExists(String secret) throws ProviderException {
        return s.keyVault() == null ? Optional.empty()
                : Optional.of(secrets.exists("Checking secret '" + secret + "'", secret));
    }

    @Override
    public void close() {
        targets.clear();
    }

    // ---------------------------------------------------------------- helpers

    private SiteInner getSite(String app) {
        return AzureErrors.orNull(() -> c.webApps.getByResourceGroup(s.resourceGroup(), app));
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
}
