package dev.faasport.maven;

import dev.faasport.core.migrate.MigrationOutcome;
import dev.faasport.core.migrate.MigrationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Moves the function set from one provider to another: inventories the source, maps every function to the target
 * and writes a plan and compatibility report ({@code target/faas/migration-report.md} and {@code .html}), deploys
 * the project's functions to the target, invokes each on both sides with the same payload and compares the answers,
 * and, only with {@code -Dfaas.cutover=true} and only when every comparison passed, removes the source deployment.
 * The source is not modified before that. Provider settings for both sides come from {@code providerProperties} and
 * {@code -Dfaas.<provider>.<key>}.
 */
@Mojo(name = "migrate", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class MigrateMojo extends AbstractFaasMojo {

    /** The provider the set runs on now: local, aws, azure, gcp. */
    @Parameter(property = "faas.from", required = true)
    private String from;

    /** The provider to move it to. Its plan is {@code <id>.plan} ({@code gcp.generation} for Google). */
    @Parameter(property = "faas.to", required = true)
    private String to;

    /** Write the plan and report, then stop: nothing is deployed. */
    @Parameter(property = "faas.dryRun", defaultValue = "false")
    private boolean dryRun;

    /** Remove the source deployment once every function answered alike on both sides. */
    @Parameter(property = "faas.cutover", defaultValue = "false")
    private boolean cutover;

    /** Cap timeouts above the target's maximum instead of stopping on them. */
    @Parameter(property = "faas.capTimeouts", defaultValue = "false")
    private boolean capTimeouts;

    /**
     * Per function, the payload both sides are invoked with: JSON text, or a file ({@code @path} or an existing
     * path, relative to the project directory). HTTP functions get it as a POST body, event functions as the
     * neutral event JSON. Functions not listed get their trigger's default (HTTP GET /, a storage event, one queue
     * message, a manual schedule tick).
     */
    @Parameter
    private Map<String, String> samples;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        MigrationOutcome outcome = faasport().migrate(new MigrationRequest(buildProject(), target(from), target(to),
                dryRun, cutover, capTimeouts, resolvedSamples(), deployOptions(), null));
        getLog().info("faas: migration " + outcome.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + ", report in " + outcome.markdown());
    }

    /** Sample files are relative to the project directory, not to where Maven was started. */
    private Map<String, String> resolvedSamples() {
        Map<String, String> out = new LinkedHashMap<>();
        if (samples == null) {
            return out;
        }
        Path base = project.getBasedir().toPath();
        samples.forEach((fn, raw) -> {
            String v = raw == null ? "" : raw.trim();
            if (v.startsWith("@")) {
                v = "@" + base.resolve(v.substring(1));
            } else if (!v.isEmpty() && !v.startsWith("{") && !v.startsWith("[") && !v.startsWith("\"")
                    && Files.isRegularFile(base.resolve(v))) {
                v = "@" + base.resolve(v);
            }
            out.put(fn, v);
        });
        return out;
    }

    @Override
    protected String goal() {
        return "migrate";
    }
}
