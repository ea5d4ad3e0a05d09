package dev.faasport.maven;

import dev.faasport.core.Requests;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import java.util.List;
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
        String id = singleProvider();
        if (!follow) {
            for (String line : faasport().logs(new Requests.Logs(target(id), setName, function, lines))) {
                out(line);
            }
            return;
        }
        Provider provider = faasport().provider(id);
        ProviderConfig config = new ProviderConfig(setName, target(id).properties(), outputDirectory.toPath(), log());
        // one session for the whole tail: clients are built once, not every 2 s
        try (ProviderSession session = provider.open(config)) {
            List<String> previous = List.of();
            while (!Thread.currentThread().isInterrupted()) {
                List<String> current = session.logs(function, Math.max(lines, 1));
                for (String line : newLines(previous, current)) {
                    out(line);
                }
                previous = current;
                try {
                    Thread.sleep(FOLLOW_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } catch (ProviderException e) {
            throw new MojoFailureException("Following the logs of function '" + function + "' on "
                    + provider.displayName() + " failed: " + e.getMessage()
                    + (e.suggestion() == null ? "" : ", perhaps you should " + e.suggestion()), e);
        }
    }

    /**
     * The lines of {@code current} not printed yet: both are windows of the newest lines, oldest first, so the
     * longest tail of {@code previous} that starts {@code current} was printed already (lines carry timestamps or
     * request ids, so the overlap is the same lines, not look-alikes).
     */
    static List<String> newLines(List<String> previous, List<String> current) {
        for (int k = Math.min(previous.size(), current.size()); k > 0; k--) {
            if (previous.subList(previous.size() - k, previous.size()).equals(current.subList(0, k))) {
                return current.subList(k, current.size());
            }
        }
        return current;
    }

    @Override
    protected String goal() {
        return "logs";
    }
}
