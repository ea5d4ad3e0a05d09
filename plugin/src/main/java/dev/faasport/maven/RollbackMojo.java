package dev.faasport.maven;

import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Rollback;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Moves deployed functions back to their previous version (AWS Lambda: the alias), without redeploying. Only
 * providers whose sessions implement {@link Rollback} can; the others are reported clearly.
 */
@Mojo(name = "rollback", threadSafe = true)
public class RollbackMojo extends AbstractFaasMojo {

    /** The function to roll back; every function of the set when empty. */
    @Parameter(property = "faas.function")
    private String function;

    /** The version to move to (needs faas.function); the one before the current version when empty. */
    @Parameter(property = "faas.version")
    private String version;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String id = singleProvider();
        if (version != null && !version.isBlank() && (function == null || function.isBlank())) {
            throw new MojoFailureException("faas:rollback got -Dfaas.version=" + version + " but no function, "
                    + "perhaps you should name the function with -Dfaas.function=...");
        }
        Provider provider = faasport().provider(id);
        ProviderConfig config = new ProviderConfig(setName, target(id).properties(), outputDirectory.toPath(), log());
        try (ProviderSession session = provider.open(config)) {
            if (!(session instanceof Rollback rollback)) {
                throw new MojoFailureException("faas:rollback is not supported by " + provider.displayName() + " ("
                        + id + "), which keeps no earlier versions to move back to, perhaps you should deploy the "
                        + "previous sources again with faas:deploy");
            }
            List<DeployedUnit> units = session.list().stream().filter(u -> setName.equals(u.setName()))
                    .filter(u -> function == null || function.isBlank() || matches(u, function)).toList();
            if (units.isEmpty()) {
                throw new MojoFailureException("Nothing to roll back: " + (function == null || function.isBlank()
                        ? "no function of set '" + setName + "'" : "function '" + function + "' of set '" + setName
                        + "' is not") + " deployed on " + provider.displayName()
                        + ", perhaps you should check the names with faas:info");
            }
            for (DeployedUnit unit : units) {
                for (String line : rollback.rollback(unit, version == null || version.isBlank() ? null : version)) {
                    getLog().info(line);
                }
            }
        } catch (ProviderException e) {
            throw new MojoFailureException("faas:rollback on " + provider.displayName() + " failed: " + e.getMessage()
                    + (e.suggestion() == null ? "" : ", perhaps you should " + e.suggestion()), e);
        }
    }

    private static boolean matches(DeployedUnit unit, String function) {
        return unit.name().equals(function) || unit.functions().stream().anyMatch(f -> f.name().equals(function))
                || unit.endpoints().containsKey(function);
    }

    @Override
    protected String goal() {
        return "rollback";
    }
}
