package dev.faasport.maven;

import dev.faasport.core.Requests;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/** Shows what is deployed for the set: functions, status, URLs. */
@Mojo(name = "info", threadSafe = true)
public class InfoMojo extends AbstractFaasMojo {
    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        faasport().info(new Requests.Info(target(singleProvider()), setName));
    }

    @Override
    protected String goal() {
        return "info";
    }
}
