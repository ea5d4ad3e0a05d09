package dev.faasport.spi;

/**
 * The tag, label or annotation names every provider writes on what it deploys, so that {@link ProviderSession#list()}
 * finds a set's units again and the planner can compare hashes. One home for the names: a unit deployed by one
 * version of a provider must be found by the next, and the names must not drift between providers. Vendor-specific
 * extras (a Lambda's trigger, an Azure app's plan) stay with their provider, under the same {@link #PREFIX}.
 */
public final class ResourceTags {

    /** Every Faasport tag starts with this; a provider keeps the user's own tags apart by it. */
    public static final String PREFIX = "faasport-";
    /** The function set the unit belongs to. */
    public static final String SET = PREFIX + "set";
    /** The unit's name in the set (the function's name, or an Azure app unit's). */
    public static final String FUNCTION = PREFIX + "function";
    /** The package's SHA-256, compared with the new package's to plan a code update. */
    public static final String CODE_SHA256 = PREFIX + "code-sha256";
    /** The configuration's hash, compared with the new configuration's to plan a configuration update. */
    public static final String CONFIG_HASH = PREFIX + "config-hash";
    /** The handler class, shown by faas:info and used by a rollback. */
    public static final String HANDLER = PREFIX + "handler";
    /** The function's shape (http, storage, queue, schedule...). */
    public static final String SHAPE = PREFIX + "shape";

    private ResourceTags() {
    }
}
