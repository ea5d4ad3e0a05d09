package dev.faasport.provider.azure;

import com.azure.core.http.HttpMethod;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.Trigger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Event Grid subscriptions that feed Flex Consumption blob triggers ({@code "source": "EventGrid"}): one per
 * storage function, on the set's storage account, delivering BlobCreated events for the function's container, prefix
 * and suffix to the app's blobs extension webhook (Microsoft Learn, "Tutorial: Trigger Azure Functions on blob
 * containers using an event subscription"). Event subscriptions carry no tags: their labels say {@code faasport-set},
 * {@code faasport-app} and {@code faasport-function}, and that is how Faasport finds its own.
 *
 * <p>Plain ARM REST through the SDK's pipeline: {@code azure-resourcemanager-eventgrid} does not resolve from the Maven
 * repository this project builds with (no version of it is served there).
 */
final class BlobEventSubscriptions {
    /** Event Grid's GA management API version. */
    static final String API_VERSION = "2022-06-15";
    static final String BLOB_CREATED = "Microsoft.Storage.BlobCreated";
    private static final int MAX_NAME = 64;
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final AzureSettings s;
    private final AzureClients c;
    private final ProviderConfig.Log log;

    BlobEventSubscriptions(AzureSettings settings, AzureClients clients, ProviderConfig.Log log) {
        this.s = settings;
        this.c = clients;
        this.log = log;
    }

    /** Reads a key only when it is needed. */
    interface KeySource {
        String get() throws ProviderException;
    }

    /** @return the unit's functions whose blob trigger reads Event Grid (every storage function on Flex Consumption) */
    static List<FunctionSpec> eventGridFunctions(List<FunctionSpec> functions) {
        return functions.stream().filter(f -> f.trigger() instanceof Trigger.Storage).toList();
    }

    /**
     * Makes the app's subscriptions those of its blob functions: creates missing ones, rewrites changed ones, deletes
     * those of functions the app no longer has.
     *
     * @param hostBase  the app's host URL (https://app.azurewebsites.net)
     * @param blobKey   the host's blobs_extension system key, read only when a subscription must be written
     */
    void ensure(String account, String app, String hostBase, List<FunctionSpec> functions, KeySource blobKey)
            throws ProviderException {
        Map<String, Map<String, Object>> existing = ours(account, app);
        Map<String, FunctionSpec> wanted = new TreeMap<>();
        for (FunctionSpec f : eventGridFunctions(functions)) {
            wanted.put(name(app, f.name()), f);
        }
        String key = null;
        for (Map.Entry<String, FunctionSpec> w : wanted.entrySet()) {
            Trigger.Storage t = (Trigger.Storage) w.getValue().trigger();
            Map<String, Object> filter = filter(t);
            Map<String, Object> have = existing.get(w.getKey());
            if (have != null && filter.equals(filterOf(have)) && "Succeeded".equals(props(have).get("provisioningState"))) {
                continue;
            }
            if (key == null) {
                key = blobKey.get();
            }
            String fn = w.getValue().name();
            String endpoint = hostBase + "/runtime/webhooks/blobs?functionName=" + enc("Host.Functions." + fn) + "&code=" + enc(key);
            Map<String, Object> body = Map.of("properties", Map.of(
                    "destination", Map.of("endpointType", "WebHook", "properties", Map.of("endpointUrl", endpoint)),
                    "filter", filter,
                    "labels", List.of(FunctionAppMapping.TAG_SET + "=" + s.setName(), "faasport-app=" + app, FunctionAppMapping.TAG_UNIT + "=" + fn),
                    "eventDeliverySchema", "EventGridSchema"));
            log.info("Subscribing function " + fn + " of " + app + " to blob events of " + account + "/" + t.bucket());
            String what = "Creating the Event Grid subscription of blob function '" + fn + "' (app '" + app + "')";
            c.arm(HttpMethod.PUT, path(account, w.getKey()), body, what);
            await(account, w.getKey(), what);
        }
        for (String stale : existing.keySet()) {
            if (!wanted.containsKey(stale)) {
                delete(account, stale);
            }
        }
    }

    /** Deletes every subscription Faasport made for the app. */
    void deleteAll(String account, String app) throws ProviderException {
        for (String name : ours(account, app).keySet()) {
            delete(account, name);
        }
    }

    private void delete(String account, String name) throws ProviderException {
        log.info("Deleting Event Grid subscription " + name);
        try {
            c.arm(HttpMethod.DELETE, path(account, name), null, "Deleting Event Grid subscription '" + name + "'");
        } catch (ProviderException e) {
            if (!e.getMessage().contains("HTTP 404")) {
                throw e;
            }
        }
    }

    /** Event Grid creates subscriptions asynchronously (it validates the webhook first): wait until it says how it went. */
    private void await(String account, String name, String what) throws ProviderException {
        Instant deadline = Instant.now().plus(MAX_WAIT);
        while (true) {
            Map<String, Object> sub = c.arm(HttpMethod.GET, path(account, name), null, what);
            String state = String.valueOf(props(sub).get("provisioningState"));
            if (state.equals("Succeeded")) {
                return;
            }
            if (state.equals("Failed") || state.equals("Canceled")) {
                throw ProviderException.permanent(what + " failed: provisioning state " + state,
                        "check that the app's host is running (Event Grid validates the blobs webhook when subscribing), then deploy again");
            }
            if (Instant.now().isAfter(deadline)) {
                throw ProviderException.transientFailure(what + " did not finish within " + MAX_WAIT.toMinutes()
                        + " minutes (provisioning state " + state + ")", null, null);
            }
            try {
                Thread.sleep(s.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ProviderException.transientFailure(what + " was interrupted", null, e);
            }
        }
    }

    /** @return the app's subscriptions on the account, by name (labels faasport-set and faasport-app) */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> ours(String account, String app) throws ProviderException {
        Map<String, Object> list = c.arm(HttpMethod.GET, scope(account) + "/providers/Microsoft.EventGrid/eventSubscriptions?api-version="
                + API_VERSION, null, "Listing the Event Grid subscriptions of storage account '" + account + "'");
        Map<String, Map<String, Object>> out = new TreeMap<>();
        if (list.get("value") instanceof List<?> values) {
            for (Object v : values) {
                if (v instanceof Map<?, ?> m) {
                    Object labels = props((Map<String, Object>) m).get("labels");
                    if (labels instanceof List<?> l && l.contains(FunctionAppMapping.TAG_SET + "=" + s.setName())
                            && l.contains("faasport-app=" + app)) {
                        out.put(String.valueOf(m.get("name")), (Map<String, Object>) m);
                    }
                }
            }
        }
        return out;
    }

    /** BlobCreated under /blobServices/default/containers/{container}/blobs/{prefix}, ending with the suffix. */
    static Map<String, Object> filter(Trigger.Storage t) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("includedEventTypes", List.of(BLOB_CREATED));
        f.put("subjectBeginsWith", "/blobServices/default/containers/" + t.bucket() + "/blobs/" + t.prefix());
        f.put("subjectEndsWith", t.suffix());
        return f;
    }

    private static Map<String, Object> filterOf(Map<String, Object> sub) {
        Map<String, Object> f = new LinkedHashMap<>();
        Object filter = props(sub).get("filter");
        if (filter instanceof Map<?, ?> m) {
            f.put("includedEventTypes", m.get("includedEventTypes"));
            f.put("subjectBeginsWith", m.get("subjectBeginsWith"));
            f.put("subjectEndsWith", m.get("subjectEndsWith") == null ? "" : m.get("subjectEndsWith"));
        }
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return resource.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
    }

    /** Subscription names are 3-64 letters, digits and hyphens: {@code <app>-<function>}, hashed when longer. */
    static String name(String app, String function) {
        String n = (app + "-" + function).replaceAll("[^A-Za-z0-9-]", "-");
        if (n.length() <= MAX_NAME) {
            return n;
        }
        return n.substring(0, MAX_NAME - 9).replaceAll("-+$", "") + "-" + AzureSettings.shortHash(n, 8);
    }

    private String scope(String account) {
        return "/subscriptions/" + s.subscription() + "/resourceGroups/" + s.resourceGroup()
                + "/providers/Microsoft.Storage/storageAccounts/" + account;
    }

    private String path(String account, String name) {
        return scope(account) + "/providers/Microsoft.EventGrid/eventSubscriptions/" + name + "?api-version=" + API_VERSION;
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
