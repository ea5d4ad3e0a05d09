package dev.faasport.maven;

import dev.faasport.core.Requests;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Packages, checks, plans and deploys the function set to the provider (the local runtime by default). Unchanged
 * functions are skipped; changed ones deploy in parallel.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME,
        threadSafe = true)
public class DeployMojo extends AbstractFaasMojo {

    /** Deploy even when the limit check finds violations. */
    @Parameter(property = "faas.skipCheck", defaultValue = "false")
    private boolean skipCheck;

    /** violation (default) or warning: what stops the deploy. */
    @Parameter(property = "faas.failOn", defaultValue = "violation")
    private String failOn;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        faasport().deploy(new Requests.Deploy(buildProject(), target(singleProvider()), deployOptions(), skipCheck,
                CheckMojo.failOn(failOn), null));
    }

    @Override
    protected String goal() {
        return "deploy";
    }
}
