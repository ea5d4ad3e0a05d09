package dev.faasport.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faasport.spi.PackageFormat;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

class MavenInputsTest {

    @Test
    void everyPackageFormatGetsItsAdapterRuntimeCommonTheJsonCodecAndTheApi() {
        List<Artifact> plugin = new ArrayList<>();
        for (String id : List.of("faasport-runtime-api", "faasport-runtime-common", "faasport-json", "faasport-runtime-local",
                "faasport-runtime-aws", "faasport-runtime-azure", "faasport-runtime-gcp", "faasport-runtime-http")) {
            plugin.add(artifact(MavenInputs.GROUP, id));
        }
        plugin.add(artifact("com.amazonaws", "aws-lambda-java-core"));
        MavenProject project = new MavenProject();
        project.setArtifacts(new java.util.LinkedHashSet<>());

        Map<PackageFormat, List<Path>> jars = new MavenInputs(project, plugin, new SystemStreamLog()).adapterJars();

        assertThat(jars).containsOnlyKeys(PackageFormat.LOCAL_ZIP, PackageFormat.LAMBDA_ZIP, PackageFormat.AZURE_APP_ZIP,
                PackageFormat.GCF_SOURCE_ZIP, PackageFormat.OCI_IMAGE);
        jars.forEach((format, list) -> assertThat(list).as(format.name()).extracting(p -> p.getFileName().toString())
                .contains("faasport-runtime-common.jar", "faasport-json.jar", "faasport-runtime-api.jar"));
        assertThat(jars.get(PackageFormat.LAMBDA_ZIP)).extracting(p -> p.getFileName().toString())
                .containsExactly("faasport-runtime-aws.jar", "aws-lambda-java-core.jar", "faasport-runtime-common.jar",
                        "faasport-json.jar", "faasport-runtime-api.jar");
    }

    @Test
    void faasportsOwnRuntimeJarsAreNotPackagedAsUserDependencies() {
        MavenProject project = new MavenProject();
        java.util.Set<Artifact> artifacts = new java.util.LinkedHashSet<>();
        artifacts.add(artifact(MavenInputs.GROUP, "faasport-json"));
        artifacts.add(artifact(MavenInputs.GROUP, "faasport-runtime-common"));
        artifacts.add(artifact("com.example", "lib-a"));
        project.setArtifacts(artifacts);

        assertThat(new MavenInputs(project, List.of(), new SystemStreamLog()).dependencies())
                .extracting(d -> d.coordinates()).containsExactly("com.example:lib-a:1.0");
    }

    private static Artifact artifact(String group, String id) {
        DefaultArtifact a = new DefaultArtifact(group, id, "1.0", Artifact.SCOPE_COMPILE, "jar", null,
                new DefaultArtifactHandler("jar"));
        a.setFile(new File("/m2/" + id + ".jar"));
        return a;
    }
}
