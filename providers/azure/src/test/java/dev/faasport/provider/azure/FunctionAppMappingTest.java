package dev.faasport.provider.azure;

import com.azure.resourcemanager.appservice.fluent.models.SiteConfigResourceInner;
import com.azure.resourcemanager.appservice.fluent.models.SiteInner;
import com.azure.resourcemanager.appservice.models.FunctionAppConfig;
import com.azure.resourcemanager.appservice.models.FunctionsAlwaysReadyConfig;
import com.azure.resourcemanager.appservice.models.ManagedServiceIdentityType;
import com.azure.resourcemanager.appservice.models.NameValuePair;
import dev.faasport.packaging.ConfigHash;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The neutral model as a function app, without a server. */
class FunctionAppMappingTest {
    private static final Artifact ZIP = new Artifact(PackageFormat.AZURE_APP_ZIP, null, "ab".repeat(32), 10, 20, null);

    private static FunctionAppMapping mapping() throws ProviderException {
        return new FunctionAppMapping(AzureSettingsTest.settings("shop", AzureSettingsTest.with("azure.region", "northeurope")));
    }

    private static FunctionSpec fn(String name, Trigger trigger, int memoryMb, int minInstances, Map<String, String> env) {
        return new FunctionSpec(name, "com.example." + name, trigger instanceof Trigger.Http ? FunctionShape.HTTP
                : FunctionShape.SCHEDULE, trigger, memoryMb, 60, env, 0, minInstances, null, Map.of());
    }

    private static FunctionSpec http(String name) {
        return fn(name, new Trigger.Http(List.of("GET"), true), 512, 0, Map.of());
    }

    private static DeployUnit unit(Map<String, String> settings, FunctionSpec... functions) {
        return new DeployUnit("shop", "shop", List.of(functions), ZIP, "cfg-1", settings);
    }

    @Test
    void appSettingsHoldTheEnvironmentWhatFaasportOwnsAndTheListOfItsKeys() throws Exception {
        DeployUnit u = unit(Map.of(), fn("a", new Trigger.Http(List.of("GET"), true), 512, 0, Map.of("GREETING", "hi")));
        Map<String, String> settings = mapping().appSettings(u, "shop-app", FunctionAppMapping.environment(u), "conn", "https://pkg",
                HostingPlan.CONSUMPTION);
        assertThat(settings).containsEntry("GREETING", "hi").containsEntry("AzureWebJobsStorage", "conn")
                .containsEntry("FUNCTIONS_WORKER_RUNTIME", "java").containsEntry("FUNCTIONS_EXTENSION_VERSION", "~4")
                .containsEntry(FunctionAppMapping.RUN_FROM_PACKAGE, "https://pkg").containsEntry("FAASPORT_SET", "shop")
                .containsEntry("FAASPORT_UNIT", "shop").doesNotContainKey(FunctionAppMapping.HOST_ID);
        assertThat(settings.get(FunctionAppMapping.MANAGED_KEYS).split(",")).containsExactlyInAnyOrderElementsOf(settings.keySet());

        Map<String, String> flex = mapping().appSettings(u, "x".repeat(40), Map.of(), "conn", null, HostingPlan.FLEX);
        assertThat(flex).as("Flex refuses the worker settings and runs no package URL")
                .doesNotContainKeys("FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", FunctionAppMapping.RUN_FROM_PACKAGE)
                .containsEntry(FunctionAppMapping.HOST_ID, FunctionAppMapping.hostId("x".repeat(40)));
    }

    @Test
    void functionsOfOneAppMustAgreeOnTheirVariablesAndLeaveFaasportsSettingsAlone() {
        DeployUnit clash = unit(Map.of(), fn("a", new Trigger.Http(List.of("GET"), true), 512, 0, Map.of("MODE", "fast")),
                fn("b", new Trigger.Http(List.of("GET"), true), 512, 0, Map.of("MODE", "slow")));
        assertThatThrownBy(() -> FunctionAppMapping.environment(clash))
                .hasMessageContaining("Functions 'a' and 'b' of app unit 'shop' set environment variable MODE differently");
        DeployUnit reserved = unit(Map.of(), fn("a", new Trigger.Http(List.of("GET"), true), 512, 0,
                Map.of("azurewebjobsstorage", "x")));
        assertThatThrownBy(() -> FunctionAppMapping.environment(reserved))
                .hasMessageContaining("which is the app setting AzureWebJobsStorage that Faasport sets itself on Azure");
    }

    @Test
    void tagsNameTheSetUnitPlanHashesAndHttpFunctions() throws Exception {
        DeployUnit u = unit(Map.of(), http("b"), http("a"), fn("tick", new Trigger.Schedule("0 * * * *"), 512, 0, Map.of()));
        assertThat(mapping().tags(u, ZIP, HostingPlan.PREMIUM)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "faasport-set", "shop", "faasport-function", "shop", "faasport-plan", "premium",
                "faasport-code-sha256", ZIP.sha256(), "faasport-config-hash", "cfg-1", "faasport-http-functions", "b,a",
                "faasport-environment-sha256", ConfigHash.environment(u.functions())));
        assertThat(FunctionAppMapping.retagged(Map.of("owner", "team", "faasport-plan", "flex"), Map.of("faasport-set", "shop")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("owner", "team", "faasport-set", "shop"));
        assertThat(FunctionAppMapping.ours(Map.of("owner", "team", "faasport-set", "shop"))).containsOnlyKeys("faasport-set");
    }

    @Test
    void flexInstanceMemoryIsTheSmallestSizeOfTheLimitTableThatHoldsTheLargestFunction() {
        assertThat(FunctionAppMapping.instanceMemory(unit(Map.of(), fn("a", new Trigger.Http(List.of(), true), 256, 0, Map.of()))))
                .isEqualTo(512);
        assertThat(FunctionAppMapping.instanceMemory(unit(Map.of(), fn("a", new Trigger.Http(List.of(), true), 512, 0, Map.of()),
                fn("b", new Trigger.Http(List.of(), true), 1024, 0, Map.of())))).isEqualTo(2048);
        assertThat(FunctionAppMapping.instanceMemory(unit(Map.of(), fn("a", new Trigger.Http(List.of(), true), 3000, 0, Map.of()))))
                .isEqualTo(4096);
        assertThat(FunctionAppMapping.instanceMemory(unit(Map.of(), fn("a", new Trigger.Http(List.of(), true), 9000, 0, Map.of()))))
                .as("above every size: the largest (faas:check reports the function)").isEqualTo(4096);
    }

    @Test
    void aPremiumSiteGetsItsRuntimeAndPrewarmedInstancesAFlexSiteItsFunctionAppConfig() throws Exception {
        DeployUnit u = unit(Map.of("java.runtime", "21"), http("a"), fn("b", new Trigger.Http(List.of(), true), 1024, 2, Map.of()));
        SiteInner premium = mapping().site(u, HostingPlan.PREMIUM, "plan-id", Map.of("K", "v"), Map.of("t", "1"), null, true);
        assertThat(premium.location()).isEqualTo("northeurope");
        assertThat(premium.serverFarmId()).isEqualTo("plan-id");
        assertThat(premium.identity().type()).isEqualTo(ManagedServiceIdentityType.SYSTEM_ASSIGNED);
        assertThat(premium.siteConfig().linuxFxVersion()).isEqualTo("Java|21");
        assertThat(premium.siteConfig().preWarmedInstanceCount()).isEqualTo(2);
        assertThat(premium.siteConfig().appSettings()).extracting(NameValuePair::name).containsExactly("K");
        assertThat(premium.functionAppConfig()).isNull();

        SiteInner flex = mapping().site(u, HostingPlan.FLEX, "plan-id", Map.of(), Map.of(), "https://blob/app-package-x", false);
        assertThat(flex.identity()).isNull();
        assertThat(flex.siteConfig().linuxFxVersion()).as("Flex refuses linuxFxVersion").isNull();
        FunctionAppConfig config = flex.functionAppConfig();
        assertThat(config.runtime().version()).isEqualTo("21");
        assertThat(config.deployment().storage().value()).isEqualTo("https://blob/app-package-x");
        assertThat(config.scaleAndConcurrency().instanceMemoryMB()).isEqualTo(2048);
        assertThat(config.scaleAndConcurrency().alwaysReady()).extracting(FunctionsAlwaysReadyConfig::name)
                .containsExactly("function:b");
    }

    @Test
    void theSiteConfigIsPatchedOnlyWhereItDiffers() throws Exception {
        DeployUnit u = unit(Map.of(), fn("a", new Trigger.Http(List.of(), true), 512, 1, Map.of()));
        SiteConfigResourceInner same = new SiteConfigResourceInner().withLinuxFxVersion("java|17")
                .withPreWarmedInstanceCount(1).withMinimumElasticInstanceCount(1);
        assertThat(mapping().webConfigPatch(same, u, HostingPlan.PREMIUM)).isNull();
        SiteConfigResourceInner patch = mapping().webConfigPatch(new SiteConfigResourceInner().withLinuxFxVersion("Java|17"),
                u, HostingPlan.PREMIUM);
        assertThat(patch.linuxFxVersion()).as("the runtime matches").isNull();
        assertThat(patch.preWarmedInstanceCount()).isEqualTo(1);
        assertThat(mapping().webConfigPatch(new SiteConfigResourceInner().withLinuxFxVersion("Java|11"), u,
                HostingPlan.CONSUMPTION).linuxFxVersion()).isEqualTo("Java|17");
    }

    @Test
    void theFlexConfigChangesOnlyWhenRuntimeInstancesOrMemoryDiffer() throws Exception {
        DeployUnit u = unit(Map.of(), fn("a", new Trigger.Http(List.of(), true), 512, 3, Map.of()));
        FunctionAppConfig current = mapping().flexConfig(null, u);
        assertThat(current.runtime().version()).isEqualTo("17");
        assertThat(FunctionAppMapping.alwaysReadyCounts(current.scaleAndConcurrency().alwaysReady()))
                .isEqualTo(Map.of("function:a", 3));
        assertThat(mapping().flexConfig(current, u)).as("already as wanted").isNull();
        DeployUnit bigger = unit(Map.of(), fn("a", new Trigger.Http(List.of(), true), 4000, 3, Map.of()));
        assertThat(mapping().flexConfig(current, bigger).scaleAndConcurrency().instanceMemoryMB()).isEqualTo(4096);
    }

    @Test
    void aJavaVersionAzureCannotSpellFailsNamingWhereItCameFrom() {
        assertThatThrownBy(() -> mapping().javaVersion(unit(Map.of("java.runtime", "java17"), http("a"))))
                .hasMessageContaining("The setting java.runtime of unit 'shop' is 'java17', which is not an Azure Java version");
    }

    @Test
    void thePlanFaasportCreatesIsTaggedAndPremiumIsElastic() throws Exception {
        var premium = mapping().hostingPlan(unit(Map.of(), http("a")), HostingPlan.PREMIUM);
        assertThat(premium.kind()).isEqualTo("elastic");
        assertThat(premium.sku().name()).isEqualTo("EP1");
        assertThat(premium.maximumElasticWorkerCount()).isEqualTo(FunctionAppMapping.PREMIUM_MAX_WORKERS);
        assertThat(premium.tags()).containsEntry("faasport-plan", "premium").containsEntry("faasport-set", "shop");
        assertThat(mapping().hostingPlan(unit(Map.of(), http("a")), HostingPlan.FLEX).kind()).isEqualTo("functionapp");
        assertThat(FunctionAppMapping.flexContainerName("A".repeat(70))).hasSize(63).startsWith("app-package-aaa");
        assertThat(FunctionAppMapping.httpFunctions(unit(Map.of(), http("x"),
                fn("t", new Trigger.Schedule("0 * * * *"), 512, 0, Map.of())))).containsExactly("x");
    }
}
