package dev.faasport.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The image layouts, without a registry. */
class FunctionImagesTest {

    @TempDir
    Path dir;

    @Test
    void layersSeparateDependenciesRuntimeAndClassesAndKeepSameNamedJars() throws Exception {
        Path a = Files.writeString(Files.createDirectories(dir.resolve("g1")).resolve("util-1.0.jar"), "a");
        Path b = Files.writeString(Files.createDirectories(dir.resolve("g2")).resolve("util-1.0.jar"), "b");
        Path rt = Files.writeString(dir.resolve("faasport-runtime-common.jar"), "r");
        Path classes = Files.createDirectories(dir.resolve("classes/p"));
        Files.writeString(classes.resolve("F.class"), "c");
        // a stale descriptor among the classes is replaced by the one given
        Files.writeString(dir.resolve("classes/faasport-functions.json"), "old");
        Path descriptor = Files.writeString(dir.resolve("faasport-functions.json"), "{}");

        List<Layer> layers = FunctionImages.layers(new FunctionImages.FunctionContent("f", List.of(a, b), List.of(rt),
                dir.resolve("classes"), descriptor), "/app");

        assertThat(layers).extracting(Layer::name).containsExactly("dependencies", "faasport-runtime", "classes");
        assertThat(layers.get(0).entries()).hasSize(2).extracting(Layer.Entry::pathInImage).doesNotHaveDuplicates()
                .allMatch(p -> p.startsWith("/app/lib/util-1.0") && p.endsWith(".jar"));
        assertThat(layers.get(1).entries()).extracting(Layer.Entry::pathInImage).containsExactly("/app/lib/faasport-runtime-common.jar");
        assertThat(layers.get(2).entries()).extracting(Layer.Entry::pathInImage)
                .containsExactly("/app/faasport-functions.json", "/app/p/F.class");
        assertThat(layers.get(2).entries().get(0).source()).isEqualTo(descriptor);
    }

    @Test
    void relativePathsInTheImageAreRejected() {
        assertThatThrownBy(() -> new Layer.Entry(dir, "app/x")).hasMessageContaining("perhaps you should make it absolute");
    }
}
