package dev.faasport.provider.azure;

import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AzureSettingsTest {
    static final String SUB = "11111111-2222-3333-4444-555555555555";

    static AzureSettings settings(String set, Map<String, String> props) throws ProviderException {
        return AzureSettings.from(new ProviderConfig(set, props, null, ProviderConfig.Log.silent()));
    }

    static Map<String, String> with(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("azure.subscription", SUB);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsComeFromTheSetName() throws Exception {
        AzureSettings s = settings("Hello_Set", with());
        assertThat(s.resourceGroup()).isEqualTo("faasport-hello-set");
        assertThat(s.region()).isEqualTo("westeurope");
        assertThat(s.plan()).isEqualTo(HostingPlan.CONSUMPTION);
        assertThat(s.storageAccount()).matches("fp[0-9a-f]{22}")
                .isEqualTo(settings("Hello_Set", with()).storageAccount())
                .isNotEqualTo(settings("other", with()).storageAccount());
        // app names are global: set name plus a hash of subscription, group and set, the same every time
        assertThat(s.appName("Hello_Set")).matches("hello-set-[0-9a-f]{8}").isEqualTo(settings("Hello_Set", with()).appName("Hello_Set"))
                .isNotEqualTo(settings("Hello_Set", with("azure.resourceGroup", "other")).appName("Hello_Set"));
        assertThat(s.appName("x".repeat(70))).hasSize(60).endsWith("-" + s.appHash());
        assertThat(s.javaVersion()).isEqualTo("17");
        assertThat(s.emulator()).isFalse();
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theKeyVaultIsANameInTheSetsGroupOrInAnotherGroupAndABadOneFailsBeforeAnyCall() throws Exception {
        assertThat(settings("shop", with("azure.keyVault", "shop-vault")).keyVaultId())
                .isEqualTo("/subscriptions/" + SUB + "/resourceGroups/faasport-shop/providers/Microsoft.KeyVault/vaults/shop-vault");
        assertThat(settings("shop", with("azure.keyVault", "rg-secrets/shop-vault")).keyVaultId())
                .isEqualTo("/subscriptions/" + SUB + "/resourceGroups/rg-secrets/providers/Microsoft.KeyVault/vaults/shop-vault");
        for (String bad : List.of("kv", "shop--vault", "1vault", "vault-", "x".repeat(25), "bad group!/shop-vault")) {
            assertThatThrownBy(() -> settings("shop", with("azure.keyVault", bad))).as(bad)
                    .hasMessageContaining("azure.keyVault '" + bad + "' is not a key vault name");
        }
    }

    @Test
    void appNameMapsUnitsOfTheSet() throws Exception {
        AzureSettings s = settings("shop", with("azure.app", "shop-prod", "azure.plan", "Premium"));
        assertThat(s.plan()).isEqualTo(HostingPlan.PREMIUM);
        assertThat(s.appName("shop")).isEqualTo("shop-prod");
        assertThat(s.appName("images")).isEqualTo("shop-prod-images");
    }

    @Test
    void unitsPackagedPerPlanMapToTheSameAppsAsPackagingNamedThem() throws Exception {
        AzureSettings s = settings("shop", with("azure.app", "shop-prod"));
        assertThat(s.appName("shop-prod-premium")).as("packaged with the same azure.app").isEqualTo("shop-prod-premium");
        assertThat(s.appName("shop-premium")).as("packaged without azure.app").isEqualTo("shop-prod-premium");
        assertThat(s.appName("Images")).isEqualTo("shop-prod-images");
        AzureSettings none = settings("Shop_Set", with());
        assertThat(none.appName(unit("Shop_Set-flex", Map.of("azure.app", "shop-set-flex")))).isEqualTo("shop-set-flex");
        assertThat(none.appName(unit("x", Map.of("azure.app", "Custom-App")))).as("the project's azure.app as packaged")
                .isEqualTo("Custom-App");
        assertThat(none.appName(unit("Shop_Set", Map.of()))).isEqualTo("shop-set-" + none.appHash());
        assertThat(none.appName(unit("Shop_Set-flex", Map.of("azure.app", "shop-set-flex", "azure.appDefaulted", "true"))))
                .as("a name packaging defaulted").isEqualTo("shop-set-flex-" + none.appHash());
        assertThatThrownBy(() -> none.appName(unit("x", Map.of("azure.app", "-bad")))).isInstanceOf(ProviderException.class)
                .hasMessageContaining("'-bad'");
    }

    @Test
    void aUnitsPlanComesFromItsFunctionsThenTheProviderThenPackaging() throws Exception {
        AzureSettings defaults = settings("s", with());
        AzureSettings premium = settings("s", with("azure.plan", "premium"));
        assertThat(defaults.plan(unit("u", Map.of()))).isEqualTo(HostingPlan.CONSUMPTION);
        assertThat(defaults.plan(unit("u", Map.of("azure.plan", "flex")))).isEqualTo(HostingPlan.FLEX);
        assertThat(premium.plan(unit("u", Map.of("azure.plan", "consumption")))).as("-Dfaas.azure.plan wins over packaging")
                .isEqualTo(HostingPlan.PREMIUM);
        assertThat(premium.plan(unit("u", Map.of(), "EP1", "Elastic Premium"))).isEqualTo(HostingPlan.PREMIUM);
        assertThat(premium.plan(unit("u", Map.of(), "Flex Consumption", null))).as("a function's own option wins")
                .isEqualTo(HostingPlan.FLEX);
        assertThatThrownBy(() -> defaults.plan(unit("u", Map.of(), "flex", "premium"))).isInstanceOf(ProviderException.class)
                .hasMessageContaining("'a'").hasMessageContaining("'b'");
        assertThatThrownBy(() -> defaults.plan(unit("u", Map.of("azure.plan", "dedicated")))).isInstanceOf(ProviderException.class)
                .hasMessageContaining("dedicated");
    }

    static dev.faasport.spi.DeployUnit unit(String name, Map<String, String> settings, String... plans) {
        java.util.List<dev.faasport.spi.FunctionSpec> fns = new java.util.ArrayList<>();
        for (int i = 0; i < Math.max(1, plans.length); i++) {
            String plan = i < plans.length ? plans[i] : null;
            fns.add(new dev.faasport.spi.FunctionSpec(String.valueOf((char) ('a' + i)), "com.example.A",
                    dev.faasport.spi.FunctionShape.HTTP, new dev.faasport.spi.Trigger.Http(java.util.List.of(), true), 512, 30,
                    Map.of(), 0, 0, null, plan == null ? Map.of() : Map.of("azure.plan", plan)));
        }
        return new dev.faasport.spi.DeployUnit("s", name, fns, null, "h", settings);
    }

    @Test
    void rejectsInvalidConfigurationBeforeAnyRemoteCall() {
        assertThatThrownBy(() -> settings("s", Map.of())).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.getMessage()).contains("azure.subscription");
            assertThat(e.suggestion()).contains("-Dfaas.azure.subscription");
        });
        assertThatThrownBy(() -> settings("s", with("azure.subscription", "my-sub"))).hasMessageContaining("GUID");
        assertThatThrownBy(() -> settings("s", with("azure.app", "-bad-"))).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.suggestion()).contains("2-60"));
        assertThatThrownBy(() -> settings("s", with("azure.app", "a"))).hasMessageContaining("'a'");
        assertThatThrownBy(() -> settings("s", with("azure.app", "x".repeat(61)))).isInstanceOf(ProviderException.class);
        assertThatThrownBy(() -> settings("s", with("azure.plan", "dedicated"))).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.suggestion()).contains("consumption, flex or premium"));
        assertThatThrownBy(() -> settings("s", with("azure.endpoint", "http://arm.example.com"))).hasMessageContaining("plain http");
        assertThatThrownBy(() -> settings("s", with("azure.endpoint", "not a url"))).hasMessageContaining("azure.endpoint");
        assertThatThrownBy(() -> settings("s", with("azure.storageAccount", "Has-Caps"))).hasMessageContaining("azure.storageAccount");
        assertThatThrownBy(() -> settings("s", with("azure.resourceGroup", "ends."))).hasMessageContaining("azure.resourceGroup");
        assertThatThrownBy(() -> settings("s", with("azure.retries", "many"))).hasMessageContaining("azure.retries");
        assertThatThrownBy(() -> settings("s", with("azure.pollIntervalMs", "0"))).hasMessageContaining("azure.pollIntervalMs");
    }

    @Test
    void loopbackHttpEndpointIsTheEmulatorPath() throws Exception {
        AzureSettings s = settings("s", with("azure.endpoint", "http://127.0.0.1:1234/"));
        assertThat(s.emulator()).isTrue();
        assertThat(s.endpoint()).hasToString("http://127.0.0.1:1234");
        assertThat(settings("s", with("azure.endpoint", "https://management.usgovcloudapi.net")).emulator()).isFalse();
    }

    @Test
    void functionNamesFollowAzureRules() throws Exception {
        AzureSettings.checkFunctionName("hello");
        AzureSettings.checkFunctionName("Resize_Image-2");
        assertThatThrownBy(() -> AzureSettings.checkFunctionName("2fast")).hasMessageContaining("'2fast'");
        assertThatThrownBy(() -> AzureSettings.checkFunctionName("host")).isInstanceOf(ProviderException.class);
        assertThatThrownBy(() -> AzureSettings.checkFunctionName("has.dot")).isInstanceOf(ProviderException.class);
        assertThatThrownBy(() -> AzureSettings.checkFunctionName("a".repeat(129))).isInstanceOf(ProviderException.class);
        // the app zip's dependency folder, in any case
        assertThatThrownBy(() -> AzureSettings.checkFunctionName("Lib")).hasMessageContaining("dependency folder");
    }
}
