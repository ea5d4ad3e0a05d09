package dev.faasport.core.plan;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.UnitUpdate;

/**
 * One step of a deploy plan. Only the steps that create or update a unit reach a provider, as a {@link UnitUpdate};
 * unchanged units are not sent and deletions go through {@code ProviderSession.delete}.
 *
 * @param kind    what to do
 * @param desired the unit to deploy; null for {@link Kind#DELETE}
 * @param current the unit on the target; null for {@link Kind#CREATE}
 */
public record UnitChange(Kind kind, DeployUnit desired, DeployedUnit current) {

    /** What a plan step does. */
    public enum Kind {
        /** the unit does not exist on the target */
        CREATE,
        /** only the code changed */
        UPDATE_CODE,
        /** only the configuration changed */
        UPDATE_CONFIG,
        /** code and configuration changed */
        UPDATE,
        /** nothing changed: no upload, no update */
        UNCHANGED,
        /** the unit is on the target but no longer in the set */
        DELETE
    }

    /** @return the unit's name */
    public String name() {
        return desired != null ? desired.name() : current.name();
    }

    /** @return what a provider is asked to do for this step */
    public UnitUpdate toUpdate() {
        return switch (kind) {
            case CREATE -> new UnitUpdate(UnitUpdate.Kind.CREATE, desired, current);
            case UPDATE_CODE -> new UnitUpdate(UnitUpdate.Kind.UPDATE_CODE, desired, current);
            case UPDATE_CONFIG -> new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, desired, current);
            case UPDATE -> new UnitUpdate(UnitUpdate.Kind.UPDATE, desired, current);
            case UNCHANGED, DELETE -> throw new IllegalStateException(kind + " of '" + name() + "' is not sent to a provider");
        };
    }

    /** @return whether applying this step touches the target */
    public boolean isRemote() {
        return kind != Kind.UNCHANGED;
    }
}
