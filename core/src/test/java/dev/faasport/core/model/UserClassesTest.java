package dev.faasport.core.model;

import dev.faasport.api.HttpFunction;
import dev.faasport.core.fixtures.HelloHttp;
import dev.faasport.core.fixtures.Thumbnail;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UserClassesTest {

    @TempDir
    Path classes;

    @Test
    void discoversThroughAnIsolatedLoaderWithItsOwnApiJar() throws IOException, URISyntaxException, ClassNotFoundException {
        Path testClasses = Path.of(HelloHttp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (Class<?> c : List.of(HelloHttp.class, Thumbnail.class)) {
            Path rel = Path.of(c.getName().replace('.', '/') + ".class");
            Files.createDirectories(classes.resolve(rel).getParent());
            Files.copy(testClasses.resolve(rel), classes.resolve(rel));
        }
        Path apiJar = Path.of(HttpFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        try (URLClassLoader loader = UserClasses.loader(classes, List.of(apiJar))) {
            Class<?> isolated = Class.forName(HelloHttp.class.getName(), false, loader);
            assertThat(isolated).isNotSameAs(HelloHttp.class);
            assertThat(Class.forName(HttpFunction.class.getName(), false, loader)).isNotSameAs(HttpFunction.class);

            FunctionSet set = FunctionSets.build(new FunctionSetConfig("iso", null, null), loader, classes);

            assertThat(set.functions()).extracting(FunctionSpec::name, FunctionSpec::shape).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("hello-http", FunctionShape.HTTP),
                    org.assertj.core.groups.Tuple.tuple("thumbnail", FunctionShape.STORAGE));
            assertThat(set.function("thumbnail").orElseThrow().memoryMb()).isEqualTo(512);
        }
    }

    @Test
    void aHandlerCompiledForANewerJavaThanTheBuildsJvmSaysSo() throws IOException {
        int newer = Runtime.version().feature() + 1;
        Path file = classes.resolve("com/example/Future.class");
        Files.createDirectories(file.getParent());
        // the header of a class file one Java release ahead (major = feature + 44): the JVM refuses it on loading
        Files.write(file, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0,
                (byte) (newer + 44), 0, 1});
        try (URLClassLoader loader = UserClasses.loader(classes, List.of())) {
            FunctionSetConfig config = new FunctionSetConfig("future", null,
                    List.of(new FunctionConfig("future", "com.example.Future")));
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> FunctionSets.build(config, loader, classes)))
                    .hasMessageContaining("Function 'future': <handler> class 'com.example.Future' is compiled for Java "
                            + newer + " but the build runs on Java " + Runtime.version().feature())
                    .hasMessageContaining("perhaps you should run Maven on a JDK " + newer + " or later (JAVA_HOME)");
        }
    }
}
