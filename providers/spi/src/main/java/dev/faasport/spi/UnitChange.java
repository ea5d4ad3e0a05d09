package dev.faasport.spi;

/**
 * One step of a deploy plan.
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

    /** @return whether applying this step touches the target */
    public boolean isRemote() {
        return kind != Kind.UNCHANGED;
    }
}
