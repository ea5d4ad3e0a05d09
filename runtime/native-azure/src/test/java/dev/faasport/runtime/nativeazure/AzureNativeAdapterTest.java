package dev.faasport.runtime.nativeazure;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.azure.Function;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.FunctionName;
import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.InvocationContext;
import dev.faasport.runtime.Invoker;
import dev.faasport.runtime.Shape;
import dev.faasport.runtime.Shapes;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Azure functions through the portable path every platform adapter uses: registry, Invoker, neutral values. */
class AzureNativeAdapterTest {

    static final FunctionRegistry REGISTRY = FunctionRegistry.load(AzureNativeAdapterTest.class.getClassLoader());
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void clear() {
        Function.RECEIVED.clear();
    }

    /** @return an invocation's context whose log lines (errors prefixed ERROR) go to {@code log} */
    static Context context(String function, String invocationId, Map<String, String> environment, List<String> log) {
        return new InvocationContext(function, invocationId, () -> 9000, environment, new Context.Logger() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void error(String message, Throwable error) {
                log.add("ERROR " + message + (error == null ? "" : " " + error));
            }
        });
    }

    private HttpResponse http(String function, HttpRequest request) {
        return new Invoker(REGISTRY.get(function)).http(request, context(function, "inv-5", Map.of(), log));
    }

    @Test
    void theFunctionNamedLikeTheFaasportFunctionGetsTheRequestAndRouteValues() {
        HttpResponse r = http("hello", new HttpRequest("POST", "/hello/Paris", Map.of("name", List.of("Ada", "Bob")),
                Map.of("User-Agent", List.of("curl/8"), "Host", List.of("fn.example")), "Grace".getBytes(StandardCharsets.UTF_8)));
        assertThat(Function.RECEIVED).containsExactly("POST http://fn.example/hello/Paris?name=Ada&name=Bob who=Paris fn=hello id=inv-5");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("Content-Type", "text/plain").containsEntry("X-Greeter", "azure");
        assertThat(r.bodyAsString()).isEqualTo("Hello, Grace from Paris ua=curl/8");
        assertThat(log).contains("Java HTTP trigger processed a request.");

        HttpResponse query = http("hello", new HttpRequest("GET", "/", Map.of("name", List.of("Ada")), null, null));
        assertThat(query.bodyAsString()).isEqualTo("Hello, Ada ua=null");
        HttpResponse missing = http("hello", new HttpRequest("GET", "/", null, null, null));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.bodyAsString()).isEqualTo("Please pass a name on the query string or in the request body");
        assertThat(http("hello", new HttpRequest("GET", "/fail", null, null, null)).status()).isEqualTo(500);
    }

    @Test
    void aPojoBodyIsBoundFromJsonAndAReturnedObjectIsWrittenAsJson() {
        HttpResponse r = http("order", new HttpRequest("POST", "/", null, Map.of("content-type", List.of("application/json")),
                "{\"item\":\"tea\",\"quantity\":3}".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("content-type", "application/json");
        assertThat(r.bodyAsString()).isEqualTo("{\"item\":\"TEA\",\"quantity\":6}");
    }

    @Test
    void aFunctionNameThatMatchesNoMethodOfSeveralIsExplained() {
        HttpResponse r = http("greeting", new HttpRequest("GET", "/", null, null, null));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.bodyAsString()).contains("class com.example.azure.Function holds several functions [hello, order] "
                + "and none is called 'greeting', perhaps you should name the Faasport function after one of them");
    }

    @Test
    void routeTemplatesMatchWithOrWithoutTheirLiteralPrefix() {
        assertThat(AzureHttpFunction.routeValues("hello/{who?}", "/hello/Ada")).isEqualTo(Map.of("who", "Ada"));
        assertThat(AzureHttpFunction.routeValues("hello/{who?}", "/Ada")).isEqualTo(Map.of("who", "Ada"));
        assertThat(AzureHttpFunction.routeValues("hello/{who?}", "/")).isEmpty();
        assertThat(AzureHttpFunction.routeValues("items/{id:int}/parts/{*rest}", "/items/7/parts/a/b"))
                .isEqualTo(Map.of("id", "7", "rest", "a/b"));
        assertThat(AzureHttpFunction.routeValues("items/{id}", "/orders/7")).isEmpty();
    }

    @Test
    void detectsAzureFunctionsByAnnotationNameInAnIsolatedLoaderWithoutInitialisingThem() throws Exception {
        assertThat(Shapes.detect(Function.class)).isEqualTo(Shape.HTTP);
        System.clearProperty(Function.MARK);
        try (URLClassLoader user = new URLClassLoader(new URL[] {location(Function.class), location(HttpFunction.class),
                location(FunctionName.class), location(HttpRequestMessage.class)}, ClassLoader.getPlatformClassLoader())) {
            assertThat(Shapes.detect("com.example.azure.Function", user)).isEqualTo(Shape.HTTP);
            assertThat(System.getProperty(Function.MARK)).as("the handler's static initialiser must not run").isNull();
        }
    }

    @Test
    void detectionNeedsNoAzureTypesInTheBuildsOwnLoader() throws Exception {
        // as in the plugin: Faasport's runtime and this adapter in one loader without Azure jars, the user's code in another
        try (URLClassLoader build = new URLClassLoader(new URL[] {location(Shapes.class), location(dev.faasport.runtime.json.Json.class), location(HttpFunction.class),
                location(AzureNativeAdapter.class)}, ClassLoader.getPlatformClassLoader());
             URLClassLoader user = new URLClassLoader(new URL[] {location(Function.class), location(HttpFunction.class),
                     location(FunctionName.class), location(HttpRequestMessage.class)}, ClassLoader.getPlatformClassLoader())) {
            assertThat(build.getResource("com/microsoft/azure/functions/annotation/FunctionName.class")).isNull();
            java.lang.reflect.Method detect = build.loadClass(Shapes.class.getName()).getMethod("detect", String.class, ClassLoader.class);
            assertThat(detect.invoke(null, "com.example.azure.Function", user)).hasToString("HTTP");
            // discovery makes one Faasport function of each @FunctionName, named alike
            Object adapter = build.loadClass(AzureNativeAdapter.class.getName()).getConstructor().newInstance();
            List<?> functions = (List<?>) adapter.getClass().getMethod("functions", Class.class, String.class)
                    .invoke(adapter, Class.forName("com.example.azure.Function", false, user), null);
            assertThat(functions).extracting("name").containsExactly("hello", "order");
        }
    }

    static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
