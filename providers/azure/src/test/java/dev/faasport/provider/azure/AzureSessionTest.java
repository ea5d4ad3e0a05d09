package dev.faasport.provider.azure;

import dev.faasport.packaging.ConfigHash;
import dev.faasport.provider.azure.testing.AzuriteProcess;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.UnitUpdate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Azure provider end to end through the Azure SDK: ARM test server for management, Azurite for blobs. */
class AzureSessionTest extends AzureServers {
    static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000f00d";

    /** Provider properties naming the app as the set (tests of other things keep short, known app names). */
    static Map<String, String> props(String set) {
        Map<String, String> p = arm.providerProperties(SUBSCRIPTION, azurite, "rg-tests", 20);
        p.put("azure.app", set);
        return p;
    }

    static ProviderSession open(String set, Map<String, String> props) throws ProviderException {
        Provider provider = ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("azure")).findFirst().orElseThrow();
        return provider.open(new ProviderConfig(set, props, null, ProviderConfig.Log.silent()));
    }

    /** Blob name -> ETag in the deployments container: a new or changed ETag is an upload. */
    static Map<String, String> blobs() {
        return blobsAt(azurite);
    }

    static Map<String, String> blobsAt(AzuriteProcess azurite) {
        return azurite.blobs("deployments");
    }

    static Map<String, String> blobsOf(String app) {
        Map<String, String> out = new TreeMap<>();
        blobs().forEach((k, v) -> {
            if (k.startsWith(app + "/")) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void deploysListsInvokesUpdatesAndDeletesAnApp() throws Exception {
        String set = "shop";
        try (ProviderSession session = open(set, props(set))) {
            assertThat(session.list()).isEmpty();
            DeployUnit v1 = TestApps.unit(dir, set, set, "v1", Map.of("GREETING", "hi"));
            int creates = arm.appCreates.get();

            DeployedUnit deployed = session.apply(TestApps.change(v1, null));

            assertThat(arm.appCreates.get()).isEqualTo(creates + 1);
            assertThat(deployed.name()).isEqualTo(set);
            assertThat(deployed.artifactSha256()).isEqualTo(v1.artifact().sha256());
            assertThat(deployed.endpoints()).containsOnlyKeys("hello", "open")
                    .containsEntry("hello", arm.functionsHost().replace("{app}", "shop") + "/api/hello");
            Map<String, String> settings = arm.appSettings("shop");
            assertThat(settings).containsEntry("FUNCTIONS_WORKER_RUNTIME", "java").containsEntry("GREETING", "hi")
                    .containsEntry("FAASPORT_SET", set).containsKey("AzureWebJobsStorage");
            assertThat(java.net.URLDecoder.decode(settings.get("WEBSITE_RUN_FROM_PACKAGE"), StandardCharsets.UTF_8)).startsWith(azurite.blobEndpoint() + "/deployments/shop/"
                    + v1.artifact().sha256() + ".zip?").contains("sig=");
            assertThat(arm.siteTags("shop")).containsEntry("faasport-set", set)
                    .containsEntry("faasport-code-sha256", v1.artifact().sha256()).containsEntry("faasport-config-hash", v1.configHash());
            assertThat(blobsOf("shop")).hasSize(1);

            List<DeployedUnit> listed = session.list();
            assertThat(listed).hasSize(1);
            DeployedUnit current = listed.get(0);
            assertThat(current.name()).isEqualTo(set);
            assertThat(current.artifactSha256()).isEqualTo(v1.artifact().sha256());
            assertThat(current.configHash()).isEqualTo(v1.configHash());
            assertThat(current.endpoints()).containsOnlyKeys("hello", "open");
            assertThat(current.attributes()).containsEntry("app", "shop");

            // a failing function host does not hide the app: the tags still say what is deployed and where
            arm.failNext("GET", ".*/sites/shop/functions", 3, 500, "InternalServerError");
            DeployedUnit fromTags = session.list().get(0);
            assertThat(fromTags.artifactSha256()).isEqualTo(v1.artifact().sha256());
            assertThat(fromTags.endpoints()).containsOnlyKeys("hello", "open")
                    .containsEntry("open", arm.functionsHost().replace("{app}", "shop") + "/api/open");

            // invoke: the key-protected function gets its key, the anonymous one none, the timer goes through the admin API
            InvocationResult hello = session.invoke("hello", new Invocation("POST", "/", Map.of(), "ping".getBytes(StandardCharsets.UTF_8)));
            assertThat(hello.status()).isEqualTo(200);
            assertThat(hello.bodyAsString()).contains("\"function\":\"hello\"").contains("\"body\":\"ping\"").contains("\"FAASPORT_SET\":\"shop\"");
            assertThat(session.invoke("open", new Invocation("GET", "/x", Map.of(), null)).status()).isEqualTo(200);
            assertThat(session.invoke("tick", new Invocation(null, null, null, "{}".getBytes())).status()).isEqualTo(202);
            assertThatThrownBy(() -> session.invoke("nope", new Invocation(null, null, null, null)))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("'nope'");

            // unchanged code, changed configuration: settings update only, no upload
            Map<String, String> blobsBefore = blobs();
            int updates = arm.settingsUpdates.get();
            DeployUnit v1b = TestApps.unit(dir, set, set, "v1", Map.of("GREETING", "hello"));
            assertThat(v1b.artifact().sha256()).isEqualTo(v1.artifact().sha256());
            UnitUpdate configOnly = TestApps.change(v1b, current);
            assertThat(configOnly.kind()).isEqualTo(UnitUpdate.Kind.UPDATE_CONFIG);
            session.apply(configOnly);
            assertThat(blobs()).isEqualTo(blobsBefore);
            assertThat(arm.settingsUpdates.get()).isEqualTo(updates + 1);
            assertThat(arm.appSettings("shop")).containsEntry("GREETING", "hello")
                    .containsEntry("WEBSITE_RUN_FROM_PACKAGE", settings.get("WEBSITE_RUN_FROM_PACKAGE"));

            // applying the same thing again touches nothing but reads
            int updatesBefore = arm.settingsUpdates.get() + arm.appUpdates.get();
            assertThat(TestApps.unchanged(v1b, session.list().get(0))).isTrue();
            session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE, v1b, session.list().get(0)));
            assertThat(arm.settingsUpdates.get() + arm.appUpdates.get()).isEqualTo(updatesBefore);
            assertThat(blobs()).isEqualTo(blobsBefore);

            // new code: one upload, the package setting switches, the old settings the user removed are dropped
            DeployUnit v2 = TestApps.unit(dir, set, set, "v2", Map.of());
            session.apply(TestApps.change(v2, session.list().get(0)));
            assertThat(blobsOf("shop")).hasSize(2);
            assertThat(arm.appSettings("shop")).doesNotContainKey("GREETING");
            assertThat(arm.appSettings("shop").get("WEBSITE_RUN_FROM_PACKAGE")).contains(v2.artifact().sha256());
            assertThat(session.list().get(0).artifactSha256()).isEqualTo(v2.artifact().sha256());
            assertThat(session.list()).hasSize(1);

            // delete: app, plan and packages go, twice is fine
            DeployedUnit toDelete = session.list().get(0);
            session.delete(toDelete);
            session.delete(toDelete);
            assertThat(session.list()).isEmpty();
            assertThat(arm.siteTags("shop")).isNull();
            assertThat(blobsOf("shop")).isEmpty();
        }
    }

    @Test
    void theListingReportsTheEnvironmentTheAppWasDeployedWithSoThePlanCanSayWhyCodeGoesUpAgain() throws Exception {
        String set = "envs";
        try (ProviderSession session = open(set, props(set))) {
            DeployUnit v1 = TestApps.unit(dir, set, set, "v1", Map.of("GREETING", "hi"));
            session.apply(TestApps.change(v1, null));
            DeployedUnit listed = session.list().get(0);
            assertThat(listed.attributes()).containsEntry(ConfigHash.ENVIRONMENT_ATTRIBUTE, ConfigHash.environment(v1.functions()));
            assertThat(arm.siteTags(set)).containsEntry("faasport-environment-sha256", ConfigHash.environment(v1.functions()));
            DeployUnit v2 = TestApps.unit(dir, set, set, "v1", Map.of("GREETING", "hello"));
            assertThat(listed.attributes().get(ConfigHash.ENVIRONMENT_ATTRIBUTE)).isNotEqualTo(ConfigHash.environment(v2.functions()));
            session.delete(listed);
        }
    }

    @Test
    void refusesToTouchAnAppItDidNotCreate() throws Exception {
        String set = "guarded";
        arm.putForeignSite(SUBSCRIPTION, "rg-tests", "guarded", Map.of("owner", "someone-else"));
        try (ProviderSession session = open(set, props(set))) {
            DeployUnit unit = TestApps.unit(dir, set, set, "v1", Map.of());
            assertThatThrownBy(() -> session.apply(TestApps.change(unit, null)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("'guarded'").contains("not created by Faasport");
                        assertThat(e.suggestion()).contains("azure.app");
                    });
            assertThat(session.list()).isEmpty();
        }
    }

    @Test
    void anAppOfAnotherSetIsNeverTakenOverNorRemoved() throws Exception {
        // issue 19: the same rule on every provider: a second set naming the same app is refused, naming its owner
        Map<String, String> shared = props("alpha");
        try (ProviderSession alpha = open("alpha", shared); ProviderSession beta = open("beta", shared)) {
            DeployUnit mine = TestApps.unit(dir, "alpha", "alpha", "v1", Map.of());
            alpha.apply(TestApps.change(mine, null));
            DeployUnit theirs = TestApps.unit(dir, "beta", "alpha", "v2", Map.of());
            assertThatThrownBy(() -> beta.apply(TestApps.change(theirs, null)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("'alpha'").contains("belongs to set 'alpha'");
                    });
            assertThat(beta.list()).as("beta sees nothing of alpha's, so its faas:remove deletes nothing").isEmpty();
            assertThat(alpha.list()).extracting(DeployedUnit::artifactSha256).containsExactly(mine.artifact().sha256());
        }
    }

    @Test
    void anAppNameTakenInAnotherGroupIsAPermanentConflict() throws Exception {
        String set = "taken";
        arm.putForeignSite(SUBSCRIPTION, "rg-elsewhere", "taken", Map.of());
        try (ProviderSession session = open(set, props(set))) {
            DeployUnit unit = TestApps.unit(dir, set, set, "v1", Map.of());
            assertThatThrownBy(() -> session.apply(TestApps.change(unit, null)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("HTTP 409").contains("already exists");
                        assertThat(e.suggestion()).contains("azure.app");
                    });
        }
    }

    @Test
    void throttlingSurfacesAsRetryableWithRetryAfter() throws Exception {
        String set = "throttled";
        Map<String, String> p = props(set);
        p.put("azure.retries", "0");
        arm.retryAfterSeconds(7);
        try (ProviderSession session = open(set, p)) {
            arm.failNext("GET", ".*/resourcegroups/rg-tests/providers/microsoft\\.web/sites", 1, 429, "TooManyRequests");
            assertThatThrownBy(session::list).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                assertThat(e.getMessage()).contains("HTTP 429");
            });
            arm.failNext("GET", ".*/resourcegroups/rg-tests/providers/microsoft\\.web/sites", 1, 503, "ServiceUnavailable");
            assertThatThrownBy(session::list).isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retryable()).isTrue());
        } finally {
            arm.retryAfterSeconds(0);
        }
    }

    @Test
    void doctorReportsIdentitySubscriptionAndPermissions() throws Exception {
        String set = "doc";
        Map<String, String> fresh = props(set);
        fresh.put("azure.resourceGroup", "rg-not-there-yet");
        try (ProviderSession session = open(set, fresh)) {
            assertThat(session.doctor()).anyMatch(l -> l.contains("rg-not-there-yet does not exist yet"));
        }
        try (ProviderSession session = open(set, props(set))) {
            List<String> before = session.doctor();
            assertThat(before).anyMatch(l -> l.startsWith("subscription: " + SUBSCRIPTION) && l.contains("Enabled"))
                    .anyMatch(l -> l.equals("provider Microsoft.Web: Registered"))
                    .anyMatch(l -> l.equals("provider Microsoft.EventGrid: Registered"));
            session.apply(TestApps.change(TestApps.unit(dir, set, set, "v1", Map.of()), null));
            assertThat(session.doctor()).anyMatch(l -> l.equals("permission Microsoft.Web/sites/write: granted"));
            assertThatThrownBy(() -> session.logs("hello", 10)).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.suggestion()).contains("Application Insights"));
            session.delete(session.list().get(0));
        }
    }

    @Test
    void premiumAppsKeepMinInstancesPrewarmed() throws Exception {
        String set = "warm";
        Map<String, String> p = props(set);
        p.put("azure.plan", "premium");
        try (ProviderSession session = open(set, p)) {
            DeployUnit base = TestApps.unit(dir, set, set, "v1", Map.of());
            DeployUnit warm2 = withMinInstances(base, 2, "cfg-warm2");
            session.apply(TestApps.change(warm2, null));
            assertThat(arm.webConfig(set)).containsEntry("linuxFxVersion", "Java|17").containsEntry("preWarmedInstanceCount", 2)
                    .containsEntry("minimumElasticInstanceCount", 2);
            int updates = arm.appUpdates.get();
            session.apply(TestApps.change(withMinInstances(base, 3, "cfg-warm3"), session.list().get(0)));
            assertThat(arm.webConfig(set)).containsEntry("preWarmedInstanceCount", 3).containsEntry("minimumElasticInstanceCount", 3);
            assertThat(arm.appUpdates.get()).as("one config patch and one tag write").isEqualTo(updates + 2);
            session.delete(session.list().get(0));
        }
    }

    private static DeployUnit withMinInstances(DeployUnit u, int n, String configHash) {
        return new DeployUnit(u.setName(), u.name(), u.functions().stream().map(f -> new dev.faasport.spi.FunctionSpec(f.name(),
                f.handler(), f.shape(), f.trigger(), f.memoryMb(), f.timeoutSeconds(), f.environment(), f.maxConcurrency(), n,
                f.packageType(), f.options())).toList(), u.artifact(), configHash, u.settings());
    }

    @Test
    void logsComeFromTheKuduLogStream() throws Exception {
        String set = "logged";
        Map<String, String> p = props(set);
        p.put("azure.scmHost", arm.scmHost());
        p.put("azure.logWindowMs", "700");
        try (ProviderSession session = open(set, p)) {
            session.apply(TestApps.change(TestApps.unit(dir, set, set, "v1", Map.of()), null));
            session.invoke("open", new Invocation("GET", "/", Map.of(), null));
            session.invoke("open", new Invocation("GET", "/", Map.of(), null));
            session.invoke("hello", new Invocation("GET", "/", Map.of(), null));
            List<String> lines = session.logs("open", 3);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(2)).contains("Executed 'Functions.open' (Succeeded");
            assertThat(lines).noneMatch(l -> l.contains("Functions.hello"));
            session.delete(session.list().get(0));
        }
    }

    @Test
    void flexConsumptionAppsGetTheirCodeThroughOneDeploy() throws Exception {
        String set = "flexible";
        Map<String, String> p = props(set);
        p.put("azure.plan", "flex");
        p.put("azure.scmHost", arm.scmHost());
        try (ProviderSession session = open(set, p)) {
            int deploys = arm.oneDeploys.get();
            DeployUnit v1 = TestApps.unit(dir, set, set, "v1", Map.of("MODE", "flex"));
            DeployedUnit d = session.apply(TestApps.change(v1, null));
            assertThat(arm.oneDeploys.get()).isEqualTo(deploys + 1);
            assertThat(d.endpoints()).containsOnlyKeys("hello", "open");
            assertThat(arm.appSettings(set)).doesNotContainKey("WEBSITE_RUN_FROM_PACKAGE").containsEntry("MODE", "flex");
            assertThat(arm.siteTags(set)).containsEntry("faasport-code-sha256", v1.artifact().sha256());
            assertThat(session.invoke("hello", new Invocation("GET", "/", Map.of(), null)).status()).isEqualTo(200);

            DeployUnit config = TestApps.unit(dir, set, set, "v1", Map.of("MODE", "flex2"));
            session.apply(TestApps.change(config, session.list().get(0)));
            assertThat(arm.oneDeploys.get()).as("unchanged code is not published again").isEqualTo(deploys + 1);

            DeployUnit v2 = TestApps.unit(dir, set, set, "v2", Map.of("MODE", "flex2"));
            session.apply(TestApps.change(v2, session.list().get(0)));
            assertThat(arm.oneDeploys.get()).isEqualTo(deploys + 2);
            assertThat(session.list().get(0).artifactSha256()).isEqualTo(v2.artifact().sha256());
            session.delete(session.list().get(0));
            assertThat(session.list()).isEmpty();
        }
    }
}
