package dev.faasport.core.migrate;

import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.deploy.DeployReport;
import dev.faasport.core.deploy.ProgressListener;
import dev.faasport.core.model.FunctionSet;
import dev.faasport.core.model.Project;
import dev.faasport.core.session.Target;
import dev.faasport.lockin.LockIn;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderSession;
import java.util.List;

/**
 * What a migration needs of the engine, and no more: the facade implements it, so the migration never imports the
 * facade (and the packages form no cycle). Failures are the facade's {@code FaasportException}s.
 */
public interface MigrationEngine {

    /** @return the project's validated function set */
    FunctionSet functionSet(Project project);

    /** @return the provider with this id */
    Provider provider(String id);

    /** @return the vendor services each function calls */
    LockIn lockIn(Project project, FunctionSet set);

    /** @return the units the project packages into for the provider */
    List<DeployUnit> packageUnits(Project project, String providerId);

    /** Packages, checks (failing on violations), plans and applies, as faas:deploy does. */
    DeployReport deploy(Project project, Target target, DeployOptions options, ProgressListener listener);

    /** Removes every unit of the set from the target, as faas:remove does. */
    DeployReport remove(Target target, String setName, DeployOptions options, ProgressListener listener);

    /** @return a session on the target, for reading what it holds and invoking */
    ProviderSession open(Provider provider, Target target, String setName);
}
