package dev.faasport.provider.azure.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.faasport.testing.Faults;
import dev.faasport.testing.QueryStrings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A test server for the parts of Azure Resource Manager the Azure provider uses (Microsoft.Resources resource groups,
 * Microsoft.Storage accounts and keys, Microsoft.Web plans, sites, app settings, functions and keys), following the
 * documented REST API closely enough that the Azure SDK accepts its answers unchanged: long-running PUTs answer 202
 * with Azure-AsyncOperation (Web) or Location (Storage) polled until done, errors are {"error":{"code","message"}},
 * throttling is 429 with Retry-After. It enforces the documented naming rules and plan limits, and also serves the
 * function apps' hosts (/sites/{app}/api/{function}, /sites/{app}/admin/functions/{function}) with key checks.
 * Faults (429, 5xx, lost responses, slow calls) are injected on a seeded random fraction of calls.
 */
public final class ArmTestServer implements AutoCloseable {
    /** Azurite's published development account key (not a secret; the emulator documents it). */
    public static final String AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    // Naming rules: Microsoft Learn, "Naming rules and restrictions for Azure resources" (Microsoft.Web sites 2-60,
    // Microsoft.Storage accounts 3-24 lower-case letters and digits, resource groups 1-90), and "Azure Functions developer
    // guide" (function names); read 2026-12
    private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,58}[A-Za-z0-9]");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,127}");
    private static final Pattern STORAGE_NAME = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern RG_NAME = Pattern.compile("[-\\w._()]{0,89}[-\\w_()]");
    private static final String SUB = "/subscriptions/([^/]+)";
    private static final String RG = SUB + "/resourcegroups/([^/]+)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean TRACE = Boolean.getBoolean("faasport.arm.trace");

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Injected faults, keyed by "METHOD path" of the management call. */
    private final Faults faults;

    // state, keyed by lower-case names (ARM names are case-insensitive)
    private final Map<String, Map<String, Object>> groups = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> accounts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> plans = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> sites = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> settings = new ConcurrentHashMap<>();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, Object>>> packageFunctions = new ConcurrentHashMap<>();
    private final Map<String, String> accountKeys = new ConcurrentHashMap<>();
    /** Event Grid subscriptions by "account/name", lower case */
    private final Map<String, Map<String, Object>> eventSubscriptions = new ConcurrentHashMap<>();
    /** Key Vault vaults and secrets, role assignments, the apps' managed identities */
    private final KeyVaultDouble keyVaults = new KeyVaultDouble();

    // fault injection and latency, adjustable while running
    private volatile Duration latency = Duration.ZERO;
    private volatile List<String> grantedActions = List.of("*");
    private volatile List<String> deniedActions = List.of();
    private volatile int retryAfterSeconds = 0;
    private volatile int lroPolls = 1;
    private volatile Duration operationDuration = Duration.ofMillis(300);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "arm-test-server-operations");
        t.setDaemon(true);
        return t;
    });

    // counters for tests and the benchmark
    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger appCreates = new AtomicInteger();
    public final AtomicInteger appUpdates = new AtomicInteger();
    public final AtomicInteger settingsUpdates = new AtomicInteger();
    public final AtomicInteger planCreates = new AtomicInteger();
    public final AtomicInteger accountCreates = new AtomicInteger();
    public final AtomicInteger groupCreates = new AtomicInteger();
    public final AtomicInteger throttled;
    public final AtomicInteger injectedErrors;
    public final AtomicInteger invocations = new AtomicInteger();
    public final AtomicInteger oneDeploys = new AtomicInteger();
    public final AtomicInteger triggerSyncs = new AtomicInteger();
    private final Map<String, byte[]> published = new ConcurrentHashMap<>();
    private final Map<String, byte[]> packageBytes = new ConcurrentHashMap<>();
    private volatile AzurePackageHost packageHost;
    private final Map<String, List<String>> appLogs = new ConcurrentHashMap<>();

    private record Operation(int[] pollsLeft, Runnable complete, boolean[] done) {
    }

    public ArmTestServer() throws IOException {
        this(42);
    }

    public ArmTestServer(long seed) throws IOException {
        faults = new Faults(seed, Duration.ofMillis(300));
        throttled = faults.throttled();
        injectedErrors = faults.failed();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * From now on the apps' hosts run the deployed package (the real Faasport Azure adapter) instead of echoing the
     * request: HTTP functions answer what they return (500 when they throw); functions called through the admin
     * endpoint run with its input and answer 202 as the host does. Needs azure-functions-java-library on the test
     * class path.
     *
     * @param workDir where the packages are unpacked
     */
    public ArmTestServer runPackages(java.nio.file.Path workDir) {
        packageHost = new AzurePackageHost(workDir);
        return this;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The template the provider's azure.scmHost property takes to reach the apps' Kudu sites on this server. */
    public String scmHost() {
        return endpoint() + "/scm/{app}";
    }

    /** The template the provider's azure.functionsHost property takes to reach the apps' hosts on this server. */
    public String functionsHost() {
        return endpoint() + "/sites/{app}";
    }

    // ------------------------------------------------------------------ configuration

    public ArmTestServer latency(Duration perCall) {
        this.latency = perCall;
        return this;
    }

    /** Faults on a fraction of management calls: 429 throttling, 500/503 errors, and success whose response is lost (500). */
    public ArmTestServer faults(double throttle, double errors, double lostResponses) {
        faults.rates(throttle, errors, lostResponses);
        return this;
    }

    /**
     * The provider properties that point the Azure provider at this server for management and at Azurite for blobs.
     *
     * @param subscription   the subscription id (the server accepts any)
     * @param storage        the Azurite that holds the packages
     * @param resourceGroup  the resource group, or null to leave it to the provider's default
     * @param pollIntervalMs how often long-running operations are polled
     * @return a modifiable map a test may add to
     */
    public Map<String, String> providerProperties(String subscription, AzuriteProcess storage, String resourceGroup,
                                                  long pollIntervalMs) {
        Map<String, String> p = new TreeMap<>();
        p.put("azure.subscription", subscription);
        p.put("azure.endpoint", endpoint());
        p.put("azure.storageEndpoint", storage.blobEndpoint());
        p.put("azure.storageAccount", AzuriteProcess.ACCOUNT);
        p.put("azure.functionsHost", functionsHost());
        if (resourceGroup != null) {
            p.put("azure.resourceGroup", resourceGroup);
        }
        p.put("azure.pollIntervalMs", Long.toString(pollIntervalMs));
        return p;
    }

    public ArmTestServer slow(double rate, Duration delay) {
        faults.slow(rate, delay);
        return this;
    }

    public ArmTestServer retryAfterSeconds(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** How many polls of a long-running operation answer InProgress before it succeeds. */
    public ArmTestServer lroPolls(int polls) {
        this.lroPolls = polls;
        return this;
    }

    /** The caller's effective permissions as the Authorization API reports them (default: Owner-like "*"). */
    public ArmTestServer permissions(List<String> actions, List<String> notActions) {
        this.grantedActions = List.copyOf(actions);
        this.deniedActions = List.copyOf(notActions);
        return this;
    }

    public ArmTestServer storageKey(String account, String key) {
        accountKeys.put(account.toLowerCase(Locale.ROOT), key);
        return this;
    }

    /** The next {@code times} calls matching answer {@code status} with error {@code code} (before doing anything). */
    public ArmTestServer failNext(String method, String pathRegex, int times, int status, String code) {
        faults.force(call(method, pathRegex), status, code, false, times);
        return this;
    }

    /** The next {@code times} matching calls are carried out, then answer {@code status}: the client never learns it worked. */
    public ArmTestServer loseNext(String method, String pathRegex, int times, int status, String code) {
        faults.force(call(method, pathRegex), status, code, true, times);
        return this;
    }

    /** Matches the key "METHOD path" of a call: the method ignoring case, the whole path by the pattern ignoring case. */
    private static Predicate<String> call(String method, String pathRegex) {
        Pattern path = Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE);
        return key -> {
            int space = key.indexOf(' ');
            return key.substring(0, space).equalsIgnoreCase(method) && path.matcher(key.substring(space + 1)).matches();
        };
    }

    public void clearFaults() {
        faults.clear();
    }

    // ------------------------------------------------------------------ inspection

    public int siteCount() {
        return sites.size();
    }

    public int planCount() {
        return plans.size();
    }

    public int accountCount() {
        return accounts.size();
    }

    public Map<String, String> siteTags(String app) {
        Map<String, Object> site = sites.get(app.toLowerCase(Locale.ROOT));
        return site == null ? null : stringMap(site.get("tags"));
    }

    /** @return the site's configuration (config/web) as the server holds it */
    public Map<String, Object> webConfig(String app) {
        Map<String, Object> site = sites.get(app.toLowerCase(Locale.ROOT));
        return site == null ? null : Map.copyOf(webConfig(site));
    }

    /** @return the site's functionAppConfig (Flex Consumption) as the server holds it, or null */
    public Map<String, Object> functionAppConfig(String app) {
        Map<String, Object> site = sites.get(app.toLowerCase(Locale.ROOT));
        Object config = site == null ? null : props(site).get("functionAppConfig");
        return config == null ? null : stringObjectMap(config);
    }

    /** @return the SKU name (Y1, FC1, EP1) of the plan the site runs on, or null */
    public String siteSku(String app) {
        return skuOf(sites.get(app.toLowerCase(Locale.ROOT)));
    }

    private String skuOf(Map<String, Object> site) {
        if (site == null) {
            return null;
        }
        String farm = String.valueOf(props(site).get("serverFarmId"));
        return plans.values().stream().filter(pl -> farm.equalsIgnoreCase((String) pl.get("id"))).findFirst()
                .map(pl -> String.valueOf(stringObjectMap(pl.get("sku")).get("name"))).orElse(null);
    }

    public Map<String, String> appSettings(String app) {
        Map<String, String> m = settings.get(app.toLowerCase(Locale.ROOT));
        return m == null ? null : Map.copyOf(m);
    }

    /** Creates a key vault; {@code rbac}: the Azure RBAC permission model (else access policies, which grant nothing here). */
    public ArmTestServer keyVault(String subscription, String resourceGroup, String name, boolean rbac) {
        keyVaults.vault(subscription, resourceGroup, name, rbac);
        return this;
    }

    /** Creates (or replaces) a secret in a vault; its value stays in this server's memory. */
    public ArmTestServer putSecret(String vault, String name, String value) {
        keyVaults.putSecret(vault, name, value);
        return this;
    }

    /** @return every role assignment: scope, principalId, roleDefinitionId, principalType, description */
    public List<Map<String, Object>> roleAssignments() {
        return keyVaults.assignments();
    }

    /** @return the principal ID of the app's system-assigned identity, or null */
    public String principalId(String app) {
        Map<String, Object> site = sites.get(app.toLowerCase(Locale.ROOT));
        return site == null ? null : (String) stringObjectMap(site.get("identity")).get("principalId");
    }

    /** Puts a site that another tool (or another set) owns, to check the provider leaves it alone. */
    public void putForeignSite(String subscription, String rg, String app, Map<String, String> tags) {
        Map<String, Object> site = siteBody(subscription, rg, app, "westeurope", tags, "/x/serverfarms/other");
        sites.put(app.toLowerCase(Locale.ROOT), site);
        settings.put(app.toLowerCase(Locale.ROOT), new ConcurrentHashMap<>());
    }

    @Override
    public void close() {
        AzurePackageHost h = packageHost;
        if (h != null) {
            try {
                h.close();
            } catch (IOException e) {
                System.err.println("closing the package host failed: " + e);
            }
        }
        server.stop(0);
        executor.shutdownNow();
        timer.shutdownNow();
    }

    // ------------------------------------------------------------------ dispatch

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.startsWith("/sites/")) {
                host(ex, method, path, body);
                return;
            }
            if (path.startsWith("/scm/")) {
                scm(ex, method, path, body);
                return;
            }
            requests.incrementAndGet();
            Faults.pause(latency);
            // ARM REST API reference, "Azure REST API reference" / common parameters: a bearer token and api-version on
            // every request (read 2026-12)
            if (!("Bearer ".regionMatches(true, 0, header(ex, "Authorization"), 0, 7))) {
                error(ex, 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
                return;
            }
            if (query(ex).get("api-version") == null) {
                error(ex, 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
                return;
            }
            Faults.Forced fired = faults.takeForced(method + " " + path);
            if (fired != null && !fired.lost()) {
                answerFault(ex, fired.status(), fired.code());
                return;
            }
            boolean lose = fired != null;
            if (!path.contains("/operations/") && !method.equals("HEAD")) {
                Faults.Decision drawn = faults.draw(!lose && !method.equals("GET"));
                Faults.pause(drawn.delay());
                Faults.Fault fault = drawn.fault();
                if (fault == Faults.Fault.THROTTLE) {
                    answerFault(ex, 429, "TooManyRequests");
                    return;
                }
                if (fault == Faults.Fault.ERROR) {
                    answerFault(ex, faults.chance(0.5) ? 500 : 503, "InternalServerError");
                    return;
                }
                lose |= fault == Faults.Fault.LOST;
            }
            Reply reply = route(ex, method, path, body);
            if (TRACE) {
                System.err.println(java.time.Instant.now() + " ARM " + method + " " + path + " -> " + reply.status);
            }
            if (lose) {
                faults.record(Faults.Fault.LOST);
                String code = fired != null ? fired.code() : "InternalServerError";
                int status = fired != null ? fired.status() : 500;
                error(ex, status, code, "The request was carried out but the response was lost (injected).");
                return;
            }
            reply.send(ex);
        } catch (RuntimeException e) {
            try {
                error(ex, 500, "InternalServerError", "test server failure: " + e);
            } catch (IOException ignored) {
                // the client went away
            }
        }
    }

    private void answerFault(HttpExchange ex, int status, String code) throws IOException {
        if (status == 429) {
            faults.record(Faults.Fault.THROTTLE);
            ex.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
            error(ex, 429, code, "The request is being throttled.");
        } else {
            faults.record(Faults.Fault.ERROR);
            error(ex, status, code, "Injected failure " + status + ".");
        }
    }

    record Reply(int status, Object body, Map<String, String> headers) {
        void send(HttpExchange ex) throws IOException {
            headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (body == null) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            byte[] bytes = JSON.writeValueAsBytes(body);
            ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    static Reply ok(Object body) {
        return new Reply(200, body, Map.of());
    }

    static Reply err(int status, String code, String message) {
        return new Reply(status, Map.of("error", Map.of("code", code, "message", message)), Map.of());
    }

    private Reply route(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        String p = path.replaceAll("/+$", "");
        Matcher m;
        if ((m = match(SUB + "/providers/microsoft\\.web/operations/([^/]+)", p)) != null) {
            return pollOperation(m.group(2), false);
        }
        if ((m = match(SUB + "/providers/microsoft\\.storage/operations/([^/]+)", p)) != null) {
            return pollOperation(m.group(2), true);
        }
        if ((m = match("(/subscriptions/([^/]+)/.*)/providers/microsoft\\.authorization/roleassignments/([^/]+)", p)) != null) {
            String invalid = method.equals("PUT")
                    ? modelError(com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters.class, body) : null;
            return invalid != null ? err(400, "InvalidRequestContent", "The request content was invalid: " + invalid)
                    : keyVaults.assignment(method, m.group(2), m.group(1), m.group(3), parse(body));
        }
        if ((m = match(SUB + "/providers/microsoft\\.authorization/roleassignments", p)) != null && method.equals("GET")) {
            return keyVaults.list(m.group(1), query(ex).get("$filter"));
        }
        if ((m = match(RG + "/providers/microsoft\\.keyvault/vaults/([^/]+)(?:/secrets/([^/]+))?", p)) != null && method.equals("GET")) {
            return keyVaults.get(m.group(2), m.group(3), m.group(4));
        }
        if ((m = match(SUB, p)) != null && method.equals("GET")) {
            return ok(map("id", "/subscriptions/" + m.group(1), "subscriptionId", m.group(1),
                    "displayName", "Faasport test subscription", "state", "Enabled"));
        }
        if ((m = match(SUB + "/providers/([^/]+)", p)) != null && method.equals("GET")) {
            return ok(map("id", p, "namespace", m.group(2), "registrationState", "Registered"));
        }
        // Microsoft.Authorization "Permissions - List For Resource Group" / "List For Subscription" (api-version
        // 2022-04-01, read 2026-12): the caller's effective actions and notActions, one entry per role assignment
        if ((m = match(RG + "/providers/microsoft\\.authorization/permissions", p)) != null) {
            if (!groups.containsKey(m.group(2).toLowerCase(Locale.ROOT))) {
                return err(404, "ResourceGroupNotFound", "Resource group '" + m.group(2) + "' could not be found.");
            }
            return ok(map("value", List.of(map("actions", grantedActions, "notActions", deniedActions))));
        }
        if (match(SUB + "/providers/microsoft\\.authorization/permissions", p) != null) {
            return ok(map("value", List.of(map("actions", grantedActions, "notActions", deniedActions))));
        }
        if ((m = match(RG + "/providers/microsoft\\.storage/storageaccounts/([^/]+)/listkeys", p)) != null && method.equals("POST")) {
            return storageKeys(m.group(2), m.group(3));
        }
        if ((m = match(RG + "/providers/microsoft\\.storage/storageaccounts/([^/]+)/providers/microsoft\\.eventgrid/eventsubscriptions(?:/([^/]+))?", p)) != null) {
            return eventSubscription(method, m.group(1), m.group(2), m.group(3), m.group(4), body);
        }
        if ((m = match(RG + "/providers/microsoft\\.storage/storageaccounts/([^/]+)", p)) != null) {
            return storage(ex, method, m.group(1), m.group(2), m.group(3), body);
        }
        if ((m = match(RG + "/providers/microsoft\\.web/serverfarms/([^/]+)", p)) != null) {
            return plan(ex, method, m.group(1), m.group(2), m.group(3), body);
        }
        if ((m = match(RG + "/providers/microsoft\\.web/sites", p)) != null && method.equals("GET")) {
            return listSites(m.group(2));
        }
        if ((m = match(RG + "/providers/microsoft\\.web/sites/([^/]+)(/.*)?", p)) != null) {
            return site(ex, method, m.group(1), m.group(2), m.group(3), m.group(4) == null ? "" : m.group(4), body);
        }
        if ((m = match(RG, p)) != null) {
            return group(method, m.group(1), m.group(2), body);
        }
        return err(404, "NotFound", "No route for " + method + " " + path + " on the test server.");
    }

    private static Matcher match(String regex, String path) {
        Matcher m = Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(path);
        return m.matches() ? m : null;
    }

    // ------------------------------------------------------------------ Microsoft.Resources

    private Reply group(String method, String sub, String name, byte[] body) throws IOException {
        String key = name.toLowerCase(Locale.ROOT);
        switch (method) {
            case "HEAD":
                return new Reply(groups.containsKey(key) ? 204 : 404, null, Map.of());
            case "GET": {
                Map<String, Object> g = groups.get(key);
                return g == null ? err(404, "ResourceGroupNotFound", "Resource group '" + name + "' could not be found.") : ok(g);
            }
            case "PUT": {
                if (!RG_NAME.matcher(name).matches()) {
                    return err(400, "InvalidResourceGroupName", "Resource group name '" + name + "' is invalid.");
                }
                String invalid = modelError(com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner.class, body);
                if (invalid != null) {
                    return err(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: " + invalid);
                }
                Map<String, Object> req = parse(body);
                if (req.get("location") == null) {
                    return err(400, "LocationRequired", "The location property is required for this definition.");
                }
                boolean existed = groups.containsKey(key);
                Map<String, Object> g = map("id", "/subscriptions/" + sub + "/resourceGroups/" + name, "name", name,
                        "type", "Microsoft.Resources/resourceGroups", "location", req.get("location"),
                        "tags", req.getOrDefault("tags", Map.of()), "properties", map("provisioningState", "Succeeded"));
                groups.put(key, g);
                if (!existed) {
                    groupCreates.incrementAndGet();
                }
                return new Reply(existed ? 200 : 201, g, Map.of());
            }
            default:
                return err(405, "MethodNotAllowed", method + " is not supported on resource groups by the test server.");
        }
    }

    // ------------------------------------------------------------------ Microsoft.Storage

    private Reply storage(HttpExchange ex, String method, String sub, String rg, String name, byte[] body) throws IOException {
        String key = name.toLowerCase(Locale.ROOT);
        Map<String, Object> existing = accounts.get(key);
        boolean inGroup = existing != null && rg.equalsIgnoreCase((String) existing.get("_rg"));
        switch (method) {
            case "GET":
                return inGroup ? ok(publicView(existing)) : err(404, "ResourceNotFound",
                        "The Resource 'Microsoft.Storage/storageAccounts/" + name + "' under resource group '" + rg + "' was not found.");
            case "DELETE":
                if (inGroup) {
                    accounts.remove(key);
                    return new Reply(200, null, Map.of());
                }
                return new Reply(204, null, Map.of());
            case "PUT": {
                if (!STORAGE_NAME.matcher(name).matches()) {
                    return err(400, "AccountNameInvalid", name + " is not a valid storage account name. Storage account name must be "
                            + "between 3 and 24 characters in length and use numbers and lower-case letters only.");
                }
                String invalid = modelError(com.azure.resourcemanager.storage.models.StorageAccountCreateParameters.class, body);
                if (invalid != null) {
                    return err(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: " + invalid);
                }
                if (!groups.containsKey(rg.toLowerCase(Locale.ROOT))) {
                    return err(404, "ResourceGroupNotFound", "Resource group '" + rg + "' could not be found.");
                }
                if (existing != null && !inGroup) {
                    return err(409, "StorageAccountAlreadyTaken", "The storage account named " + name + " is already taken.");
                }
                if (existing != null) {
                    return ok(publicView(existing));
                }
                Map<String, Object> req = parse(body);
                Map<String, Object> acct = map("id", "/subscriptions/" + sub + "/resourceGroups/" + rg
                                + "/providers/Microsoft.Storage/storageAccounts/" + name, "name", name,
                        "type", "Microsoft.Storage/storageAccounts", "location", req.get("location"), "kind", req.get("kind"),
                        "sku", req.get("sku"), "tags", req.getOrDefault("tags", Map.of()),
                        "properties", map("provisioningState", "Creating"), "_rg", rg);
                accounts.put(key, acct);
                accountCreates.incrementAndGet();
                String op = startOperation(() -> setState(acct, "Succeeded"));
                return new Reply(202, null, Map.of("Location", endpoint() + "/subscriptions/" + sub
                        + "/providers/Microsoft.Storage/operations/" + op + "?api-version=2025-06-01", "Retry-After", "0"));
            }
            default:
                return err(405, "MethodNotAllowed", method + " on storage accounts is not supported by the test server.");
        }
    }

    private Reply storageKeys(String rg, String name) {
        Map<String, Object> a = accounts.get(name.toLowerCase(Locale.ROOT));
        if (a == null || !rg.equalsIgnoreCase((String) a.get("_rg"))) {
            return err(404, "ResourceNotFound", "Storage account " + name + " was not found.");
        }
        String k = accountKeys.getOrDefault(name.toLowerCase(Locale.ROOT), AZURITE_KEY);
        return ok(map("keys", List.of(map("keyName", "key1", "value", k, "permissions", "FULL"))));
    }

    // ------------------------------------------------------------------ Microsoft.EventGrid

    /**
     * Event subscriptions on a storage account. Sources (read 2026-12): Event Grid REST API "Event Subscriptions -
     * Create Or Update / Get / Delete / List By Resource" (api-version 2022-06-15: names 3-64 letters, digits and '-';
     * WebHook destinations; the create is asynchronous, provisioningState Creating then Succeeded); Microsoft Learn,
     * "Webhook event delivery" (Event Grid validates a webhook with a SubscriptionValidationEvent before subscribing, and
     * fails the create when the endpoint does not answer it; the Functions blobs extension answers for a function with
     * an Event Grid blob trigger when called with the blobs_extension key).
     */
    private Reply eventSubscription(String method, String sub, String rg, String account, String name, byte[] body) throws IOException {
        Map<String, Object> acct = accounts.get(account.toLowerCase(Locale.ROOT));
        if (acct == null || !rg.equalsIgnoreCase((String) acct.get("_rg"))) {
            return err(404, "ResourceNotFound", "The Resource 'Microsoft.Storage/storageAccounts/" + account + "' under resource group '"
                    + rg + "' was not found.");
        }
        String prefix = account.toLowerCase(Locale.ROOT) + "/";
        if (name == null) {
            if (!method.equals("GET")) {
                return err(405, "MethodNotAllowed", method + " on event subscriptions");
            }
            List<Object> value = new ArrayList<>();
            eventSubscriptions.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    value.add(publicView(v));
                }
            });
            return ok(map("value", value));
        }
        String key = prefix + name.toLowerCase(Locale.ROOT);
        Map<String, Object> existing = eventSubscriptions.get(key);
        switch (method) {
            case "GET":
                return existing != null ? ok(publicView(existing)) : err(404, "ResourceNotFound", "Event subscription " + name + " was not found.");
            case "DELETE":
                return new Reply(eventSubscriptions.remove(key) != null ? 200 : 204, null, Map.of());
            case "PUT":
                break;
            default:
                return err(405, "MethodNotAllowed", method + " on event subscriptions");
        }
        if (!name.matches("[A-Za-z0-9-]{3,64}")) {
            return err(400, "InvalidRequest", "Event subscription name '" + name + "' must be 3-64 characters of letters, digits and '-'.");
        }
        Map<String, Object> reqProps = stringObjectMap(parse(body).get("properties"));
        Map<String, Object> destination = stringObjectMap(reqProps.get("destination"));
        String endpoint = String.valueOf(stringObjectMap(destination.get("properties")).get("endpointUrl"));
        if (!"WebHook".equals(destination.get("endpointType")) || endpoint.equals("null")) {
            return err(400, "InvalidRequest", "The destination must be a WebHook with an endpointUrl.");
        }
        String handshake = validateWebhook(endpoint);
        if (handshake != null) {
            return err(400, "InvalidRequest", "Webhook validation handshake failed for " + endpoint.replaceAll("code=[^&]*", "code=***")
                    + ". " + handshake);
        }
        Map<String, Object> resource = map("id", "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Storage/storageAccounts/"
                        + account + "/providers/Microsoft.EventGrid/eventSubscriptions/" + name, "name", name,
                "type", "Microsoft.EventGrid/eventSubscriptions",
                "properties", map("topic", "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Storage/storageAccounts/" + account,
                        "provisioningState", "Creating", "destination", map("endpointType", "WebHook", "properties",
                                map("endpointBaseUrl", endpoint.replaceAll("\\?.*$", ""))),
                        "filter", reqProps.getOrDefault("filter", Map.of()), "labels", reqProps.getOrDefault("labels", List.of()),
                        "eventDeliverySchema", reqProps.getOrDefault("eventDeliverySchema", "EventGridSchema"),
                        "_endpointUrl", endpoint));
        eventSubscriptions.put(key, resource);
        startOperation(() -> props(resource).put("provisioningState", "Succeeded"));
        return new Reply(201, publicView(resource), Map.of());
    }

    /** @return why the app's blobs webhook would not answer Event Grid's validation event, or null when it would */
    private String validateWebhook(String endpoint) {
        Matcher m = match(Pattern.quote(endpoint()) + "/sites/([^/]+)/runtime/webhooks/blobs\\?(.*)", endpoint);
        Map<String, Object> site = m == null ? null : sites.get(m.group(1).toLowerCase(Locale.ROOT));
        if (site == null) {
            return "The endpoint is not a function app's blobs extension webhook.";
        }
        Map<String, String> q = QueryStrings.single(m.group(2));
        String fn = String.valueOf(q.get("functionName")).replaceFirst("^Host\\.Functions\\.", "");
        if (q.get("code") == null || !q.get("code").equals(keys(site).get("blobs_extension"))) {
            return "Http POST request failed with response code Unauthorized.";
        }
        boolean known = functions(site).stream().anyMatch(f -> fn.equals(props(f).get("name"))
                && eventGridBlob(stringObjectMap(props(f).get("config"))) != null);
        return known ? null : "Http POST request failed with response code NotFound (no Event Grid blob function " + fn + ").";
    }

    /** @return the function's blobTrigger binding when it reads Event Grid ("source": "EventGrid"), else null */
    private static Map<String, Object> eventGridBlob(Map<String, Object> config) {
        Map<String, Object> b = blobBinding(config);
        return b != null && "EventGrid".equals(b.get("source")) ? b : null;
    }

    private static Map<String, Object> blobBinding(Map<String, Object> config) {
        if (config.get("bindings") instanceof List<?> bindings) {
            for (Object o : bindings) {
                Map<String, Object> b = stringObjectMap(o);
                if ("blobTrigger".equals(b.get("type"))) {
                    return b;
                }
            }
        }
        return null;
    }

    /** @return the event subscriptions Faasport made, as the server holds them (for tests) */
    public List<Map<String, Object>> eventSubscriptions() {
        return eventSubscriptions.values().stream().map(ArmTestServer::publicView).toList();
    }

    /**
     * A blob was created in the account: the functions whose blob trigger it fires, as "app/function". Source:
     * Microsoft Learn, "Azure Blob storage trigger for Azure Functions" (read 2026-12): a trigger with "source":
     * "EventGrid" (the only kind Flex Consumption runs) fires only through an Event Grid subscription delivering
     * BlobCreated to the app's blobs webhook; other blob triggers poll the container. Path "container/prefix{name}suffix".
     */
    public List<String> blobCreated(String account, String container, String blob) {
        List<String> fired = new ArrayList<>();
        String subject = "/blobServices/default/containers/" + container + "/blobs/" + blob;
        for (Map<String, Object> site : sites.values()) {
            String app = String.valueOf(site.get("name"));
            if (!account.equalsIgnoreCase(String.valueOf(storageAccountOf(settings.getOrDefault(app.toLowerCase(Locale.ROOT), Map.of()))))) {
                continue;
            }
            for (Map<String, Object> f : functions(site)) {
                String fn = String.valueOf(props(f).get("name"));
                Map<String, Object> config = stringObjectMap(props(f).get("config"));
                Map<String, Object> b = blobBinding(config);
                if (b == null || !blobPathMatches(String.valueOf(b.get("path")), container, blob)) {
                    continue;
                }
                if ("EventGrid".equals(b.get("source")) && !subscribed(account, app, fn, subject)) {
                    continue;
                }
                fired.add(app + "/" + fn);
                invocations.incrementAndGet();
                if (packageHost != null) {
                    runEvent(app, fn, config, ("{\"input\":\"" + blob + "\"}").getBytes(StandardCharsets.UTF_8),
                            appLogs.computeIfAbsent(app.toLowerCase(Locale.ROOT), x -> new java.util.concurrent.CopyOnWriteArrayList<>()),
                            UUID.randomUUID().toString());
                }
            }
        }
        return fired;
    }

    private boolean subscribed(String account, String app, String fn, String subject) {
        String prefix = account.toLowerCase(Locale.ROOT) + "/";
        return eventSubscriptions.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
                .anyMatch(sub -> {
                    Map<String, Object> p = props(sub);
                    Map<String, Object> filter = stringObjectMap(p.get("filter"));
                    String url = String.valueOf(p.get("_endpointUrl"));
                    Object types = filter.get("includedEventTypes");
                    return "Succeeded".equals(p.get("provisioningState")) && validateWebhook(url) == null
                            && url.startsWith(endpoint() + "/sites/" + app + "/") && url.contains("functionName=Host.Functions." + fn + "&")
                            && (types == null || types instanceof List<?> l && l.contains("Microsoft.Storage.BlobCreated"))
                            && subject.startsWith(String.valueOf(filter.getOrDefault("subjectBeginsWith", "")))
                            && subject.endsWith(String.valueOf(filter.getOrDefault("subjectEndsWith", "")));
                });
    }

    private static boolean blobPathMatches(String path, String container, String blob) {
        int slash = path.indexOf('/');
        if (slash < 0 || !path.substring(0, slash).equals(container)) {
            return false;
        }
        String regex = java.util.Arrays.stream(path.substring(slash + 1).split("\\{name\\}", -1)).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".+"));
        return blob.matches(regex);
    }

    // ------------------------------------------------------------------ Microsoft.Web plans

    private Reply plan(HttpExchange ex, String method, String sub, String rg, String name, byte[] body) throws IOException {
        String key = rg.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
        Map<String, Object> existing = plans.get(key);
        switch (method) {
            case "GET":
                return existing != null ? ok(publicView(existing)) : err(404, "ResourceNotFound",
                        "The Resource 'Microsoft.Web/serverFarms/" + name + "' under resource group '" + rg + "' was not found.");
            case "DELETE": {
                if (existing == null) {
                    return new Reply(204, null, Map.of());
                }
                String id = (String) existing.get("id");
                // ARM answers 409 for a plan that still has apps ("App Service Plans - Delete", read 2026-12)
                if (sites.values().stream().anyMatch(s -> id.equalsIgnoreCase(String.valueOf(props(s).get("serverFarmId"))))) {
                    return err(409, "Conflict", "Server farm '" + name + "' cannot be deleted because it has web app(s) assigned to it.");
                }
                plans.remove(key);
                return new Reply(200, null, Map.of());
            }
            case "PUT": {
                if (!groups.containsKey(rg.toLowerCase(Locale.ROOT))) {
                    return err(404, "ResourceGroupNotFound", "Resource group '" + rg + "' could not be found.");
                }
                String invalid = modelError(com.azure.resourcemanager.appservice.fluent.models.AppServicePlanInner.class, body);
                if (invalid != null) {
                    return err(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: " + invalid);
                }
                Map<String, Object> req = parse(body);
                Map<String, Object> sku = stringObjectMap(req.get("sku"));
                String skuName = String.valueOf(sku.get("name"));
                // the function app SKUs Faasport creates: Microsoft Learn, "Azure Functions hosting options" (read 2026-12)
                if (!List.of("Y1", "FC1", "EP1", "EP2", "EP3").contains(skuName)) {
                    return err(400, "InvalidSku", "The pricing tier '" + skuName + "' is not allowed for a function app plan.");
                }
                Map<String, Object> reqProps = stringObjectMap(req.get("properties"));
                Map<String, Object> plan = map("id", "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Web/serverfarms/" + name,
                        "name", name, "type", "Microsoft.Web/serverfarms", "location", req.get("location"), "kind", req.get("kind"),
                        "sku", sku, "tags", req.getOrDefault("tags", Map.of()),
                        "properties", map("reserved", reqProps.getOrDefault("reserved", false), "provisioningState", "InProgress",
                                "status", "Ready", "maximumElasticWorkerCount", reqProps.get("maximumElasticWorkerCount")));
                if (existing == null) {
                    planCreates.incrementAndGet();
                }
                plans.put(key, plan);
                return accepted(sub, () -> setState(plan, "Succeeded"));
            }
            default:
                return err(405, "MethodNotAllowed", method + " on plans is not supported by the test server.");
        }
    }

    // ------------------------------------------------------------------ Microsoft.Web sites

    private Reply listSites(String rg) {
        if (!groups.containsKey(rg.toLowerCase(Locale.ROOT))) {
            return err(404, "ResourceGroupNotFound", "Resource group '" + rg + "' could not be found.");
        }
        List<Object> value = new ArrayList<>();
        for (Map<String, Object> s : sites.values()) {
            if (rg.equalsIgnoreCase((String) s.get("_rg"))) {
                value.add(publicView(s));
            }
        }
        return ok(map("value", value));
    }

    @SuppressWarnings("unchecked")
    private Reply site(HttpExchange ex, String method, String sub, String rg, String name, String rest, byte[] body) throws IOException {
        String key = name.toLowerCase(Locale.ROOT);
        Map<String, Object> existing = sites.get(key);
        boolean inGroup = existing != null && rg.equalsIgnoreCase((String) existing.get("_rg"));
        if (!rest.isEmpty() && !inGroup) {
            return err(404, "ResourceNotFound", "The Resource 'Microsoft.Web/sites/" + name + "' under resource group '" + rg + "' was not found.");
        }
        if (!rest.isEmpty() && busy(existing) && !method.equals("GET") && !rest.endsWith("/list") && !rest.endsWith("listkeys")) {
            return err(409, "Conflict", "There is another operation in progress on site '" + name + "'. Try again later.");
        }
        switch (rest.toLowerCase(Locale.ROOT)) {
            case "":
                break;
            case "/config/appsettings/list":
                return ok(map("id", existing.get("id") + "/config/appsettings", "name", "appsettings",
                        "type", "Microsoft.Web/sites/config", "properties", new LinkedHashMap<>(settings.get(key))));
            case "/config/appsettings": {
                if (!method.equals("PUT")) {
                    return err(405, "MethodNotAllowed", method + " on appsettings");
                }
                String invalidSettings = modelError(com.azure.resourcemanager.appservice.fluent.models.StringDictionaryInner.class, body);
                if (invalidSettings != null) {
                    return err(400, "InvalidRequestContent", "The request content was invalid: " + invalidSettings);
                }
                Map<String, String> props = stringMap(parse(body).get("properties"));
                if ("FC1".equals(skuOf(existing))) {
                    List<Object> pairs = new ArrayList<>();
                    props.forEach((k, v) -> pairs.add(map("name", k, "value", v)));
                    String flexError = flexDeprecated(map("appSettings", pairs));
                    if (flexError != null) {
                        return err(400, "BadRequest", flexError);
                    }
                }
                settings.put(key, new ConcurrentHashMap<>(props));
                settingsUpdates.incrementAndGet();
                return ok(map("id", existing.get("id") + "/config/appsettings", "name", "appsettings",
                        "type", "Microsoft.Web/sites/config", "properties", props));
            }
            case "/providers/microsoft.resources/tags/default": {
                if (method.equals("GET")) {
                    return ok(map("id", existing.get("id") + "/providers/Microsoft.Resources/tags/default", "name", "default",
                            "type", "Microsoft.Resources/tags", "properties", map("tags", existing.get("tags"))));
                }
                if (!method.equals("PUT")) {
                    return err(405, "MethodNotAllowed", method + " on tags is not supported by the test server.");
                }
                String invalidTags = modelError(com.azure.resourcemanager.resources.fluent.models.TagsResourceInner.class, body);
                if (invalidTags != null) {
                    return err(400, "InvalidRequestContent", "The request content was invalid: " + invalidTags);
                }
                Map<String, String> tags = stringMap(stringObjectMap(parse(body).get("properties")).get("tags"));
                // Microsoft Learn, "Use tags to organize your Azure resources", limitations (read 2026-12)
                if (tags.size() > 50 || tags.entrySet().stream().anyMatch(e -> e.getKey().length() > 512 || String.valueOf(e.getValue()).length() > 256)) {
                    return err(400, "InvalidTag", "A resource holds at most 50 tags, names up to 512 and values up to 256 characters.");
                }
                existing.put("tags", new LinkedHashMap<>(tags));
                appUpdates.incrementAndGet();
                return ok(map("id", existing.get("id") + "/providers/Microsoft.Resources/tags/default", "name", "default",
                        "type", "Microsoft.Resources/tags", "properties", map("tags", tags)));
            }
            case "/config/web": {
                Map<String, Object> web = webConfig(existing);
                if (method.equals("PATCH") || method.equals("PUT")) {
                    String invalidConfig = modelError(com.azure.resourcemanager.appservice.fluent.models.SiteConfigResourceInner.class, body);
                    if (invalidConfig != null) {
                        return err(400, "InvalidRequestContent", "The request content was invalid: " + invalidConfig);
                    }
                    Map<String, Object> reqProps = stringObjectMap(parse(body).get("properties"));
                    String sku = String.valueOf(skuOf(existing));
                    String configError = sku.equals("FC1") ? flexDeprecated(reqProps) : null;
                    if (configError == null) {
                        configError = runtimeError(sku, map("siteConfig", reqProps));
                    }
                    if (configError != null) {
                        return err(400, "BadRequest", configError);
                    }
                    if (method.equals("PUT")) {
                        web.clear();
                    }
                    reqProps.forEach((k, v) -> {
                        if (v != null) {
                            web.put(k, v);
                        }
                    });
                    Object pre = web.get("preWarmedInstanceCount");
                    // Microsoft Learn, "Azure Functions Premium plan", prewarmed instances at most 20 (read 2026-12)
                    if (pre instanceof Number n && (n.intValue() < 0 || n.intValue() > 20)) {
                        return err(400, "BadRequest", "preWarmedInstanceCount must be between 0 and 20 (Elastic Premium).");
                    }
                    appUpdates.incrementAndGet();
                }
                return ok(map("id", existing.get("id") + "/config/web", "name", "web", "type", "Microsoft.Web/sites/config",
                        "properties", new LinkedHashMap<>(web)));
            }
            case "/functions": {
                String down = hostError(existing);
                if (down != null) {
                    return err(400, "BadRequest", "Encountered an error (ServiceUnavailable) from host runtime. " + down);
                }
                return ok(map("value", functions(existing)));
            }
            case "/restart": {
                if (!method.equals("POST")) {
                    return err(405, "MethodNotAllowed", method + " on restart");
                }
                // a new host process: it reads the app settings (and fetches Key Vault references) again
                props(existing).merge("_restarts", 1, (x, y) -> (Integer) x + 1);
                return new Reply(200, null, Map.of());
            }
            case "/syncfunctiontriggers": {
                if (!method.equals("POST")) {
                    return err(405, "MethodNotAllowed", method + " on syncfunctiontriggers");
                }
                // the scale controller learns the triggers of the package the app points at now
                String url = settings.get(key).get("WEBSITE_RUN_FROM_PACKAGE");
                if (url == null) {
                    props(existing).remove("_synced");
                } else {
                    props(existing).put("_synced", url);
                }
                triggerSyncs.incrementAndGet();
                return new Reply(204, null, Map.of());
            }
            case "/host/default/listkeys": {
                // the blobs extension creates its system key when an Event Grid blob trigger starts
                Map<String, Object> system = new LinkedHashMap<>();
                if (functions(existing).stream().anyMatch(f -> eventGridBlob(stringObjectMap(props(f).get("config"))) != null)) {
                    system.put("blobs_extension", keys(existing).computeIfAbsent("blobs_extension", x -> "blobs-" + UUID.randomUUID()));
                }
                return ok(map("masterKey", keys(existing).get("master"), "functionKeys", map("default", keys(existing).get("default")),
                        "systemKeys", system));
            }
            case "/config/configreferences/appsettings": {
                List<Object> value = new ArrayList<>();
                settings.get(key).forEach((k, v) -> {
                    Object ref = keyVaultReference(existing, k, v);
                    if (ref != null) {
                        value.add(ref);
                    }
                });
                return ok(map("value", value));
            }
            default: {
                Matcher kv = match("/config/configreferences/appsettings/([^/]+)", rest);
                if (kv != null && method.equals("GET")) {
                    Object ref = keyVaultReference(existing, kv.group(1), settings.get(key).get(kv.group(1)));
                    return ref != null ? ok(ref) : err(404, "NotFound", "App setting " + kv.group(1) + " is not a Key Vault reference.");
                }
                Matcher fk = match("/functions/([^/]+)/listkeys", rest);
                if (fk != null && method.equals("POST")) {
                    String fn = fk.group(1);
                    if (functions(existing).stream().noneMatch(f -> fn.equalsIgnoreCase(String.valueOf(props(f).get("name"))))) {
                        return err(404, "NotFound", "Function " + fn + " not found in site " + name + ".");
                    }
                    return ok(map("id", existing.get("id") + "/functions/" + fn + "/keys", "name", fn, "properties",
                            map("default", keys(existing).get("fn:" + fn))));
                }
                return err(404, "NotFound", "No route for " + rest + " on sites in the test server.");
            }
        }
        switch (method) {
            case "GET":
                return inGroup ? ok(publicView(existing)) : err(404, "ResourceNotFound",
                        "The Resource 'Microsoft.Web/sites/" + name + "' under resource group '" + rg + "' was not found.");
            case "DELETE":
                if (!inGroup) {
                    return err(404, "ResourceNotFound", "The Resource 'Microsoft.Web/sites/" + name + "' was not found.");
                }
                sites.remove(key);
                settings.remove(key);
                // its system-assigned identity goes with it; role assignments of it stay ("Identity not found")
                keyVaults.forgetPrincipal((String) stringObjectMap(existing.get("identity")).get("principalId"));
                return ok(null);
            case "PATCH": {
                if (!inGroup) {
                    return err(404, "ResourceNotFound", "The Resource 'Microsoft.Web/sites/" + name + "' was not found.");
                }
                String invalidPatch = modelError(com.azure.resourcemanager.appservice.fluent.models.SitePatchResourceInner.class, body);
                if (invalidPatch != null) {
                    return err(400, "InvalidRequestContent", "The request content was invalid: " + invalidPatch);
                }
                Map<String, Object> patch = parse(body);
                if (patch.get("tags") != null) {
                    existing.put("tags", patch.get("tags"));
                }
                identity(existing, patch.get("identity"));
                appUpdates.incrementAndGet();
                return ok(publicView(existing));
            }
            case "PUT":
                break;
            default:
                return err(405, "MethodNotAllowed", method + " on sites is not supported by the test server.");
        }
        if (!APP_NAME.matcher(name).matches()) {
            return err(400, "InvalidSiteName", "The site name '" + name + "' is invalid: use 2-60 letters, digits or hyphens, "
                    + "not starting or ending with a hyphen.");
        }
        if (existing != null && !inGroup) {
            return err(409, "Conflict", "Website with given name " + name + " already exists.");
        }
        if (busy(existing)) {
            return err(409, "Conflict", "There is another operation in progress on site '" + name + "'. Try again later.");
        }
        String invalid = modelError(com.azure.resourcemanager.appservice.fluent.models.SiteInner.class, body);
        if (invalid != null) {
            return err(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: " + invalid);
        }
        Map<String, Object> req = parse(body);
        Map<String, Object> reqProps = stringObjectMap(req.get("properties"));
        if (existing == null) {
            if (!String.valueOf(req.get("kind")).contains("functionapp")) {
                return err(400, "BadRequest", "Kind '" + req.get("kind") + "' is not a function app.");
            }
            String farm = String.valueOf(reqProps.get("serverFarmId"));
            Map<String, Object> plan = plans.values().stream().filter(pl -> farm.equalsIgnoreCase((String) pl.get("id"))).findFirst().orElse(null);
            if (plan == null) {
                return err(404, "ServerFarmNotFound", "Server farm with id '" + farm + "' was not found.");
            }
            long onPlan = sites.values().stream().filter(s -> farm.equalsIgnoreCase(String.valueOf(props(s).get("serverFarmId")))).count();
            String sku = String.valueOf(stringObjectMap(plan.get("sku")).get("name"));
            // Microsoft Learn, "Flex Consumption plan hosting": one app per plan; "Azure Functions scale and hosting",
            // service limits: at most 100 apps per plan (read 2026-12)
            if (sku.equals("FC1") && onPlan >= 1) {
                return err(409, "Conflict", "A Flex Consumption plan can hold only one function app.");
            }
            if (onPlan >= 100) {
                return err(409, "Conflict", "The plan has reached its limit of 100 function apps.");
            }
            String flexError = flexConfigError(sku, reqProps.get("functionAppConfig"));
            if (flexError == null && sku.equals("FC1")) {
                flexError = flexDeprecated(stringObjectMap(reqProps.get("siteConfig")));
            }
            if (flexError == null) {
                flexError = runtimeError(sku, reqProps);
            }
            if (flexError != null) {
                return err(400, "BadRequest", flexError);
            }
            Map<String, Object> site = siteBody(sub, rg, name, String.valueOf(req.get("location")), stringMap(req.get("tags")), farm);
            identity(site, req.get("identity"));
            if (reqProps.get("functionAppConfig") != null) {
                props(site).put("functionAppConfig", reqProps.get("functionAppConfig"));
            }
            Map<String, Object> cfg = stringObjectMap(reqProps.get("siteConfig"));
            Map<String, String> appSettings = new ConcurrentHashMap<>();
            if (cfg.get("appSettings") instanceof List<?> list) {
                for (Object o : list) {
                    Map<String, Object> nv = stringObjectMap(o);
                    appSettings.put(String.valueOf(nv.get("name")), String.valueOf(nv.get("value")));
                }
            }
            cfg.forEach((k, v) -> {
                if (v != null && !k.equals("appSettings")) {
                    webConfig(site).put(k, v);
                }
            });
            props(site).put("provisioningState", "InProgress");
            sites.put(key, site);
            settings.put(key, appSettings);
            appCreates.incrementAndGet();
            return accepted(sub, () -> props(site).put("provisioningState", "Succeeded"));
        }
        String existingSku = String.valueOf(skuOf(existing));
        String updateError = flexConfigError(existingSku, reqProps.get("functionAppConfig"));
        if (updateError == null && existingSku.equals("FC1")) {
            updateError = flexDeprecated(stringObjectMap(reqProps.get("siteConfig")));
        }
        if (updateError == null) {
            updateError = runtimeError(existingSku, reqProps);
        }
        if (updateError != null) {
            return err(400, "BadRequest", updateError);
        }
        if (reqProps.get("functionAppConfig") != null) {
            props(existing).put("functionAppConfig", reqProps.get("functionAppConfig"));
        }
        existing.put("tags", req.getOrDefault("tags", existing.get("tags")));
        identity(existing, req.get("identity"));
        if (reqProps.get("siteConfig") instanceof Map<?, ?> cfg && cfg.get("appSettings") instanceof List<?> list) {
            Map<String, String> appSettings = new ConcurrentHashMap<>();
            for (Object o : list) {
                Map<String, Object> nv = stringObjectMap(o);
                appSettings.put(String.valueOf(nv.get("name")), String.valueOf(nv.get("value")));
            }
            settings.put(key, appSettings);
        }
        props(existing).put("provisioningState", "InProgress");
        appUpdates.incrementAndGet();
        // siteConfig, when sent, updates the site's configuration; omitted, it is left as it was
        return accepted(sub, () -> props(existing).put("provisioningState", "Succeeded"));
    }

    /**
     * A site's managed identity as a PUT or PATCH asks for it (Microsoft Learn, "How to use managed identities for App
     * Service and Azure Functions", read 2026-12): type SystemAssigned (or "SystemAssigned, UserAssigned") gives the
     * app a service principal of its own, kept while the type keeps it; None removes it; an absent identity changes nothing.
     */
    private void identity(Map<String, Object> site, Object requested) {
        if (requested == null) {
            return;
        }
        String type = String.valueOf(stringObjectMap(requested).get("type"));
        Map<String, Object> current = stringObjectMap(site.get("identity"));
        boolean system = type.contains("SystemAssigned");
        if (system && current.get("principalId") == null) {
            site.put("identity", map("type", type, "principalId", keyVaults.newPrincipal(String.valueOf(site.get("name"))),
                    "tenantId", "00000000-0000-0000-0000-00000000aaaa"));
        } else if (system) {
            current.put("type", type);
        } else {
            keyVaults.forgetPrincipal((String) current.get("principalId"));
            site.put("identity", map("type", type));
        }
    }

    /**
     * The resolution status of one app setting that is a Key Vault reference ("Web Apps - Get App Setting Key Vault
     * Reference", ApiKVReference; statuses as the service model's ResolveStatus), or null when it is not one.
     */
    private Object keyVaultReference(Map<String, Object> site, String setting, String value) {
        KeyVaultDouble.Resolution r = keyVaults.resolve(value, principalId(String.valueOf(site.get("name"))));
        if (r == null) {
            return null;
        }
        return map("id", site.get("id") + "/config/configreferences/appsettings/" + setting, "name", setting,
                "type", "Microsoft.Web/sites/config/configreferences", "properties", map("reference", value, "status", r.status(),
                        "vaultName", r.vault(), "secretName", r.secret(), "identityType", "SystemAssigned",
                        "source", "KeyVault", "location", "ApplicationSetting",
                        "details", r.status().equals("Resolved") ? null : "Key Vault reference was not able to be resolved: " + r.status()));
    }

    /** @return the app's settings as its process environment holds them when it starts: references resolved, or literal */
    private Map<String, String> environment(String app) {
        Map<String, String> env = new TreeMap<>(settings.getOrDefault(app.toLowerCase(Locale.ROOT), Map.of()));
        String principal = principalId(app);
        env.replaceAll((k, v) -> {
            KeyVaultDouble.Resolution r = keyVaults.resolve(v, principal);
            return r == null ? v : r.value();
        });
        return env;
    }

    /**
     * App settings and site properties Flex Consumption refuses. Source: Microsoft Learn, "App settings reference for
     * Azure Functions", section "Flex Consumption plan deprecations" (read 2026-12); ARM answers 400 with this text.
     */
    static final List<String> FLEX_DEPRECATED_SETTINGS = List.of("FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME",
            "FUNCTIONS_WORKER_RUNTIME_VERSION", "FUNCTIONS_MAX_HTTP_CONCURRENCY", "FUNCTIONS_WORKER_PROCESS_COUNT",
            "FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED", "SCM_DO_BUILD_DURING_DEPLOYMENT", "SCM_ZIPDEPLOY_DONOT_PRESERVE_FILETIME",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTOVERVNET", "WEBSITE_CONTENTSHARE", "WEBSITE_DNS_SERVER",
            "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT", "WEBSITE_NODE_DEFAULT_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
            "WEBSITE_SKIP_CONTENTSHARE_VALIDATION", "WEBSITE_VNET_ROUTE_ALL");
    /** Same source and date: the site configuration properties Flex Consumption refuses (camel case as ARM spells them). */
    static final List<String> FLEX_DEPRECATED_CONFIG = List.of("alwaysOn", "ftpsState", "javaVersion", "linuxFxVersion",
            "netFrameworkVersion", "powerShellVersion", "functionAppScaleLimit", "minimumElasticInstanceCount",
            "preWarmedInstanceCount", "use32BitWorkerProcess", "windowsFxVersion");

    /** @return ARM's 400 message for the first setting or property of siteConfig that Flex refuses, or null */
    private static String flexDeprecated(Map<String, Object> siteConfig) {
        if (siteConfig.get("appSettings") instanceof List<?> list) {
            for (Object o : list) {
                String name = String.valueOf(stringObjectMap(o).get("name"));
                if (FLEX_DEPRECATED_SETTINGS.stream().anyMatch(name::equalsIgnoreCase)) {
                    return "The following app setting (Site.SiteConfig.AppSettings." + name + ") for Flex Consumption sites"
                            + " is invalid. Please remove or rename it before retrying.";
                }
            }
        }
        for (String property : FLEX_DEPRECATED_CONFIG) {
            if (siteConfig.get(property) != null) {
                return "The following site configuration property (Site.SiteConfig." + Character.toUpperCase(property.charAt(0))
                        + property.substring(1) + ") for Flex Consumption sites is invalid. Please remove or rename it before retrying.";
            }
        }
        return null;
    }

    /**
     * Java versions a function app runs. Source: Microsoft Learn, "Azure Functions Java developer guide", supported
     * versions (Linux: linuxFxVersion Java|8, 11, 17, 21), and "Flex Consumption plan", supported language stack
     * versions (functionAppConfig.runtime java 11, 17, 21), read 2026-12.
     */
    private static String runtimeError(String sku, Map<String, Object> reqProps) {
        Object fx = stringObjectMap(reqProps.get("siteConfig")).get("linuxFxVersion");
        if (fx != null && !String.valueOf(fx).matches("(?i)java\\|(8|11|17|21)")) {
            return "The parameter LinuxFxVersion has an invalid value '" + fx + "'.";
        }
        Map<String, Object> runtime = stringObjectMap(stringObjectMap(reqProps.get("functionAppConfig")).get("runtime"));
        if (!runtime.isEmpty() && !("java".equalsIgnoreCase(String.valueOf(runtime.get("name")))
                && List.of("11", "17", "21").contains(String.valueOf(runtime.get("version"))))) {
            return "The runtime " + runtime + " is not supported on Flex Consumption (java 11, 17, 21).";
        }
        return null;
    }

    /**
     * functionAppConfig is for Flex Consumption apps only; instance memory is 512, 2048 or 4096 MB and always-ready
     * counts are 0..1000 per entry, as Microsoft Learn's "Flex Consumption plan hosting" lists (read 2026-12).
     */
    private static String flexConfigError(String sku, Object functionAppConfig) {
        if (functionAppConfig == null) {
            return null;
        }
        if (!sku.equals("FC1")) {
            return "functionAppConfig is only supported for apps on a Flex Consumption (FC1) plan.";
        }
        Map<String, Object> scale = stringObjectMap(stringObjectMap(functionAppConfig).get("scaleAndConcurrency"));
        Object memory = scale.get("instanceMemoryMB");
        if (memory != null && !List.of(512, 2048, 4096).contains(((Number) memory).intValue())) {
            return "instanceMemoryMB must be one of 512, 2048, 4096.";
        }
        if (scale.get("alwaysReady") instanceof List<?> ready) {
            for (Object o : ready) {
                Map<String, Object> r = stringObjectMap(o);
                Object count = r.get("instanceCount");
                if (!String.valueOf(r.get("name")).matches("(function:[A-Za-z][A-Za-z0-9_-]*|http|blob|durable)")
                        || !(count instanceof Number n) || n.intValue() < 0 || n.intValue() > 1000) {
                    return "Invalid alwaysReady entry " + r + ".";
                }
            }
        }
        return null;
    }

    /**
     * Why the app's Functions host cannot start, or null. Sources (Microsoft Learn, read 2026-12): "App settings
     * reference for Azure Functions" (AzureWebJobsStorage is the storage connection string the runtime needs;
     * FUNCTIONS_WORKER_RUNTIME names the language worker to load, "java"; FUNCTIONS_EXTENSION_VERSION "~4"; neither on
     * Flex Consumption), and "Storage considerations for Azure Functions", host ID considerations (the host ID is the
     * app name cut to 32 characters unless AzureFunctionsWebHost__hostid sets it; in version 4.x two apps with one
     * host ID on one storage account is an error and the host stops).
     */
    private String hostError(Map<String, Object> site) {
        Map<String, String> s = settings.getOrDefault(String.valueOf(site.get("name")).toLowerCase(Locale.ROOT), Map.of());
        String account = storageAccountOf(s);
        if (account == null) {
            return "AzureWebJobsStorage is not a storage account connection string.";
        }
        if (!"FC1".equals(skuOf(site)) && !("java".equals(s.get("FUNCTIONS_WORKER_RUNTIME"))
                && "~4".equals(s.get("FUNCTIONS_EXTENSION_VERSION")))) {
            return "FUNCTIONS_WORKER_RUNTIME must be java and FUNCTIONS_EXTENSION_VERSION ~4 for this Java app, not "
                    + s.get("FUNCTIONS_WORKER_RUNTIME") + " / " + s.get("FUNCTIONS_EXTENSION_VERSION") + ".";
        }
        String id = hostId(site);
        for (Map<String, Object> other : sites.values()) {
            Map<String, String> os = settings.getOrDefault(String.valueOf(other.get("name")).toLowerCase(Locale.ROOT), Map.of());
            if (other != site && account.equals(storageAccountOf(os)) && id.equals(hostId(other))) {
                return "Host ID collision (AZFD0004): apps '" + site.get("name") + "' and '" + other.get("name")
                        + "' share the host ID '" + id + "' on storage account '" + account + "'.";
            }
        }
        return null;
    }

    /**
     * The Java worker runs the app's classes on the JVM of the app's runtime (linuxFxVersion Java|N, Flex
     * functionAppConfig.runtime.version), which refuses class files of a later Java: "UnsupportedClassVersionError ...
     * has been compiled by a more recent version of the Java Runtime (class file version 65.0), this version of the
     * Java Runtime only recognizes class file versions up to 61.0" (JVM specification 4.1, major_version; read
     * 2026-12). Reads faasport-app.jar and lib/*.jar of the package (not META-INF/versions, not module-info).
     *
     * @return the error the worker would raise, or null
     */
    private String classVersionError(Map<String, Object> site) {
        String version;
        if ("FC1".equals(skuOf(site))) {
            version = String.valueOf(stringObjectMap(stringObjectMap(props(site).get("functionAppConfig")).get("runtime")).get("version"));
        } else {
            version = String.valueOf(webConfig(site).get("linuxFxVersion")).replaceFirst("(?i)^java\\|", "");
        }
        if (!version.matches("\\d+")) {
            return null;
        }
        int runs = Integer.parseInt(version) + 44;
        byte[] zip;
        try {
            zip = packageOf(String.valueOf(site.get("name")));
        } catch (RuntimeException unreadable) {
            return null;
        }
        if (zip == null) {
            return null;
        }
        int[] newest = {0};
        String[] which = {null};
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (e.getName().endsWith(".jar") && (e.getName().startsWith("lib/") || !e.getName().contains("/"))) {
                    try (ZipInputStream jar = new ZipInputStream(new ByteArrayInputStream(z.readAllBytes()))) {
                        for (ZipEntry c; (c = jar.getNextEntry()) != null; ) {
                            String n = c.getName();
                            if (n.endsWith(".class") && !n.startsWith("META-INF/versions/") && !n.endsWith("module-info.class")) {
                                byte[] head = jar.readNBytes(8);
                                int major = head.length == 8 && (head[0] & 0xff) == 0xca ? ((head[6] & 0xff) << 8) | (head[7] & 0xff) : 0;
                                if (major > newest[0]) {
                                    newest[0] = major;
                                    which[0] = n;
                                }
                            }
                        }
                    } catch (IOException notAJar) {
                        // a file named .jar that is not one: the worker would fail differently; not this rule
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (newest[0] <= runs) {
            return null;
        }
        return "java.lang.UnsupportedClassVersionError: " + which[0].replace(".class", "").replace('/', '.')
                + " has been compiled by a more recent version of the Java Runtime (class file version " + newest[0]
                + ".0), this version of the Java Runtime only recognizes class file versions up to " + runs + ".0";
    }

    private String hostId(Map<String, Object> site) {
        String set = settings.getOrDefault(String.valueOf(site.get("name")).toLowerCase(Locale.ROOT), Map.of())
                .get("AzureFunctionsWebHost__hostid");
        String name = String.valueOf(site.get("name")).toLowerCase(Locale.ROOT);
        return set != null ? set : name.substring(0, Math.min(32, name.length()));
    }

    private static String storageAccountOf(Map<String, String> appSettings) {
        Matcher m = Pattern.compile("(?:^|;)AccountName=([^;]+)").matcher(String.valueOf(appSettings.get("AzureWebJobsStorage")));
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> webConfig(Map<String, Object> site) {
        return (Map<String, Object>) props(site).computeIfAbsent("_web", k -> new ConcurrentHashMap<>());
    }

    private static boolean busy(Map<String, Object> site) {
        return site != null && "InProgress".equals(props(site).get("provisioningState"));
    }

    private Map<String, Object> siteBody(String sub, String rg, String name, String location, Map<String, String> tags, String farm) {
        String host = name.toLowerCase(Locale.ROOT) + ".azurewebsites.net";
        Map<String, Object> props = map("name", name, "state", "Running", "defaultHostName", host,
                "hostNames", List.of(host), "enabledHostNames", List.of(host, name.toLowerCase(Locale.ROOT) + ".scm.azurewebsites.net"),
                "serverFarmId", farm, "reserved", true, "httpsOnly", true, "provisioningState", "Succeeded",
                "_keys", new ConcurrentHashMap<>(Map.of("master", "master-" + UUID.randomUUID(), "default", "hostdefault-" + UUID.randomUUID())));
        return map("id", "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Web/sites/" + name,
                "name", name, "type", "Microsoft.Web/sites", "kind", "functionapp,linux", "location", location,
                "tags", tags == null ? Map.of() : new LinkedHashMap<>(tags), "properties", props, "_rg", rg);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> keys(Map<String, Object> site) {
        return (Map<String, String>) props(site).get("_keys");
    }

    /**
     * The functions Azure knows for the app: one folder per function.json of the package whose triggers were last
     * synced. Source: Microsoft Learn, "Deployment technologies in Azure Functions", trigger syncing (read 2026-12):
     * after WEBSITE_RUN_FROM_PACKAGE changes to an external package URL "you must manually sync triggers", so until
     * syncfunctiontriggers is called Azure keeps the old trigger set. Kudu's one deploy (Flex) syncs by itself.
     */
    private List<Map<String, Object>> functions(Map<String, Object> site) {
        String name = (String) site.get("name");
        String url = (String) props(site).get("_synced");
        byte[] pushed = published.get(name.toLowerCase(Locale.ROOT));
        if (url == null && pushed == null) {
            return List.of();
        }
        List<Map<String, Object>> parsed = url != null ? packageFunctions.computeIfAbsent(url, this::readPackage) : parseZip(pushed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> f : parsed) {
            String fn = (String) f.get("name");
            Map<String, Object> config = stringObjectMap(f.get("config"));
            boolean http = httpBinding(config) != null;
            keys(site).computeIfAbsent("fn:" + fn, k -> "fnkey-" + UUID.randomUUID());
            out.add(map("id", site.get("id") + "/functions/" + fn, "name", name + "/" + fn, "type", "Microsoft.Web/sites/functions",
                    "properties", map("name", fn, "config", config, "language", "java", "isDisabled", false,
                            "invoke_url_template", http ? functionsHost().replace("{app}", name) + "/api/" + fn : null)));
        }
        return out;
    }

    /** Downloads the package through its SAS URL, as the Functions host does; unreadable means no functions. */
    private List<Map<String, Object>> readPackage(String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                return List.of();
            }
            return parseZip(r.body());
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
    }

    private static List<Map<String, Object>> parseZip(byte[] bytes) {
        try {
            List<Map<String, Object>> out = new ArrayList<>();
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    String[] parts = e.getName().split("/");
                    if (parts.length == 2 && parts[1].equals("function.json") && FUNCTION_NAME.matcher(parts[0]).matches()
                            && !parts[0].equalsIgnoreCase("host")) {
                        out.add(map("name", parts[0], "config", JSON.readValue(zip.readAllBytes(), Map.class)));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Map<String, Object> httpBinding(Map<String, Object> config) {
        if (config.get("bindings") instanceof List<?> bindings) {
            for (Object b : bindings) {
                Map<String, Object> bm = stringObjectMap(b);
                if ("httpTrigger".equalsIgnoreCase(String.valueOf(bm.get("type")))) {
                    return bm;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ function hosts

    private void host(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        Matcher m = match("/sites/([^/]+)/(api|admin/functions)/([^/?]+)(/.*)?", path);
        Map<String, Object> site = m == null ? null : sites.get(m.group(1).toLowerCase(Locale.ROOT));
        if (site == null) {
            error(ex, 404, "NotFound", "no such app");
            return;
        }
        String down = hostError(site);
        if (down != null) {
            error(ex, 503, "ServiceUnavailable", "Function host is not running. " + down);
            return;
        }
        String tooNew = classVersionError(site);
        if (tooNew != null) {
            invocations.incrementAndGet();
            byte[] text = ("Exception while executing function: " + tooNew).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain");
            ex.sendResponseHeaders(500, text.length);
            ex.getResponseBody().write(text);
            return;
        }
        String fn = m.group(3);
        Map<String, Object> f = functions(site).stream().filter(x -> fn.equalsIgnoreCase(String.valueOf(props(x).get("name"))))
                .findFirst().orElse(null);
        if (f == null) {
            error(ex, 404, "NotFound", "no function " + fn);
            return;
        }
        String key = header(ex, "x-functions-key");
        if (key.isEmpty()) {
            key = query(ex).getOrDefault("code", "");
        }
        Map<String, String> k = keys(site);
        boolean master = key.equals(k.get("master"));
        Map<String, Object> binding = httpBinding(stringObjectMap(props(f).get("config")));
        invocations.incrementAndGet();
        String id = UUID.randomUUID().toString();
        List<String> log = appLogs.computeIfAbsent(m.group(1).toLowerCase(Locale.ROOT), x -> new java.util.concurrent.CopyOnWriteArrayList<>());
        log.add(java.time.Instant.now() + " [Information] Executing 'Functions." + fn + "' (Id=" + id + ")");
        log.add(java.time.Instant.now() + " [Information] Executed 'Functions." + fn + "' (Succeeded, Id=" + id + ")");
        if (m.group(2).equals("admin/functions")) {
            if (!master) {
                error(ex, 401, "Unauthorized", "admin endpoints need the master key");
                return;
            }
            if (packageHost != null) {
                runEvent(m.group(1), fn, stringObjectMap(props(f).get("config")), body, log, id);
            }
            new Reply(202, null, Map.of()).send(ex);
            return;
        }
        if (binding == null) {
            error(ex, 404, "NotFound", "function " + fn + " has no HTTP trigger");
            return;
        }
        String level = String.valueOf(binding.getOrDefault("authLevel", "function")).toLowerCase(Locale.ROOT);
        boolean allowed = level.equals("anonymous") || master || (level.equals("function")
                && (key.equals(k.get("fn:" + fn)) || key.equals(k.get("default"))));
        if (!allowed) {
            ex.sendResponseHeaders(401, -1);
            return;
        }
        if (packageHost != null) {
            runHttp(ex, m.group(1), fn, stringObjectMap(props(f).get("config")), method, body);
            return;
        }
        new Reply(200, map("function", fn, "method", method, "path", m.group(4) == null ? "/" : m.group(4),
                "body", new String(body, StandardCharsets.UTF_8),
                "FAASPORT_SET", settings.get(m.group(1).toLowerCase(Locale.ROOT)).get("FAASPORT_SET")), Map.of()).send(ex);
    }

    /** The app's package bytes: the Kudu one-deploy push, else the blob WEBSITE_RUN_FROM_PACKAGE points at. */
    private byte[] packageOf(String app) {
        String name = app.toLowerCase(Locale.ROOT);
        Map<String, String> s = settings.get(name);
        String url = s == null ? null : s.get("WEBSITE_RUN_FROM_PACKAGE");
        if (url == null) {
            return published.get(name);
        }
        return packageBytes.computeIfAbsent(url, u -> {
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(u)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("the package at " + u + " answered " + r.statusCode());
                }
                return r.body();
            } catch (IOException e) {
                throw new IllegalStateException("the package at " + u + " is unreadable: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
    }

    /** The running host instance: the package, and how often the app was restarted (each start loads it anew). */
    private String packageKey(String app, byte[] zip) {
        Map<String, Object> site = sites.get(app.toLowerCase(Locale.ROOT));
        Object restarts = site == null ? null : props(site).get("_restarts");
        return app + "@" + Integer.toHexString(java.util.Arrays.hashCode(zip)) + "-" + zip.length
                + (restarts == null ? "" : "-r" + restarts);
    }

    private void runHttp(HttpExchange ex, String app, String fn, Map<String, Object> config, String method, byte[] body)
            throws IOException {
        byte[] zip = packageOf(app);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        URI uri = URI.create("http://127.0.0.1" + ex.getRequestURI().getRawPath().replaceFirst("^/sites/[^/]+", "")
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()));
        AzurePackageHost.Answer a = packageHost.http(packageKey(app, zip), zip, environment(app), fn,
                String.valueOf(config.get("entryPoint")), method, uri, headers, body);
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        if (a.body().length > 0) {
            ex.getResponseBody().write(a.body());
        }
        ex.getResponseBody().close();
    }

    private void runEvent(String app, String fn, Map<String, Object> config, byte[] body, List<String> log, String id) {
        byte[] zip = packageOf(app);
        String trigger = "";
        if (config.get("bindings") instanceof List<?> bindings) {
            for (Object b : bindings) {
                Map<String, Object> bm = stringObjectMap(b);
                if ("in".equals(bm.get("direction")) || String.valueOf(bm.get("type")).endsWith("Trigger")) {
                    trigger = String.valueOf(bm.get("type"));
                    break;
                }
            }
        }
        String input = "";
        try {
            Object in = JSON.readValue(body, Map.class).get("input");
            input = in == null ? "" : String.valueOf(in);
        } catch (IOException | RuntimeException e) {
            input = new String(body, StandardCharsets.UTF_8);
        }
        Throwable failure = packageHost.event(packageKey(app, zip), zip, environment(app), fn,
                String.valueOf(config.get("entryPoint")), trigger, input);
        if (failure != null) {
            // the admin endpoint has already been answered 202 on Azure; the failure shows in the log only
            log.add(java.time.Instant.now() + " [Error] Executed 'Functions." + fn + "' (Failed, Id=" + id + "): " + failure);
        }
    }

    // ------------------------------------------------------------------ Kudu (SCM) sites

    private void scm(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        Matcher m = match("/scm/([^/]+)(/.*)", path);
        Map<String, Object> site = m == null ? null : sites.get(m.group(1).toLowerCase(Locale.ROOT));
        if (site == null) {
            error(ex, 404, "NotFound", "no such app");
            return;
        }
        if (!"Bearer ".regionMatches(true, 0, header(ex, "Authorization"), 0, 7)) {
            ex.sendResponseHeaders(401, -1);
            return;
        }
        String app = m.group(1).toLowerCase(Locale.ROOT);
        String rest = m.group(2);
        if (rest.equals("/api/publish") && method.equals("POST")) {
            if (parseZip(body).isEmpty()) {
                error(ex, 400, "BadRequest", "the package holds no function.json");
                return;
            }
            published.put(app, body);
            oneDeploys.incrementAndGet();
            new Reply(200, map("status", 4, "complete", true), Map.of()).send(ex);
            return;
        }
        Matcher lm = match("/api/logstream/application/functions/function/([^/]+)", rest);
        if (lm != null && method.equals("GET")) {
            ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            StringBuilder sb = new StringBuilder(java.time.Instant.now() + "  Welcome, you are now connected to log-streaming service.\n");
            for (String line : appLogs.getOrDefault(app, List.of())) {
                if (line.contains("'Functions." + lm.group(1) + "'")) {
                    sb.append(line).append('\n');
                }
            }
            ex.getResponseBody().write(sb.toString().getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            Faults.pause(Duration.ofSeconds(3)); // the stream stays open, as Kudu's does, until the client leaves
            return;
        }
        error(ex, 404, "NotFound", "no Kudu route " + rest);
    }

    // ------------------------------------------------------------------ long-running operations

    private Reply accepted(String sub, Runnable complete) {
        String op = startOperation(complete);
        return new Reply(202, null, Map.of("Azure-AsyncOperation", endpoint() + "/subscriptions/" + sub
                + "/providers/Microsoft.Web/operations/" + op + "?api-version=2025-03-01", "Retry-After", "0"));
    }

    private String startOperation(Runnable complete) {
        String id = UUID.randomUUID().toString();
        Operation op = new Operation(new int[]{lroPolls}, complete, new boolean[]{false});
        operations.put(id, op);
        // Azure finishes an operation whether or not anyone polls it (a killed build does not stop it)
        timer.schedule(() -> finish(op), operationDuration.toMillis(), TimeUnit.MILLISECONDS);
        return id;
    }

    private static void finish(Operation op) {
        synchronized (op) {
            if (!op.done[0]) {
                op.done[0] = true;
                op.complete.run();
            }
        }
    }

    /** How long an operation runs on its own before it completes, polled or not. */
    public ArmTestServer operationDuration(Duration d) {
        this.operationDuration = d;
        return this;
    }

    private Reply pollOperation(String id, boolean locationStyle) {
        Operation op = operations.get(id);
        if (op == null) {
            return err(404, "OperationNotFound", "Operation " + id + " was not found.");
        }
        synchronized (op) {
            if (!op.done[0] && op.pollsLeft[0]-- > 0) {
                return locationStyle ? new Reply(202, null, Map.of("Retry-After", "0"))
                        : new Reply(200, map("status", "InProgress"), Map.of("Retry-After", "0"));
            }
        }
        finish(op);
        return locationStyle ? new Reply(200, null, Map.of()) : ok(map("status", "Succeeded"));
    }

    /** Lets operations a client abandoned finish, as Azure does: a killed build leaves them running to completion. */
    public void completeAllOperations() {
        operations.values().forEach(ArmTestServer::finish);
    }

    private static void setState(Map<String, Object> resource, String state) {
        props(resource).put("provisioningState", state);
    }

    // ------------------------------------------------------------------ helpers

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("properties");
    }

    /** Drops the server's private fields (leading underscore) from a resource. */
    private static Map<String, Object> publicView(Map<String, Object> resource) {
        Map<String, Object> out = new LinkedHashMap<>();
        resource.forEach((k, v) -> {
            if (!k.startsWith("_")) {
                if (v instanceof Map<?, ?> inner && k.equals("properties")) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    inner.forEach((ik, iv) -> {
                        if (!String.valueOf(ik).startsWith("_")) {
                            p.put(String.valueOf(ik), iv);
                        }
                    });
                    out.put(k, p);
                } else {
                    out.put(k, v);
                }
            }
        });
        return out;
    }

    /**
     * Checks a request body against the Azure SDK's model of it: the models are generated from Microsoft's REST API
     * specifications (azure-rest-api-specs, specification/web/resource-manager/Microsoft.Web/stable/2025-03-01 for
     * appservice 2.54.1, specification/storage/resource-manager/Microsoft.Storage/stable for storage 2.55.2,
     * specification/resources/resource-manager/Microsoft.Resources/stable for resources 2.53.5; read 2026-12), which are
     * not published as data on Maven Central or npm. Deserializing checks each property's JSON type; validate() throws
     * for every property the spec marks required ("Missing required property location in model SiteInner").
     *
     * @return why the body does not fit the model, or null
     */
    private static String modelError(Class<?> model, byte[] body) {
        if (body.length == 0) {
            return "the body is empty";
        }
        // The SDK's Resource base does not check it, so by hand: every tracked resource (Microsoft.Web sites and
        // serverfarms) requires location (azure-rest-api-specs, Microsoft.Web/stable/2025-03-01/CommonDefinitions.json,
        // definition Resource, "required": ["location"]; read 2026-12)
        if (model.getSimpleName().equals("SiteInner") || model.getSimpleName().equals("AppServicePlanInner")) {
            try {
                if (!(parse(body).get("location") instanceof String)) {
                    return "Missing required property location in model " + model.getSimpleName();
                }
            } catch (IOException e) {
                return e.getMessage();
            }
        }
        try (com.azure.json.JsonReader reader = com.azure.json.JsonProviders.createReader(body)) {
            Object value = model.getMethod("fromJson", com.azure.json.JsonReader.class).invoke(null, reader);
            if (value == null) {
                return "the body is not a " + model.getSimpleName();
            }
            model.getMethod("validate").invoke(value);
            return null;
        } catch (java.lang.reflect.InvocationTargetException e) {
            return String.valueOf(e.getCause().getMessage());
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** A mutable, thread-safe, insertion-ordered map from alternating keys and values; null values are left out. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                ordered.put((String) kv[i], kv[i + 1]);
            }
        }
        return java.util.Collections.synchronizedMap(ordered);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> stringObjectMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(byte[] body) throws IOException {
        return body.length == 0 ? new LinkedHashMap<>() : JSON.readValue(body, LinkedHashMap.class);
    }

    private static String header(HttpExchange ex, String name) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null ? "" : v;
    }

    private static Map<String, String> query(HttpExchange ex) {
        return QueryStrings.single(ex.getRequestURI().getRawQuery());
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        new Reply(status, Map.of("error", Map.of("code", code, "message", message)), Map.of()).send(ex);
    }

}
