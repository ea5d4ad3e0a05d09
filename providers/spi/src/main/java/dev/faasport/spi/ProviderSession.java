package dev.faasport.spi;

import java.util.List;
import java.util.Map;

/**
 * An open connection to one target for one function set: SDK clients are created once in
 * {@link Provider#open(ProviderConfig)} and closed with the session. All methods may be called from several threads
 * at once (the core applies changes in parallel).
 */
public interface ProviderSession extends AutoCloseable {

    /** @return the units Faasport deployed for this set, found by its tags or labels, and nothing else */
    List<DeployedUnit> list() throws ProviderException;

    /**
     * Creates or updates one unit so that the target holds {@code change.desired()}; {@code change.kind()} says what
     * changed, so a session may skip the upload of unchanged code. Must be idempotent: applying the
     * same change again after a failure or a killed build converges to the same state, with nothing duplicated.
     *
     * @return the unit as deployed, with its endpoints
     */
    DeployedUnit apply(UnitUpdate change) throws ProviderException;

    /**
     * Checks the units about to be created or updated against what only the target can tell (the attributes of an
     * existing queue a function will read, for instance). The core calls it after planning and before the first
     * change, so a set that cannot deploy changes nothing. Reads only.
     *
     * @throws ProviderException naming each unit that cannot deploy and what to change
     */
    default void verify(List<DeployUnit> units) throws ProviderException {
    }

    /** Deletes one unit and every resource Faasport created for it. Deleting a missing unit succeeds. */
    void delete(DeployedUnit unit) throws ProviderException;

    /** Invokes one deployed function. */
    InvocationResult invoke(String function, Invocation invocation) throws ProviderException;

    /** @return the function's most recent log lines, oldest first */
    List<String> logs(String function, int maxLines) throws ProviderException;

    /**
     * @return limits read from the live account, overriding the built-in table (keys as in the core's limit data,
     *         e.g. {@code package.unzipped.bytes}); empty when the target has none or they cannot be read
     */
    default Map<String, Long> liveLimits() throws ProviderException {
        return Map.of();
    }

    /**
     * Whether a secret exists in the target's secret store, for a migration's cutover, which waits for every secret
     * its functions reference.
     *
     * @return true or false, or empty when the session cannot tell (the default), which blocks the cutover
     */
    default java.util.Optional<Boolean> secretExists(String secret) throws ProviderException {
        return java.util.Optional.empty();
    }

    /**
     * Diagnoses access to the target: identity, region/project/subscription, permissions, quotas. Every check prints:
     * a check that fails is a line {@code <check>: FAILED <what>, perhaps you should <fix>} (a missing permission may
     * say {@code permission <action>: MISSING ...}), never an exception, so one
     * failure does not hide the others; faas:doctor fails when any line says FAILED.
     *
     * @return one line per check, {@code <check>: <result>}
     */
    default List<String> doctor() throws ProviderException {
        return List.of("no diagnostics for this provider");
    }

    @Override
    void close();
}
