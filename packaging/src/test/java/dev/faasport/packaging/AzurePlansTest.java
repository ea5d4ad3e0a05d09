package dev.faasport.packaging;

import dev.faasport.limits.CheckReport;
import dev.faasport.limits.Finding;
import dev.faasport.limits.LimitChecker;
import dev.faasport.limits.Severity;
import dev.faasport.runtime.json.Json;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Azure holds plan, timeout and memory per app: functions asking for another plan get their own app. */
class AzurePlansTest {
    @TempDir
    Path tmp;
    Fixtures fx;
    final Packager packager = new Packager();

    @BeforeEach
    void setUp() throws IOException {
        fx = new Fixtures(tmp);
    }

    /** Replaces a fixture function by a copy with an option and a timeout. */
    void override(String name, String plan, int timeout) {
        for (int i = 0; i < fx.functions.size(); i++) {
            FunctionSpec f = fx.functions.get(i);
            if (f.name().equals(name)) {
                Map<String, String> options = new HashMap<>(f.options());
                if (plan != null) {
                    options.put("azure.plan", plan);
                }
                fx.functions.set(i, new FunctionSpec(f.name(), f.handler(), f.shape(), f.trigger(), f.memoryMb(), timeout,
                        f.environment(), f.maxConcurrency(), f.minInstances(), f.packageType(), options));
            }
        }
    }

    @Test
    void functionsOnAnotherPlanGoToTheirOwnApp() throws Exception {
        fx.settings.put("azure.app", "shop");
        override("worker", "EP1", 3600);
        override("nightly", "Premium", 900);
        override("hello", null, 120);

        PackageResult r = packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP);

        assertThat(r.units()).extracting(DeployUnit::name).containsExactly("shop", "shop-premium");
        DeployUnit main = r.units().get(0);
        DeployUnit premium = r.units().get(1);
        assertThat(main.functions()).extracting(FunctionSpec::name).containsExactly("hello", "thumbnail");
        assertThat(premium.functions()).extracting(FunctionSpec::name).containsExactly("nightly", "worker");
        assertThat(main.settings()).containsEntry("azure.plan", "consumption").containsEntry("azure.app", "shop");
        assertThat(premium.settings()).containsEntry("azure.plan", "premium").containsEntry("azure.app", "shop-premium");
        assertThat(premium.artifact().path()).isEqualTo(fx.out.resolve("azure/shop-premium.zip"));

        // host.json functionTimeout is per app: the largest timeout of the app's functions
        assertThat(Json.parseObject(text(main.artifact().path(), "host.json")).get("functionTimeout")).isEqualTo("00:02:00");
        assertThat(Json.parseObject(text(premium.artifact().path(), "host.json")).get("functionTimeout")).isEqualTo("01:00:00");
        assertThat(names(premium.artifact().path())).contains("worker/function.json", "nightly/function.json")
                .doesNotContain("hello/function.json");
        // each app's descriptor names only its own functions
        Path desc = tmp.resolve("desc.jar");
        Files.write(desc, bytes(premium.artifact().path(), "lib/faasport-descriptor.jar"));
        assertThat((List<?>) Json.parseObject(text(desc, "faasport-functions.json")).get("functions")).hasSize(2);

        // the manifest says which plan each app is on
        Map<?, ?> azure = (Map<?, ?>) ((Map<?, ?>) Json.parseObject(Files.readString(r.manifest())).get("providers")).get("azure");
        assertThat(((List<?>) azure.get("units")).stream().map(u -> String.valueOf(((Map<?, ?>) u).get("plan"))).toList()).containsExactly("consumption", "premium");

        // a second run is up to date and gives the same units, settings included
        PackageResult again = packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP);
        assertThat(again.upToDate()).isTrue();
        assertThat(again.units()).extracting(DeployUnit::settings).containsExactly(main.settings(), premium.settings());

        // checked per app against its own plan: the premium app may run an hour, the consumption app fits
        CheckReport report = new LimitChecker().check("azure", null, r.units(), Map.of());
        assertThat(report.findings()).filteredOn(f -> f.severity() == Severity.VIOLATION).isEmpty();
        Finding appTimeout = report.findings().stream()
                .filter(f -> f.key().equals("app.timeout.seconds") && f.unit().equals("shop-premium")).findFirst().orElseThrow();
        assertThat(appTimeout.plan()).isEqualTo("premium");
        assertThat(appTimeout.measured()).isEqualTo("3600 s");
    }

    @Test
    void withoutAzureAppTheSetNameNamesTheAppsAsTheProviderDoes() throws Exception {
        override("worker", "flex", 30);
        PackageResult r = packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP);
        assertThat(r.units()).extracting(DeployUnit::name).containsExactly("hello-set", "hello-set-flex");
        assertThat(r.units().get(1).settings()).containsEntry("azure.app", "hello-set-flex")
                .as("the provider makes a name nobody chose unique").containsEntry("azure.appDefaulted", "true");
        assertThat(AzureLayout.appName("My_Set-premium", false)).isEqualTo("my-set-premium");
        // Flex Consumption apps read blobs from Event Grid; the consumption app does not
        Map<?, ?> blob = (Map<?, ?>) ((List<?>) Json.parseObject(text(r.units().get(0).artifact().path(),
                "thumbnail/function.json")).get("bindings")).get(0);
        assertThat(blob.containsKey("source")).isFalse();
    }

    @Test
    void aFunctionNamedAsTheDependencyFolderIsRefused() {
        for (String name : List.of("lib", "Lib")) {
            FunctionSpec f = fx.functions.get(0);
            fx.functions.set(0, new FunctionSpec(name, f.handler(), f.shape(), f.trigger(), f.memoryMb(), f.timeoutSeconds(),
                    f.environment(), f.maxConcurrency(), f.minInstances(), f.packageType(), f.options()));
            assertThatThrownBy(() -> packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP))
                    .isInstanceOf(PackagingException.class).hasMessageContaining("'" + name + "'")
                    .hasMessageContaining("dependency jars").hasMessageContaining("perhaps you should rename");
        }
    }

    @Test
    void aSetOnOnePlanStaysOneApp() throws Exception {
        fx.settings.put("azure.plan", "premium");
        override("worker", "premium", 30);
        PackageResult r = packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP);
        assertThat(r.units()).hasSize(1);
        assertThat(r.units().get(0).name()).isEqualTo("hello-set");
        assertThat(r.units().get(0).settings()).containsEntry("azure.plan", "premium");
    }

    @Test
    void theCheckUsesThePlanTheProviderWillDeployTo() throws Exception {
        fx.settings.put("azure.plan", "premium");
        override("worker", null, 3600);
        PackageResult r = packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP);
        // no plan given to the check: the plan the unit was packaged for
        assertThat(new LimitChecker().check("azure", null, r.units(), Map.of()).findings())
                .filteredOn(f -> f.key().equals("app.timeout.seconds")).extracting(Finding::plan, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("premium", Severity.FITS));
        // a plan given to the provider (-Dfaas.azure.plan) wins over the packaged one, as the provider deploys it
        assertThat(new LimitChecker().check("azure", "consumption", r.units(), Map.of()).findings())
                .filteredOn(f -> f.key().equals("app.timeout.seconds")).extracting(Finding::plan, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("consumption", Severity.VIOLATION));
    }

    @Test
    void anUnknownPlanNamesTheFunction() {
        override("worker", "gold", 30);
        assertThatThrownBy(() -> packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP))
                .isInstanceOf(PackagingException.class).hasMessageContaining("'worker'").hasMessageContaining("'gold'")
                .hasMessageContaining("perhaps you should use one of");
    }

    @Test
    void theAppTimeoutIsCheckedAgainstTheAppsPlan() throws Exception {
        override("worker", null, 601);
        PackageResult r = packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP);
        CheckReport report = new LimitChecker().check("azure", null, r.units(), Map.of());
        Finding app = report.findings().stream().filter(f -> f.key().equals("app.timeout.seconds")).findFirst().orElseThrow();
        assertThat(app.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(app.function()).isNull();
        assertThat(app.message()).contains("Unit 'hello-set'").contains("601 s > 600 s").contains("'worker'")
                .contains("azure.plan=premium");

        // just inside: 600 s fits Consumption
        override("worker", null, 600);
        r = packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP);
        assertThat(new LimitChecker().check("azure", null, r.units(), Map.of()).findings())
                .filteredOn(f -> f.key().equals("app.timeout.seconds")).extracting(Finding::severity).containsExactly(Severity.FITS);

        // the same function asking for premium moves to an app without that limit
        override("worker", "premium", 601);
        r = packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP);
        assertThat(new LimitChecker().check("azure", "consumption", r.units(), Map.of()).findings())
                .filteredOn(f -> f.severity() == Severity.VIOLATION).isEmpty();
        // and a unit not packaged by Faasport is checked per function by the function's own option
        FunctionSpec worker = fx.functions.stream().filter(f -> f.name().equals("worker")).findFirst().orElseThrow();
        DeployUnit handMade = new DeployUnit("hello-set", "x", List.of(worker), null, "h", Map.of());
        assertThat(new LimitChecker().check("azure", null, List.of(handMade), Map.of()).findings())
                .filteredOn(f -> f.key().equals("timeout.seconds")).extracting(Finding::plan, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("premium", Severity.FITS));
    }

    static String text(Path zip, String entry) throws IOException {
        return new String(bytes(zip, entry), StandardCharsets.UTF_8);
    }

    static byte[] bytes(Path zip, String entry) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.getInputStream(z.getEntry(entry)).readAllBytes();
        }
    }

    static List<String> names(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }
}
