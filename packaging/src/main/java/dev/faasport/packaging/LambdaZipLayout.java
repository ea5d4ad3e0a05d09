package dev.faasport.packaging;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageBuild;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.PackageLayout;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link PackageFormat#LAMBDA_ZIP}: one zip per function (classes at the root, jars under {@code lib/},
 * {@code faasport-functions.json} at the root), and with a shared layer one layer zip ({@code java/lib/*.jar}) holding
 * the dependencies. Functions with {@code packageType image} are container images ({@link ImagePlan}).
 */
public final class LambdaZipLayout implements PackageLayout {
    /** The Lambda handler string of every function. */
    public static final String HANDLER = "dev.faasport.runtime.aws.LambdaHandler::handleRequest";
    /** The unit setting carrying it. */
    static final String HANDLER_SETTING = "aws.handler";

    @Override
    public PackageFormat format() {
        return PackageFormat.LAMBDA_ZIP;
    }

    @Override
    public boolean packs(String adapterJar) {
        return !ImagePlan.lambdaImageOnly(adapterJar); // Lambda's managed Java runtime has its own runtime client
    }

    @Override
    public void write(PackageBuild build) throws IOException {
        if (build.imageFunctions().size() == build.functions().size()) {
            return;
        }
        boolean layered = build.sharedDependencies() && build.hasDependencies();
        Map<String, String> layerSettings = new TreeMap<>();
        Map<String, String> config = new TreeMap<>();
        if (layered) {
            Artifact layer = build.archive().dependencies("java/lib/")
                    .write(Packager.safeFile(build.setName()) + "-layer.zip");
            build.shared(layer);
            layerSettings.put("aws.layer.path", layer.path().toString());
            layerSettings.put("aws.layer.zippedBytes", Long.toString(layer.zippedBytes()));
            layerSettings.put("aws.layer.unzippedBytes", Long.toString(layer.unzippedBytes()));
            // the shared layer is configuration of each function: a dependency-only change must reach them
            config.put("aws.layer.sha256", layer.sha256());
        }
        for (FunctionSpec f : build.functions()) {
            if (build.imageFunctions().contains(f.name())) {
                continue;
            }
            PackageBuild.Archive a = build.archive().classes("");
            if (!layered) {
                a.dependencies("lib/");
            }
            Artifact zip = a.adapters("lib/").text(PackageBuild.DESCRIPTOR, build.descriptor(List.of(f), false))
                    .write(f.name() + ".zip");
            Map<String, String> settings = new TreeMap<>(layerSettings);
            settings.put(HANDLER_SETTING, HANDLER);
            build.unit(f.name(), List.of(f), zip, settings, config, Map.of("handler", HANDLER));
        }
    }
}
