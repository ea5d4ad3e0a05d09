package dev.faasport.provider.knative;

import org.awaitility.Awaitility;
import dev.faasport.image.FunctionImages;
import dev.faasport.image.ImageBuilder;
import dev.faasport.image.ImageResult;
import dev.faasport.image.LocalRegistry;
import dev.faasport.provider.knative.testing.KnativeTestCluster;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Knative provider against {@link KnativeTestCluster}: images built with the image module and pushed to a real
 * registry on 127.0.0.1 run as processes, so deploying, updating and deleting are checked by calling the function.
 */
class KnativeTestClusterTest {

    static final String NS = "faas";
    static final String HTTP_MAIN = "dev.faasport.runtime.http.HttpMain";
    static final Duration STOPPED = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static LocalRegistry registry;
    static KnativeTestCluster cluster;
    static ImageResult v1;
    static ImageResult v2;
    static ImageResult crashing;

    @BeforeAll
    static void pushImagesAndStartTheCluster() throws Exception {
        registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")));
        // the base image holds no JDK: the cluster runs the image's java entry point with this JVM's java
        String base = registry.pushBaseImage("it/base:1", dir.resolve("base"));
        List<String> server = FunctionImages.javaEntrypoint(HTTP_MAIN);
        // v1 is a manifest list (two platforms), v2 a single image: the cluster pulls both kinds
        v1 = push(base, "it/shop/hello:v1", "hello v1", server, List.of("linux/amd64", "linux/arm64"));
        v2 = push(base, "it/shop/hello:v2", "hello v2", server, List.of("linux/amd64"));
        crashing = push(base, "it/shop/crash:1", "never", List.of("java", "-cp", "/app:/app/lib/*", "dev.faasport.NoSuchMain"),
                List.of("linux/amd64"));
        cluster = KnativeTestCluster.start(dir.resolve("cluster"), registry.host());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** Pushes an image of {@link GreetingFunction} as function 'hello', greeting with {@code greeting}. */
    static ImageResult push(String base, String repositoryAndTag, String greeting, List<String> entrypoint,
                            List<String> platforms) throws Exception {
        Path root = Files.createDirectories(dir.resolve(repositoryAndTag.replaceAll("[/:]", "_")));
        Path classes = root.resolve("classes");
        Path pkg = Files.createDirectories(classes.resolve("dev/faasport/provider/knative"));
        try (InputStream in = GreetingFunction.class.getResourceAsStream("GreetingFunction.class")) {
            Files.copy(in, pkg.resolve("GreetingFunction.class"));
        }
        Files.writeString(classes.resolve("greeting.txt"), greeting + "\n");
        Path descriptor = Files.writeString(root.resolve(FunctionImages.DESCRIPTOR), "{\"set\": \"shop\", \"functions\": ["
                + "{\"name\": \"hello\", \"handler\": \"" + GreetingFunction.class.getName() + "\", \"shape\": \"HTTP\","
                + " \"trigger\": {\"kind\": \"http\"}, \"memoryMb\": 256, \"timeoutSeconds\": 30}]}");
        FunctionImages.FunctionContent content = new FunctionImages.FunctionContent("hello", List.of(),
                List.of(jarOf(HTTP_MAIN), jarOf("dev.faasport.runtime.Invoker"), jarOf("dev.faasport.runtime.json.Json"),
                        jarOf("dev.faasport.api.HttpFunction")),
                classes, descriptor);
        return new ImageBuilder().build(FunctionImages.http(content, base, registry.host() + "/" + repositoryAndTag, entrypoint,
                List.of(), Map.of(), platforms, true).withCacheDirectory(dir.resolve("jib-cache")));
    }

    /** @return the jar holding a class; a module's classes directory (a reactor build) is jarred first */
    static Path jarOf(String className) throws Exception {
        return dev.faasport.testing.Jars.containing(className, dir.resolve("jars"));
    }

    static ProviderSession open(KnativeTestCluster target) throws ProviderException {
        Provider knative = ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("knative")).findFirst().orElseThrow();
        return knative.open(new ProviderConfig("shop", Map.of("knative.endpoint", target.endpoint(), "knative.namespace", NS,
                "knative.readyTimeoutSeconds", "60"), dir, ProviderConfig.Log.silent()));
    }

    static DeployUnit unit(String name, ImageResult image) {
        return unit(name, image.imageRef(), image.digestHex(), image.totalBytes());
    }

    static DeployUnit unit(String name, String imageRef, String digestHex, long size) {
        FunctionSpec spec = new FunctionSpec(name, GreetingFunction.class.getName(), FunctionShape.HTTP,
                new Trigger.Http(List.of(), true), 256, 30, Map.of(), 0, 0, FunctionSpec.PackageType.IMAGE, Map.of());
        return new DeployUnit("shop", name, List.of(spec),
                new Artifact(PackageFormat.OCI_IMAGE, null, digestHex, size, size, imageRef), "cfg", Map.of());
    }

    static Invocation post(String body) {
        return new Invocation("POST", "/", Map.of("Content-Type", "text/plain"), body.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> pods(String service) {
        return cluster.admin().pods().inNamespace(NS).withLabel(KnativeTestCluster.SERVICE_LABEL, service).list().getItems()
                .stream().map(Pod::getMetadata).map(m -> m.getName()).sorted().toList();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Awaitility.await(what).atMost(STOPPED).pollInterval(java.time.Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    @Test
    void aServiceRunsMovesToEachNewRevisionAndStopsWhenDeleted() throws Exception {
        try (ProviderSession session = open(cluster)) {
            DeployedUnit first = session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit("hello", v1), null));

            KnativeTestCluster.Revision r1 = cluster.revision(NS, "hello").orElseThrow();
            assertThat(r1.name()).isEqualTo("hello-00001");
            assertThat(first.attributes()).containsEntry("ready", "True").containsEntry("revision", "hello-00001");
            assertThat(first.endpoints()).containsEntry("hello", r1.url());
            assertThat(r1.url()).startsWith("http://127.0.0.1:");
            InvocationResult answer = session.invoke("hello", post("world"));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.bodyAsString()).isEqualTo("hello v1, world from hello-00001");
            // the 256Mi limit bounds the JVM as in a container: with this little memory its default heap is half of it
            assertThat(Long.parseLong(answer.headers().get("x-max-heap-mb"))).isBetween(1L, 128L);
            assertThat(session.logs("hello", 20)).anySatisfy(line ->
                    assertThat(line).contains("function 'hello' listening on").contains("127.0.0.1:" + r1.port()));
            assertThat(pods("hello")).containsExactly("hello-00001-deployment-0");

            DeployedUnit second = session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CODE, unit("hello", v2), first));

            assertThat(second.attributes()).containsEntry("revision", "hello-00002");
            assertThat(session.invoke("hello", post("again")).bodyAsString()).isEqualTo("hello v2, again from hello-00002");
            assertThat(r1.process().onExit()).as("the old revision's process").succeedsWithin(STOPPED);
            KnativeTestCluster.Revision r2 = cluster.revision(NS, "hello").orElseThrow();
            assertThat(r2.name()).isEqualTo("hello-00002");
            assertThat(r2.process().isAlive()).isTrue();
            await("the old revision's pod is deleted", () -> pods("hello").equals(List.of("hello-00002-deployment-0")));

            // a revision that fails leaves the last ready one serving, as Knative's route does
            assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CODE, unit("hello", crashing), second)))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("'hello' is not Ready: RevisionFailed")
                    .hasMessageContaining("hello-00003");
            assertThat(session.invoke("hello", post("still")).bodyAsString()).isEqualTo("hello v2, still from hello-00002");
            assertThat(r2.process().isAlive()).isTrue();

            DeployedUnit current = session.list().stream().filter(u -> u.name().equals("hello")).findFirst().orElseThrow();
            session.delete(current);

            assertThat(r2.process().onExit()).as("the deleted service's process").succeedsWithin(STOPPED);
            await("the deleted service's pod is gone", () -> pods("hello").isEmpty());
            assertThat(cluster.revisions(NS, "hello")).extracting(KnativeTestCluster.Revision::name)
                    .containsExactly("hello-00001", "hello-00002", "hello-00003");
            assertThat(cluster.revisions(NS, "hello")).noneMatch(r -> r.process().isAlive());
            await("the controller forgets the service", () -> cluster.revision(NS, "hello").isEmpty());
        }
    }

    @Test
    void aSecretReferenceIsReadFromTheNamespacesSecretWhenTheRevisionStarts() throws Exception {
        String value = "s3cr3t-knative-Zr4Wq8Ty";
        try (ProviderSession session = open(cluster)) {
            DeployUnit reader = withSecret(unit("reader", v1), "db-password");
            assertThatThrownBy(() -> session.verify(List.of(reader))).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("'db-password'").hasMessageContaining("DB_PASSWORD")
                    .satisfies(e -> assertThat(((ProviderException) e).suggestion()).contains(
                            "kubectl create secret generic db-password --from-file=value=<file holding the value> -n " + NS));
            assertThat(session.secretExists("db-password")).hasValue(false);
            cluster.admin().secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                    .withNewMetadata().withName("db-password").endMetadata()
                    .addToData("value", java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
                    .build()).create();
            session.verify(List.of(reader));

            DeployedUnit deployed = session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, reader, null));
            assertThat(session.invoke("reader", post("x")).headers()).containsEntry("x-secret-digest",
                    java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(value.getBytes(StandardCharsets.UTF_8))).substring(0, 12));
            assertThat(deployed.functions()).singleElement().satisfies(f ->
                    assertThat(f.secrets()).containsExactly(Map.entry("DB_PASSWORD", "db-password")));
            String service = cluster.admin().genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS)
                    .withName("reader").get().toString();
            assertThat(service).contains("secretKeyRef").doesNotContain(value);

            // a Secret that is missing keeps the revision from starting, with the kubelet's message
            DeployUnit orphan = withSecret(unit("orphan", v1), "absent");
            assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, orphan, null)))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("secret \"absent\" not found");
            for (DeployedUnit u : session.list()) {
                if (u.name().equals("reader") || u.name().equals("orphan")) {
                    session.delete(u);
                }
            }
        }
        assertThat(dev.faasport.testing.SecretLeaks.find(dir.resolve("cluster"), value)).isEmpty();
    }

    /** The unit as its own Service, running the images' function 'hello' with a secret reference. */
    static DeployUnit withSecret(DeployUnit u, String secret) {
        FunctionSpec f = u.function();
        return new DeployUnit(u.setName(), u.name(), List.of(new FunctionSpec("hello", f.handler(), f.shape(), f.trigger(),
                f.memoryMb(), f.timeoutSeconds(), f.environment(), f.maxConcurrency(), f.minInstances(), f.packageType(),
                f.options(), Map.of("DB_PASSWORD", secret))), u.artifact(), u.configHash(), u.settings());
    }

    @Test
    void anImageThatCannotBePulledFailsTheRevision() throws Exception {
        String ghost = registry.host() + "/it/shop/ghost@sha256:" + "0".repeat(64);
        String foreign = "registry.example/shop/hello:1";
        try (ProviderSession session = open(cluster)) {
            assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit("ghost", ghost, "0".repeat(64), 1), null)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("'ghost' is not Ready: RevisionFailed")
                    .hasMessageContaining("Unable to fetch image \"" + ghost + "\": failed to resolve image to digest")
                    .hasMessageContaining("unexpected status code 404");
            assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit("foreign", foreign, "1".repeat(64), 1), null)))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("'foreign' is not Ready: RevisionFailed")
                    .hasMessageContaining("registry \"registry.example\" is not one of this test cluster's registries");
        }
        assertThat(cluster.revisions(NS, "ghost")).isEmpty();
        assertThat(cluster.revisions(NS, "foreign")).isEmpty();
    }

    @Test
    void aProcessThatExitsAtOnceFailsWithItsExitCode() throws Exception {
        try (ProviderSession session = open(cluster)) {
            assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit("crash", crashing), null)))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("'crash' is not Ready: RevisionFailed")
                    .hasMessageContaining("exit code 1")
                    .hasMessageContaining("Could not find or load main class dev.faasport.NoSuchMain");
        }
        assertThat(cluster.revisions(NS, "crash")).singleElement()
                .satisfies(r -> assertThat(r.process().isAlive()).isFalse());
        assertThat(cluster.revision(NS, "crash")).isEmpty();
    }

    @Test
    void closingTheClusterStopsItsProcesses(@TempDir Path work) throws Exception {
        KnativeTestCluster.Revision revision;
        try (KnativeTestCluster own = KnativeTestCluster.start(work, registry.host());
             ProviderSession session = open(own)) {
            session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit("hello", v1), null));
            revision = own.revision(NS, "hello").orElseThrow();
            assertThat(revision.process().isAlive()).isTrue();
            assertThat(revision.rootfs().resolve("etc/base-marker.txt")).hasContent("faasport test base image");
        }
        assertThat(revision.process().isAlive()).isFalse();
    }
}
