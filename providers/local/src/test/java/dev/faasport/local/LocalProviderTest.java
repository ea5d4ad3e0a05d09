package dev.faasport.local;

import org.awaitility.Awaitility;
import dev.faasport.runtime.json.Json;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalProviderTest {

    @TempDir
    Path tmp;

    @Test
    void isFoundByServiceLoader() {
        Provider p = ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.id().equals("local")).findFirst().orElseThrow();
        assertThat(p).isInstanceOf(LocalProvider.class);
        assertThat(p.packageFormat()).isEqualTo(PackageFormat.LOCAL_ZIP);
        assertThat(p.grouping()).isEqualTo(Provider.UnitGrouping.PER_FUNCTION);
    }

    @Test
    void startsADetachedDaemonDeploysInvokesAndStopsIt() throws Exception {
        Path home = tmp.resolve("home");
        Map<String, String> props = Map.of("local.home", home.toString(), "local.port", "0", "local.idleSeconds", "5");
        FunctionSpec spec = new FunctionSpec("greeter", LocalRuntimeTest.PROBE, FunctionShape.HTTP,
                new Trigger.Http(List.of("GET"), true), 128, 10, Map.of("VERSION", "3"), 0, 0, null, Map.of());
        Path zip = TestPackages.build(tmp.resolve("zips"), TestPackages.descriptor(List.of("greeter")));
        String sha = TestPackages.sha256(zip);
        DeployUnit unit = new DeployUnit("demo", "greeter", List.of(spec),
                new Artifact(PackageFormat.LOCAL_ZIP, zip, sha, Files.size(zip), 0, null), "cfg-1", Map.of());
        ProviderConfig config = new ProviderConfig("demo", props, tmp, ProviderConfig.Log.silent());
        long daemonPid = -1;
        try (ProviderSession session = new LocalProvider().open(config)) {
            // issue 17: reading (faas:plan, faas:info, faas:doctor) starts no background runtime
            assertThat(session.list()).isEmpty();
            assertThat(session.doctor()).anyMatch(l -> l.startsWith("runtime: not running"));
            assertThat(LocalProvider.runningDaemon(props)).isEmpty();
            assertThat(home.resolve("daemon.json")).doesNotExist();

            DeployedUnit deployed = session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, unit, null));
            Map<String, Object> daemon = Json.parseObject(Files.readString(home.resolve("daemon.json")));
            daemonPid = ((Number) daemon.get("pid")).longValue();
            assertThat(daemonPid).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(LocalProvider.runningDaemon(props)).hasValue(java.net.URI.create("http://127.0.0.1:" + daemon.get("port")));
            assertThat(deployed.artifactSha256()).isEqualTo(sha);
            assertThat(deployed.configHash()).isEqualTo("cfg-1");
            assertThat(deployed.endpoints()).containsEntry("greeter", "http://127.0.0.1:" + daemon.get("port") + "/fn/greeter");
            assertThat(deployed.functions()).singleElement().satisfies(f -> {
                assertThat(f.handler()).isEqualTo(LocalRuntimeTest.PROBE);
                assertThat(f.trigger()).isEqualTo(new Trigger.Http(List.of("GET"), true));
                assertThat(f.environment()).containsEntry("VERSION", "3");
            });

            InvocationResult r = session.invoke("greeter", new Invocation("GET", "/x?q=1", Map.of("X-Test", "h"), null));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyAsString()).isEqualTo("hello GET /x v3 q=1 h=h");
            session.invoke("greeter", new Invocation("GET", "/print?text=zz", Map.of(), null));
            assertThat(session.logs("greeter", 20)).contains("printed by greeter zz");

            List<DeployedUnit> listed = session.list();
            assertThat(listed).singleElement().satisfies(u -> {
                assertThat(u.name()).isEqualTo("greeter");
                assertThat(u.setName()).isEqualTo("demo");
                assertThat(u.artifactSha256()).isEqualTo(sha);
                assertThat(u.configHash()).isEqualTo("cfg-1");
            });
            try (ProviderSession s2 = new LocalProvider().open(new ProviderConfig("other", props, tmp, null))) {
                assertThat(s2.list()).isEmpty(); // another set's units are not ours
                // nor may another set take them over or remove them
                DeployUnit theirs = new DeployUnit("other", "greeter", List.of(spec), unit.artifact(), "cfg-9", Map.of());
                assertThatThrownBy(() -> s2.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, theirs, null)))
                        .isInstanceOf(ProviderException.class)
                        .hasMessageContaining("'greeter'").hasMessageContaining("set 'demo'").hasMessageContaining("rename");
                assertThatThrownBy(() -> s2.delete(new DeployedUnit("other", "greeter", sha, "cfg-9", List.of(spec),
                        Map.of(), Map.of()))).isInstanceOf(ProviderException.class).hasMessageContaining("set 'demo'");
            }
            assertThat(session.invoke("greeter", new Invocation("GET", "/", null, null)).bodyAsString()).contains("v3");
            assertThat(session.list()).singleElement().extracting(DeployedUnit::configHash).isEqualTo("cfg-1");
            String pidText = "pid " + daemonPid;
            assertThat(session.doctor()).anyMatch(l -> l.contains("rw-------")).anyMatch(l -> l.contains(pidText));

            session.delete(listed.get(0));
            assertThat(session.list()).isEmpty();
            assertThat(session.invoke("greeter", new Invocation("GET", "/", null, null)).status()).isEqualTo(404);
        } finally {
            assertThat(LocalProvider.stopDaemon(props)).isTrue();
        }
        long pid = daemonPid;
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(LocalProvider.stopDaemon(props)).isFalse();
        assertThat(LocalProvider.runningDaemon(props)).isEmpty();
    }

    @Test
    void readingWithNoRuntimeRunningListsWhatItWillLoadAndStartsNothing() throws Exception {
        Path home = tmp.resolve("stopped");
        Store store = new Store(home);
        FunctionSpec spec = new FunctionSpec("stored", LocalRuntimeTest.PROBE, FunctionShape.HTTP,
                new Trigger.Http(List.of(), false), 128, 10, Map.of(), 0, 0, null, Map.of());
        DeployUnit unit = new DeployUnit("demo", "stored", List.of(spec),
                new Artifact(PackageFormat.LOCAL_ZIP, null, "abc", 1, 0, null), "cfg-7", Map.of());
        Files.createDirectories(store.functionDir("stored"));
        Store.writeAtomically(store.unitFile("stored"), Json.write(LocalSession.unitJson(unit)));
        LocalSession.Starter refuse = () -> {
            throw new AssertionError("a read started the runtime");
        };
        try (LocalSession session = new LocalSession(new ProviderConfig("demo", Map.of(), tmp, null), refuse, home, 8799)) {
            assertThat(session.list()).singleElement().satisfies(u -> {
                assertThat(u.configHash()).isEqualTo("cfg-7");
                assertThat(u.artifactSha256()).isEqualTo("abc");
                assertThat(u.endpoints()).containsEntry("stored", "http://127.0.0.1:8799/fn/stored");
                assertThat(u.attributes()).containsEntry("runtime", "not running");
            });
            assertThat(session.doctor()).contains("functions deployed: 1 (loaded when it starts)");
            assertThatThrownBy(() -> session.invoke("stored", new Invocation("GET", "/", Map.of(), null)))
                    .isInstanceOf(AssertionError.class).hasMessage("a read started the runtime");
        }
    }

    @Test
    void runsInTheForegroundUntilStopped() throws Exception {
        Path home = tmp.resolve("fg");
        Map<String, String> props = Map.of("local.home", home.toString(), "local.port", "0");
        List<String> infos = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProviderConfig.Log log = new ProviderConfig.Log() {
            public void info(String m) { infos.add(m); }
            public void warn(String m) { }
            public void debug(String m) { }
        };
        java.util.concurrent.CompletableFuture<Void> run = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                LocalProvider.runForeground(props, log);
            } catch (ProviderException e) {
                throw new IllegalStateException(e);
            }
        });
        // the daemon file is written inside start(), the log line just after it returns
        Awaitility.await("the daemon's start").atMost(java.time.Duration.ofSeconds(10))
                .until(() -> Files.exists(home.resolve("daemon.json")) && !infos.isEmpty());
        assertThat(infos).anyMatch(m -> m.contains("Local runtime listening on http://127.0.0.1:"));
        assertThatThrownBy(() -> LocalProvider.runForeground(props, log)).hasMessageContaining("already runs");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        assertThat(LocalProvider.stopDaemon(props)).isTrue();
        run.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(home.resolve("daemon.json")).doesNotExist();
    }

    @Test
    void aTakenPortIsAClearErrorBeforeAnythingStarts() throws Exception {
        try (java.net.ServerSocket other = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> props = Map.of("local.home", tmp.resolve("h").toString(),
                    "local.port", Integer.toString(other.getLocalPort()));
            // the runtime starts before the first change (verify), not when a session opens to read
            ProviderSession session = new LocalProvider().open(new ProviderConfig("s", props, tmp, null));
            assertThatThrownBy(() -> session.verify(List.of()))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageContaining("127.0.0.1:" + other.getLocalPort());
        }
        assertThatThrownBy(() -> new LocalProvider().open(new ProviderConfig("s", Map.of("local.port", "x"), tmp, null)))
                .hasMessageContaining("local.port");
    }
}
