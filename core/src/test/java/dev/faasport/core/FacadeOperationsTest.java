package dev.faasport.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faasport.core.error.FaasportException;
import dev.faasport.core.session.Target;
import dev.faasport.runtime.json.Json;
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
import dev.faasport.spi.Rollback;
import dev.faasport.spi.RuntimeHost;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import dev.faasport.spi.Provider.UnitGrouping;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goals that used to live in their Mojos, now the facade's: rollback, logs with follow, cost, upload. */
class FacadeOperationsTest {

    /** what the providers below were asked, in order */
    static final List<String> CALLS = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private URLClassLoader loader;
    private Faasport faasport;

    @BeforeEach
    void setUp() throws IOException {
        CALLS.clear();
        Path services = dir.resolve("services/META-INF/services/" + Provider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, Versioned.class.getName() + "\n" + Host.class.getName() + "\n");
        loader = new URLClassLoader(new java.net.URL[] {dir.resolve("services").toUri().toURL()},
                FacadeOperationsTest.class.getClassLoader());
        faasport = new Faasport(new ProviderConfig.Log() {
            public void info(String m) { lines.add("INFO " + m); }
            public void warn(String m) { lines.add("WARN " + m); }
            public void debug(String m) { }
        }, loader);
    }

    @AfterEach
    void tearDown() throws IOException {
        loader.close();
    }

    private Target target(String id) {
        return new Target(id, Map.of(), dir.resolve("work"));
    }

    // ---- rollback ----

    @Test
    void rollbackMovesTheNamedFunctionOfTheSetOnly() {
        List<String> out = faasport.rollback(new Requests.Rollback(target("versioned"), "shop", "cart", "3"));

        assertThat(out).containsExactly("cart: live -> 3");
        assertThat(CALLS).containsExactly("open", "list", "rollback cart 3");
        assertThat(lines).contains("INFO cart: live -> 3");
    }

    @Test
    void rollbackWithoutAFunctionMovesEveryFunctionOfTheSet() {
        assertThat(faasport.rollback(new Requests.Rollback(target("versioned"), "shop", " ", null)))
                .containsExactly("cart: live -> previous", "pay: live -> previous");
    }

    @Test
    void rollbackSaysWhatToDoWhenItCannot() {
        assertThatThrownBy(() -> faasport.rollback(new Requests.Rollback(target("versioned"), "shop", null, "2")))
                .isInstanceOf(FaasportException.class).hasMessageContaining("perhaps you should name the function");
        assertThatThrownBy(() -> faasport.rollback(new Requests.Rollback(target("versioned"), "shop", "ghost", null)))
                .hasMessageContaining("function 'ghost' of set 'shop' is not deployed on Versioned");
        assertThatThrownBy(() -> faasport.rollback(new Requests.Rollback(target("host"), "shop", null, null)))
                .hasMessageContaining("faas:rollback is not supported by Host (host)")
                .hasMessageContaining("perhaps you should deploy the previous sources again");
        assertThat(CALLS).doesNotContain("rollback cart 2");
    }

    // ---- logs ----

    @Test
    void followingPrintsEachLineOnceUntilInterrupted() {
        List<String> printed = new ArrayList<>();
        try {
            faasport.followLogs(new Requests.Logs(target("versioned"), "shop", "cart", 3), Duration.ZERO, line -> {
                printed.add(line);
                if (printed.size() == 5) {
                    Thread.currentThread().interrupt();
                }
            });
        } finally {
            Thread.interrupted();
        }
        assertThat(printed).containsExactly("l1", "l2", "l3", "l4", "l5");
        assertThat(CALLS).as("one session for the whole tail").containsOnlyOnce("open");
    }

    // ---- cost ----

    @Test
    void costEstimatesWhatTheTargetMeasuredAndWritesTheJson() throws IOException {
        Path json = dir.resolve("out/cost.json");
        CostOutcome outcome = faasport.cost(new Requests.Cost(target("versioned"), "shop", 1_000_000, null, null,
                List.of("aws-arm64"), json));

        assertThat(outcome.workloads()).singleElement().satisfies(w -> {
            assertThat(w.function()).isEqualTo("cart");
            assertThat(w.durationMs()).isEqualTo(120.0);
            assertThat(w.memoryMb()).isEqualTo(256);
        });
        assertThat(outcome.estimates()).extracting(e -> e.plan().id()).containsExactly("aws-arm64");
        assertThat(lines).anyMatch(l -> l.startsWith("WARN faas: function 'pay' has no measured duration"));
        Map<String, Object> written = Json.parseObject(Files.readString(json));
        assertThat(written).containsEntry("set", "shop").containsKey("estimates");
    }

    @Test
    void costTakesGivenFiguresWithoutAskingTheTarget() {
        CostOutcome outcome = faasport.cost(new Requests.Cost(target("versioned"), "shop", 10, 50.0, 512, List.of(),
                null));

        assertThat(outcome.workloads()).singleElement().satisfies(w -> assertThat(w.function()).isEqualTo("shop"));
        assertThat(outcome.written()).isNull();
        assertThat(CALLS).isEmpty();
    }

    @Test
    void costRefusesWhatItCannotEstimate() {
        assertThatThrownBy(() -> faasport.cost(new Requests.Cost(target("versioned"), "shop", -1, 1.0, 1, List.of(),
                null))).hasMessageContaining("faas.invocationsPerMonth is -1, perhaps you should");
        assertThatThrownBy(() -> faasport.cost(new Requests.Cost(target("versioned"), "shop", 1, 1.0, 1,
                List.of("no-such-plan"), null))).hasMessageContaining("faas.costPlans");
        assertThatThrownBy(() -> faasport.cost(new Requests.Cost(target("host"), "shop", 1, null, null, List.of(),
                null))).hasMessageContaining("faas:cost has no measured function of set 'shop'");
    }

    // ---- upload ----

    @Test
    void uploadHandsTheFileToTheRuntimeHostUnderItsNameByDefault() throws IOException {
        Path file = Files.writeString(dir.resolve("cat.txt"), "meow");

        RuntimeHost.Upload u = faasport.upload(new Requests.Upload(target("host"), "photos", null, file));

        assertThat(CALLS).containsExactly("upload photos cat.txt 4");
        assertThat(u.triggered()).isEqualTo(1);
        assertThat(lines).anyMatch(l -> l.contains("uploaded " + file + " to photos/cat.txt (4 bytes, etag e1), "
                + "triggered 1 function(s)"));
    }

    @Test
    void uploadNeedsARuntimeHostAndAFile() {
        assertThatThrownBy(() -> faasport.upload(new Requests.Upload(target("versioned"), "photos", "k",
                dir.resolve("cat.txt")))).hasMessageContaining("faas:upload puts files into the local runtime's "
                + "buckets, but faas.provider is 'versioned', perhaps you should use the vendor's own tool");
        assertThatThrownBy(() -> faasport.upload(new Requests.Upload(target("host"), "photos", "k",
                dir.resolve("missing.txt")))).hasMessageContaining("is not a file, perhaps you should check the path");
        assertThat(CALLS).isEmpty();
    }

    // ---- the providers ----

    private static FunctionSpec spec(String name) {
        return new FunctionSpec(name, "x.Y", FunctionShape.HTTP, new Trigger.Http(List.of(), false), 256, 10, Map.of(), 0, 0,
                FunctionSpec.PackageType.ZIP, Map.of());
    }

    /** A target that keeps versions: its session rolls back and has logs that grow by one line a read. */
    public static class Versioned extends Base {
        @Override
        public String id() {
            return "versioned";
        }

        @Override
        ProviderSession session() {
            return new RollingSession();
        }
    }

    /** A runtime on this machine with buckets; its session lists nothing. */
    public static class Host extends Base implements RuntimeHost {
        @Override
        public String id() {
            return "host";
        }

        @Override
        ProviderSession session() {
            return new EmptySession();
        }

        @Override
        public Upload upload(ProviderConfig config, String bucket, String key, Path file) throws ProviderException {
            try {
                CALLS.add("upload " + bucket + " " + key + " " + Files.size(file));
            } catch (IOException e) {
                throw ProviderException.permanent(e.toString(), null);
            }
            return new Upload(bucket, key, 4, "e1", 1);
        }

        public boolean stopRuntime(ProviderConfig config) {
            return false;
        }

        public boolean runtimeRunning(ProviderConfig config) {
            return true;
        }

        public void runInForeground(ProviderConfig config) {
        }
    }

    abstract static class Base implements Provider {
        @Override
        public String displayName() {
            return id().substring(0, 1).toUpperCase() + id().substring(1);
        }

        @Override
        public PackageFormat packageFormat() {
            return PackageFormat.LOCAL_ZIP;
        }

        @Override
        public UnitGrouping grouping() {
            return UnitGrouping.PER_FUNCTION;
        }

        @Override
        public ProviderSession open(ProviderConfig config) {
            CALLS.add("open");
            return session();
        }

        abstract ProviderSession session();
    }

    static class EmptySession implements ProviderSession {
        public List<DeployedUnit> list() {
            return List.of();
        }

        public DeployedUnit apply(UnitUpdate change) {
            throw new UnsupportedOperationException();
        }

        public void delete(DeployedUnit unit) {
            throw new UnsupportedOperationException();
        }

        public InvocationResult invoke(String function, Invocation invocation) {
            throw new UnsupportedOperationException();
        }

        public List<String> logs(String function, int maxLines) {
            return List.of();
        }

        public List<String> doctor() {
            return List.of();
        }

        public void close() {
        }
    }

    static final class RollingSession extends EmptySession implements Rollback {
        private int reads;

        @Override
        public List<DeployedUnit> list() {
            CALLS.add("list");
            return List.of(
                    new DeployedUnit("shop", "cart", "s", "c", List.of(spec("cart")), Map.of(),
                            Map.of("invocations", "3", "durationMeanMs", "120", "maxMemoryUsedMb", "90")),
                    new DeployedUnit("shop", "pay", "s", "c", List.of(spec("pay")), Map.of(), Map.of()),
                    new DeployedUnit("other", "cart2", "s", "c", List.of(spec("cart")), Map.of(), Map.of()));
        }

        @Override
        public List<String> rollback(DeployedUnit unit, String toVersion) {
            CALLS.add("rollback " + unit.name() + " " + toVersion);
            return List.of(unit.name() + ": live -> " + (toVersion == null ? "previous" : toVersion));
        }

        /** A window of the newest three lines, one more line each read. */
        @Override
        public List<String> logs(String function, int maxLines) {
            reads++;
            List<String> all = new ArrayList<>();
            for (int i = 1; i <= reads + 2; i++) {
                all.add("l" + i);
            }
            return all.subList(Math.max(0, all.size() - maxLines), all.size());
        }
    }
}
