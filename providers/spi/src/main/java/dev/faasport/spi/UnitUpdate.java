package dev.faasport.spi;

import java.util.Objects;

/**
 * What a session is asked to do to one unit: create it or bring it up to date. The core never sends a unit that is
 * unchanged (it does not call the target at all) and removes units with {@link ProviderSession#delete}, so a session
 * has no other case to handle.
 *
 * @param kind    what changed
 * @param desired the unit to deploy, never null
 * @param current the unit on the target; null for {@link Kind#CREATE}
 */
public record UnitUpdate(Kind kind, DeployUnit desired, DeployedUnit current) {

    public UnitUpdate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(desired, "desired");
    }

    /** What changed since the unit was deployed. */
    public enum Kind {
        /** the unit does not exist on the target */
        CREATE,
        /** only the code changed */
        UPDATE_CODE,
        /** only the configuration changed */
        UPDATE_CONFIG,
        /** code and configuration changed */
        UPDATE
    }

    /** @return the unit's name */
    public String name() {
        return desired.name();
    }
}
