package dev.faasport.provider.azure;

import com.azure.core.util.BinaryData;
import com.azure.resourcemanager.appservice.fluent.models.HostKeysInner;
import com.azure.resourcemanager.appservice.fluent.models.SiteInner;
import com.azure.resourcemanager.appservice.fluent.models.StringDictionaryInner;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.ProviderException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The apps' function hosts: where a function answers, and invoking it with the key it needs. */
final class FunctionHosts {

    /** Where a function lives: its app, its URL (HTTP functions), the authLevel of its HTTP trigger. */
    record FunctionTarget(String app, String url, String authLevel, boolean http) {
    }

    private final AzureSettings s;
    private final AzureClients c;
    private final HttpClient http;

    FunctionHosts(AzureSettings settings, AzureClients clients, HttpClient http) {
        this.s = settings;
        this.c = clients;
        this.http = http;
    }

    /** @return the base URL of the app's function host */
    String hostBase(SiteInner site) {
        if (s.functionsHost() != null) {
            return s.functionsHost().replace("{app}", site.name());
        }
        String host = site.defaultHostname() != null ? site.defaultHostname() : site.name() + ".azurewebsites.net";
        return "https://" + host;
    }

    /** Calls an HTTP function at its URL, any other through the host's admin endpoint. */
    InvocationResult invoke(FunctionTarget t, String function, Invocation invocation) throws ProviderException {
        String what = "Invoking function '" + function + "' in app '" + t.app() + "'";
        try {
            HttpRequest.Builder rb;
            if (t.http()) {
                String path = invocation.path().equals("/") ? "" : invocation.path();
                rb = HttpRequest.newBuilder(URI.create(t.url() + path))
                        .method(invocation.method(), HttpRequest.BodyPublishers.ofByteArray(invocation.body()));
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
                String base = t.url() != null ? t.url().replaceAll("/api/.*$", "") : hostBase(AzureErrors.orNull(() -> c.webApps.getByResourceGroup(s.resourceGroup(), t.app())));
                String input = new String(invocation.body(), StandardCharsets.UTF_8);
                rb = HttpRequest.newBuilder(URI.create(base + "/admin/functions/" + function))
                        .POST(HttpRequest.BodyPublishers.ofString(BinaryData.fromObject(Map.of("input", input)).toString()))
                        .header("content-type", "application/json").header("x-functions-key", keys.masterKey());
            }
            HttpResponse<byte[]> r = http.send(rb.timeout(Duration.ofSeconds(240)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
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
}
