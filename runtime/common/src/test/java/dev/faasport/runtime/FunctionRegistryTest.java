package dev.faasport.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionRegistryTest {

    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void loadsTheDescriptorFromTheClasspath() {
        FunctionRegistry r = FunctionRegistry.load(loader);
        assertThat(r.set()).isEqualTo("test-set");
        assertThat(r.functions()).extracting(FunctionEntry::name).containsExactly("hello", "checkout");
        FunctionEntry hello = r.get("hello");
        assertThat(hello.handler()).isEqualTo("dev.faasport.runtime.Fixtures$Hello");
        assertThat(hello.shape()).isEqualTo(Shape.HTTP);
        assertThat(hello.triggerKind()).isEqualTo("http");
        assertThat(hello.memoryMb()).isEqualTo(256);
        assertThat(hello.timeoutSeconds()).isEqualTo(30);
        assertThat(hello.environment()).containsEntry("GREETING", "hi");
    }

    @Test
    void selectsByPlatformNameThenEnvironmentThenTheOnlyOne() {
        FunctionRegistry two = FunctionRegistry.load(loader);
        assertThat(two.select("checkout", Map.of("FAASPORT_FUNCTION", "hello")).name()).isEqualTo("checkout");
        assertThat(two.select("not-ours", Map.of("FAASPORT_FUNCTION", "hello")).name()).isEqualTo("hello");
        assertThat(two.select(null, Map.of("FAASPORT_FUNCTION", "checkout")).name()).isEqualTo("checkout");
        assertThatThrownBy(() -> two.select(null, Map.of()))
                .hasMessage("this package holds 2 functions (hello, checkout) and FAASPORT_FUNCTION is not set, "
                        + "perhaps you should set FAASPORT_FUNCTION to the function's name");
        assertThatThrownBy(() -> two.select(null, Map.of("FAASPORT_FUNCTION", "nope")))
                .hasMessageContaining("no function 'nope' in this package (it has hello, checkout)");
        assertThatThrownBy(() -> two.select("azure-name", Map.of())).hasMessageContaining("no function 'azure-name'");

        FunctionRegistry one = FunctionRegistry.parse("{\"functions\":[{\"name\":\"only\",\"handler\":\"x.Y\"}]}", loader);
        assertThat(one.select(null, Map.of()).name()).isEqualTo("only");
        assertThat(one.set()).isNull();
    }

    @Test
    void createsTheHandlerOnceAndChecksItsShape() {
        FunctionRegistry r = FunctionRegistry.parse("{\"functions\":["
                + "{\"name\":\"a\",\"handler\":\"dev.faasport.runtime.Fixtures$Hello\",\"shape\":\"HTTP\"},"
                + "{\"name\":\"b\",\"handler\":\"dev.faasport.runtime.Fixtures$Hello\",\"shape\":\"TYPED\"},"
                + "{\"name\":\"c\",\"handler\":\"com.example.Gone\"},"
                + "{\"name\":\"d\",\"handler\":\"dev.faasport.runtime.Fixtures$FailingConstructor\"},"
                + "{\"name\":\"e\",\"handler\":\"dev.faasport.runtime.Fixtures$Nightly\"}]}", loader);
        int before = Fixtures.CREATED.get();
        Object first = r.get("a").instance();
        assertThat(r.get("a").instance()).isSameAs(first);
        assertThat(Fixtures.CREATED.get()).isEqualTo(before + 1);
        assertThatThrownBy(() -> r.get("b").instance())
                .hasMessageContaining("function 'b' is declared TYPED but dev.faasport.runtime.Fixtures$Hello is HTTP");
        assertThatThrownBy(() -> r.get("c").instance())
                .hasMessageContaining("handler class com.example.Gone of function 'c' cannot be loaded");
        assertThatThrownBy(() -> r.get("d").instance())
                .hasMessageContaining("constructor of dev.faasport.runtime.Fixtures$FailingConstructor (function 'd') failed")
                .hasMessageContaining("missing configuration");
        assertThat(r.get("e").shape()).as("detected when the descriptor has no shape").isEqualTo(Shape.SCHEDULE);
    }

    @Test
    void rejectsBrokenDescriptors() {
        assertThatThrownBy(() -> FunctionRegistry.parse("{", loader)).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> FunctionRegistry.parse("{\"functions\":[]}", loader)).hasMessageContaining("lists no functions");
        assertThatThrownBy(() -> FunctionRegistry.parse("{\"functions\":[{\"name\":\"x\"}]}", loader))
                .hasMessageContaining("function 'x' has no 'handler'");
        assertThatThrownBy(() -> FunctionRegistry.parse("{\"functions\":[{\"name\":\"x\",\"handler\":\"a.B\",\"shape\":\"SOAP\"}]}", loader))
                .hasMessageContaining("unknown shape 'SOAP'");
        assertThatThrownBy(() -> FunctionRegistry.parse(
                "{\"functions\":[{\"name\":\"x\",\"handler\":\"a.B\"},{\"name\":\"x\",\"handler\":\"a.C\"}]}", loader))
                .hasMessageContaining("lists function 'x' twice");
        assertThatThrownBy(() -> FunctionRegistry.load(ClassLoader.getPlatformClassLoader()))
                .hasMessageContaining("no faasport-functions.json on the function's classpath");
    }
}
