package dev.faasport.packaging;

import dev.faasport.spi.PackageFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The default base image runs both the project's classes and Faasport's runtime jars in the image. */
class ImageJavaBaseTest {
    @TempDir
    Path tmp;
    Fixtures fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixtures(tmp);
        fx.settings.put("image.registry", "127.0.0.1:5000/team");
        Path http = JavaLevelTest.jar(tmp.resolve("adapters/faasport-runtime-http-x.jar"),
                Map.of("dev/faasport/runtime/http/Server.class", JavaLevelTest.classBytes(61)));
        fx.adapters.put(PackageFormat.OCI_IMAGE, List.of(http));
    }

    String base(String javaVersion) throws Exception {
        fx.settings.put("java.version", javaVersion);
        return ImagePlan.of(fx.request(), "knative", PackageFormat.OCI_IMAGE, fx.settings).base;
    }

    @Test
    void aJava11ProjectGetsABaseThatRunsTheJava17Runtime() throws Exception {
        assertThat(base("11")).isEqualTo("eclipse-temurin:17-jre");
        assertThat(base("8")).isEqualTo("eclipse-temurin:17-jre");
    }

    @Test
    void aNewerProjectGetsItsOwnLevel() throws Exception {
        assertThat(base("21")).isEqualTo("eclipse-temurin:21-jre");
    }
}
