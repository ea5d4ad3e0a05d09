package dev.faasport.image;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Builds and pushes function images to a real registry on 127.0.0.1 and reads them back over the registry API. */
class ImageBuilderTest {

    @TempDir
    static Path dir;

    static LocalRegistry registry;
    static String base;
    static final ImageBuilder BUILDER = new ImageBuilder();

    @BeforeAll
    static void startRegistryAndPushBase() throws Exception {
        registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")));
        // the tests' base image: scratch plus one tiny layer, for both platforms, pushed here first (no internet)
        Path marker = Files.writeString(dir.resolve("base-marker.txt"), "faasport test base image\n");
        base = registry.host() + "/test/base:1";
        ImageResult result = BUILDER.build(new ImageRequest("scratch", base,
                List.of(Layer.files("base", List.of(marker), "/etc")), List.of("/bin/base-entry"), List.of("base-cmd"),
                Map.of("BASE_ENV", "yes"), List.of("linux/amd64", "linux/arm64"), true, null, dir.resolve("cache")));
        assertThat(result.platforms()).containsExactly("linux/amd64", "linux/arm64");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pushesMultiPlatformImageWithSeparateLayersAndEntrypoint() throws Exception {
        FunctionImages.FunctionContent content = content("multi", "v1");
        String target = registry.host() + "/fn/hello:1";
        ImageRequest request = FunctionImages.http(content, base, target,
                FunctionImages.javaEntrypoint("dev.faasport.runtime.local.Main"), List.of("--port", "8080"),
                Map.of("GREETING", "hi"), List.of("linux/amd64", "linux/arm64"), true).withCacheDirectory(dir.resolve("cache"));

        ImageResult result = BUILDER.build(request);

        LocalRegistry.Manifest list = registry.manifest("fn/hello", "1");
        assertThat(list.mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
        assertThat(list.digest()).isEqualTo(result.digest());
        assertThat(result.imageRef()).isEqualTo(registry.host() + "/fn/hello@" + result.digest());
        List<String> platforms = new ArrayList<>();
        for (JsonNode m : list.json().path("manifests")) {
            String platform = m.path("platform").path("os").asText() + "/" + m.path("platform").path("architecture").asText();
            platforms.add(platform);
            LocalRegistry.Manifest image = registry.manifest("fn/hello", m.path("digest").asText());
            List<String> layers = new ArrayList<>();
            image.json().path("layers").forEach(l -> layers.add(l.path("digest").asText()));
            // base layer + dependencies + faasport-runtime + classes, each its own layer
            assertThat(layers).hasSize(4).doesNotHaveDuplicates();
            JsonNode config = registry.json("fn/hello", image.json().path("config").path("digest").asText());
            assertThat(config.path("architecture").asText()).isEqualTo(platform.substring("linux/".length()));
            assertThat(texts(config.path("config").path("Entrypoint")))
                    .containsExactly("java", "-cp", "/app:/app/lib/*", "dev.faasport.runtime.local.Main");
            assertThat(texts(config.path("config").path("Cmd"))).containsExactly("--port", "8080");
            assertThat(texts(config.path("config").path("Env")))
                    .contains("FAASPORT_FUNCTION=multi", "GREETING=hi", "BASE_ENV=yes");
            assertThat(config.path("config").path("WorkingDir").asText()).isEqualTo("/app");
            assertThat(tarEntries(registry.blob("fn/hello", layers.get(1)))).containsExactly("app/lib/dep-a.jar", "app/lib/dep-b.jar");
            assertThat(tarEntries(registry.blob("fn/hello", layers.get(2)))).containsExactly("app/lib/faasport-runtime.jar");
            assertThat(tarEntries(registry.blob("fn/hello", layers.get(3))))
                    .containsExactly("app/com/example/Hello.class", "app/faasport-functions.json");
            if (platforms.size() == 1) {
                assertThat(result.layerDigests()).isEqualTo(layers);
            }
        }
        assertThat(platforms).containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
        assertThat(result.totalBytes()).isGreaterThan(0);
        assertThat(result.applicationUncompressedBytes()).isEqualTo(content.dependencyJars().size() * 2000L + 3000 + 4
                + Files.size(content.descriptor()));
    }

    @Test
    void codeOnlyChangeUploadsExactlyOneLayer() throws Exception {
        String target = registry.host() + "/fn/incremental:latest";
        ImageRequest v1 = FunctionImages.http(content("inc", "v1"), base, target, FunctionImages.javaEntrypoint("x.Main"),
                null, Map.of(), List.of("linux/amd64", "linux/arm64"), true).withCacheDirectory(dir.resolve("cache"));
        ImageResult first = BUILDER.build(v1);
        // the base layer is mounted from the base repository, the three application layers are uploaded
        assertThat(first.pushedLayers()).isEqualTo(3);
        assertThat(first.reusedLayers()).isEqualTo(1);

        ImageResult unchanged = BUILDER.build(v1);
        assertThat(unchanged.digest()).isEqualTo(first.digest());
        assertThat(unchanged.pushedLayers()).isZero();

        Path classFile = dir.resolve("inc/classes/com/example/Hello.class");
        Files.writeString(classFile, "v2-changed-code");
        ImageResult second = BUILDER.build(v1);

        assertThat(second.pushedLayers()).isEqualTo(1);
        assertThat(second.reusedLayers()).isEqualTo(3);
        assertThat(second.digest()).isNotEqualTo(first.digest());
        assertThat(second.layerDigests().subList(0, 3)).isEqualTo(first.layerDigests().subList(0, 3));
        assertThat(second.layerDigests().get(3)).isNotEqualTo(first.layerDigests().get(3));
        assertThat(registry.manifest("fn/incremental", "latest").digest()).isEqualTo(second.digest());
    }

    @Test
    void lambdaLayoutRunsTheRuntimeInterfaceClientWithTheHandler() throws Exception {
        FunctionImages.FunctionContent content = content("lam", "v1");
        String target = registry.host() + "/fn/lambda:1";
        ImageResult result = BUILDER.build(FunctionImages.lambda(content, base, target, "arm64", Map.of("A", "b"), true)
                .withCacheDirectory(dir.resolve("cache")));

        LocalRegistry.Manifest manifest = registry.manifest("fn/lambda", "1");
        assertThat(manifest.digest()).isEqualTo("sha256:" + result.digestHex());
        // Lambda rejects manifest lists: one platform, one manifest
        assertThat(manifest.mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(result.platforms()).isEmpty();
        JsonNode config = registry.json("fn/lambda", manifest.json().path("config").path("digest").asText());
        assertThat(config.path("architecture").asText()).isEqualTo("arm64");
        assertThat(texts(config.path("config").path("Entrypoint"))).containsExactly("java", "-cp",
                "/var/task:/var/task/lib/*", "com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
        assertThat(texts(config.path("config").path("Cmd"))).containsExactly("dev.faasport.runtime.aws.LambdaHandler::handleRequest");
        assertThat(texts(config.path("config").path("Env"))).contains("FAASPORT_FUNCTION=lam", "A=b", "LAMBDA_TASK_ROOT=/var/task");
        List<String> layers = new ArrayList<>();
        long size = manifest.json().path("config").path("size").asLong();
        for (JsonNode l : manifest.json().path("layers")) {
            layers.add(l.path("digest").asText());
            size += l.path("size").asLong();
        }
        assertThat(result.layerDigests()).isEqualTo(layers);
        assertThat(result.totalBytes()).isEqualTo(size);
        // the base image (one marker layer) is counted apart from Faasport's three layers
        assertThat(result.baseCompressedBytes()).isEqualTo(manifest.json().path("layers").get(0).path("size").asLong());
        assertThat(tarEntries(registry.blob("fn/lambda", layers.get(3))))
                .containsExactly("var/task/com/example/Hello.class", "var/task/faasport-functions.json");
        assertThat(tarEntries(registry.blob("fn/lambda", layers.get(1)))).containsExactly("var/task/lib/dep-a.jar", "var/task/lib/dep-b.jar");
    }

    @Test
    void awsBaseImageKeepsItsEntrypointAndTakesTheHandlerAsCmd() throws Exception {
        ImageRequest request = FunctionImages.lambda(content("aws", "v1"), "public.ecr.aws/lambda/java:17",
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/fn:1", "x86_64", Map.of(), false);
        assertThat(request.entrypoint()).isNull();
        assertThat(request.cmd()).containsExactly(FunctionImages.LAMBDA_HANDLER);
        assertThat(request.platforms()).containsExactly("linux/amd64");
        assertThat(request.environment()).doesNotContainKey("LAMBDA_TASK_ROOT").containsEntry("FAASPORT_FUNCTION", "aws");
    }

    @Test
    void unreachableRegistryFailsWithASuggestion() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ImageRequest request = FunctionImages.http(content("down", "v1"), "scratch", "127.0.0.1:" + closedPort + "/fn/down:1",
                null, null, Map.of(), List.of("linux/amd64"), true).withCacheDirectory(dir.resolve("cache"));
        assertThatThrownBy(() -> BUILDER.build(request))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort + "/fn/down")
                .hasMessageContaining("perhaps you should");
    }

    @Test
    void plainHttpRegistryNeedsInsecureToBeConfigured() throws Exception {
        ImageRequest request = FunctionImages.http(content("secure", "v1"), "scratch", registry.host() + "/fn/secure:1",
                null, null, Map.of(), List.of("linux/amd64"), false).withCacheDirectory(dir.resolve("cache"));
        assertThatThrownBy(() -> BUILDER.build(request))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("fn/secure")
                .hasMessageContaining("perhaps you should")
                .hasMessageContaining("allow insecure registries");
        assertThat(registry.catalog()).doesNotContain("fn/secure");
        ImageRequest down = request.withTargetImage("127.0.0.1:1/fn/secure:1");
        assertThatThrownBy(() -> BUILDER.build(down)).isInstanceOf(ImageException.class)
                .hasMessageContaining("refused the connection, perhaps you should check that the registry is running");
    }

    @Test
    void invalidRequestsAreRejectedBeforeAnyRemoteCall() throws Exception {
        FunctionImages.FunctionContent content = content("bad", "v1");
        assertThatThrownBy(() -> BUILDER.build(FunctionImages.http(content, base, registry.host() + "/fn/bad:1", null, null,
                Map.of(), List.of("amd64"), true)))
                .isInstanceOf(ImageException.class).hasMessageContaining("Platform 'amd64' is invalid, perhaps you should");
        assertThatThrownBy(() -> BUILDER.build(FunctionImages.http(content, base, "Not A Reference", null, null,
                Map.of(), List.of("linux/amd64"), true)))
                .isInstanceOf(ImageException.class).hasMessageContaining("targetImage");
        FunctionImages.FunctionContent missing = new FunctionImages.FunctionContent("bad", List.of(dir.resolve("nope.jar")),
                List.of(), null, content.descriptor());
        assertThatThrownBy(() -> BUILDER.build(FunctionImages.http(missing, base, registry.host() + "/fn/bad:1", null, null,
                Map.of(), List.of("linux/amd64"), true)))
                .isInstanceOf(ImageException.class).hasMessageContaining("nope.jar");
        assertThatThrownBy(() -> FunctionImages.lambda(content, base, "x/y:1", "sparc", Map.of(), true))
                .hasMessageContaining("function 'bad'");
        assertThat(registry.catalog()).doesNotContain("fn/bad");
    }

    /** A function's content: two dependency jars, one runtime jar, one class, the descriptor. */
    static FunctionImages.FunctionContent content(String name, String code) throws IOException {
        Path root = Files.createDirectories(dir.resolve(name));
        Path deps = Files.createDirectories(root.resolve("deps"));
        Path depA = Files.write(deps.resolve("dep-a.jar"), bytes('a', 2000));
        Path depB = Files.write(deps.resolve("dep-b.jar"), bytes('b', 2000));
        Path runtime = Files.write(Files.createDirectories(root.resolve("runtime")).resolve("faasport-runtime.jar"), bytes('r', 3000));
        Path classes = Files.createDirectories(root.resolve("classes/com/example"));
        Files.writeString(classes.resolve("Hello.class"), code + "-00".substring(0, 4 - code.length()));
        Path descriptor = Files.writeString(root.resolve("faasport-functions.json"),
                "{\"set\":\"s\",\"functions\":[{\"name\":\"" + name + "\",\"handler\":\"com.example.Hello\"}]}");
        return new FunctionImages.FunctionContent(name, List.of(depA, depB), List.of(runtime), root.resolve("classes"), descriptor);
    }

    private static byte[] bytes(char c, int n) {
        return String.valueOf(c).repeat(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    /** @return the regular files in a gzipped layer tarball */
    private static List<String> tarEntries(byte[] layer) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(layer)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    names.add(e.getName().startsWith("/") ? e.getName().substring(1) : e.getName());
                }
            }
        }
        return names;
    }
}
