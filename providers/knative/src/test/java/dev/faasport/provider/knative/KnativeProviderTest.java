package dev.faasport.provider.knative;

import org.awaitility.Awaitility;
import com.sun.net.httpserver.HttpServer;
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
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Knative provider against fabric8's Kubernetes mock server in CRUD mode (in-process, on 127.0.0.1). */
class KnativeProviderTest {

    static final String NS = "faas";
    static final String IMAGE_V1 = "registry.example/shop/hello@sha256:" + "1".repeat(64);
    static final String IMAGE_V2 = "registry.example/shop/hello@sha256:" + "2".repeat(64);

    static KubernetesMockServer server;
    static KubernetesClient admin;
    ProviderSession session;

    // the mock server logs every request at INFO through java.util.logging: keep test output readable
    static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    @BeforeAll
    static void startServer() {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses, List.of(KnativeServices.SERVICES)), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        admin = server.createClient();
    }

    @AfterAll
    static void stopServer() {
        admin.close();
        server.destroy();
    }

    @BeforeEach
    void open() throws ProviderException {
        server.reset();
        session = open("shop", 0);
    }

    @AfterEach
    void close() {
        session.close();
    }

    static ProviderSession open(String set, int readySeconds) throws ProviderException {
        return provider().open(new ProviderConfig(set, Map.of(
                "knative.endpoint", "http://127.0.0.1:" + server.getPort(),
                "knative.namespace", NS,
                "knative.readyTimeoutSeconds", Integer.toString(readySeconds)), Path.of("target"), ProviderConfig.Log.silent()));
    }

    static Provider provider() {
        return ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("knative")).findFirst().orElseThrow();
    }

    static FunctionSpec spec(String name, int memoryMb, Trigger trigger) {
        return new FunctionSpec(name, "com.example.Hello", FunctionShape.HTTP, trigger, memoryMb, 30,
                Map.of("GREETING", "hi"), 10, 1, FunctionSpec.PackageType.IMAGE, Map.of("knative.maxScale", "5"));
    }

    static DeployUnit unit(String set, FunctionSpec spec, String image, String configHash) {
        String digest = image.substring(image.indexOf("sha256:") + "sha256:".length());
        return new DeployUnit(set, spec.name(), List.of(spec),
                new Artifact(PackageFormat.OCI_IMAGE, null, digest, 1000, 3000, image), configHash, Map.of());
    }

    static DeployUnit hello(String image) {
        return unit("shop", spec("hello", 256, new Trigger.Http(List.of(), true)), image, "cfg-1");
    }

    static GenericKubernetesResource raw(String name) {
        return admin.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).withName(name).get();
    }

    @Test
    void providerIsFoundWithItsFormatAndGrouping() {
        Provider p = provider();
        assertThat(p).isInstanceOf(KnativeProvider.class);
        assertThat(p.packageFormat()).isEqualTo(PackageFormat.OCI_IMAGE);
        assertThat(p.grouping()).isEqualTo(Provider.UnitGrouping.PER_FUNCTION);
    }

    @Test
    @SuppressWarnings("unchecked")
    void createMapsTheNeutralModelToAKnativeService() throws Exception {
        DeployUnit unit = hello(IMAGE_V1);
        DeployedUnit deployed = session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit, null));

        assertThat(deployed.name()).isEqualTo("hello");
        assertThat(deployed.artifactSha256()).isEqualTo("1".repeat(64));
        assertThat(deployed.configHash()).isEqualTo("cfg-1");
        GenericKubernetesResource r = raw("hello");
        assertThat(r.getApiVersion()).isEqualTo("serving.knative.dev/v1");
        assertThat(r.getKind()).isEqualTo("Service");
        assertThat(r.getMetadata().getLabels()).containsEntry("faasport-set", "shop").containsEntry("faasport-function", "hello")
                .doesNotContainKey("networking.knative.dev/visibility");
        assertThat(r.getMetadata().getAnnotations()).containsEntry("faasport-code-sha256", "1".repeat(64))
                .containsEntry("faasport-config-hash", "cfg-1");
        Map<String, Object> annotations = r.get("spec", "template", "metadata", "annotations");
        assertThat(annotations).containsEntry("autoscaling.knative.dev/min-scale", "1")
                .containsEntry("autoscaling.knative.dev/max-scale", "5");
        assertThat((Number) r.get("spec", "template", "spec", "containerConcurrency")).extracting(Number::intValue).isEqualTo(10);
        assertThat((Number) r.get("spec", "template", "spec", "timeoutSeconds")).extracting(Number::intValue).isEqualTo(30);
        Map<String, Object> container = (Map<String, Object>) ((List<Object>) r.get("spec", "template", "spec", "containers")).get(0);
        assertThat(container.get("image")).isEqualTo(IMAGE_V1);
        assertThat((List<Map<String, Object>>) container.get("env")).containsExactly(
                Map.of("name", "FAASPORT_FUNCTION", "value", "hello"), Map.of("name", "FAASPORT_TIMEOUT_SECONDS", "value", "30"),
                Map.of("name", "GREETING", "value", "hi"));
        assertThat(container.get("resources")).isEqualTo(Map.of("limits", Map.of("memory", "256Mi"), "requests", Map.of("memory", "256Mi")));

        // the live configuration reads back as the neutral spec that was deployed
        List<DeployedUnit> listed = session.list();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).functions()).containsExactly(unit.function());
        assertThat(listed.get(0).attributes()).containsEntry("image", IMAGE_V1).containsEntry("namespace", NS);
    }

    @Test
    void privateHttpFunctionsAreClusterLocal() throws Exception {
        DeployUnit unit = unit("shop", spec("internal", 128, new Trigger.Http(List.of(), false)), IMAGE_V1, "c");
        session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit, null));
        assertThat(raw("internal").getMetadata().getLabels()).containsEntry("networking.knative.dev/visibility", "cluster-local");
        assertThat(session.list().get(0).functions()).containsExactly(unit.function());

        DeployUnit madePublic = unit("shop", spec("internal", 128, new Trigger.Http(List.of(), true)), IMAGE_V1, "c2");
        session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, madePublic, session.list().get(0)));
        assertThat(raw("internal").getMetadata().getLabels()).doesNotContainKey("networking.knative.dev/visibility");
    }

    @Test
    void updateChangesTheImageInPlace() throws Exception {
        DeployedUnit first = session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, hello(IMAGE_V1), null));
        // Knative's webhook records the creator and refuses updates that drop it
        GenericKubernetesResource created = raw("hello");
        created.getMetadata().getAnnotations().put("serving.knative.dev/creator", "alice");
        admin.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).resource(created).update();
        String version = raw("hello").getMetadata().getResourceVersion();

        DeployedUnit second = session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CODE, hello(IMAGE_V2), first));

        GenericKubernetesResource r = raw("hello");
        assertThat(r.getMetadata().getResourceVersion()).isNotEqualTo(version);
        assertThat(second.attributes()).containsEntry("image", IMAGE_V2);
        assertThat(second.artifactSha256()).isEqualTo("2".repeat(64));
        assertThat(r.getMetadata().getAnnotations()).containsEntry("faasport-code-sha256", "2".repeat(64))
                .containsEntry("serving.knative.dev/creator", "alice");
        assertThat(session.list()).extracting(DeployedUnit::name).containsExactly("hello");
    }

    @Test
    void listingTouchesNothingAndShowsTheHashesThePlannerCompares() throws Exception {
        DeployedUnit first = session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, hello(IMAGE_V1), null));
        String version = raw("hello").getMetadata().getResourceVersion();

        // the planner sends nothing for an unchanged unit (UnitUpdate has no such kind): it only lists
        DeployedUnit listed = session.list().get(0);
        assertThat(raw("hello").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(listed.artifactSha256()).isEqualTo(hello(IMAGE_V1).artifact().sha256());
        assertThat(listed.configHash()).isEqualTo(hello(IMAGE_V1).configHash());
    }

    @Test
    void listAndDeleteSeeOnlyThisSet() throws Exception {
        try (ProviderSession other = open("other", 0)) {
            session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, hello(IMAGE_V1), null));
            session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE,
                    unit("shop", spec("bye", 128, new Trigger.Http(List.of(), true)), IMAGE_V1, "c"), null));
            DeployedUnit theirs = other.apply(new UnitUpdate(UnitUpdate.Kind.CREATE,
                    unit("other", spec("stranger", 128, new Trigger.Http(List.of(), true)), IMAGE_V1, "c"), null));

            assertThat(session.list()).extracting(DeployedUnit::name).containsExactly("bye", "hello");
            assertThat(other.list()).extracting(DeployedUnit::name).containsExactly("stranger");

            DeployedUnit bye = session.list().get(0);
            session.delete(bye);
            assertThat(raw("bye")).isNull();
            assertThat(session.list()).extracting(DeployedUnit::name).containsExactly("hello");
            session.delete(bye); // deleting a missing unit succeeds
            session.delete(theirs); // another set's service is not this session's to delete
            assertThat(raw("stranger")).isNotNull();
            // nor may this set take over a same-named service of another set
            assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE,
                    unit("shop", spec("stranger", 128, new Trigger.Http(List.of(), true)), IMAGE_V2, "c"), null)))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("belongs to set 'other'");
            assertThat(raw("stranger").getMetadata().getAnnotations()).containsEntry("faasport-code-sha256", "1".repeat(64));
        }
    }

    @Test
    void invalidUnitsAreRejectedBeforeAnyRemoteCall() {
        Trigger.Http http = new Trigger.Http(List.of(), true);
        assertInvalid(unit("shop", spec("Hello_World", 256, http), IMAGE_V1, "c"), "DNS-1035", "rename it to 'hello-world'");
        assertInvalid(unit("shop", spec("f" + "x".repeat(63), 256, http), IMAGE_V1, "c"), "at most 63", "perhaps you should");
        assertInvalid(unit("shop", spec("9lives", 256, http), IMAGE_V1, "c"), "DNS-1035", "rename it to 'lives'");
        assertInvalid(unit("shop", spec("nomem", 0, http), IMAGE_V1, "c"), "memoryMb 0", "perhaps you should");
        assertInvalid(unit("shop", spec("queued", 256, new Trigger.Queue("orders", 10, 3)), IMAGE_V1, "c"),
                "queue trigger", "http trigger");
        FunctionSpec zip = spec("zipped", 256, http);
        assertInvalid(new DeployUnit("shop", "zipped", List.of(zip),
                new Artifact(PackageFormat.LAMBDA_ZIP, Path.of("f.zip"), "ab", 1, 1, null), "c", Map.of()),
                "no pushed container image", "<packageType>image</packageType>");
        FunctionSpec badScale = new FunctionSpec("scaled", "com.example.Hello", FunctionShape.HTTP, http, 256, 30, Map.of(),
                0, 3, FunctionSpec.PackageType.IMAGE, Map.of("knative.maxScale", "2"));
        assertInvalid(unit("shop", badScale, IMAGE_V1, "c"), "knative.maxScale=2", "perhaps you should");
        FunctionSpec badEnv = new FunctionSpec("envy", "com.example.Hello", FunctionShape.HTTP, http, 256, 30,
                Map.of("1BAD NAME", "x"), 0, 0, FunctionSpec.PackageType.IMAGE, Map.of());
        assertInvalid(unit("shop", badEnv, IMAGE_V1, "c"), "'1BAD NAME'", "perhaps you should");
        // issue 19: every unit is checked before the first change, so a good unit is not deployed beside a bad one
        assertThatThrownBy(() -> session.verify(List.of(hello(IMAGE_V1), unit("shop", badScale, IMAGE_V1, "c"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage()).contains("scaled"));
        assertThat(admin.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).list().getItems()).isEmpty();
    }

    private void assertInvalid(DeployUnit unit, String what, String fix) {
        assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit, null)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains(unit.name()).contains(what);
                    assertThat(e.suggestion()).contains(fix);
                });
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> provider().open(new ProviderConfig("shop", Map.of("knative.namespace", "Bad_NS"), null, null)))
                .isInstanceOf(ProviderException.class).hasMessageContaining("knative.namespace 'Bad_NS'");
        assertThatThrownBy(() -> provider().open(new ProviderConfig("shop", Map.of("knative.endpoint", "127.0.0.1:6443"), null, null)))
                .isInstanceOf(ProviderException.class).hasMessageContaining("knative.endpoint");
        assertThatThrownBy(() -> provider().open(new ProviderConfig("shop", Map.of("knative.servingNamespace", "Knative"), null, null)))
                .isInstanceOf(ProviderException.class).hasMessageContaining("knative.servingNamespace 'Knative'");
        assertThatThrownBy(() -> provider().open(new ProviderConfig("-bad set-", Map.of(), null, null)))
                .isInstanceOf(ProviderException.class).hasMessageContaining("Function set name '-bad set-'");
    }

    @Test
    void apiErrorsAreMappedToRetryableOrPermanentFailures() throws Exception {
        server.expect().get().withPath("/apis/serving.knative.dev/v1/namespaces/faas/services?labelSelector=faasport-set%3Dshop")
                .andReturn(429, new StatusBuilder().withCode(429).withMessage("too many requests")
                        .withNewDetails().withRetryAfterSeconds(7).endDetails().build()).once();
        assertThatThrownBy(() -> session.list()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).hasSeconds(7);
            assertThat(e.getMessage()).contains("HTTP 429").contains("set 'shop'");
        });
        server.expect().post().withPath("/apis/serving.knative.dev/v1/namespaces/faas/services")
                .andReturn(409, new StatusBuilder().withCode(409).withMessage("already exists").build()).once();
        assertThatThrownBy(() -> session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, hello(IMAGE_V1), null)))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retryable()).isTrue());
        // after the conflict, applying again converges
        assertThat(session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, hello(IMAGE_V1), null)).name()).isEqualTo("hello");

        assertThat(KnativeErrors.map("x", new KubernetesClientException("boom", 503, null)).retryable()).isTrue();
        assertThat(KnativeErrors.map("x", new KubernetesClientException("boom", 500, null)).retryable()).isTrue();
        ProviderException forbidden = KnativeErrors.map("Listing", new KubernetesClientException("no", 403, null));
        assertThat(forbidden.retryable()).isFalse();
        assertThat(forbidden.suggestion()).contains("perhaps you should check the kubeconfig");
        ProviderException missingCrd = KnativeErrors.map("Listing", new KubernetesClientException("no", 404, null));
        assertThat(missingCrd.retryable()).isFalse();
        assertThat(missingCrd.suggestion()).contains("install Knative Serving");
        assertThat(KnativeErrors.map("x", new KubernetesClientException("invalid", 422, null)).retryable()).isFalse();
    }

    @Test
    void unreachableClusterIsRetryable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (ProviderSession down = provider().open(new ProviderConfig("shop", Map.of(
                "knative.endpoint", "http://127.0.0.1:" + port, "knative.namespace", NS), null, null))) {
            assertThatThrownBy(down::list).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.retryable()).as("%s caused by %s", e.getMessage(), chain(e)).isTrue();
                assertThat(e.suggestion()).contains("reachable");
            });
        }
    }

    private static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            sb.append(" <- ").append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }

    @Test
    void applyWaitsForReadyAndInvokeCallsTheServiceUrl() throws Exception {
        HttpServer route = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        route.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            byte[] out = ("echo " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + new String(in, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Function", "hello");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        route.start();
        String url = "http://127.0.0.1:" + route.getAddress().getPort();
        // plays the Knative controller: marks the service Ready with its URL shortly after it appears
        Thread controller = new Thread(() -> markReady("hello", url, "True", null));
        try (ProviderSession waiting = open("shop", 10)) {
            controller.start();
            DeployedUnit deployed = waiting.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, hello(IMAGE_V1), null));
            assertThat(deployed.endpoints()).containsEntry("hello", url);
            assertThat(deployed.attributes()).containsEntry("ready", "True");

            InvocationResult result = waiting.invoke("hello", new Invocation("POST", "/greet", Map.of("Content-Type", "text/plain"),
                    "world".getBytes(StandardCharsets.UTF_8)));
            assertThat(result.status()).isEqualTo(200);
            assertThat(result.bodyAsString()).isEqualTo("echo POST /greet world");
            assertThat(result.headers()).containsEntry("x-function", "hello");
            assertThatThrownBy(() -> waiting.invoke("missing", new Invocation("GET", "/", null, null)))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("'missing'");
        } finally {
            controller.join(10_000);
            route.stop(0);
        }
    }

    @Test
    void applyReportsAServiceThatFailsToBecomeReady() throws Exception {
        Thread controller = new Thread(() -> markReady("broken", null, "False", "RevisionFailed"));
        try (ProviderSession waiting = open("shop", 10)) {
            controller.start();
            DeployUnit unit = unit("shop", spec("broken", 128, new Trigger.Http(List.of(), true)), IMAGE_V1, "c");
            assertThatThrownBy(() -> waiting.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit, null)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("'broken' is not Ready: RevisionFailed");
                        assertThat(e.suggestion()).contains("kubectl describe ksvc broken -n faas");
                    });
        } finally {
            controller.join(10_000);
        }
    }

    /** Waits for the service to exist, then writes a status as Knative's controller would. */
    private static void markReady(String name, String url, String status, String reason) {
        GenericKubernetesResource r = Awaitility.await("service " + name).atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(50)).until(() -> raw(name), java.util.Objects::nonNull);
        Map<String, Object> st = new HashMap<>();
        Long generation = r.getMetadata().getGeneration();
        st.put("observedGeneration", generation == null ? 1 : generation);
        if (url != null) {
            st.put("url", url);
        }
        Map<String, Object> condition = new HashMap<>(Map.of("type", "Ready", "status", status));
        if (reason != null) {
            condition.put("reason", reason);
            condition.put("message", "Revision failed: image pull backoff");
        }
        st.put("conditions", List.of(condition));
        r.setAdditionalProperty("status", st);
        admin.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).resource(r).update();
    }

    @Test
    void logsComeFromTheServicePods() throws Exception {
        admin.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("hello-00001-deployment-abc")
                .addToLabels("serving.knative.dev/service", "hello").endMetadata().build()).create();
        admin.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("other-pod")
                .addToLabels("serving.knative.dev/service", "other").endMetadata().build()).create();
        server.expect().get().withPath("/api/v1/namespaces/faas/pods/hello-00001-deployment-abc/log?pretty=false&container=user-container&tailLines=2")
                .andReturn(200, "started\nhandled GET /\n").always();

        assertThat(session.logs("hello", 2)).containsExactly("started", "handled GET /");
        assertThat(session.logs("nobody", 2)).isEmpty();
    }

    @Test
    void liveLimitsComeFromTheClustersConfigDefaults() throws Exception {
        // no ConfigMap (or no right to read it): the documented defaults of the limit table apply
        assertThat(session.liveLimits()).isEmpty();
        admin.configMaps().inNamespace("knative-serving").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("config-defaults").endMetadata()
                .addToData("max-revision-timeout-seconds", "3600").addToData("container-concurrency-max-limit", " 250 ")
                .addToData("revision-timeout-seconds", "300").build()).create();
        assertThat(session.liveLimits()).containsExactlyInAnyOrderEntriesOf(Map.of("timeout.seconds", 3600L,
                "concurrency.max", 250L));
        // an operator's typo is ignored rather than turned into a limit
        admin.configMaps().inNamespace("knative-serving").withName("config-defaults").edit(c -> {
            c.getData().put("max-revision-timeout-seconds", "1h");
            return c;
        });
        assertThat(session.liveLimits()).containsExactly(Map.entry("concurrency.max", 250L));
    }

    @Test
    void doctorReportsServerVersionAndNamespaceAccess() throws Exception {
        session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, hello(IMAGE_V1), null));
        List<String> lines = session.doctor();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("API server: http://127.0.0.1:" + server.getPort()));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Kubernetes version: "));
        assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo("Namespace 'faas': can list Knative Services (1 found)"));
    }
}
