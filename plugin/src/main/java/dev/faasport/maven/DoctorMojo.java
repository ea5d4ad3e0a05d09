package dev.faasport.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/** Diagnoses access to the provider: identity, region, permissions, with advice when something is missing. */
@Mojo(name = "doctor", threadSafe = true)
public class DoctorMojo extends AbstractFaasMojo {
    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        faasport().doctor(target(singleProvider()), setName);
    }

    @Override
    protected String goal() {
        return "doctor";
    }
}
