package dev.faasport.provider.azure;

import com.azure.resourcemanager.appservice.fluent.models.SiteInner;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An app's Kudu (SCM) site: one deploy of Flex Consumption packages, and the log stream. */
final class KuduClient {
    private final AzureSettings s;
    private final AzureClients c;
    private final HttpClient http;
    private final ProviderConfig.Log log;

    KuduClient(AzureSettings settings, AzureClients clients, HttpClient http, ProviderConfig.Log log) {
        this.s = settings;
        this.c = clients;
        this.http = http;
        this.log = log;
    }

    /** @return the app's Kudu base URL, or null when it has none */
    String scmBase(SiteInner site) {
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
    void oneDeploy(SiteInner site, Artifact artifact) throws ProviderException {
        String scm = scmBase(site);
        if (scm == null) {
            throw ProviderException.permanent("App '" + site.name() + "' has no Kudu (SCM) site to deploy its package to",
                    "check that the Flex Consumption app was created, or set azure.scmHost for an emulator");
        }
        String what = "Deploying the package of Flex Consumption app '" + site.name() + "'";
        try {
            log.info("Publishing " + artifact.path().getFileName() + " to " + site.name() + " (one deploy)");
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(scm + "/api/publish?type=zip&RemoteBuild=false"))
                            .header("Authorization", "Bearer " + c.bearerToken()).header("Content-Type", "application/zip")
                            .timeout(Duration.ofMinutes(10))
                            .POST(HttpRequest.BodyPublishers.ofFile(artifact.path())).build(),
                    HttpResponse.BodyHandlers.ofString());
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

    /**
     * @return the last lines of the function's application log that arrive within azure.logWindowMs
     * @throws ProviderException when the app has no Kudu site
     */
    List<String> functionLogs(SiteInner site, String app, String function, int maxLines) throws ProviderException {
        String scm = scmBase(site);
        if (scm == null) {
            throw ProviderException.permanent("App '" + app + "' has no Kudu (SCM) site to stream logs from (Linux Consumption has none)",
                    AzureSuggestions.EMULATOR_LOGS);
        }
        return readStream(URI.create(scm + "/api/logstream/application/functions/function/" + function), maxLines, s.logWindow());
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
            HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + c.bearerToken()).GET().build();
            Future<?> f = reader.submit(() -> {
                HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
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
            } catch (TimeoutException expected) {
                f.cancel(true);
            }
        } catch (ExecutionException e) {
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
}
