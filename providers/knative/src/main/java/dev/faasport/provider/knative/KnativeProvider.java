package dev.faasport.provider.knative;

import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The Knative target ({@code knative}): each function runs as a Knative Service from its OCI image, with memory,
 * timeout, concurrency and min/max scale mapped from the neutral model. Settings: {@code knative.namespace} (default
 * {@code default}), {@code knative.endpoint} (API server URL override), {@code knative.context} (kubeconfig context),
 * {@code knative.readyTimeoutSeconds} (how long apply waits for the service to become Ready, default 120, 0 = do not
 * wait), {@code knative.servingNamespace} (where Knative Serving's config-defaults ConfigMap is read for the cluster's
 * maximum timeout and concurrency, default {@code knative-serving}). Credentials come from the kubeconfig or the
 * in-cluster service account, as kubectl finds them.
 */
public final class KnativeProvider implements Provider {

    /** The id users select this provider by. */
    public static final String ID = "knative";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Knative";
    }

    /** What KnativeSettings and the function options read; any other knative.* key is refused as a misspelling. */
    @Override
    public java.util.Set<String> knownProperties() {
        return java.util.Set.of("knative.context", "knative.endpoint", "knative.maxScale", "knative.namespace",
                "knative.readyTimeoutSeconds", "knative.servingNamespace");
    }

    @Override
    public java.util.Optional<String> secretStore(String secret) {
        return java.util.Optional.of("a Kubernetes Secret in the Services' namespace: "
                + createSecretCommand(secret, "<knative.namespace>"));
    }

    static String createSecretCommand(String secret, String namespace) {
        return "kubectl create secret generic " + secret + " --from-file=" + KnativeServices.SECRET_KEY
                + "=<file holding the value> -n " + namespace;
    }

    @Override
    public PackageFormat packageFormat() {
        return PackageFormat.OCI_IMAGE;
    }

    @Override
    public UnitGrouping grouping() {
        return UnitGrouping.PER_FUNCTION;
    }

    @Override
    public ProviderSession open(ProviderConfig config) throws ProviderException {
        KnativeSettings settings = KnativeSettings.from(config);
        KubernetesClient client = settings.newClient();
        return new KnativeSession(settings, client, config.log());
    }
}
