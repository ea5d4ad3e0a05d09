package dev.faasport.provider.gcp;

import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;

/**
 * Google Cloud Functions (2nd gen, Cloud Run functions) through the Cloud Functions v2 API over its REST transport.
 * Properties are read by {@link GcpSettings}; see there for each key.
 */
public final class GcpProvider implements Provider {

    @Override
    public String id() {
        return "gcp";
    }

    @Override
    public String displayName() {
        return "Google Cloud Functions";
    }

    /** What GcpSettings and FunctionMapping's options read; any other gcp.* key is refused as a misspelling. */
    @Override
    public java.util.Set<String> knownProperties() {
        return java.util.Set.of("gcp.bucket", "gcp.cpu", "gcp.endpoint", "gcp.ingress",
                "gcp.loggingEndpoint", "gcp.maxInstances", "gcp.noCredentials", "gcp.operationTimeoutSeconds",
                "gcp.pollMillis", "gcp.project", "gcp.public", "gcp.pubsubEndpoint",
                "gcp.region", "gcp.resourceManagerEndpoint", "gcp.runEndpoint", "gcp.runtime", "gcp.schedulerEndpoint",
                "gcp.secretManagerEndpoint",
                "gcp.storageEndpoint", "gcp.timeZone", "gcp.triggerRegion");
    }

    @Override
    public java.util.Optional<String> secretStore(String secret) {
        return java.util.Optional.of("Secret Manager, in the functions' project: "
                + createSecretCommand(secret, "<gcp.project>")
                + " (or the console, https://console.cloud.google.com/security/secret-manager)");
    }

    static String createSecretCommand(String secret, String project) {
        return "gcloud secrets create " + secret + " --data-file=<file holding the value> --project=" + project;
    }

    @Override
    public PackageFormat packageFormat() {
        return PackageFormat.GCF_SOURCE_ZIP;
    }

    @Override
    public UnitGrouping grouping() {
        return UnitGrouping.PER_FUNCTION;
    }

    @Override
    public ProviderSession open(ProviderConfig config) throws ProviderException {
        GcpSettings settings = GcpSettings.from(config);
        return new GcpSession(settings, config.log() == null ? ProviderConfig.Log.silent() : config.log());
    }
}
