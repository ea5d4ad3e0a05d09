package dev.faasport.provider.azure;

import dev.faasport.provider.azure.testing.ArmTestServer;
import dev.faasport.provider.azure.testing.AzuriteProcess;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.UnitUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Throttling, 5xx, lost responses, slow calls and killed builds: the deploy converges with nothing duplicated. */
class AzureFaultsTest {
    static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000fa017";
    static AzuriteProcess azurite;
    ArmTestServer arm;

    @TempDir
    Path dir;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = new AzuriteProcess();
    }

    @AfterAll
    static void stopAzurite() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        arm = new ArmTestServer(7);
    }

    @AfterEach
    void stop() {
        if (arm != null) {
            arm.close();
        }
    }

    ProviderSession open(String set, Map<String, String> extra) throws ProviderException {
        Map<String, String> p = arm.providerProperties(SUBSCRIPTION, azurite, null, 20);
        p.put("azure.app", set);
        p.putAll(extra);
        Provider provider = new AzureProvider();
        return provider.open(new ProviderConfig(set, p, dir, ProviderConfig.Log.silent()));
    }

    @Test
    void anEndpointThatAcceptsAndNeverAnswersFailsWithinItsTimeoutNamingIt() throws Exception {
        // issue 19: an ARM endpoint that accepts the connection and never answers held a deploy past 120 s, silently
        try (java.net.ServerSocket hole = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             ProviderSession session = open("hole", Map.of("azure.endpoint", "http://127.0.0.1:" + hole.getLocalPort(),
                     "azure.timeoutSeconds", "2"))) {
            java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(hole.accept());
                        accepted.incrementAndGet();
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            assertThatThrownBy(session::list).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.retryable()).as("its patience is spent: a rerun converges").isFalse();
                assertThat(e.getMessage()).contains("http://127.0.0.1:" + hole.getLocalPort()
                        + " did not answer within 2 s (-Dfaas.azure.timeoutSeconds=2)");
                assertThat(e.suggestion()).contains("raise -Dfaas.azure.timeoutSeconds");
            });
            // the SDK's own retries (azure.retries, default 2) do not wait again for an endpoint that did not answer
            assertThat(accepted.get()).as("connections the endpoint accepted").isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void parallelDeployUnderFaultsConvergesWithNothingDuplicated() throws Exception {
        String set = "faulty";
        List<DeployUnit> units = new ArrayList<>();
        for (String u : List.of("a", "b", "c", "d")) {
            units.add(TestApps.unit(dir, set, u, "v1-" + u, Map.of("UNIT", u)));
        }
        arm.faults(0.12, 0.08, 0.08).slow(0.1, Duration.ofMillis(150));
        try (ProviderSession session = open(set, Map.of("azure.app", "faulty", "azure.retries", "1"))) {
            List<DeployedUnit> current = listWithRetries(session);
            Map<String, DeployedUnit> byName = current.stream().collect(Collectors.toMap(DeployedUnit::name, Function.identity()));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<DeployedUnit>> futures = new ArrayList<>();
                for (DeployUnit u : units) {
                    futures.add(pool.submit(() -> TestApps.applyWithRetries(session, TestApps.change(u, byName.get(u.name())), 25)));
                }
                for (Future<DeployedUnit> f : futures) {
                    assertThat(f.get().endpoints()).containsKeys("hello", "open");
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(arm.throttled.get() + arm.injectedErrors.get()).as("faults were injected").isGreaterThan(0);
        }
        arm.clearFaults();
        arm.completeAllOperations();
        try (ProviderSession session = open(set, Map.of("azure.app", "faulty"))) {
            List<DeployedUnit> listed = session.list();
            assertThat(listed).extracting(DeployedUnit::name).containsExactlyInAnyOrder("a", "b", "c", "d");
            for (DeployUnit u : units) {
                DeployedUnit d = listed.stream().filter(x -> x.name().equals(u.name())).findFirst().orElseThrow();
                assertThat(TestApps.unchanged(u, d)).as("unit " + u.name() + " unchanged").isTrue();
                assertThat(arm.appSettings("faulty-" + u.name())).containsEntry("UNIT", u.name());
            }
            assertThat(arm.siteCount()).isEqualTo(4);
            assertThat(arm.planCount()).isEqualTo(4);
            assertThat(arm.accountCount()).isEqualTo(1);
            assertThat(AzureSessionTest.blobsAt(azurite).keySet()).filteredOn(b -> b.startsWith("faulty-")).hasSize(4);
        }
    }

    @Test
    void aBuildKilledDuringCreateOrBetweenSettingsAndTagsConvergesOnRerun() throws Exception {
        String set = "killed";
        DeployUnit v1 = TestApps.unit(dir, set, set, "v1", Map.of());
        // build 1 dies while the plan's creation is running: its polls fail, the operation goes on in Azure
        try (ProviderSession session = open(set, Map.of("azure.retries", "0"))) {
            arm.failNext("GET", ".*/providers/microsoft\\.web/operations/.*", 1000, 400, "BadRequest");
            assertThatThrownBy(() -> session.apply(TestApps.change(v1, null))).isInstanceOf(ProviderException.class);
        }
        arm.clearFaults();
        Thread.sleep(400); // the abandoned operation completes on the server
        assertThat(arm.planCount()).isEqualTo(1);
        // build 2 dies right after Azure accepted the app's creation (the response never arrives)
        try (ProviderSession session = open(set, Map.of("azure.retries", "0"))) {
            assertThat(session.list()).isEmpty();
            arm.loseNext("PUT", ".*/microsoft\\.web/sites/killed", 1, 500, "InternalServerError");
            assertThatThrownBy(() -> session.apply(TestApps.change(v1, null))).isInstanceOf(ProviderException.class);
        }
        arm.clearFaults();
        Thread.sleep(400);
        int creates = arm.appCreates.get();
        int planCreates = arm.planCreates.get();
        Map<String, String> blobs = AzureSessionTest.blobsAt(azurite);
        assertThat(blobs.keySet()).filteredOn(b -> b.startsWith("killed/")).hasSize(1);
        try (ProviderSession session = open(set, Map.of())) {
            List<DeployedUnit> listed = session.list();
            assertThat(listed).hasSize(1);
            assertThat(TestApps.unchanged(v1, listed.get(0))).isTrue();
            session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE, v1, listed.get(0)));
            assertThat(arm.appCreates.get()).isEqualTo(creates);
            assertThat(arm.planCreates.get()).isEqualTo(planCreates).isEqualTo(1);
            assertThat(AzureSessionTest.blobsAt(azurite)).isEqualTo(blobs);
        }

        // build 2 switches to v2 and dies after the settings update, before the tags are written
        DeployUnit v2 = TestApps.unit(dir, set, set, "v2", Map.of());
        try (ProviderSession session = open(set, Map.of("azure.retries", "0"))) {
            DeployedUnit current = session.list().get(0);
            arm.failNext("PUT", ".*/microsoft\\.web/sites/killed/providers/microsoft\\.resources/tags/default", 1, 400, "BadRequest");
            assertThatThrownBy(() -> session.apply(TestApps.change(v2, current))).isInstanceOf(ProviderException.class);
            assertThat(arm.appSettings("killed").get("WEBSITE_RUN_FROM_PACKAGE")).contains(v2.artifact().sha256());
        }
        arm.clearFaults();
        blobs = AzureSessionTest.blobsAt(azurite);
        int settingsUpdates = arm.settingsUpdates.get();
        try (ProviderSession session = open(set, Map.of())) {
            DeployedUnit current = session.list().get(0);
            assertThat(current.artifactSha256()).as("old hash until the tags are written").isEqualTo(v1.artifact().sha256());
            session.apply(TestApps.change(v2, current));
            assertThat(AzureSessionTest.blobsAt(azurite)).as("no second upload").isEqualTo(blobs);
            assertThat(arm.settingsUpdates.get()).as("no second restart").isEqualTo(settingsUpdates);
            assertThat(session.list().get(0).artifactSha256()).isEqualTo(v2.artifact().sha256());
            assertThat(arm.siteCount()).isEqualTo(1);
        }
    }

    private static List<DeployedUnit> listWithRetries(ProviderSession session) throws ProviderException {
        for (int i = 0; ; i++) {
            try {
                return session.list();
            } catch (ProviderException e) {
                if (!e.retryable() || i > 20) {
                    throw e;
                }
            }
        }
    }
}
