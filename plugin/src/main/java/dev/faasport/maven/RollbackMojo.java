package dev.faasport.maven;

import dev.faasport.core.Requests;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Moves deployed functions back to their previous version (AWS Lambda: the alias), without redeploying. Only
 * providers whose sessions implement {@code dev.faasport.spi.Rollback} can; the others are reported clearly.
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
        faasport().rollback(new Requests.Rollback(target(singleProvider()), setName, function, version));
    }

    @Override
    protected String goal() {
        return "rollback";
    }
}
