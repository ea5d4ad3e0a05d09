package dev.faasport.provider.aws;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an AWS unit carries beyond the neutral model, read once from the string-keyed {@link DeployUnit#settings()}
 * (written by packaging) and the function's options, so the rest of the provider reads typed values.
 *
 * @param runtime      the Lambda runtime packaging selected for the compiled Java level ({@value #RUNTIME}), or null
 * @param architecture the architecture faas:package built an image for ({@value #ARCHITECTURE}, default x86_64)
 * @param layerPath    the set's shared dependency layer zip ({@value #LAYER_PATH}), or null when there is none
 * @param layerSha256  that zip's SHA-256 as packaging measured it ({@value #LAYER_SHA256}), or null
 * @param layers       extra layer version ARNs ({@value #LAYERS}, comma separated)
 * @param snapStart    the function's {@value #SNAP_START} option, empty when not set
 */
record AwsUnitSettings(String runtime, String architecture, Path layerPath, String layerSha256, List<String> layers,
                       Optional<Boolean> snapStart) {

    /** Unit setting: the Lambda runtime for the compiled Java level ({@code java21}). */
    static final String RUNTIME = "java.runtime";
    /** Unit setting: the platform faas:package built the image for, from the set's {@code <settings>}. */
    static final String ARCHITECTURE = "aws.architecture";
    /** Unit setting: the shared dependency layer zip packaging wrote. */
    static final String LAYER_PATH = "aws.layer.path";
    /** Unit setting: the SHA-256 of the shared layer zip. */
    static final String LAYER_SHA256 = "aws.layer.sha256";
    /** Unit setting: extra layer version ARNs, comma separated. */
    static final String LAYERS = "aws.layers";
    /** Function option: SnapStart on published versions ({@code true}/{@code false}). */
    static final String SNAP_START = "aws.snapStart";

    AwsUnitSettings {
        layers = List.copyOf(layers);
    }

    static AwsUnitSettings of(DeployUnit unit) {
        var s = unit.settings();
        String runtime = s.get(RUNTIME);
        String path = s.get(LAYER_PATH);
        String sha = s.get(LAYER_SHA256);
        List<String> layers = new ArrayList<>();
        String extra = s.get(LAYERS);
        if (extra != null) {
            for (String arn : extra.split(",")) {
                if (!arn.isBlank()) {
                    layers.add(arn.trim());
                }
            }
        }
        FunctionSpec f = unit.function();
        String snap = f.option(SNAP_START, null);
        return new AwsUnitSettings(runtime == null || runtime.isBlank() ? null : runtime.trim(),
                s.getOrDefault(ARCHITECTURE, "x86_64").trim().toLowerCase(Locale.ROOT),
                path == null || path.isBlank() ? null : Path.of(path),
                sha == null || sha.isBlank() ? null : sha,
                layers, snap == null ? Optional.empty() : Optional.of(Boolean.parseBoolean(snap)));
    }

    /** @return the runtime packaging selected, else {@code aws.runtime} or the provider's default */
    String runtimeOr(String fallback) {
        return runtime == null ? fallback : runtime;
    }

    /** @return whether SnapStart is asked for (an unset option is no) */
    boolean snapStartOn() {
        return snapStart.orElse(false);
    }
}
