package dev.faasport.provider.knative;

import dev.faasport.spi.ProviderException;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.time.Duration;

/** Maps Kubernetes API failures to {@link ProviderException}s: 409, 429, 5xx and network errors are retryable. */
final class KnativeErrors {

    private KnativeErrors() {
    }

    static ProviderException map(String what, RuntimeException e) {
        if (!(e instanceof KubernetesClientException k)) {
            return new ProviderException(what + " failed: " + e, "perhaps you should report this with the build log", false, null, e);
        }
        int code = k.getCode();
        String reason = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage() : k.getMessage();
        String message = what + " failed" + (code > 0 ? " (HTTP " + code + ")" : "") + ": " + reason;
        if (code == 409) {
            return new ProviderException(message, "perhaps you should retry: someone else changed the service meanwhile", true, null, e);
        }
        if (code == 429 || code >= 500) {
            return new ProviderException(message, "perhaps you should retry later: the API server is busy or failing",
                    true, retryAfter(k), e);
        }
        if (code == 401 || code == 403) {
            return new ProviderException(message, "perhaps you should check the kubeconfig credentials (knative.context) "
                    + "and that your account may manage services.serving.knative.dev in the namespace", false, null, e);
        }
        if (code == 404) {
            return new ProviderException(message, "perhaps you should install Knative Serving in the cluster "
                    + "(the serving.knative.dev/v1 API is missing) or check knative.namespace", false, null, e);
        }
        if (code == 400 || code == 422) {
            return new ProviderException(message, "perhaps you should fix the function's configuration that the API server rejects",
                    false, null, e);
        }
        if (code <= 0 && hasCause(e, IOException.class)) {
            return new ProviderException(what + " failed: " + rootMessage(e), "perhaps you should check that the cluster is reachable (knative.endpoint, knative.context)",
                    true, null, e);
        }
        return new ProviderException(message, "perhaps you should check the cluster and the function's configuration", false, null, e);
    }

    private static Duration retryAfter(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getDetails() != null && e.getStatus().getDetails().getRetryAfterSeconds() != null) {
            return Duration.ofSeconds(e.getStatus().getDetails().getRetryAfterSeconds());
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + " " + root.getMessage();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
