package dev.faasport.maven;

import dev.faasport.core.Requests;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Prints a function's recent log lines. */
@Mojo(name = "logs", threadSafe = true)
public class LogsMojo extends AbstractFaasMojo {

    /** The function. */
    @Parameter(property = "faas.function", required = true)
    private String function;

    /** How many lines. */
    @Parameter(property = "faas.lines", defaultValue = "100")
    private int lines;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        for (String line : faasport().logs(new Requests.Logs(target(singleProvider()), setName, function, lines))) {
            getLog().info(line);
        }
    }

    @Override
    protected String goal() {
        return "logs";
    }
}
