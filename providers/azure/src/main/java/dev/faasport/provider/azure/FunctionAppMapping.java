package dev.faasport.provider.azure;

import com.azure.resourcemanager.appservice.fluent.models.AppServicePlanInner;
import com.azure.resourcemanager.appservice.fluent.models.SiteConfigInner;
import com.azure.resourcemanager.appservice.fluent.models.SiteConfigResourceInner;
import com.azure.resourcemanager.appservice.fluent.models.SiteInner;
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
import dev.faasport.limits.Limit;
import dev.faasport.limits.LimitTable;
import dev.faasport.packaging.ConfigHash;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ResourceTags;
import dev.faasport.spi.Trigger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The neutral model as a function app, without I/O: a deploy unit in; the app's settings, tags, site, plan, site
 * configuration and Flex scaling out. {@link AzureSession} and the classes of each remote step send what this builds.
 */
final class FunctionAppMapping {
    static final String TAG_SET = ResourceTags.SET;
    static final String TAG_UNIT = ResourceTags.FUNCTION;
    static final String TAG_SHA = ResourceTags.CODE_SHA256;
    static final String TAG_CONFIG = ResourceTags.CONFIG_HASH;
    static final String TAG_HTTP = ResourceTags.PREFIX + "http-functions";
    static final String TAG_PLAN = ResourceTags.PREFIX + "plan";
    /** The functions' environment travels in the package (one app's settings are shared): its hash, for the plan. */
    static final String TAG_ENVIRONMENT = ResourceTags.PREFIX + "environment-sha256";
    static final String RUN_FROM_PACKAGE = "WEBSITE_RUN_FROM_PACKAGE";
    static final String MANAGED_KEYS = "FAASPORT_SETTINGS";
    static final String HOST_ID = "AzureFunctionsWebHost__hostid";
    /** App settings Faasport writes itself: a function's environment may not name them (app settings are one namespace). */
    static final List<String> RESERVED_SETTINGS = List.of("FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION",
            "AzureWebJobsStorage", RUN_FROM_PACKAGE, "FAASPORT_SET", "FAASPORT_UNIT", MANAGED_KEYS, HOST_ID);
    /** The host ID is the app name cut to this many characters unless set (Microsoft Learn, host ID considerations). */
    static final int HOST_ID_LENGTH = 32;
    /** Elastic Premium plans Faasport creates scale out to this many workers. */
    static final int PREMIUM_MAX_WORKERS = 20;
    private static final int MAX_TAG_VALUE = 256;
    /** Flex Consumption's instance sizes, from the limit table (one size per app). */
    private static final Limit FLEX_INSTANCE_MEMORY = LimitTable.load("azure").find("instance.memory.mb", HostingPlan.FLEX.id(), null)
            .orElseThrow(() -> new IllegalStateException("the azure limit table has no instance.memory.mb for flex"));

    private final AzureSettings s;

    FunctionAppMapping(AzureSettings settings) {
        this.s = settings;
    }

    // ---------------------------------------------------------------- app settings

    /**
     * App settings are per app: two functions of one unit must agree on every variable they share, and a variable is
     * a value or a secret reference in all of them.
     *
     * @return the unit's plain variables (secret references are added by the caller once resolved)
     */
    static Map<String, String> environment(DeployUnit unit) throws ProviderException {
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

    /**
     * The app settings Faasport owns: runtime, storage, package, host ID, the functions' environment, and the list of
     * those keys. Flex Consumption refuses FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION (its runtime is in
     * functionAppConfig) and runs no WEBSITE_RUN_FROM_PACKAGE.
     */
    Map<String, String> appSettings(DeployUnit unit, String app, Map<String, String> environment, String storageConnection,
                                    String packageUrl, HostingPlan plan) {
        Map<String, String> m = new TreeMap<>(environment);
        m.put("AzureWebJobsStorage", storageConnection);
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

    // ---------------------------------------------------------------- tags

    /**
     * Faasport's tags of the app: set, unit, plan, code, configuration and environment hashes, and the HTTP functions
     * when they fit.
     */
    Map<String, String> tags(DeployUnit unit, Artifact artifact, HostingPlan plan) {
        Map<String, String> t = new TreeMap<>();
        t.put(TAG_SET, s.setName());
        t.put(TAG_UNIT, unit.name());
        t.put(TAG_PLAN, plan.id());
        t.put(TAG_SHA, artifact.sha256());
        if (unit.configHash() != null) {
            t.put(TAG_CONFIG, unit.configHash());
        }
        t.put(TAG_ENVIRONMENT, ConfigHash.environment(unit.functions()));
        String http = String.join(",", httpFunctions(unit));
        if (!http.isEmpty() && http.length() <= MAX_TAG_VALUE) {
            t.put(TAG_HTTP, http);
        }
        return t;
    }

    static List<String> httpFunctions(DeployUnit unit) {
        return unit.functions().stream().filter(f -> f.trigger() instanceof Trigger.Http).map(FunctionSpec::name).toList();
    }

    /** @return the tags Faasport owns among an app's tags */
    static Map<String, String> ours(Map<String, String> tags) {
        Map<String, String> m = new TreeMap<>(tags == null ? Map.of() : tags);
        m.keySet().removeIf(k -> !k.startsWith(ResourceTags.PREFIX));
        return m;
    }

    /** @return the tags with Faasport's replaced by {@code ours}; other tags kept */
    static Map<String, String> retagged(Map<String, String> tags, Map<String, String> ours) {
        Map<String, String> all = new TreeMap<>(tags == null ? Map.of() : tags);
        all.keySet().removeIf(k -> k.startsWith(ResourceTags.PREFIX));
        all.putAll(ours);
        return all;
    }

    static List<String> splitTag(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return List.of(v.split(","));
    }

    // ---------------------------------------------------------------- runtime and scaling

    /** The Java version the unit runs on: what packaging selected (java.runtime), else azure.javaVersion, else 17. */
    String javaVersion(DeployUnit unit) throws ProviderException {
        String v = UnitSettings.of(unit).javaRuntime();
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

    String linuxFxVersion(DeployUnit unit) throws ProviderException {
        return "Java|" + javaVersion(unit);
    }

    /** The app's prewarmed instances: the most any of its functions asks for. */
    static int minInstances(DeployUnit unit) {
        return unit.functions().stream().mapToInt(FunctionSpec::minInstances).max().orElse(0);
    }

    /** Always-ready instances per function ("function:<name>"), for those with minInstances above zero. */
    static List<FunctionsAlwaysReadyConfig> alwaysReady(DeployUnit unit) {
        List<FunctionsAlwaysReadyConfig> ready = new ArrayList<>();
        for (FunctionSpec f : unit.functions().stream().sorted(Comparator.comparing(FunctionSpec::name)).toList()) {
            if (f.minInstances() > 0) {
                ready.add(new FunctionsAlwaysReadyConfig().withName("function:" + f.name()).withInstanceCount(f.minInstances()));
            }
        }
        return ready;
    }

    /** @return always-ready instance counts by name, those above zero only */
    static Map<String, Integer> alwaysReadyCounts(List<FunctionsAlwaysReadyConfig> ready) {
        Map<String, Integer> counts = new TreeMap<>();
        if (ready != null) {
            for (FunctionsAlwaysReadyConfig r : ready) {
                if (r.instanceCount() != null && r.instanceCount() > 0) {
                    counts.put(r.name(), r.instanceCount());
                }
            }
        }
        return counts;
    }

    /**
     * Flex instance memory is per app and one of the sizes the limit table lists: the smallest that fits the largest
     * function, the largest size when none does (faas:check reports that function first).
     */
    static int instanceMemory(DeployUnit unit) {
        int memory = unit.functions().stream().mapToInt(FunctionSpec::memoryMb).max().orElse(0);
        List<Integer> sizes = FLEX_INSTANCE_MEMORY.values().stream().map(Integer::parseInt).sorted().toList();
        return sizes.stream().filter(size -> size >= memory).findFirst().orElse(sizes.get(sizes.size() - 1));
    }

    /**
     * Consumption and Premium hold the Java version in the site config (linuxFxVersion), Premium also minInstances as
     * prewarmed / minimum elastic instances.
     *
     * @return the patch that brings the config to the unit, or null when it already matches
     */
    SiteConfigResourceInner webConfigPatch(SiteConfigResourceInner config, DeployUnit unit, HostingPlan plan) throws ProviderException {
        SiteConfigResourceInner patch = new SiteConfigResourceInner();
        boolean changed = false;
        String fx = linuxFxVersion(unit);
        if (!fx.equalsIgnoreCase(String.valueOf(config.linuxFxVersion()))) {
            patch.withLinuxFxVersion(fx);
            changed = true;
        }
        if (plan == HostingPlan.PREMIUM) {
            int wanted = minInstances(unit);
            int prewarmed = config.preWarmedInstanceCount() == null ? 0 : config.preWarmedInstanceCount();
            int minimum = config.minimumElasticInstanceCount() == null ? 0 : config.minimumElasticInstanceCount();
            if (prewarmed != wanted || minimum != wanted) {
                patch.withPreWarmedInstanceCount(wanted).withMinimumElasticInstanceCount(wanted);
                changed = true;
            }
        }
        return changed ? patch : null;
    }

    /**
     * Flex Consumption holds the runtime, always-ready instances and instance memory in the site's functionAppConfig.
     *
     * @return the app's config with the unit's values (the current object, updated), or null when they already match
     */
    FunctionAppConfig flexConfig(FunctionAppConfig current, DeployUnit unit) throws ProviderException {
        String version = javaVersion(unit);
        boolean sameRuntime = current != null && current.runtime() != null && version.equals(current.runtime().version());
        FunctionsScaleAndConcurrency scale = current == null ? null : current.scaleAndConcurrency();
        Map<String, Integer> have = alwaysReadyCounts(scale == null ? null : scale.alwaysReady());
        Map<String, Integer> want = alwaysReadyCounts(alwaysReady(unit));
        int memory = instanceMemory(unit);
        Integer haveMemory = scale == null ? null : scale.instanceMemoryMB();
        if (sameRuntime && have.equals(want) && haveMemory != null && haveMemory == memory) {
            return null;
        }
        FunctionAppConfig updated = (current != null ? current : new FunctionAppConfig())
                .withRuntime(new FunctionsRuntime().withName(RuntimeName.JAVA).withVersion(version));
        FunctionsScaleAndConcurrency newScale = scale != null ? scale : new FunctionsScaleAndConcurrency();
        newScale.withAlwaysReady(alwaysReady(unit)).withInstanceMemoryMB(memory);
        return updated.withScaleAndConcurrency(newScale);
    }

    // ---------------------------------------------------------------- site and plan

    static String planName(String app) {
        return app + "-plan";
    }

    /** The hosting plan Faasport creates for one app. */
    AppServicePlanInner hostingPlan(DeployUnit unit, HostingPlan hosting) {
        AppServicePlanInner p = new AppServicePlanInner().withLocation(s.region())
                .withKind(hosting == HostingPlan.PREMIUM ? "elastic" : "functionapp")
                .withReserved(true)
                .withSku(new SkuDescription().withName(hosting.skuName).withTier(hosting.skuTier))
                .withTags(Map.of(TAG_SET, s.setName(), TAG_UNIT, unit.name(), TAG_PLAN, hosting.id()));
        if (hosting == HostingPlan.PREMIUM) {
            p.withMaximumElasticWorkerCount(PREMIUM_MAX_WORKERS);
        }
        return p;
    }

    /** Each Flex app gets its own deployment container, as Azure's tools create it. */
    static String flexContainerName(String app) {
        String name = "app-package-" + app.toLowerCase(Locale.ROOT);
        return name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
    }

    /**
     * A new Linux function app.
     *
     * @param flexContainerUrl the app's deployment container (Flex Consumption only; null otherwise)
     * @param identity         whether it gets a system-assigned identity (it reads Key Vault references)
     */
    SiteInner site(DeployUnit unit, HostingPlan plan, String planId, Map<String, String> settings, Map<String, String> tags,
                   String flexContainerUrl, boolean identity) throws ProviderException {
        List<NameValuePair> pairs = new ArrayList<>();
        settings.forEach((k, v) -> pairs.add(new NameValuePair().withName(k).withValue(v)));
        int minInstances = minInstances(unit);
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
                            .withValue(flexContainerUrl)
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

    /** The principal of the app's system-assigned identity, or null when it has none. */
    static String principal(SiteInner site) {
        ManagedServiceIdentity id = site.identity();
        return id == null || id.type() == null || !id.type().toString().contains("SystemAssigned") ? null : id.principalId();
    }

    /** The identity type that adds a system-assigned identity to what the app has. */
    static ManagedServiceIdentityType withSystemAssigned(ManagedServiceIdentity current) {
        return current != null && current.type() == ManagedServiceIdentityType.USER_ASSIGNED
                ? ManagedServiceIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED : ManagedServiceIdentityType.SYSTEM_ASSIGNED;
    }

    // ---------------------------------------------------------------- reading what ARM returns

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
}
