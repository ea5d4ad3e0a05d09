package dev.faasport.core.model;

import dev.faasport.core.error.ConfigurationException;
import dev.faasport.core.fixtures.AbstractHttp;
import dev.faasport.core.fixtures.AnnotatedNotAFunction;
import dev.faasport.core.fixtures.HTTPGateway;
import dev.faasport.core.fixtures.HelloHttp;
import dev.faasport.core.fixtures.Nightly;
import dev.faasport.core.fixtures.NoBucket;
import dev.faasport.core.fixtures.NotAFunction;
import dev.faasport.core.fixtures.OrderWorker;
import dev.faasport.core.fixtures.Outer;
import dev.faasport.core.fixtures.Thumbnail;
import dev.faasport.core.fixtures.TypedForQueue;
import dev.faasport.core.fixtures.UpperCase;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FunctionDiscoveryTest {

    private static final ClassLoader LOADER = FunctionDiscoveryTest.class.getClassLoader();

    @TempDir
    Path classes;

    /** Copies the class files of the given fixtures (and their nested classes) into a fresh classes directory. */
    private void compiled(Class<?>... types) throws IOException {
        Path testClasses = Path.of(HelloHttp.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        for (Class<?> t : types) {
            Path rel = Path.of(t.getName().replace('.', '/') + ".class");
            Path dir = testClasses.resolve(rel).getParent();
            String prefix = t.getSimpleName();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().equals(prefix + ".class")
                        || f.getFileName().toString().startsWith(prefix + "$")).toList()) {
                    Path target = classes.resolve(testClasses.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
    }

    private static FunctionSetConfig empty() {
        return new FunctionSetConfig("found", null, null);
    }

    @Test
    void findsAnnotatedAndInterfaceFunctionsInNameOrder() throws IOException {
        compiled(HelloHttp.class, UpperCase.class, Thumbnail.class, OrderWorker.class, Nightly.class,
                HTTPGateway.class, AbstractHttp.class, Outer.class, NotAFunction.class, TypedForQueue.class);

        FunctionSet set = FunctionSets.build(empty(), LOADER, classes);

        assertThat(set.functions()).extracting(FunctionSpec::name)
                .containsExactly("hello-http", "http-gateway", "inner", "nightly", "orders", "thumbnail", "typed-queue",
                        "upper-case");
        assertThat(set.function("thumbnail").orElseThrow()).satisfies(f -> {
            assertThat(f.trigger()).isEqualTo(new Trigger.Storage("images", null, null, null));
            assertThat(f.memoryMb()).isEqualTo(512);
        });
        assertThat(set.function("orders").orElseThrow()).satisfies(f -> {
            assertThat(f.trigger()).isEqualTo(new Trigger.Queue("orders-in", 10, 3));
            assertThat(f.timeoutSeconds()).isEqualTo(60);
        });
        assertThat(set.function("nightly").orElseThrow().trigger()).isEqualTo(new Trigger.Schedule("cron(0 2 * * ? *)"));
        assertThat(set.function("upper-case").orElseThrow().shape()).isEqualTo(FunctionShape.TYPED);
        assertThat(set.function("upper-case").orElseThrow().trigger()).isInstanceOf(Trigger.Http.class);
        assertThat(set.function("typed-queue").orElseThrow().trigger()).isEqualTo(new Trigger.Queue("jobs", 10, 3));
        assertThat(set.function("inner").orElseThrow().handler()).isEqualTo(Outer.Inner.class.getName());
    }

    @Test
    void discoveryIsDeterministic() throws IOException {
        compiled(HelloHttp.class, UpperCase.class, Thumbnail.class, Nightly.class);
        assertThat(FunctionDiscovery.discover(classes, LOADER).functions()).extracting(FunctionConfig::getName)
                .isEqualTo(FunctionDiscovery.discover(classes, LOADER).functions().stream()
                        .map(FunctionConfig::getName).toList())
                .containsExactly("hello-http", "nightly", "thumbnail", "upper-case");
    }

    @Test
    void eventFunctionsWithoutTheirSettingAndAnnotatedNonFunctionsAreErrors() throws IOException {
        compiled(HelloHttp.class, NoBucket.class, AnnotatedNotAFunction.class);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> FunctionSets.build(empty(), LOADER, classes));

        assertThat(e.problems()).extracting(ConfigurationException.Problem::message).satisfiesExactly(
                m -> assertThat(m).startsWith("Class '" + AnnotatedNotAFunction.class.getName() + "' is annotated with "
                        + "@Function, but class " + AnnotatedNotAFunction.class.getName() + " implements none of")
                        .contains("perhaps you should implement"),
                m -> assertThat(m).isEqualTo("Class '" + NoBucket.class.getName() + "' is a storage function but says "
                        + "no bucket, perhaps you should annotate it with @Function(bucket = \"uploads\") or declare it "
                        + "in <functions>"));
    }

    @Test
    void annotationSettingsThatDoNotFitTheShapeAreReported() throws IOException {
        compiled(dev.faasport.core.fixtures.HttpWithQueue.class);
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> FunctionSets.build(empty(), LOADER, classes));
        assertThat(e.problems()).singleElement().extracting(ConfigurationException.Problem::message)
                .isEqualTo("Function 'http-with-queue': <queue> does not apply to a http trigger, perhaps you should "
                        + "remove it or change <trigger>");
    }

    @Test
    void emptyClassesDirectory() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> FunctionSets.build(empty(), LOADER, classes));
        assertThat(e.getMessage()).contains("No functions were declared or found in " + classes
                + ", perhaps you should declare <functions>");
    }

    @Test
    void declaredFunctionsDisableDiscovery() throws IOException {
        compiled(HelloHttp.class, UpperCase.class);
        FunctionSetConfig config = new FunctionSetConfig("found", null,
                List.of(new FunctionConfig("only", UpperCase.class.getName())));
        assertThat(FunctionSets.build(config, LOADER, classes).functions()).extracting(FunctionSpec::name)
                .containsExactly("only");
    }

    @Test
    void kebabCase() {
        assertThat(FunctionDiscovery.kebab("HelloWorld")).isEqualTo("hello-world");
        assertThat(FunctionDiscovery.kebab("HTTPGateway")).isEqualTo("http-gateway");
        assertThat(FunctionDiscovery.kebab("S3Upload")).isEqualTo("s3-upload");
        assertThat(FunctionDiscovery.kebab("Api2Json")).isEqualTo("api2-json");
    }
}
