package dev.faasport.provider.azure;

import dev.faasport.packaging.PackageRequest;
import dev.faasport.packaging.PackageResult;
import dev.faasport.packaging.Packager;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A set whose functions need different hosting plans, packaged by the real Packager (one app zip per plan) and
 * deployed through the SDK against the ARM test server: two apps on two plans, named alike by packaging and provider.
 */
class AzurePlansDeployTest extends AzureServers {

    Map<String, String> props(boolean withApp) {
        Map<String, String> p = arm.providerProperties(AzureSessionTest.SUBSCRIPTION, azurite, "rg-plans", 20);
        if (withApp) {
            p.put("azure.app", "mixed");
        }
        return p;
    }

    static FunctionSpec fn(String name, Trigger trigger, int timeout, int minInstances, String plan) {
        FunctionShape shape = trigger instanceof Trigger.Http ? FunctionShape.HTTP : FunctionShape.QUEUE;
        return new FunctionSpec(name, "com.example." + name, shape, trigger, 512, timeout, Map.of(), 0, minInstances, null,
                plan == null ? Map.of() : Map.of("azure.plan", plan));
    }

    List<DeployUnit> pack(String set, List<FunctionSpec> functions) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/com/example"));
        Files.writeString(classes.resolve("app.properties"), "x=1\n");
        PackageRequest req = new PackageRequest(set, functions, dir.resolve("classes"), List.of(), Map.of(),
                dir.resolve("faas"), null, false, Map.of("azure.app", "mixed"));
        PackageResult r = new Packager().pack(req, "azure", PackageFormat.AZURE_APP_ZIP);
        return r.units();
    }

    @Test
    void aMixedSetBecomesTwoAppsOnTwoPlans() throws Exception {
        String set = "mixed-set";
        List<DeployUnit> units = pack(set, List.of(
                fn("hello", new Trigger.Http(List.of(), true), 60, 0, null),
                fn("api", new Trigger.Http(List.of(), true), 300, 2, null),
                fn("report", new Trigger.Queue("reports", 4, 3), 1800, 1, "premium"),
                fn("export", new Trigger.Http(List.of(), true), 900, 0, "EP1")));
        assertThat(units).extracting(DeployUnit::name).containsExactly("mixed", "mixed-premium");

        try (ProviderSession withApp = AzureSessionTest.open(set, props(true));
             ProviderSession packagedApp = AzureSessionTest.open(set, props(false))) {
            // packaging and provider agree on the app names, with or without azure.app given to the provider
            for (DeployUnit u : units) {
                assertThat(AzureSettings.from(config(set, props(true))).appName(u)).isEqualTo(u.settings().get("azure.app"));
                assertThat(AzureSettings.from(config(set, props(false))).appName(u)).isEqualTo(u.settings().get("azure.app"));
            }
            int plans = arm.planCreates.get();
            for (DeployUnit u : units) {
                withApp.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, u, null));
            }
            assertThat(arm.planCreates.get()).isEqualTo(plans + 2);
            assertThat(arm.siteSku("mixed")).isEqualTo("Y1");
            assertThat(arm.siteSku("mixed-premium")).isEqualTo("EP1");
            // the premium app keeps its functions' instances warm; the consumption app has none to keep
            assertThat(arm.webConfig("mixed-premium")).containsEntry("preWarmedInstanceCount", 1);
            assertThat(arm.siteTags("mixed-premium")).containsEntry("faasport-plan", "premium")
                    .containsEntry("faasport-function", "mixed-premium");
            assertThat(arm.siteTags("mixed")).containsEntry("faasport-plan", "consumption");

            // list shows one unit per app, with its plan, under the names packaging gave: nothing to do next time
            Map<String, DeployedUnit> listed = packagedApp.list().stream()
                    .collect(Collectors.toMap(DeployedUnit::name, Function.identity(), (a, b) -> a, TreeMap::new));
            assertThat(listed).containsOnlyKeys("mixed", "mixed-premium");
            assertThat(listed.get("mixed").attributes()).containsEntry("plan", "consumption").containsEntry("app", "mixed");
            assertThat(listed.get("mixed-premium").attributes()).containsEntry("plan", "premium");
            assertThat(listed.get("mixed-premium").endpoints()).containsOnlyKeys("export");
            assertThat(listed.get("mixed").endpoints()).containsOnlyKeys("api", "hello");
            for (DeployUnit u : units) {
                assertThat(TestApps.unchanged(u, listed.get(u.name()))).as(u.name()).isTrue();
            }
            // invoke reaches each function in its own app
            assertThat(packagedApp.invoke("export", new Invocation("GET", "/", Map.of(), null)).bodyAsString())
                    .contains("\"function\":\"export\"");
            assertThat(packagedApp.invoke("hello", new Invocation("GET", "/", Map.of(), null)).status()).isEqualTo(200);

            // a unit whose functions now ask for another plan than its app runs on is refused, not half-moved
            DeployUnit moved = new DeployUnit(set, "mixed", units.get(0).functions().stream()
                    .map(f -> new FunctionSpec(f.name(), f.handler(), f.shape(), f.trigger(), f.memoryMb(), f.timeoutSeconds(),
                            f.environment(), f.maxConcurrency(), f.minInstances(), f.packageType(), Map.of("azure.plan", "premium")))
                    .toList(), units.get(0).artifact(), "other", units.get(0).settings());
            assertThatThrownBy(() -> withApp.apply(TestApps.change(moved, listed.get("mixed"))))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("'mixed'").contains("consumption").contains("premium");
                    });

            for (DeployedUnit d : packagedApp.list()) {
                packagedApp.delete(d);
            }
            assertThat(packagedApp.list()).isEmpty();
        }
    }

    @Test
    void flexUpdatesApplyAlwaysReadyInstancesAndMemory() throws Exception {
        String set = "flexscale";
        Map<String, String> p = props(false);
        p.put("azure.app", set);
        p.put("azure.plan", "flex");
        p.put("azure.scmHost", arm.scmHost());
        try (ProviderSession session = AzureSessionTest.open(set, p)) {
            DeployUnit cold = TestApps.unit(dir, set, set, "v1", Map.of());
            session.apply(TestApps.change(cold, null));
            assertThat(((Number) scale(set).get("instanceMemoryMB")).intValue()).isEqualTo(512);
            assertThat(ready(set)).isEmpty();

            // more memory for one function and warm instances for two: same code, the site's functionAppConfig changes
            DeployUnit warm = reshape(cold, Map.of("hello", 2, "tick", 1), Map.of("open", 3000), "cfg-warm");
            int deploys = arm.oneDeploys.get();
            session.apply(TestApps.change(warm, session.list().get(0)));
            assertThat(arm.oneDeploys.get()).as("unchanged code is not published again").isEqualTo(deploys);
            assertThat(((Number) scale(set).get("instanceMemoryMB")).intValue()).isEqualTo(4096);
            assertThat(ready(set)).containsExactly("function:hello=2", "function:tick=1");
            // the rest of the app is untouched by the scale update
            assertThat(arm.functionAppConfig(set)).containsKey("deployment").containsKey("runtime");

            // applying the same again writes nothing
            int updates = arm.appUpdates.get() + arm.settingsUpdates.get();
            session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, warm, session.list().get(0)));
            assertThat(arm.appUpdates.get() + arm.settingsUpdates.get()).isEqualTo(updates);

            // back to scale-to-zero
            session.apply(TestApps.change(cold, session.list().get(0)));
            assertThat(ready(set)).isEmpty();
            assertThat(((Number) scale(set).get("instanceMemoryMB")).intValue()).isEqualTo(512);
            session.delete(session.list().get(0));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> scale(String app) {
        Map<String, Object> config = arm.functionAppConfig(app);
        assertThat(config).as("functionAppConfig of " + app).isNotNull();
        return (Map<String, Object>) config.get("scaleAndConcurrency");
    }

    /** always-ready entries as "name=count" */
    static List<String> ready(String app) {
        Object list = scale(app).get("alwaysReady");
        return list == null ? List.of() : ((List<?>) list).stream().map(o -> (Map<?, ?>) o)
                .map(m -> m.get("name") + "=" + ((Number) m.get("instanceCount")).intValue()).toList();
    }

    static DeployUnit reshape(DeployUnit u, Map<String, Integer> minInstances, Map<String, Integer> memory, String configHash) {
        return new DeployUnit(u.setName(), u.name(), u.functions().stream().map(f -> new FunctionSpec(f.name(), f.handler(),
                f.shape(), f.trigger(), memory.getOrDefault(f.name(), f.memoryMb()), f.timeoutSeconds(), f.environment(),
                f.maxConcurrency(), minInstances.getOrDefault(f.name(), 0), f.packageType(), f.options())).toList(),
                u.artifact(), configHash, u.settings());
    }

    static dev.faasport.spi.ProviderConfig config(String set, Map<String, String> props) {
        return new dev.faasport.spi.ProviderConfig(set, props, null, dev.faasport.spi.ProviderConfig.Log.silent());
    }
}
