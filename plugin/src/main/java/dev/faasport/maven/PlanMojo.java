package dev.faasport.maven;

import dev.faasport.core.Requests;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Prints what {@code faas:deploy} would do (create / update / unchanged / delete per function); changes nothing. */
@Mojo(name = "plan", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class PlanMojo extends AbstractFaasMojo {
    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        faasport().plan(new Requests.Plan(buildProject(), target(singleProvider())));
    }

    @Override
    protected String goal() {
        return "plan";
    }
}
