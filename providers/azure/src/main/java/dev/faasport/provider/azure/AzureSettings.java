package dev.faasport.provider.azure;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Azure provider's configuration, validated before any remote call.
 *
 * @param setName         the function set
 * @param subscription    subscription id (a GUID)
 * @param resourceGroup   resource group holding everything Faasport creates for the set
 * @param region          Azure region, e.g. westeurope
 * @param app             function app name for the set's main unit; null derives it from the unit name
 * @param plan            hosting plan
 * @param endpoint        ARM endpoint override, or null for public Azure
 * @param storageEndpoint blob endpoint override (e.g. Azurite's http://127.0.0.1:PORT/devstoreaccount1), or null
 * @param storageAccount  storage account for the apps' state and packages
 * @param retries         retries the SDK makes itself before an error reaches the core's retry loop
 * @param functionsHost   base URL of the apps' function hosts with {app} for the app name, for emulators; null means
 *                        https://{the app's default host name}
 * @param pollInterval    how often long-running operations are polled when the server sends no Retry-After
 * @param scmHost         base URL of the apps' Kudu (SCM) sites with {app}, for emulators; null means the app's
 *                        *.scm.* host name
 * @param logWindow       how long logs() listens to the log stream
 * @param planExplicit    whether azure.plan was given to the provider (it then wins over the plan a unit was packaged for)
 * @param javaVersion     Java version of units packaged without java.runtime (azure.javaVersion, default 17)
 * @param callTimeout     {@code azure.timeoutSeconds} (default 60): how long one Azure call may go without an answer
 *                        before it fails naming the endpoint; a call that timed out is not retried
 * @param keyVault        {@code azure.keyVault}: the key vault holding the secrets functions reference, as
 *                        {@code <name>} (in the set's resource group) or {@code <resource group>/<name>}; null when unset
 */
record AzureSettings(String setName, String subscription, String resourceGroup, String region, String app,
                     HostingPlan plan, URI endpoint, URI storageEndpoint, String storageAccount, int retries,
                     String functionsHost, java.time.Duration pollInterval, String scmHost, java.time.Duration logWindow,
                     boolean planExplicit, String javaVersion, java.time.Duration callTimeout, String keyVault) {

    static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,58}[A-Za-z0-9]");
    static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,127}");
    static final Pattern RESOURCE_GROUP = Pattern.compile("[-\\w._()]{0,89}[-\\w_()]", Pattern.UNICODE_CHARACTER_CLASS);
    static final Pattern STORAGE_ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    static final Pattern REGION = Pattern.compile("[a-z][a-z0-9]{1,39}");
    /** Azure spells a Java runtime as its major version alone: 17, 21 */
    static final Pattern JAVA_VERSION = Pattern.compile("[1-9][0-9]?");
    /**
     * Key vault names: 3-24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, no
     * consecutive hyphens (Microsoft Learn, "Naming rules and restrictions for Azure resources", Microsoft.KeyVault
     * vaults; read 2026-12).
     */
    static final Pattern KEY_VAULT = Pattern.compile("(?!.*--)[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]");
    private static final int APP_HASH_LENGTH = 8;

    /** Reads and validates the {@code azure.*} properties. */
    static AzureSettings from(ProviderConfig config) throws ProviderException {
        String set = config.setName();
        if (set == null || set.isBlank()) {
            throw ProviderException.permanent("Azure provider opened without a function set name",
                    "set <setName> in the faasport configuration");
        }
        String subscription = config.property("azure.subscription").orElse(null);
        if (subscription == null) {
            throw ProviderException.permanent("Property azure.subscription is not set", AzureSuggestions.SET_SUBSCRIPTION);
        }
        if (!GUID.matcher(subscription).matches()) {
            throw ProviderException.permanent("Property azure.subscription '" + subscription + "' is not a subscription id (a GUID)",
                    AzureSuggestions.SET_SUBSCRIPTION);
        }
        String rg = config.property("azure.resourceGroup").orElse("faasport-" + sanitize(set));
        if (!RESOURCE_GROUP.matcher(rg).matches()) {
            throw ProviderException.permanent("Property azure.resourceGroup '" + rg + "' is not a valid resource group name",
                    "use 1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'");
        }
        String region = config.property("azure.region").orElse("westeurope").toLowerCase(Locale.ROOT).replace(" ", "");
        if (!REGION.matcher(region).matches()) {
            throw ProviderException.permanent("Property azure.region '" + region + "' is not an Azure region name",
                    "use a region name such as westeurope or eastus2");
        }
        String app = config.property("azure.app").orElse(null);
        if (app != null) {
            checkAppName(app, "azure.app");
        }
        String planValue = config.property("azure.plan").orElse("consumption");
        HostingPlan plan = HostingPlan.parse(planValue);
        if (plan == null) {
            throw ProviderException.permanent("Property azure.plan '" + planValue + "' is not a supported hosting plan",
                    "set azure.plan to consumption, flex or premium");
        }
        URI endpoint = uri(config, "azure.endpoint");
        if (endpoint != null && "http".equals(endpoint.getScheme()) && !isLoopback(endpoint)) {
            throw ProviderException.permanent("Property azure.endpoint '" + endpoint + "' uses plain http on a remote host",
                    "use https; plain http is only accepted for an emulator on 127.0.0.1 or localhost");
        }
        URI storageEndpoint = uri(config, "azure.storageEndpoint");
        String account = config.property("azure.storageAccount").orElse(defaultStorageAccount(subscription, rg, set));
        if (!STORAGE_ACCOUNT.matcher(account).matches()) {
            throw ProviderException.permanent("Property azure.storageAccount '" + account + "' is not a valid storage account name",
                    AzureSuggestions.CHOOSE_STORAGE_ACCOUNT);
        }
        int retries;
        try {
            retries = Integer.parseInt(config.property("azure.retries").orElse("2"));
        } catch (NumberFormatException e) {
            retries = -1;
        }
        if (retries < 0 || retries > 10) {
            throw ProviderException.permanent("Property azure.retries '" + config.property("azure.retries").orElse("")
                    + "' is not a number from 0 to 10", "set azure.retries to 0..10 (default 2)");
        }
        String functionsHost = config.property("azure.functionsHost").orElse(null);
        if (functionsHost != null && !functionsHost.matches("https?://.+")) {
            throw ProviderException.permanent("Property azure.functionsHost '" + functionsHost + "' is not an http(s) URL",
                    "set azure.functionsHost to a URL template such as http://127.0.0.1:PORT/sites/{app}, or leave it unset");
        }
        long pollMs;
        try {
            pollMs = Long.parseLong(config.property("azure.pollIntervalMs").orElse("30000"));
        } catch (NumberFormatException e) {
            pollMs = -1;
        }
        if (pollMs < 1 || pollMs > 600_000) {
            throw ProviderException.permanent("Property azure.pollIntervalMs '" + config.property("azure.pollIntervalMs").orElse("")
                    + "' is not a number of milliseconds from 1 to 600000", "set azure.pollIntervalMs to e.g. 30000 (the default)");
        }
        String scmHost = config.property("azure.scmHost").orElse(null);
        if (scmHost != null && !scmHost.matches("https?://.+")) {
            throw ProviderException.permanent("Property azure.scmHost '" + scmHost + "' is not an http(s) URL",
                    "set azure.scmHost to a URL template such as http://127.0.0.1:PORT/scm/{app}, or leave it unset");
        }
        long logMs;
        try {
            logMs = Long.parseLong(config.property("azure.logWindowMs").orElse("5000"));
        } catch (NumberFormatException e) {
            logMs = -1;
        }
        if (logMs < 1 || logMs > 120_000) {
            throw ProviderException.permanent("Property azure.logWindowMs '" + config.property("azure.logWindowMs").orElse("")
                    + "' is not a number of milliseconds from 1 to 120000", "set azure.logWindowMs to e.g. 5000 (the default)");
        }
        long timeout;
        try {
            timeout = Long.parseLong(config.property("azure.timeoutSeconds").orElse("60").trim());
        } catch (NumberFormatException e) {
            timeout = -1;
        }
        if (timeout < 1 || timeout > 3600) {
            throw ProviderException.permanent("Property azure.timeoutSeconds '" + config.property("azure.timeoutSeconds")
                    .orElse("") + "' is not a number of seconds from 1 to 3600", "set azure.timeoutSeconds to e.g. 60 (the default)");
        }
        String javaVersion = config.property("azure.javaVersion").orElse("17").trim();
        if (!JAVA_VERSION.matcher(javaVersion).matches()) {
            throw ProviderException.permanent("Property azure.javaVersion '" + javaVersion + "' is not a Java version as Azure spells it",
                    "set azure.javaVersion to the major version alone, e.g. 17 or 21");
        }
        String keyVault = config.property("azure.keyVault").map(String::trim).orElse(null);
        if (keyVault != null) {
            int slash = keyVault.lastIndexOf('/');
            String group = slash < 0 ? rg : keyVault.substring(0, slash);
            if (!KEY_VAULT.matcher(keyVault.substring(slash + 1)).matches() || !RESOURCE_GROUP.matcher(group).matches()) {
                throw ProviderException.permanent("Property azure.keyVault '" + keyVault + "' is not a key vault name",
                        "set azure.keyVault to the vault's name (3-24 letters, digits and single hyphens, starting with a"
                                + " letter), as <resource group>/<name> when it is not in resource group " + rg);
            }
        }
        return new AzureSettings(set, subscription.toLowerCase(Locale.ROOT), rg, region, app, plan, endpoint,
                storageEndpoint, account, retries, functionsHost == null ? null : functionsHost.replaceAll("/+$", ""),
                java.time.Duration.ofMillis(pollMs), scmHost == null ? null : scmHost.replaceAll("/+$", ""),
                java.time.Duration.ofMillis(logMs), config.property("azure.plan").isPresent(), javaVersion,
                java.time.Duration.ofSeconds(timeout), keyVault);
    }

    /** @return the key vault's name, or null when azure.keyVault is unset */
    String keyVaultName() {
        return keyVault == null ? null : keyVault.substring(keyVault.lastIndexOf('/') + 1);
    }

    /** @return the key vault's resource ID (its group: the one azure.keyVault names, else the set's) */
    String keyVaultId() {
        int slash = keyVault.lastIndexOf('/');
        return "/subscriptions/" + subscription + "/resourceGroups/" + (slash < 0 ? resourceGroup : keyVault.substring(0, slash))
                + "/providers/Microsoft.KeyVault/vaults/" + keyVaultName();
    }

    /** @return whether the ARM endpoint is a local emulator reached over plain http (test-only static token) */
    boolean emulator() {
        return endpoint != null && "http".equals(endpoint.getScheme());
    }

    /**
     * The function app name of a unit name: azure.app for the set's own unit (named as the set or as azure.app), the
     * name itself for a unit already named {@code <azure.app>-x} (packaging's {@code <app>-<plan>}), azure.app plus
     * the suffix for a unit named {@code <set>-x}, and {@code <azure.app>-<unit>} otherwise; without azure.app,
     * {@link #defaultAppName(String)}.
     */
    String appName(String unitName) throws ProviderException {
        String name;
        if (app == null) {
            name = defaultAppName(unitName);
        } else if (unitName.equals(setName) || unitName.equals(app)) {
            name = app;
        } else if (unitName.startsWith(app + "-")) {
            name = unitName;
        } else if (unitName.startsWith(setName + "-")) {
            name = app + "-" + sanitize(unitName.substring(setName.length() + 1));
        } else {
            name = app + "-" + sanitize(unitName);
        }
        checkAppName(name, "function app of unit '" + unitName + "'");
        return name;
    }

    /**
     * The function app of a deploy unit: without azure.app given to the provider, the app name packaging recorded in
     * the unit's azure.app setting (packaging saw the project's azure.app); otherwise {@link #appName(String)}.
     */
    String appName(DeployUnit unit) throws ProviderException {
        return appName(unit, null);
    }

    /**
     * As {@link #appName(DeployUnit)}, except that a unit whose name nobody chose keeps the app it is deployed on, so
     * apps named before the default changed are still found.
     */
    String appName(DeployUnit unit, dev.faasport.spi.DeployedUnit current) throws ProviderException {
        UnitSettings packagedAs = UnitSettings.of(unit);
        String packaged = packagedAs.app();
        boolean defaulted = packagedAs.appDefaulted();
        if (app == null && packaged != null && !packaged.isBlank() && !defaulted) {
            checkAppName(packaged.trim(), "azure.app of unit '" + unit.name() + "' as packaged");
            return packaged.trim();
        }
        if (app == null && current != null && current.attributes().get("app") != null) {
            return current.attributes().get("app");
        }
        return appName(unit.name());
    }

    /**
     * App names are global ({@code <app>.azurewebsites.net}), so a name nobody chose is the unit name made valid plus
     * 8 hex of the SHA-256 of subscription, resource group and set: the same on every deploy from here, and unlikely
     * to be taken by anyone else.
     */
    String defaultAppName(String unitName) {
        String base = sanitize(unitName);
        base = base.substring(0, Math.min(base.length(), 60 - APP_HASH_LENGTH - 1)).replaceAll("-+$", "");
        return (base.isEmpty() ? "fp" : base) + "-" + appHash();
    }

    /** @return the hash part of default app names for this subscription, group and set */
    String appHash() {
        return shortHash(subscription.toLowerCase(Locale.ROOT) + "/" + resourceGroup.toLowerCase(Locale.ROOT) + "/" + setName,
                APP_HASH_LENGTH);
    }

    /**
     * The hosting plan of a unit: the azure.plan option of its functions (packaging put functions of one plan into one
     * unit), else azure.plan given to the provider, else the plan the unit was packaged for, else consumption.
     */
    HostingPlan plan(DeployUnit unit) throws ProviderException {
        String chosen = null;
        String by = null;
        for (FunctionSpec f : unit.functions()) {
            String own = UnitSettings.plan(f);
            if (own == null || own.isBlank()) {
                continue;
            }
            if (chosen != null && HostingPlan.parse(own) != HostingPlan.parse(chosen)) {
                throw ProviderException.permanent("Functions '" + by + "' and '" + f.name() + "' of app unit '" + unit.name()
                        + "' ask for different hosting plans (" + chosen + ", " + own + ")",
                        "package the set again with faas:package, which puts functions of each plan into their own app");
            }
            chosen = own;
            by = f.name();
        }
        String what = by != null ? "option azure.plan of function '" + by + "'" : null;
        if (chosen == null && planExplicit) {
            return plan;
        }
        if (chosen == null) {
            chosen = UnitSettings.of(unit).plan();
            what = "setting azure.plan of unit '" + unit.name() + "'";
        }
        if (chosen == null || chosen.isBlank()) {
            return plan;
        }
        HostingPlan p = HostingPlan.parse(chosen);
        if (p == null) {
            throw ProviderException.permanent("The " + what + " is '" + chosen + "', which Faasport cannot create on Azure",
                    "set azure.plan to consumption, flex or premium");
        }
        return p;
    }

    static void checkAppName(String name, String what) throws ProviderException {
        if (!APP_NAME.matcher(name).matches()) {
            throw ProviderException.permanent("Function app name '" + name + "' (" + what + ") is not valid",
                    "use 2-60 letters, digits or hyphens, not starting or ending with a hyphen, e.g. -Dfaas.azure.app=my-app");
        }
    }

    static void checkFunctionName(String name) throws ProviderException {
        if (!FUNCTION_NAME.matcher(name).matches() || name.equalsIgnoreCase("host")) {
            throw ProviderException.permanent("Function name '" + name + "' is not valid on Azure Functions",
                    "rename function '" + name + "' to start with a letter and hold at most 128 letters, digits, '_' or '-' "
                            + "(and not be 'host')");
        }
        // the app zip's lib folder holds the dependency jars the Java worker loads: a function there would share it
        if (name.equalsIgnoreCase("lib")) {
            throw ProviderException.permanent("Function name '" + name + "' is the app's dependency folder (lib) on Azure Functions",
                    "rename function '" + name + "'");
        }
    }

    /** Lower case, letters, digits and hyphens, trimmed to 60: the shape every Azure resource name here accepts. */
    static String sanitize(String s) {
        String r = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-");
        r = r.replaceAll("^-+", "");
        if (r.length() > 60) {
            r = r.substring(0, 60);
        }
        return r.replaceAll("-+$", "");
    }

    /** A storage account name that is stable for (subscription, group, set) and unlikely to be taken elsewhere. */
    static String defaultStorageAccount(String subscription, String rg, String set) {
        return "fp" + shortHash(subscription.toLowerCase(Locale.ROOT) + "/" + rg.toLowerCase(Locale.ROOT) + "/" + set, 22);
    }

    /** @return the first {@code length} hex digits of the SHA-256 of the text */
    static String shortHash(String text, int length) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(ProviderConfig config, String key) throws ProviderException {
        String v = config.property(key).orElse(null);
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
            if (u.getScheme() == null || u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return u;
        } catch (Exception e) {
            throw ProviderException.permanent("Property " + key + " '" + v + "' is not an http(s) URL",
                    "set " + key + " to a URL such as https://management.azure.com or http://127.0.0.1:PORT");
        }
    }

    private static boolean isLoopback(URI u) {
        return u.getHost().equals("127.0.0.1") || u.getHost().equals("localhost") || u.getHost().equals("[::1]");
    }
}
