package dev.faasport.spi;

import java.util.Map;
import java.util.TreeMap;

/**
 * The variables a provider adds to a function's environment for Faasport's runtime adapter. The providers set them
 * and faas:check counts them, because a vendor limits the environment as deployed, not as the user wrote it; keeping
 * them here lets packaging know them without depending on a provider.
 */
public final class FaasportEnvironment {

    /** Every Faasport variable starts with this; users may not set them. */
    public static final String PREFIX = "FAASPORT_";
    /** Which function of the package to run (read by every adapter). */
    public static final String FUNCTION = "FAASPORT_FUNCTION";
    /**
     * The function's timeout in seconds, for adapters on platforms that do not tell a function its time left (Google,
     * Knative): set by those providers, so that a timeout change is a configuration update, never a new package.
     */
    public static final String TIMEOUT_SECONDS = "FAASPORT_TIMEOUT_SECONDS";
    /** AWS queue functions: report failed messages one by one, matching ReportBatchItemFailures on the mapping. */
    public static final String SQS_BATCH_ITEM_FAILURES = "FAASPORT_SQS_BATCH_ITEM_FAILURES";

    /**
     * AWS: {@code FAASPORT_SECRET_<VARIABLE>=<secret name>} for each secret reference; the adapter reads the secret
     * from Secrets Manager at cold start and gives user code its value as {@code <VARIABLE>}.
     */
    public static final String SECRET_PREFIX = "FAASPORT_SECRET_";

    private FaasportEnvironment() {
    }

    /**
     * @param providerId the target ({@code aws}); providers that set nothing here deploy the user's variables as they are
     * @return the function's environment as the provider deploys it: the user's variables plus the provider's own
     */
    public static Map<String, String> deployed(String providerId, FunctionSpec function) {
        Map<String, String> env = new TreeMap<>(function.environment());
        if ("aws".equals(providerId)) {
            env.put(FUNCTION, function.name());
            if (function.trigger() instanceof Trigger.Queue) {
                env.put(SQS_BATCH_ITEM_FAILURES, "true");
            }
            function.secrets().forEach((variable, secret) -> env.put(SECRET_PREFIX + variable, secret));
        }
        return env;
    }
}
