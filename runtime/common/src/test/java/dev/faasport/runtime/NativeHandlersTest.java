package dev.faasport.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.runtime.vendor.EventHandler;
import dev.faasport.runtime.vendor.GreetingHandler;
import dev.faasport.runtime.vendor.OtherTypes;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeHandlersTest {

    @Test
    void aVendorHandlerHasTheShapeItsAdapterReports() {
        assertThat(Shapes.detect(GreetingHandler.class)).isEqualTo(Shape.HTTP);
        assertThat(NativeHandlers.find(GreetingHandler.class, null)).get()
                .satisfies(m -> assertThat(m.adapter().artifact()).isEqualTo("dev.faasport:test-native"));
        assertThat(NativeHandlers.find(Fixtures.Hello.class, null)).isEmpty();
        assertThatThrownBy(() -> Shapes.detect(OtherTypes.class))
                .hasMessageContaining("implements none of HttpFunction");
    }

    @Test
    void portableClassesAreNeverWrapped() {
        assertThat(Shapes.isPortable(Fixtures.Hello.class)).isTrue();
        assertThat(Shapes.isPortable(GreetingHandler.class)).isFalse();
    }

    @Test
    void theInvokerCallsTheVendorHandlerThroughItsAdapter() {
        String json = "{\"functions\":[{\"name\":\"greet\",\"handler\":\"" + GreetingHandler.class.getName() + "\"}]}";
        FunctionEntry entry = FunctionRegistry.parse(json, getClass().getClassLoader()).select(null, Map.of());
        assertThat(entry.instance()).isInstanceOf(HttpFunction.class);
        assertThat(entry.shape()).isEqualTo(Shape.HTTP);
        HttpResponse r = new Invoker(entry).http(new HttpRequest("POST", "/", null, null,
                "hi".getBytes(StandardCharsets.UTF_8)), InvocationContext.of(entry, "inv-1"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo("vendor says hi in greet");
    }

    @Test
    void detectsClassesOfAnIsolatedLoaderByNameWithoutInitialisingThem() throws Exception {
        System.clearProperty(GreetingHandler.MARK);
        URL testClasses = GreetingHandler.class.getProtectionDomain().getCodeSource().getLocation();
        URL api = HttpFunction.class.getProtectionDomain().getCodeSource().getLocation();
        // as at build time: the user's loader has its classes and dependencies, its parent only the platform
        try (URLClassLoader user = new URLClassLoader(new URL[] {testClasses, api}, ClassLoader.getPlatformClassLoader())) {
            assertThat(Shapes.detect(GreetingHandler.class.getName(), user)).isEqualTo(Shape.HTTP);
            assertThat(System.getProperty(GreetingHandler.MARK)).as("static initialiser must not run").isNull();
        } finally {
            System.clearProperty(GreetingHandler.MARK);
        }
    }

    @Test
    void namesTheMissingAdapterForKnownVendorTypes() {
        assertThat(NativeHandlers.vendorTypes()).contains("com.google.cloud.functions.HttpFunction");
        assertThat(NativeHandlers.vendorHint(Fixtures.NotAFunction.class)).isEmpty();
        assertThat(NativeHandlers.visible(getClass().getClassLoader(), "dev.faasport.api.HttpFunction")).isTrue();
        assertThat(NativeHandlers.visible(getClass().getClassLoader(), "com.microsoft.azure.functions.annotation.FunctionName")).isFalse();
        assertThatThrownBy(() -> NativeHandlers.adapt(OtherTypes.class, new OtherTypes(), "f", null, Shape.HTTP))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("function 'f': no adapter on the classpath runs " + OtherTypes.class.getName());
    }

    @Test
    void aHandlerWhoseSignatureDoesNotTellTheTriggerTakesItFromTheConfiguration() {
        assertThatThrownBy(() -> Shapes.detect(EventHandler.class))
                .hasMessageContaining("is a test VendorEvent, whose signature does not tell what triggers it")
                .hasMessageContaining("[storage, queue]");
        assertThat(Shapes.resolve(EventHandler.class, null, "f", "queue").shape()).isEqualTo(Shape.QUEUE);
        assertThat(Shapes.resolve(EventHandler.class, null, "f", "storage").shape()).isEqualTo(Shape.STORAGE);
        // a trigger none of its shapes takes: the first shape, for the caller's mismatch message
        assertThat(Shapes.resolve(EventHandler.class, null, "f", "http").shape()).isEqualTo(Shape.STORAGE);
    }

    @Test
    void theDescriptorsShapeAndTriggerPickTheAdaptersWrapper() throws Exception {
        EventHandler.SEEN.clear();
        String json = "{\"functions\":[{\"name\":\"work\",\"handler\":\"" + EventHandler.class.getName()
                + "\",\"shape\":\"QUEUE\",\"trigger\":{\"kind\":\"queue\",\"queue\":\"jobs\"}}]}";
        FunctionEntry entry = FunctionRegistry.parse(json, getClass().getClassLoader()).select(null, Map.of());
        assertThat(entry.instance()).isInstanceOf(dev.faasport.api.QueueFunction.class);
        ((dev.faasport.api.QueueFunction) entry.instance()).handle("jobs",
                java.util.List.of(new dev.faasport.api.QueueMessage("1", "x".getBytes(StandardCharsets.UTF_8), null, 1,
                        java.time.Instant.EPOCH)), InvocationContext.of(entry, "inv-1"));
        assertThat(EventHandler.SEEN).containsExactly("queue x");
    }

    @Test
    void handlerStringsNameAClassAndAMethod() {
        assertThat(Shapes.handlerClass("com.example.H::handle")).isEqualTo("com.example.H");
        assertThat(Shapes.handlerMethod("com.example.H::handle")).isEqualTo("handle");
        assertThat(Shapes.handlerMethod("com.example.H")).isNull();
        assertThat(new VendorFunction("HttpExample", "run", "api", java.util.List.of(Shape.HTTP), null).portableName())
                .isEqualTo("http-example");
    }
}
