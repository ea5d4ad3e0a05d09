package dev.faasport.core.migrate;

import dev.faasport.core.model.Project;
import dev.faasport.core.session.Target;
import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.deploy.ProgressListener;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * faas:migrate: move the project's function set from one provider to another.
 *
 * @param project     the project whose sources are repackaged for the target
 * @param from        the source provider and its settings ({@code -Dfaas.from})
 * @param to          the target provider and its settings ({@code -Dfaas.to}); its plan is {@code <id>.plan}
 *                    ({@code gcp.generation} for Google) in its properties or the project's settings
 * @param dryRun      stop after writing the plan and compatibility report
 * @param cutover     remove the source deployment once every verification passed
 * @param capTimeouts cap timeouts above the target's maximum instead of blocking
 * @param samples     per function, the sample payload to verify with: JSON text, or a file ({@code @path} or an
 *                    existing path, relative to {@code baseDir}); functions not named get their trigger's default
 * @param options     how the target deploy and the cutover are applied
 * @param listener    deploy progress; null logs one line per unit
 */
public record MigrationRequest(Project project, Target from, Target to, boolean dryRun, boolean cutover,
                               boolean capTimeouts, Map<String, String> samples, DeployOptions options,
                               ProgressListener listener) {

    public MigrationRequest {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        samples = samples == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(samples));
        options = options == null ? DeployOptions.defaults() : options;
    }
}
