package dev.faasport.maven;

import dev.faasport.core.session.Target;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.RuntimeHost;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/** Stops the local runtime (its workers and gateway). Deployed functions stay on disk and come back on next start. */
@Mojo(name = "stop", requiresProject = false, threadSafe = true)
public class StopMojo extends AbstractFaasMojo {
    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Target t = target(singleProvider());
        RuntimeHost host = runtimeHost(t.providerId());
        try {
            boolean stopped = host.stopRuntime(new ProviderConfig(setName, t.properties(), t.workDir(), log()));
            getLog().info(stopped ? "faas: local runtime stopped" : "faas: no local runtime was running");
        } catch (ProviderException e) {
            throw new MojoFailureException("Stopping the runtime failed: " + e.getMessage()
                    + (e.suggestion() == null ? "" : ", perhaps you should " + e.suggestion()), e);
        }
    }

    RuntimeHost runtimeHost(String providerId) throws MojoFailureException {
        Provider p = faasport().provider(providerId);
        if (!(p instanceof RuntimeHost host)) {
            throw new MojoFailureException("faas:" + goal() + " needs a provider that runs functions on this machine, but '"
                    + providerId + "' runs them remotely, perhaps you should use -Dfaas.provider=local");
        }
        return host;
    }

    @Override
    protected String goal() {
        return "stop";
    }
}
