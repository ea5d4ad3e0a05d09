package dev.faasport.maven;

import dev.faasport.core.Requests;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Checks every function against each target vendor's limits and writes {@code target/faas/check-report.md} and
 * {@code .html}; fails the build on any violation.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME,
        threadSafe = true)
public class CheckMojo extends AbstractFaasMojo {

    /** violation (default) or warning: what fails the build. */
    @Parameter(property = "faas.failOn", defaultValue = "violation")
    private String failOn;

    /** Skips the check. */
    @Parameter(property = "faas.skipCheck", defaultValue = "false")
    private boolean skipCheck;

    /** Read the account's live limits where the provider can (needs credentials). */
    @Parameter(property = "faas.live", defaultValue = "false")
    private boolean live;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        if (skipCheck) {
            getLog().info("faas: check skipped (faas.skipCheck)");
            return;
        }
        faasport().check(new Requests.Check(buildProject(), providerList(), target(null), failOn(failOn), live));
    }

    static Requests.FailOn failOn(String value) throws MojoFailureException {
        try {
            return Requests.FailOn.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("faas.failOn is '" + value + "', perhaps you should use violation or warning");
        }
    }

    @Override
    protected String goal() {
        return "check";
    }
}
