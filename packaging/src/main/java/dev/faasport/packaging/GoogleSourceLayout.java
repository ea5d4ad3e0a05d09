package dev.faasport.packaging;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageBuild;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.PackageLayout;
import dev.faasport.spi.Trigger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link PackageFormat#GCF_SOURCE_ZIP}: one source zip per function: a thin {@code faasport-app.jar} at the root whose
 * manifest {@code Class-Path} names {@code libs/*.jar}, as Google documents for prebuilt jars.
 */
public final class GoogleSourceLayout implements PackageLayout {
    /** The Google entry point for HTTP functions. */
    public static final String HTTP_HANDLER = "dev.faasport.runtime.gcp.GcfHttpHandler";
    /** The Google entry point for event functions. */
    public static final String EVENT_HANDLER = "dev.faasport.runtime.gcp.GcfEventHandler";

    @Override
    public PackageFormat format() {
        return PackageFormat.GCF_SOURCE_ZIP;
    }

    /** @return the entry point of a function: one class for HTTP, one for every event trigger */
    public static String entryPoint(FunctionSpec f) {
        return f.trigger() instanceof Trigger.Http ? HTTP_HANDLER : EVENT_HANDLER;
    }

    @Override
    public void write(PackageBuild build) throws IOException {
        List<String> classPath = new ArrayList<>();
        build.jarNames().forEach(n -> classPath.add("libs/" + n));
        classPath.add("libs/" + Packager.DESCRIPTOR_JAR);
        Path appJar = build.archive().bytes("META-INF/MANIFEST.MF", Packager.jarManifest(String.join(" ", classPath)))
                .classes("").writeWork(Packager.APP_JAR);
        for (FunctionSpec f : build.functions()) {
            Path descriptorJar = build.archive().text(PackageBuild.DESCRIPTOR, build.descriptor(List.of(f), false))
                    .writeWork(f.name() + "-" + Packager.DESCRIPTOR_JAR);
            Artifact zip = build.archive().file(Packager.APP_JAR, appJar, "faasport app classes")
                    .dependencies("libs/").adapters("libs/")
                    .file("libs/" + Packager.DESCRIPTOR_JAR, descriptorJar, "faasport descriptor")
                    .write(f.name() + ".zip");
            String entryPoint = entryPoint(f);
            build.unit(f.name(), List.of(f), zip, Map.of("gcp.entryPoint", entryPoint), Map.of(),
                    Map.of("entryPoint", entryPoint));
        }
    }
}
