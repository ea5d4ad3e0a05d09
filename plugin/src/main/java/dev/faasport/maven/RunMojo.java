package dev.faasport.maven;

import dev.faasport.core.Requests;
import dev.faasport.core.session.Target;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * For development: runs the local runtime in the foreground with the set deployed, until Ctrl-C. Run {@code faas:deploy}
 * from another terminal after a change to redeploy.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class RunMojo extends StopMojo {
    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Target t = target(singleProvider());
        var host = runtimeHost(t.providerId());
        ProviderConfig config = new ProviderConfig(setName, t.properties(), t.workDir(), log());
        try {
            host.stopRuntime(config); // a background runtime would hold the port
        } catch (ProviderException e) {
            getLog().debug("no background runtime to stop: " + e.getMessage());
        }
        Thread deployer = new Thread(() -> {
            try {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!host.runtimeRunning(config) && System.nanoTime() < deadline) {
                    Thread.sleep(50); // deploy only into the foreground runtime, never start a second one
                }
                faasport().deploy(new Requests.Deploy(buildProject(), t, deployOptions(), false, null, null));
            } catch (Exception e) {
                getLog().error("faas:run: deploy failed: " + e.getMessage());
            }
        }, "faas-run-deploy");
        deployer.setDaemon(true);
        deployer.start();
        try {
            host.runInForeground(config);
        } catch (ProviderException e) {
            throw new MojoFailureException("Running the local runtime failed: " + e.getMessage()
                    + (e.suggestion() == null ? "" : ", perhaps you should " + e.suggestion()), e);
        }
    }

    @Override
    protected String goal() {
        return "run";
    }
}
