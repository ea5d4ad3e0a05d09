package dev.faasport.core.session;

import dev.faasport.core.error.ProviderOperationException;
import dev.faasport.core.model.Project;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import java.util.List;

/**
 * Opening provider sessions and reading what a target holds, in one place for the facade and the migration: a
 * provider's failure becomes a {@link ProviderOperationException} that says which step failed.
 */
public final class Sessions {

    private Sessions() {
    }

    /** @return a session on the target for the set, logging to {@code log} */
    public static ProviderSession open(Provider provider, Target target, String setName, ProviderConfig.Log log) {
        try {
            return provider.open(new ProviderConfig(setName, target.properties(), target.workDir(), log));
        } catch (ProviderException e) {
            throw new ProviderOperationException("Opening a session", provider.id(), e);
        }
    }

    /** @return every unit the session lists */
    public static List<DeployedUnit> list(ProviderSession session, Provider provider) {
        try {
            return session.list();
        } catch (ProviderException e) {
            throw new ProviderOperationException("Listing the deployed functions", provider.id(), e);
        }
    }

    /** @return the units of the set the session lists */
    public static List<DeployedUnit> list(ProviderSession session, Provider provider, String setName) {
        return list(session, provider).stream().filter(u -> inSet(u, setName)).toList();
    }

    /** A unit without a recorded set is trusted to be ours: list() is scoped to the set already. */
    public static boolean inSet(DeployedUnit unit, String setName) {
        return unit.setName() == null || unit.setName().equals(setName);
    }

    /** @return the target's property {@code key}, else the project's setting, trimmed; null when neither is set */
    public static String setting(Project project, Target target, String key) {
        String v = target.properties().get(key);
        if (v == null || v.isBlank()) {
            v = project.settings().get(key);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }
}
