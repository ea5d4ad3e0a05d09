package dev.faasport.maven;

import dev.faasport.core.Requests;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Builds the deployable artifact of every function for each target under {@code target/faas/<provider>/}. */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME,
        threadSafe = true)
public class PackageMojo extends AbstractFaasMojo {
    @Override
    protected void run() throws MojoExecutionException {
        faasport().packageSet(new Requests.PackageSet(buildProject(), providerList()));
    }

    @Override
    protected String goal() {
        return "package";
    }
}
