package dev.faasport.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faasport.api.HttpFunction;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class ShapesTest {

    @Test
    void detectsEachShape() {
        assertThat(Shapes.detect(Fixtures.Hello.class)).isEqualTo(Shape.HTTP);
        assertThat(Shapes.detect(Fixtures.Checkout.class)).isEqualTo(Shape.TYPED);
        assertThat(Shapes.detect(Fixtures.Thumbnail.class)).isEqualTo(Shape.STORAGE);
        assertThat(Shapes.detect(Fixtures.Worker.class)).isEqualTo(Shape.QUEUE);
        assertThat(Shapes.detect(Fixtures.Nightly.class)).isEqualTo(Shape.SCHEDULE);
    }

    @Test
    void detectsThroughSuperclassesAndSubInterfaces() {
        assertThat(Shapes.detect(Fixtures.HttpViaBase.class)).isEqualTo(Shape.HTTP);
        assertThat(Shapes.detect(Fixtures.OrdersViaBase.class)).isEqualTo(Shape.TYPED);
        assertThat(Shapes.detect(Fixtures.OrdersViaInterface.class)).isEqualTo(Shape.TYPED);
    }

    @Test
    void explainsWhatToImplement() {
        assertThatThrownBy(() -> Shapes.detect(Fixtures.NotAFunction.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class dev.faasport.runtime.Fixtures$NotAFunction implements none of HttpFunction, "
                        + "StorageFunction, QueueFunction, ScheduleFunction or java.util.function.Function")
                .hasMessageContaining("perhaps you should implement");
    }

    @Test
    void rejectsClassesThatCannotBeInstantiated() {
        assertThatThrownBy(() -> Shapes.detect(Fixtures.BaseFunction.class)).hasMessageContaining("is abstract");
        assertThatThrownBy(() -> Shapes.detect(Fixtures.OrderFunction.class)).hasMessageContaining("is an interface");
        assertThatThrownBy(() -> Shapes.detect(Fixtures.NoDefaultConstructor.class))
                .hasMessageContaining("has no public no-argument constructor, perhaps you should add one");
        assertThatThrownBy(() -> Shapes.detect(Fixtures.PackagePrivate.class)).hasMessageContaining("make it public");
        assertThatThrownBy(() -> Shapes.detect(Fixtures.TwoShapes.class))
                .hasMessageContaining("several function interfaces [HTTP, STORAGE]");
    }

    @Test
    void worksOnClassesOfAnotherClassLoaderAndDoesNotInitialiseThem() throws Exception {
        System.clearProperty("faasport.test.staticInit");
        URL testClasses = Fixtures.class.getProtectionDomain().getCodeSource().getLocation();
        URL api = HttpFunction.class.getProtectionDomain().getCodeSource().getLocation();
        // parent = platform loader: the user's loader has its own copy of the API, as at build time
        try (URLClassLoader user = new URLClassLoader(new URL[] {testClasses, api}, ClassLoader.getPlatformClassLoader())) {
            assertThat(Shapes.detect("dev.faasport.runtime.StaticInit", user)).isEqualTo(Shape.HTTP);
            Class<?> c = Class.forName("dev.faasport.runtime.StaticInit", false, user);
            assertThat(HttpFunction.class.isAssignableFrom(c)).as("another loader's copy of the API").isFalse();
            assertThat(Shapes.detect(c)).isEqualTo(Shape.HTTP);
            assertThat(System.getProperty("faasport.test.staticInit")).as("static initialiser must not run").isNull();
            Class.forName("dev.faasport.runtime.StaticInit", true, user);
            assertThat(System.getProperty("faasport.test.staticInit")).as("initialising it does set the mark").isEqualTo("ran");
        } finally {
            System.clearProperty("faasport.test.staticInit");
        }
        assertThatThrownBy(() -> Shapes.detect("com.example.Missing", getClass().getClassLoader()))
                .hasMessageContaining("handler class com.example.Missing cannot be loaded")
                .hasMessageContaining("perhaps you should check the class name");
    }
}
