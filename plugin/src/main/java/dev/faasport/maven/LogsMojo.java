package dev.faasport.maven;

import dev.faasport.core.Requests;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Prints a function's recent log lines; with {@code -Dfaas.follow} keeps printing new ones until interrupted. */
@Mojo(name = "logs", threadSafe = true)
public class LogsMojo extends AbstractFaasMojo {

    /** How often follow mode asks for new lines. */
    static final long FOLLOW_POLL_MILLIS = 2000;

    /** The function. */
    @Parameter(property = "faas.function", required = true)
    private String function;

    /** How many lines. */
    @Parameter(property = "faas.lines", defaultValue = "100")
    private int lines;

    /** Keeps polling the logs every 2 s and prints new lines until interrupted (Ctrl-C). */
    @Parameter(property = "faas.follow", defaultValue = "false")
    private boolean follow;

    /** The lines are the goal's output, not its progress: on standard output, so that {@code mvn -q} shows them too. */
    private static void out(String line) {
        System.out.println(line);
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Requests.Logs request = new Requests.Logs(target(singleProvider()), setName, function, lines);
        if (follow) {
            faasport().followLogs(request, java.time.Duration.ofMillis(FOLLOW_POLL_MILLIS), LogsMojo::out);
        } else {
            faasport().logs(request).forEach(LogsMojo::out);
        }
    }

    @Override
    protected String goal() {
        return "logs";
    }
}
