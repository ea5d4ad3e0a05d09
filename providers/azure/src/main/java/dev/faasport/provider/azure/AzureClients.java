package dev.faasport.provider.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.util.HttpClientOptions;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.appservice.fluent.WebSiteManagementClient;
import com.azure.resourcemanager.appservice.implementation.WebSiteManagementClientBuilder;
import com.azure.resourcemanager.appservice.fluent.AppServicePlansClient;
import com.azure.resourcemanager.appservice.fluent.WebAppsClient;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import com.azure.resourcemanager.resources.implementation.ResourceManagementClientBuilder;
import com.azure.resourcemanager.resources.fluent.ResourceGroupsClient;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;
import com.azure.resourcemanager.storage.implementation.StorageManagementClientBuilder;
import com.azure.resourcemanager.storage.fluent.StorageAccountsClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that builds the SDK clients: ARM endpoint override through a custom {@link AzureEnvironment},
 * {@code DefaultAzureCredential} for Azure, a static fake bearer token only for a loopback http emulator.
 */
final class AzureClients {
    /** Sent to a loopback emulator only; it is not a credential and no Azure endpoint accepts it. */
    static final String EMULATOR_TOKEN = "faasport-emulator-test-token";

    final AzureEnvironment environment;
    final AzureProfile profile;
    /** Time to open a connection (within the call's own timeout). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    final HttpClient httpClient;
    private final com.azure.core.http.policy.RetryOptions retryOptions;
    final HttpPipeline pipeline;
    final TokenCredential credential;
    final ResourceGroupsClient resourceGroups;
    final StorageAccountsClient storageAccounts;
    final WebAppsClient webApps;
    final AppServicePlansClient plans;
    final ResourceManagementClient resources;
    private final AzureSettings settings;

    AzureClients(AzureSettings settings) {
        this.settings = settings;
        this.environment = environment(settings);
        this.profile = new AzureProfile(null, settings.subscription(), environment);
        Duration timeout = settings.callTimeout();
        Duration connect = timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT;
        this.httpClient = HttpClient.createDefault(new HttpClientOptions().setConnectTimeout(connect)
                .setResponseTimeout(timeout).setReadTimeout(timeout).setWriteTimeout(timeout));
        this.retryOptions = Unanswered.retryOptions(settings.retries());
        RetryPolicy retry = new RetryPolicy(retryOptions);
        HttpLogOptions logOptions = new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE);
        if (settings.emulator()) {
            this.credential = null;
            this.pipeline = HttpPipelineProvider.buildHttpPipeline(null, profile, null, logOptions, null, retry,
                    List.of(new StaticBearerPolicy(), new Unanswered.Policy(timeout)), httpClient);
        } else {
            this.credential = new DefaultAzureCredentialBuilder().build();
            this.pipeline = HttpPipelineProvider.buildHttpPipeline(credential, profile, null, logOptions, null, retry,
                    List.of(new Unanswered.Policy(timeout)), httpClient);
        }
        // the generated service clients, built as the managers build them but with our poll interval (theirs is fixed at 30 s)
        String arm = environment.getResourceManagerEndpoint();
        this.resources = new ResourceManagementClientBuilder().pipeline(pipeline).endpoint(arm).environment(environment)
                .subscriptionId(settings.subscription()).defaultPollInterval(settings.pollInterval()).buildClient();
        this.resourceGroups = resources.getResourceGroups();
        this.storageAccounts = new StorageManagementClientBuilder().pipeline(pipeline).endpoint(arm).environment(environment)
                .subscriptionId(settings.subscription()).defaultPollInterval(settings.pollInterval()).buildClient().getStorageAccounts();
        WebSiteManagementClient web = new WebSiteManagementClientBuilder().pipeline(pipeline).endpoint(arm).environment(environment)
                .subscriptionId(settings.subscription()).defaultPollInterval(settings.pollInterval()).buildClient();
        this.webApps = web.getWebApps();
        this.plans = web.getAppServicePlans();
    }

    /**
     * One ARM REST call through the SDK's pipeline (same credential, retries and endpoint), for APIs without an SDK
     * client here (Event Grid, permissions).
     *
     * @param path path and query below the ARM endpoint, with api-version
     * @param body request body serialized as JSON, or null
     * @return the JSON answer (empty for an empty body)
     * @throws dev.faasport.spi.ProviderException for any status but 2xx, mapped like SDK errors
     */
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> arm(HttpMethod method, String path, Object body, String what)
            throws dev.faasport.spi.ProviderException {
        String base = environment.getResourceManagerEndpoint().replaceAll("/+$", "");
        HttpRequest request = new HttpRequest(method, base + path);
        if (body != null) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(BinaryData.fromObject(body).toBytes());
        }
        try (HttpResponse r = pipeline.sendSync(request, Context.NONE)) {
            BinaryData data = r.getBodyAsBinaryData();
            String text = data == null ? "" : data.toString();
            if (r.getStatusCode() / 100 != 2) {
                String code = null;
                String message = text;
                try {
                    Object error = BinaryData.fromString(text).toObject(Map.class).get("error");
                    if (error instanceof Map<?, ?> e) {
                        code = String.valueOf(e.get("code"));
                        message = String.valueOf(e.get("message"));
                    }
                } catch (RuntimeException notJson) {
                    // keep the body as the message
                }
                throw AzureErrors.fromStatus(what, r.getStatusCode(), code, message, r.getHeaders(), null);
            }
            return text.isBlank() ? Map.of() : BinaryData.fromString(text).toObject(Map.class);
        } catch (dev.faasport.spi.ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureErrors.map(what, e);
        }
    }

    /** @return a blob client for the account, at the override endpoint when one is configured */
    BlobServiceClient blobService(String account, String key) {
        return new BlobServiceClientBuilder()
                .endpoint(blobEndpoint(account))
                .credential(new StorageSharedKeyCredential(account, key))
                .httpClient(httpClient)
                .retryOptions(retryOptions)
                .addPolicy(new Unanswered.Policy(settings.callTimeout()))
                .buildClient();
    }

    String blobEndpoint(String account) {
        return settings.storageEndpoint() != null ? settings.storageEndpoint().toString()
                : "https://" + account + ".blob." + environment.getStorageEndpointSuffix().replaceFirst("^\\.", "");
    }

    /** @return a bearer token for management-plane calls made outside the SDK (Kudu, doctor) */
    String bearerToken() {
        if (credential == null) {
            return EMULATOR_TOKEN;
        }
        String scope = environment.getManagementEndpoint().replaceAll("/+$", "") + "/.default";
        return credential.getTokenSync(new TokenRequestContext().addScopes(scope)).getToken();
    }

    private static AzureEnvironment environment(AzureSettings settings) {
        if (settings.endpoint() == null) {
            return AzureEnvironment.AZURE;
        }
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", settings.endpoint() + "/");
        return new AzureEnvironment(endpoints);
    }

    /** Test-only path: an emulator on 127.0.0.1 over http gets a fixed fake token instead of a real identity's. */
    private static final class StaticBearerPolicy implements HttpPipelinePolicy {
        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            context.getHttpRequest().setHeader(HttpHeaderName.AUTHORIZATION, "Bearer " + EMULATOR_TOKEN);
            return next.process();
        }
    }
}
