package dev.faasport.core.testcloud;

import dev.faasport.core.CheckFailedException;
import dev.faasport.core.DeployOutcome;
import dev.faasport.core.Faasport;
import dev.faasport.core.PackagingFailedException;
import dev.faasport.core.model.Project;
import dev.faasport.core.Requests;
import dev.faasport.core.session.Target;
import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.deploy.RetryPolicy;
import dev.faasport.core.fixtures.HelloHttp;
import dev.faasport.core.fixtures.UpperCase;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.limits.Severity;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.ProviderConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 16: a sixth provider touches no module but its own. {@link TestCloudProvider} lives only in this test tree
 * (with its limit table); the real Packager, LimitChecker and deploy engine package, check and deploy through it.
 */
class NewProviderTest {
    @TempDir
    Path dir;

    /**
     * The provider's "jar": its services file (src/test/testcloud) over the test classes, as the plugin's class loader
     * would see a provider dependency; the other tests of this module never see it.
     */
    private static final ClassLoader PROVIDER_JAR;

    static {
        try {
            PROVIDER_JAR = new java.net.URLClassLoader(new java.net.URL[]{Path.of("src/test/testcloud/").toUri().toURL()},
                    NewProviderTest.class.getClassLoader());
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private final Faasport faasport = new Faasport(new ProviderConfig.Log() {
        public void info(String m) { }
        public void warn(String m) { }
        public void debug(String m) { }
    }, PROVIDER_JAR);
    private Path classes;

    @BeforeEach
    void setUp() throws IOException {
        TestCloudProvider.CLOUD.clear();
        classes = dir.resolve("classes");
        Path testClasses = Path.of(HelloHttp.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        for (Class<?> c : List.of(HelloHttp.class, UpperCase.class)) {
            Path rel = Path.of(c.getName().replace('.', '/') + ".class");
            Files.createDirectories(classes.resolve(rel).getParent());
            Files.copy(testClasses.resolve(rel), classes.resolve(rel));
        }
    }

    private Project project(FunctionConfig... functions) {
        return new Project(new FunctionSetConfig("shop", null, List.of(functions)), getClass().getClassLoader(),
                classes, List.of(), Map.of(), dir.resolve("faas"), null, false, Map.of());
    }

    private Requests.Deploy deploy(Project project) {
        return new Requests.Deploy(project, new Target("testcloud", Map.of("testcloud.region", "north"), dir.resolve("work")),
                new DeployOptions(2, RetryPolicy.DEFAULT), false, null, null);
    }

    private static FunctionConfig hello() {
        return new FunctionConfig("hello", HelloHttp.class.getName());
    }

    private static FunctionConfig upper() {
        return new FunctionConfig("upper", UpperCase.class.getName());
    }

    @Test
    void packagesInItsOwnLayoutChecksAgainstItsOwnTableAndDeploys() throws Exception {
        DeployOutcome outcome = faasport.deploy(deploy(project(hello(), upper())));

        assertThat(outcome.report().succeeded()).isTrue();
        assertThat(outcome.check().skipped()).isEmpty();
        assertThat(outcome.check().reports()).singleElement().satisfies(r -> {
            assertThat(r.provider()).isEqualTo("testcloud");
            assertThat(r.displayName()).isEqualTo("Test Cloud");
            assertThat(r.worst()).isNotEqualTo(Severity.VIOLATION);
        });
        assertThat(TestCloudProvider.CLOUD).containsOnlyKeys("hello", "upper");
        Path bundle = dir.resolve("faas/testcloud/hello.bundle.zip");
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            assertThat(Collections.list(zip.entries())).extracting(e -> e.getName()).contains(
                    "bundle/faasport-functions.json", "testcloud.properties",
                    "bundle/" + HelloHttp.class.getName().replace('.', '/') + ".class");
        }
        DeployedUnit hello = TestCloudProvider.CLOUD.get("hello").unit();
        assertThat(hello.artifactSha256()).hasSize(64);
        String manifest = Files.readString(dir.resolve("faas/manifest.json"));
        assertThat(manifest).contains("\"format\": \"TESTCLOUD_BUNDLE\"", "\"entry\": \"" + TestCloudLayout.ENTRY + "\"");

        var answer = faasport.invoke(new Requests.Invoke(new Target("testcloud", Map.of("testcloud.region", "north"),
                dir.resolve("work")), "shop", "hello", new Invocation("GET", "/", Map.of(), new byte[0])));
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("function=hello");

        // a second deployment of the same set finds everything up to date: the package is reproducible
        DeployOutcome again = faasport.deploy(deploy(project(hello(), upper())));
        assertThat(again.plan().changes()).allSatisfy(c -> assertThat(c.kind().name()).isEqualTo("UNCHANGED"));
    }

    @Test
    void itsLimitTableIsWhatTheCheckerEnforces() {
        CheckFailedException e = catchThrowableOfType(CheckFailedException.class,
                () -> faasport.deploy(deploy(project(hello().memoryMb(2048), upper()))));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("Test Cloud", "memory");
        assertThat(TestCloudProvider.CLOUD).isEmpty();
    }

    @Test
    void itsLayoutRefusesWhatItCannotExpress() {
        PackagingFailedException e = catchThrowableOfType(PackagingFailedException.class,
                () -> faasport.deploy(deploy(project(new FunctionConfig("bundle-a", HelloHttp.class.getName())))));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("Test Cloud's bundle folder", "perhaps you should rename it");
    }
}
