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

    /** @return whether units hold one function or a whole app */
    UnitGrouping grouping();

    /**
     * Opens a session: builds clients (honouring an endpoint override and the vendor's default credential chain),
     * and for the local provider starts the runtime when it is not running. Validates configuration before any
     * remote call.
     */
    ProviderSession open(ProviderConfig config) throws ProviderException;

    /** How a target groups functions into deploy units. */
    enum UnitGrouping {
        /** one unit per function (Lambda, Cloud Functions, Knative, local) */
        PER_FUNCTION,
        /** one unit per app, holding many functions (Azure Functions) */
        PER_APP
    }
}
