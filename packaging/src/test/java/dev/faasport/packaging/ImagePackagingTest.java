package dev.faasport.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasport.image.LocalRegistry;
import dev.faasport.limits.CheckReport;
import dev.faasport.limits.LimitChecker;
import dev.faasport.limits.Severity;
import dev.faasport.runtime.json.Json;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.ServiceLoader;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * packageType image end to end: images built by the packager, pushed to a real registry on 127.0.0.1, read back over
 * the registry API, and deployed by the Knative provider to fabric8's Kubernetes mock server (CRUD mode).
 */
class ImagePackagingTest {

    static final CustomResourceDefinitionContext KSVC = new CustomResourceDefinitionContext.Builder()
            .withGroup("serving.knative.dev").withVersion("v1").withKind("Service").withPlural("services")
            .withScope("Namespaced").build();
    static final String HTTP_MAIN = "dev.faasport.runtime.http.HttpMain";
    // held in a field: the mock server logs every request at INFO, and an unreferenced logger loses its level
    static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    @TempDir
    static Path dir;
    static LocalRegistry registry;
    static String base;

    @BeforeAll
    static void startRegistryAndPushBase() throws Exception {
        registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")));
        base = registry.pushBaseImage("test/base:1", dir.resolve("base"));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    /** A project whose Knative images carry the real faasport-runtime-http, -common and -api jars. */
    static Fixtures knativeProject(Path root) throws IOException {
        Fixtures fx = new Fixtures(root);
        fx.functions.clear();
        fx.functions.add(new FunctionSpec("hello", "com.example.Hello", FunctionShape.HTTP,
                new Trigger.Http(List.of(), true), 256, 30, Map.of("GREETING", "hi"), 10, 0, FunctionSpec.PackageType.IMAGE, Map.of()));
        fx.functions.add(new FunctionSpec("greet", "com.example.Hello", FunctionShape.HTTP,
                new Trigger.Http(List.of(), false), 128, 10, Map.of(), 0, 0, null, Map.of()));
        fx.adapters.put(PackageFormat.OCI_IMAGE, List.of(jarOf(HTTP_MAIN), jarOf("dev.faasport.runtime.Invoker"),
                jarOf("dev.faasport.runtime.json.Json"), jarOf("dev.faasport.api.HttpFunction")));
        fx.settings.put("image.registry", registry.host() + "/team");
        fx.settings.put("image.base", base);
        fx.settings.put("image.insecure", "true");
        fx.settings.put("image.cacheDir", root.resolve("jib-cache").toString());
        return fx;
    }

    static Path jarOf(String className) {
        try {
            Path p = Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
            assertThat(p.toString()).as("the installed jar of " + className).endsWith(".jar");
            return p;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void knativeImagesArePushedReadBackAndDeployedByDigest(@TempDir Path root) throws Exception {
        Fixtures fx = knativeProject(root);
        PackageResult result = new Packager().pack(fx.request(), "knative", PackageFormat.OCI_IMAGE);

        assertThat(result.upToDate()).isFalse();
        assertThat(result.units()).extracting(DeployUnit::name).containsExactly("greet", "hello");
        for (DeployUnit u : result.units()) {
            String repo = "team/hello-set/" + u.name();
            assertThat(u.artifact().format()).isEqualTo(PackageFormat.OCI_IMAGE);
            assertThat(u.artifact().path()).isNull();
            assertThat(u.artifact().imageRef()).isEqualTo(registry.host() + "/" + repo + "@sha256:" + u.artifact().sha256());
            assertThat(u.configHash()).isEqualTo(ConfigHash.of(List.of(u.function()), Packager.providerSettings(fx.settings, "knative")));

            LocalRegistry.Manifest list = registry.manifest(repo, "knative");
            assertThat(list.digest()).isEqualTo("sha256:" + u.artifact().sha256());
            assertThat(list.mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
            List<String> platforms = new ArrayList<>();
            for (JsonNode m : list.json().path("manifests")) {
                platforms.add(m.path("platform").path("os").asText() + "/" + m.path("platform").path("architecture").asText());
                LocalRegistry.Manifest image = registry.manifest(repo, m.path("digest").asText());
                JsonNode config = registry.json(repo, image.json().path("config").path("digest").asText()).path("config");
                assertThat(texts(config.path("Entrypoint"))).containsExactly("java", "-cp", "/app:/app/lib/*", HTTP_MAIN);
                // the base image's CMD (jshell here) must not become the server's arguments
                assertThat(texts(config.path("Cmd"))).isEmpty();
                assertThat(texts(config.path("Env"))).contains("FAASPORT_FUNCTION=" + u.name())
                        .noneMatch(e -> e.startsWith("GREETING")); // the provider sets the environment, not the image
                List<String> layers = new ArrayList<>();
                image.json().path("layers").forEach(l -> layers.add(l.path("digest").asText()));
                assertThat(layers).hasSize(4);
                assertThat(tarEntries(registry.blob(repo, layers.get(1)))).containsExactly("app/lib/lib-a-1.0.jar", "app/lib/lib-b-2.1.jar");
                assertThat(tarEntries(registry.blob(repo, layers.get(2)))).hasSize(4)
                        .anyMatch(n -> n.startsWith("app/lib/faasport-runtime-http-"))
                        .anyMatch(n -> n.startsWith("app/lib/faasport-runtime-common-"))
                        .anyMatch(n -> n.startsWith("app/lib/faasport-json-"));
                Map<String, String> classes = tarTexts(registry.blob(repo, layers.get(3)));
                assertThat(classes).containsKeys("app/com/example/Hello.class", "app/application.properties");
                Map<String, Object> descriptor = Json.parseObject(classes.get("app/faasport-functions.json"));
                assertThat((List<Map<String, Object>>) descriptor.get("functions")).extracting(f -> f.get("name"))
                        .containsExactly(u.name());
            }
            assertThat(platforms).containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
            // the per-function record names the same image
            Map<String, Object> record = Json.parseObject(Files.readString(fx.out.resolve("knative/" + u.name() + ".image.json")));
            assertThat(record.get("imageRef")).isEqualTo(u.artifact().imageRef());
        }

        // manifest.json describes the images
        Map<String, Object> manifest = Json.parseObject(Files.readString(result.manifest()));
        Map<String, Object> knative = (Map<String, Object>) ((Map<String, Object>) manifest.get("providers")).get("knative");
        assertThat(knative.get("format")).isEqualTo("OCI_IMAGE");
        List<Map<String, Object>> units = (List<Map<String, Object>>) knative.get("units");
        assertThat(units).extracting(m -> ((Map<String, Object>) m.get("artifact")).get("imageRef"))
                .containsExactlyElementsOf(result.units().stream().map(u -> u.artifact().imageRef()).toList());

        // nothing changed: no build, no push, the same units from the state
        long requestsBefore = registry.requestCount();
        assertThat(requestsBefore).as("the registry's access log counts the pushes so far").isPositive();
        PackageResult again = new Packager().pack(fx.request(), "knative", PackageFormat.OCI_IMAGE);
        assertThat(again.upToDate()).isTrue();
        assertThat(again.written()).isEmpty();
        assertThat(again.units()).isEqualTo(result.units());
        assertThat(registry.requestCount()).isEqualTo(requestsBefore);

        // the Knative provider deploys each unit; the service runs the pushed digest
        deployToMockKnative(result.units());
    }

    @SuppressWarnings("unchecked")
    static void deployToMockKnative(List<DeployUnit> units) throws Exception {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                responses, new KubernetesMixedDispatcher(responses, List.of(KSVC)), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient admin = server.createClient()) {
            Provider knative = ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(p -> p.id().equals("knative")).findFirst().orElseThrow();
            assertThat(knative.packageFormat()).isEqualTo(PackageFormat.OCI_IMAGE);
            try (ProviderSession session = knative.open(new ProviderConfig("hello-set", Map.of(
                    "knative.endpoint", "http://127.0.0.1:" + server.getPort(), "knative.namespace", "faas",
                    "knative.readyTimeoutSeconds", "0"), dir, ProviderConfig.Log.silent()))) {
                for (DeployUnit u : units) {
                    session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, u, null));
                    GenericKubernetesResource ksvc = admin.genericKubernetesResources(KSVC).inNamespace("faas")
                            .withName(u.name()).get();
                    Map<String, Object> container = (Map<String, Object>) ((List<Object>) ksvc.get("spec", "template",
                            "spec", "containers")).get(0);
                    String image = (String) container.get("image");
                    assertThat(image).isEqualTo(u.artifact().imageRef());
                    String digest = image.substring(image.indexOf('@') + 1);
                    String repo = image.substring(registry.host().length() + 1, image.indexOf('@'));
                    // the digest the service runs is the one the registry serves for the pushed tag
                    assertThat(registry.manifest(repo, "knative").digest()).isEqualTo(digest);
                }
                assertThat(session.list()).extracting(d -> d.name()).containsExactlyInAnyOrder("greet", "hello");
            }
        } finally {
            server.destroy();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCodeOnlyChangePushesOneLayerPerImage(@TempDir Path root) throws Exception {
        Fixtures fx = knativeProject(root);
        fx.settings.put("image.registry", registry.host() + "/incremental");
        PackageResult first = new Packager().pack(fx.request(), "knative", PackageFormat.OCI_IMAGE);
        for (DeployUnit u : first.units()) {
            Map<String, Object> r = Json.parseObject(Files.readString(fx.out.resolve("knative/" + u.name() + ".image.json")));
            assertThat(((Number) r.get("pushedLayers")).intValue()).as(u.name()).isGreaterThanOrEqualTo(1);
        }

        Files.writeString(fx.classes.resolve("com/example/Hello.class"), "cafebabe hello, version 2");
        PackageResult second = new Packager().pack(fx.request(), "knative", PackageFormat.OCI_IMAGE);

        assertThat(second.upToDate()).isFalse();
        for (int i = 0; i < second.units().size(); i++) {
            DeployUnit before = first.units().get(i);
            DeployUnit after = second.units().get(i);
            assertThat(after.artifact().sha256()).isNotEqualTo(before.artifact().sha256());
            assertThat(after.configHash()).isEqualTo(before.configHash());
            Map<String, Object> r = Json.parseObject(Files.readString(fx.out.resolve("knative/" + after.name() + ".image.json")));
            // only the classes layer (shared by both platforms) is uploaded again
            assertThat(((Number) r.get("pushedLayers")).intValue()).as(after.name()).isEqualTo(1);
            assertThat(((Number) r.get("reusedLayers")).intValue()).as(after.name()).isEqualTo(3);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void lambdaImagesUseTheTaskRootAndTheRuntimeInterfaceClient(@TempDir Path root) throws Exception {
        Fixtures fx = new Fixtures(root);
        fx.functions.clear();
        fx.functions.add(new FunctionSpec("api", "com.example.Hello", FunctionShape.HTTP, new Trigger.Http(List.of(), true),
                1024, 30, Map.of(), 0, 0, FunctionSpec.PackageType.IMAGE, Map.of()));
        fx.functions.add(Fixtures.fn("small", new Trigger.Http(List.of(), true)));
        List<Path> aws = new ArrayList<>(fx.adapters.get(PackageFormat.LAMBDA_ZIP));
        fx.settings.put("image.registry", registry.host() + "/lambda");
        fx.settings.put("image.base", base);
        fx.settings.put("image.insecure", "true");
        fx.settings.put("image.cacheDir", root.resolve("jib-cache").toString());
        fx.settings.put("aws.architecture", "arm64");

        // a base image that is not AWS's needs the runtime interface client, and says where to get it
        assertThatThrownBy(() -> new Packager().pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP))
                .isInstanceOf(PackagingException.class).hasMessageContaining("'" + base + "'")
                .hasMessageContaining("com.amazonaws:aws-lambda-java-runtime-interface-client:2.10.1");

        // a stand-in of the client's jar: this test checks the layout, no Lambda runs here
        aws.add(Fixtures.jar(root.resolve("adapters/aws-lambda-java-runtime-interface-client-2.10.1.jar"),
                "com/amazonaws/services/lambda/runtime/api/client/AWSLambda.class", "ric"));
        fx.adapters.put(PackageFormat.LAMBDA_ZIP, aws);
        PackageResult result = new Packager().pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP);

        DeployUnit api = result.units().stream().filter(u -> u.name().equals("api")).findFirst().orElseThrow();
        DeployUnit small = result.units().stream().filter(u -> u.name().equals("small")).findFirst().orElseThrow();
        assertThat(small.artifact().format()).isEqualTo(PackageFormat.LAMBDA_ZIP);
        assertThat(entries(small.artifact().path())).noneMatch(n -> n.contains("runtime-interface-client"));
        assertThat(api.artifact().format()).isEqualTo(PackageFormat.OCI_IMAGE);
        assertThat(api.settings()).containsEntry("aws.handler", LambdaZipLayout.HANDLER);

        LocalRegistry.Manifest manifest = registry.manifest("lambda/hello-set/api", "aws");
        // Lambda takes single-platform images only
        assertThat(manifest.mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(manifest.digest()).isEqualTo("sha256:" + api.artifact().sha256());
        JsonNode config = registry.json("lambda/hello-set/api", manifest.json().path("config").path("digest").asText());
        assertThat(config.path("architecture").asText()).isEqualTo("arm64");
        assertThat(texts(config.path("config").path("Entrypoint"))).containsExactly("java", "-cp",
                "/var/task:/var/task/lib/*", "com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
        assertThat(texts(config.path("config").path("Cmd"))).containsExactly(LambdaZipLayout.HANDLER);
        assertThat(texts(config.path("config").path("Env"))).contains("LAMBDA_TASK_ROOT=/var/task", "FAASPORT_FUNCTION=api");
        List<String> layers = new ArrayList<>();
        manifest.json().path("layers").forEach(l -> layers.add(l.path("digest").asText()));
        assertThat(tarEntries(registry.blob("lambda/hello-set/api", layers.get(2))))
                .contains("var/task/lib/aws-lambda-java-runtime-interface-client-2.10.1.jar");
        assertThat(tarEntries(registry.blob("lambda/hello-set/api", layers.get(3))))
                .contains("var/task/com/example/Hello.class", "var/task/faasport-functions.json");

        // faas:check measures the image against Lambda's 10 GB limit, not the 250 MB zip limit
        CheckReport report = new LimitChecker().check("aws", null, List.of(api), Map.of());
        assertThat(report.findings()).filteredOn(f -> f.key().equals("package.image.bytes"))
                .singleElement().extracting(f -> f.severity()).isEqualTo(Severity.FITS);
        assertThat(report.findings()).noneMatch(f -> f.key().equals("package.unzipped.bytes"));
    }

    static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(zip))) {
            for (var e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    static List<String> tarEntries(byte[] layer) throws IOException {
        return new ArrayList<>(tarTexts(layer).keySet());
    }

    /** @return the regular files of a gzipped layer tarball with their contents, in tar order */
    static Map<String, String> tarTexts(byte[] layer) throws IOException {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(layer)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    String name = e.getName().startsWith("/") ? e.getName().substring(1) : e.getName();
                    files.put(name, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }
}
