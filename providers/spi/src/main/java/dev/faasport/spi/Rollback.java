package dev.faasport.spi;

import java.util.List;

/**
 * Optional capability of a {@link ProviderSession} whose target keeps earlier versions of a unit behind a movable
 * pointer (an AWS Lambda alias): moves the pointer back without redeploying. Callers test
 * {@code session instanceof Rollback}; targets without versions simply do not implement it.
 */
public interface Rollback {

    /**
     * Points the unit's callers at an earlier version. The unit's recorded code and configuration hashes are
     * invalidated, so the next deploy of the current sources is planned as an update and moves forward again.
     *
     * @param unit      the unit as listed by {@link ProviderSession#list()}
     * @param toVersion the version to move to, or null for the one before the current version
     * @return human-readable lines saying what moved ("alias live: version 3 -> 2")
     * @throws ProviderException when the unit is not deployed, has no earlier version, or the version is unknown
     */
    List<String> rollback(DeployedUnit unit, String toVersion) throws ProviderException;
}
