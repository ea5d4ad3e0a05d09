package dev.faasport.provider.knative;

import dev.faasport.spi.DoctorLines;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.UnitUpdate;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One Knative session for one function set: a unit is one Knative Service named after the function, labelled with
 * the set and function, annotated with the code and configuration hashes. Thread-safe: it keeps no per-call state.
 */
final class KnativeSession implements ProviderSession {

    /** The container Knative names the user's container in a revision's pods. */
    static final String USER_CONTAINER = "user-container";
    /** Knative Serving's ConfigMap of defaults and maxima for revisions. */
    static final String CONFIG_DEFAULTS = "config-defaults";
    /** Request headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final KnativeSettings settings;
    private final KubernetesClient client;
    private final ProviderConfig.Log log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    KnativeSession(KnativeSettings settings, KubernetesClient client, ProviderConfig.Log log) {
        this.settings = settings;
        this.client = client;
        this.log = log == null ? ProviderConfig.Log.silent() : log;
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> services() {
        return client.genericKubernetesResources(KnativeServices.SERVICES);
    }

    @Override
    public List<DeployedUnit> list() throws ProviderException {
        try {
            List<DeployedUnit> units = new ArrayList<>();
            for (GenericKubernetesResource r : services().inNamespace(settings.namespace())
                    .withLabel(KnativeServices.LABEL_SET, settings.setName()).list().getItems()) {
                units.add(KnativeServices.toDeployedUnit(r));
            }
            units.sort(Comparator.comparing(DeployedUnit::name));
            return units;
        } catch (RuntimeException e) {
            throw KnativeErrors.map("Listing the Knative Services of set '" + settings.setName() + "' in namespace '"
                    + settings.namespace() + "'", e);
        }
    }

    /**
     * Checks every unit before the first change, so that one the cluster would reject deploys none; every referenced
     * Secret must exist with its key before a Service refers to it: else the revision never starts.
     */
    @Override
    public void verify(List<DeployUnit> units) throws ProviderException {
        for (DeployUnit unit : units) {
            KnativeServices.validate(unit);
        }
        for (DeployUnit u : units) {
            for (dev.faasport.spi.FunctionSpec f : u.functions()) {
                for (Map.Entry<String, String> ref : f.secrets().entrySet()) {
                    if (!secretExists(ref.getValue()).orElse(false)) {
                        throw ProviderException.permanent("Function '" + f.name() + "' references secret '"
                                + ref.getValue() + "' (environment variable " + ref.getKey() + "), but namespace '"
                                + settings.namespace() + "' holds no Secret '" + ref.getValue() + "' with key '"
                                + KnativeServices.SECRET_KEY + "'", "perhaps you should create it: "
                                + KnativeProvider.createSecretCommand(ref.getValue(), settings.namespace()));
                    }
                }
            }
        }
    }

    @Override
    public java.util.Optional<Boolean> secretExists(String secret) throws ProviderException {
        try {
            io.fabric8.kubernetes.api.model.Secret s = client.secrets().inNamespace(settings.namespace()).withName(secret).get();
            return java.util.Optional.of(s != null && ((s.getData() != null && s.getData().containsKey(KnativeServices.SECRET_KEY))
                    || (s.getStringData() != null && s.getStringData().containsKey(KnativeServices.SECRET_KEY))));
        } catch (KubernetesClientException e) {
            throw KnativeErrors.map("Reading Secret '" + secret + "' in namespace '" + settings.namespace() + "'", e);
        }
    }

    @Override
    public DeployedUnit apply(UnitUpdate change) throws ProviderException {
        return deploy(change.desired());
    }

    private DeployedUnit deploy(DeployUnit unit) throws ProviderException {
        KnativeServices.validate(unit);
        if (!unit.setName().equals(settings.setName())) {
            throw ProviderException.permanent("Unit '" + unit.name() + "' belongs to set '" + unit.setName()
                    + "', not to this session's set '" + settings.setName() + "'", "perhaps you should open a session for its set");
        }
        GenericKubernetesResource desired = KnativeServices.toResource(unit, settings.namespace());
        String what = "Deploying Knative Service '" + unit.name() + "' in namespace '" + settings.namespace() + "'";
        GenericKubernetesResource applied;
        try {
            Resource<GenericKubernetesResource> existing = services().inNamespace(settings.namespace()).withName(unit.name());
            GenericKubernetesResource current = existing.get();
            if (current == null) {
                log.info("Creating Knative Service " + unit.name() + " from " + unit.artifact().imageRef());
                applied = services().inNamespace(settings.namespace()).resource(desired).create();
            } else {
                String owner = current.getMetadata().getLabels() == null ? null
                        : current.getMetadata().getLabels().get(KnativeServices.LABEL_SET);
                if (!settings.setName().equals(owner)) {
                    throw ProviderException.permanent("Knative Service '" + unit.name() + "' in namespace '" + settings.namespace()
                            + "' exists but " + (owner == null ? "was not deployed by Faasport" : "belongs to set '" + owner + "'"),
                            "perhaps you should rename the function or deploy to another knative.namespace");
                }
                log.info("Updating Knative Service " + unit.name() + " to " + unit.artifact().imageRef());
                // the resourceVersion makes the update conditional: a concurrent change answers 409 and is retried
                desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                KnativeServices.keepForeignMetadata(current, desired);
                applied = services().inNamespace(settings.namespace()).resource(desired).update();
            }
        } catch (RuntimeException e) {
            throw KnativeErrors.map(what, e);
        }
        return KnativeServices.toDeployedUnit(awaitReady(unit.name(), applied));
    }

    /** Waits until Knative reports the latest generation Ready (or failed), within knative.readyTimeoutSeconds. */
    private GenericKubernetesResource awaitReady(String name, GenericKubernetesResource applied) throws ProviderException {
        if (settings.readyTimeout().isZero()) {
            return applied;
        }
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        Long generation = applied.getMetadata().getGeneration();
        GenericKubernetesResource r = applied;
        while (true) {
            Number observed = r.get("status", "observedGeneration");
            boolean fresh = generation == null || (observed != null && observed.longValue() >= generation);
            var ready = KnativeServices.readyCondition(r);
            if (fresh && ready.isPresent()) {
                String status = KnativeServices.string(ready.get().get("status"));
                if ("True".equals(status)) {
                    return r;
                }
                if ("False".equals(status)) {
                    throw ProviderException.permanent("Knative Service '" + name + "' is not Ready: "
                            + ready.get().get("reason") + ": " + ready.get().get("message"),
                            "perhaps you should check that the image can be pulled and starts an HTTP server on $PORT "
                                    + "(kubectl describe ksvc " + name + " -n " + settings.namespace() + ")");
                }
            }
            if (System.nanoTime() > deadline) {
                throw ProviderException.transientFailure("Knative Service '" + name + "' did not become Ready within "
                        + settings.readyTimeout().toSeconds() + " s", null, null);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ProviderException.transientFailure("Waiting for Knative Service '" + name + "' was interrupted", null, e);
            }
            try {
                r = services().inNamespace(settings.namespace()).withName(name).get();
            } catch (RuntimeException e) {
                throw KnativeErrors.map("Reading Knative Service '" + name + "'", e);
            }
            if (r == null) {
                throw ProviderException.transientFailure("Knative Service '" + name + "' disappeared while deploying", null, null);
            }
        }
    }

    private DeployedUnit read(String name) throws ProviderException {
        GenericKubernetesResource r = find(name);
        if (r == null) {
            throw ProviderException.permanent("Knative Service '" + name + "' of set '" + settings.setName() + "' was not found in namespace '"
                    + settings.namespace() + "'", "perhaps you should deploy the set first (mvn faas:deploy)");
        }
        return KnativeServices.toDeployedUnit(r);
    }

    /** @return this set's service for a function, or null */
    private GenericKubernetesResource find(String function) throws ProviderException {
        try {
            GenericKubernetesResource r = services().inNamespace(settings.namespace()).withName(function).get();
            if (r != null && r.getMetadata().getLabels() != null
                    && settings.setName().equals(r.getMetadata().getLabels().get(KnativeServices.LABEL_SET))) {
                return r;
            }
            return null;
        } catch (RuntimeException e) {
            throw KnativeErrors.map("Reading Knative Service '" + function + "'", e);
        }
    }

    @Override
    public void delete(DeployedUnit unit) throws ProviderException {
        try {
            // only a service this set deployed: never a same-named service of someone else
            if (find(unit.name()) != null) {
                log.info("Deleting Knative Service " + unit.name());
                services().inNamespace(settings.namespace()).withName(unit.name()).delete();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw KnativeErrors.map("Deleting Knative Service '" + unit.name() + "'", e);
            }
        } catch (RuntimeException e) {
            throw KnativeErrors.map("Deleting Knative Service '" + unit.name() + "'", e);
        }
    }

    @Override
    public InvocationResult invoke(String function, Invocation invocation) throws ProviderException {
        DeployedUnit unit = read(function);
        String url = unit.endpoints().get(function);
        if (url == null) {
            throw ProviderException.permanent("Knative Service '" + function + "' has no URL yet (status.url is empty)",
                    "perhaps you should wait until it is Ready (kubectl get ksvc " + function + " -n " + settings.namespace() + ")");
        }
        String path = invocation.path().startsWith("/") ? invocation.path() : "/" + invocation.path();
        URI uri = URI.create(url.replaceAll("/+$", "") + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(
                        unit.functions().isEmpty() ? 300 : unit.functions().get(0).timeoutSeconds() + 10L))
                .method(invocation.method(), HttpRequest.BodyPublishers.ofByteArray(invocation.body()));
        invocation.headers().forEach((k, v) -> {
            if (!RESTRICTED_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                request.header(k, v);
            }
        });
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.headers().map().forEach((k, v) -> headers.put(k, String.join(",", v)));
            return new InvocationResult(response.statusCode(), headers, response.body(), List.of());
        } catch (IOException e) {
            throw ProviderException.transientFailure("Invoking function '" + function + "' at " + uri + " failed: " + e.getMessage()
                    + ", perhaps you should check that the URL is reachable from this machine (cluster-local services are not)", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.transientFailure("Invoking function '" + function + "' was interrupted", null, e);
        }
    }

    @Override
    public List<String> logs(String function, int maxLines) throws ProviderException {
        try {
            List<Pod> pods = new ArrayList<>(client.pods().inNamespace(settings.namespace())
                    .withLabel("serving.knative.dev/service", function).list().getItems());
            pods.sort(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())));
            List<String> lines = new ArrayList<>();
            for (Pod pod : pods) {
                String text;
                try {
                    text = client.pods().inNamespace(settings.namespace()).withName(pod.getMetadata().getName())
                            .inContainer(USER_CONTAINER).tailingLines(maxLines).getLog();
                } catch (KubernetesClientException e) {
                    if (e.getCode() == 404 || e.getCode() == 400) {
                        continue; // a pod that is gone or not started yet has no log to show
                    }
                    throw e;
                }
                if (text != null && !text.isEmpty()) {
                    for (String line : text.split("\r?\n")) {
                        lines.add(pods.size() > 1 ? "[" + pod.getMetadata().getName() + "] " + line : line);
                    }
                }
            }
            return lines.size() > maxLines ? List.copyOf(lines.subList(lines.size() - maxLines, lines.size())) : lines;
        } catch (RuntimeException e) {
            throw KnativeErrors.map("Reading the logs of function '" + function + "'", e);
        }
    }

    /**
     * The cluster's own maxima from Knative Serving's config-defaults ConfigMap ({@code max-revision-timeout-seconds},
     * {@code container-concurrency-max-limit}); empty when the ConfigMap cannot be read (no RBAC access to the
     * Serving namespace is common for application teams), so the documented defaults apply.
     */
    @Override
    public Map<String, Long> liveLimits() {
        ConfigMap defaults;
        try {
            defaults = client.configMaps().inNamespace(settings.servingNamespace()).withName(CONFIG_DEFAULTS).get();
        } catch (RuntimeException e) {
            log.debug("Reading ConfigMap " + settings.servingNamespace() + "/" + CONFIG_DEFAULTS + " failed ("
                    + e.getMessage() + "): Knative's documented defaults apply");
            return Map.of();
        }
        Map<String, Long> out = new TreeMap<>();
        if (defaults != null && defaults.getData() != null) {
            whole(defaults.getData().get("max-revision-timeout-seconds")).ifPresent(v -> out.put("timeout.seconds", v));
            whole(defaults.getData().get("container-concurrency-max-limit")).ifPresent(v -> out.put("concurrency.max", v));
        }
        return out;
    }

    private static Optional<Long> whole(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> doctor() throws ProviderException {
        List<String> lines = new ArrayList<>();
        lines.add("API server: " + client.getConfiguration().getMasterUrl()
                + (settings.context() == null ? "" : " (context " + settings.context() + ")"));
        try {
            VersionInfo version = client.getKubernetesVersion();
            lines.add("Kubernetes version: " + version.getGitVersion());
        } catch (RuntimeException e) {
            ProviderException p = KnativeErrors.map("Reading the Kubernetes server version", e);
            lines.add(DoctorLines.failed("Kubernetes version", p));
        }
        try {
            int count = services().inNamespace(settings.namespace()).list().getItems().size();
            lines.add("Namespace '" + settings.namespace() + "': can list Knative Services (" + count + " found)");
        } catch (RuntimeException e) {
            ProviderException p = KnativeErrors.map("Listing Knative Services in namespace '" + settings.namespace() + "'", e);
            lines.add(DoctorLines.failed("Namespace '" + settings.namespace() + "'", p));
        }
        return lines;
    }

    @Override
    public void close() {
        client.close();
    }
}
