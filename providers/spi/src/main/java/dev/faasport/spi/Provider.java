package dev.faasport.spi;

/**
 * A deployment target, found by {@link java.util.ServiceLoader}. Implementations are stateless factories; state
 * (clients, connections) lives in the {@link ProviderSession}.
 */
public interface Provider {

    /** @return the id users select it by: {@code local}, {@code aws}, {@code azure}, {@code gcp}, {@code knative} */
    String id();

    /** @return the name shown in reports ("AWS Lambda") */
    String displayName();

    /** @return the artifact layout this target deploys */
    PackageFormat packageFormat();

    /**
     * @return how packages of {@link #packageFormat()} are laid out; empty (the default) for the formats of the
     *         providers Faasport ships, which the packager lays out itself until they move into their providers
     */
    default java.util.Optional<PackageLayout> packageLayout() {
        return java.util.Optional.empty();
    }

    /** @return whether units hold one function or a whole app */
    UnitGrouping grouping();

    /**
     * Opens a session: builds clients (honouring an endpoint override and the vendor's default credential chain),
     * and for the local provider starts the runtime when it is not running. Validates configuration before any
     * remote call.
     */
    ProviderSession open(ProviderConfig config) throws ProviderException;

    /**
     * The property and function option keys this provider reads, each with its prefix ({@code aws.region},
     * {@code aws.snapStart}). Any other key under the prefix is refused as a misspelling, naming the nearest of
     * these; empty (the default) checks nothing.
     */
    default java.util.Set<String> knownProperties() {
        return java.util.Set.of();
    }

    /**
     * How this target's secret store is named in messages and how a user creates a secret there, for a function's
     * {@code secret:NAME} references ({@link FunctionSpec#secrets()}); empty (the default) when the provider cannot
     * resolve references yet, which fails a deployment that has any before the first remote call.
     *
     * @param secret the secret's name
     * @return e.g. "AWS Secrets Manager: aws secretsmanager create-secret --name db-password --secret-string file://F"
     */
    default java.util.Optional<String> secretStore(String secret) {
        return java.util.Optional.empty();
    }

    /** How a target groups functions into deploy units. */
    enum UnitGrouping {
        /** one unit per function (Lambda, Cloud Functions, Knative, local) */
        PER_FUNCTION,
        /** one unit per app, holding many functions (Azure Functions) */
        PER_APP
    }
}
