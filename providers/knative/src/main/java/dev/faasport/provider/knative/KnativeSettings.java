package dev.faasport.provider.knative;

import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The {@code knative.*} properties, validated before any remote call.
 *
 * @param setName      the function set, stored in the {@code faasport-set} label
 * @param namespace    the namespace of the Knative Services
 * @param endpoint     the API server URL, or null for the kubeconfig's
 * @param context      the kubeconfig context, or null for the current one
 * @param readyTimeout how long apply waits for a service to become Ready; zero returns at once
 * @param servingNamespace the namespace Knative Serving is installed in (its config-defaults ConfigMap)
 */
record KnativeSettings(String setName, String namespace, String endpoint, String context, Duration readyTimeout,
                       String servingNamespace) {

    static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    static KnativeSettings from(ProviderConfig config) throws ProviderException {
        String set = config.setName();
        if (set == null || set.length() > 63 || !LABEL_VALUE.matcher(set).matches()) {
            throw ProviderException.permanent("Function set name '" + set + "' cannot be a Kubernetes label value",
                    "perhaps you should use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }
        String namespace = namespace(config, "knative.namespace", "default");
        String endpoint = config.property("knative.endpoint").orElse(null);
        if (endpoint != null && !endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            throw ProviderException.permanent("knative.endpoint '" + endpoint + "' is not an http(s) URL",
                    "perhaps you should write it as https://host:port");
        }
        long ready;
        try {
            ready = Long.parseLong(config.property("knative.readyTimeoutSeconds").orElse("120"));
        } catch (NumberFormatException e) {
            ready = -1;
        }
        if (ready < 0) {
            throw ProviderException.permanent("knative.readyTimeoutSeconds '" + config.properties().get("knative.readyTimeoutSeconds")
                    + "' is not a number of seconds", "perhaps you should set a whole number >= 0");
        }
        return new KnativeSettings(set, namespace, endpoint, config.property("knative.context").orElse(null),
                Duration.ofSeconds(ready), namespace(config, "knative.servingNamespace", "knative-serving"));
    }

    /** @return the namespace a property names, or {@code fallback}; a name Kubernetes would refuse fails here */
    private static String namespace(ProviderConfig config, String key, String fallback) throws ProviderException {
        String namespace = config.property(key).orElse(fallback);
        if (namespace.length() > 63 || !DNS_1123_LABEL.matcher(namespace).matches()) {
            throw ProviderException.permanent(key + " '" + namespace + "' is not a valid namespace name",
                    "perhaps you should use lower-case letters, digits and '-' (at most 63)");
        }
        return namespace;
    }

    /** Builds the client from the kubeconfig (or in-cluster account), with the overrides applied. */
    KubernetesClient newClient() throws ProviderException {
        try {
            Config config = Config.autoConfigure(context);
            if (endpoint != null) {
                config.setMasterUrl(endpoint);
            }
            config.setNamespace(namespace);
            // the core retries failed units itself: the client's own backoff would multiply the attempts
            config.setRequestRetryBackoffLimit(0);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (RuntimeException e) {
            throw ProviderException.permanent("Configuring the Kubernetes client" + (context == null ? "" : " for context '" + context + "'")
                    + " failed: " + e.getMessage(), "perhaps you should check ~/.kube/config (or KUBECONFIG) and knative.context");
        }
    }
}
