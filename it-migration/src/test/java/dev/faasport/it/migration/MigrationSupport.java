package dev.faasport.it.migration;

import dev.faasport.core.Faasport;
import dev.faasport.core.model.Project;
import dev.faasport.core.Requests;
import dev.faasport.core.session.Target;
import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.deploy.RetryPolicy;
import dev.faasport.core.migrate.MigrationOutcome;
import dev.faasport.core.migrate.MigrationRequest;
import dev.faasport.core.migrate.Verification;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What every migration test shares: the compiled function set, the providers, the facade and small helpers. */
abstract class MigrationSupport {

    static final List<String> NAMES = List.of("hello", "upper", "thumbnail", "orders", "nightly");

    @TempDir
    Path dir;

    final List<String> log = new CopyOnWriteArrayList<>();
    Clouds clouds;
    Faasport faasport;
    private URLClassLoader userClasses;
    private Path classes;

    @BeforeEach
    void startUp() throws Exception {
        clouds = new Clouds(dir);
        faasport = new Faasport(new ProviderConfig.Log() {
            public void info(String m) { log.add("INFO " + m); }
            public void warn(String m) { log.add("WARN " + m); }
            public void debug(String m) { }
        });
        classes = FunctionSources.compile(dir.resolve("classes"));
        userClasses = new URLClassLoader(new URL[]{classes.toUri().toURL()}, MigrationSupport.class.getClassLoader());
    }

    @AfterEach
    void shutDown() throws Exception {
        clouds.close();
        userClasses.close();
    }

    static FunctionConfig hello() {
        FunctionConfig c = new FunctionConfig("hello", FunctionSources.handler("Hello"));
        c.setPublicAccess(true);
        return c.environment(Map.of("GREETING", "hi"));
    }

    static FunctionConfig upper() {
        FunctionConfig c = new FunctionConfig("upper", FunctionSources.handler("Upper")).trigger("http");
        c.setPublicAccess(true);
        return c;
    }

    static FunctionConfig thumbnail() {
        return new FunctionConfig("thumbnail", FunctionSources.handler("Thumbnail")).bucket(Clouds.BUCKET).memoryMb(512);
    }

    static FunctionConfig orders() {
        return new FunctionConfig("orders", FunctionSources.handler("Orders")).queue(Clouds.QUEUE).timeoutSeconds(60);
    }

    static FunctionConfig nightly(String schedule) {
        return new FunctionConfig("nightly", FunctionSources.handler("Nightly")).schedule(schedule);
    }

    static FunctionConfig[] all() {
        return new FunctionConfig[]{hello(), upper(), thumbnail(), orders(), nightly("cron(30 2 ? * MON-FRI *)")};
    }

    Project project(FunctionConfig... functions) {
        return project(Map.of(), functions);
    }

    /** @param settings the plugin's {@code <settings>} (e.g. the image registry for Knative) */
    Project project(Map<String, String> settings, FunctionConfig... functions) {
        return project(Clouds.SET, settings, functions);
    }

    Project project(String setName, Map<String, String> settings, FunctionConfig... functions) {
        return new Project(new FunctionSetConfig(setName, null, List.of(functions)), userClasses, classes, List.of(),
                Adapters.all(), dir.resolve("faas"), null, false, settings);
    }

    static DeployOptions fast() {
        return new DeployOptions(4, new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20), 0));
    }

    void deploy(Project project, String providerId) {
        faasport.deploy(new Requests.Deploy(project, clouds.target(providerId), fast(), false, null, null));
    }

    MigrationRequest request(Project project, String from, String to, boolean cutover, Map<String, String> toExtra) {
        Target t = clouds.target(to);
        Map<String, String> props = new java.util.TreeMap<>(t.properties());
        props.putAll(toExtra);
        return new MigrationRequest(project, clouds.target(from), new Target(to, props, t.workDir()), false, cutover,
                false, Map.of(), fast(), null);
    }

    /** Migrates, and on an unexpected failure shows the report, which says what each side answered. */
    dev.faasport.core.migrate.MigrationOutcome migrate(MigrationRequest r) throws java.io.IOException {
        try {
            return faasport.migrate(r);
        } catch (dev.faasport.core.migrate.MigrationFailedException e) {
            Path md = e.outcome() == null ? null : e.outcome().markdown();
            throw new AssertionError(e.getMessage() + "\n" + (md != null && java.nio.file.Files.exists(md)
                    ? java.nio.file.Files.readString(md) : ""), e);
        }
    }

    /** @return the function names the provider lists for the set (unit names where a unit reports no function) */
    TreeSet<String> listed(String providerId) throws Exception {
        return listed(clouds.target(providerId), Clouds.SET);
    }

    /** @return the function names the target lists for the set (unit names where a unit reports no function) */
    TreeSet<String> listed(Target t, String set) throws Exception {
        Provider p = faasport.provider(t.providerId());
        try (ProviderSession s = p.open(new ProviderConfig(set, t.properties(), t.workDir(),
                ProviderConfig.Log.silent()))) {
            TreeSet<String> out = new TreeSet<>();
            for (DeployedUnit u : s.list()) {
                if (u.setName() == null || u.setName().equals(set)) {
                    // Azure holds the set as one app (unit) of several functions
                    if (u.functions().isEmpty()) {
                        out.add(u.name());
                    }
                    u.functions().forEach(f -> out.add(f.name()));
                }
            }
            return out;
        }
    }

    /** Asserts that the migration verified every one of {@code names} alike on both sides and stopped there. */
    static void assertVerified(MigrationOutcome out, List<String> names) {
        assertThat(out.verifications()).extracting(Verification::function).containsExactlyInAnyOrderElementsOf(names);
        assertThat(out.verifications()).allSatisfy(v -> assertThat(v.result())
                .as(v.function() + ": " + v.detail() + " source " + v.sourceStatus() + " " + v.sourceBody() + " target "
                        + v.targetStatus() + " " + v.targetBody()).isEqualTo(Verification.Result.PASSED));
        assertThat(out.status()).isEqualTo(MigrationOutcome.Status.VERIFIED);
    }

    /**
     * @return what a provider lists for a set of these functions: Azure one app, whose functions it does not report;
     *         the others each function
     */
    static List<String> held(String providerId, List<String> names) {
        return providerId.equals("azure") ? List.of(Clouds.SET) : names;
    }
}
