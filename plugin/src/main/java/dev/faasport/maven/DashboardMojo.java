package dev.faasport.maven;

import dev.faasport.core.session.Target;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

import java.net.URI;

/**
 * Prints a one-time link that logs a browser in to the local runtime's dashboard, and opens it where this machine has
 * a desktop browser (never in CI or a headless JVM). The link works once; run the goal again for another.
 */
@Mojo(name = "dashboard", requiresProject = false, threadSafe = true)
public class DashboardMojo extends StopMojo {
    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Target t = target(singleProvider());
        URI link;
        try {
            link = runtimeHost(t.providerId()).dashboardLogin(new ProviderConfig(setName, t.properties(), t.workDir(), log()));
        } catch (ProviderException e) {
            throw new MojoFailureException("Opening the dashboard failed: " + e.getMessage()
                    + (e.suggestion() == null ? "" : ", perhaps you should " + e.suggestion()), e);
        }
        getLog().info("faas: dashboard login link (works once): " + link);
        if (!"true".equalsIgnoreCase(System.getenv("CI")) && !java.awt.GraphicsEnvironment.isHeadless()
                && java.awt.Desktop.isDesktopSupported() && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
            try {
                java.awt.Desktop.getDesktop().browse(link);
            } catch (java.io.IOException | UnsupportedOperationException e) {
                getLog().info("faas: no browser could be opened (" + e.getMessage() + "), open the link above");
            }
        }
    }

    @Override
    protected String goal() {
        return "dashboard";
    }
}
