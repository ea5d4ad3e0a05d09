package dev.faasport.maven;

import dev.faasport.core.Requests;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/** Removes everything deployed for the set on the provider, and nothing else. */
@Mojo(name = "remove", threadSafe = true)
public class RemoveMojo extends AbstractFaasMojo {
    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        faasport().remove(new Requests.Remove(target(singleProvider()), setName, deployOptions(), null));
    }

    @Override
    protected String goal() {
        return "remove";
    }
}
