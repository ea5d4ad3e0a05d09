package dev.faasport.provider.azure;

import dev.faasport.provider.azure.testing.AzuriteProcess;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14's Azure defects, each against an ARM test server rule that cites Microsoft's documentation: what Flex
 * Consumption refuses, trigger syncing, the Java runtime, global app names, reserved app settings, host ID collisions.
 */
class AzureFidelityTest extends AzureServers {

    static Map<String, String> props(String rg, String... kv) {
        Map<String, String> p = arm.providerProperties(AzureSessionTest.SUBSCRIPTION, azurite, rg, 20);
        p.put("azure.scmHost", arm.scmHost());
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    static ProviderSession open(String set, Map<String, String> props, List<String> log) throws ProviderException {
        Provider provider = ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("azure")).findFirst().orElseThrow();
        return provider.open(new ProviderConfig(set, props, null, new ProviderConfig.Log() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warn(String message) {
                log.add(message);
            }

            @Override
            public void debug(String message) {
            }
        }));
    }

    static ProviderSession open(String set, Map<String, String> props) throws ProviderException {
        return open(set, props, new CopyOnWriteArrayList<>());
    }

    @Test
    void flexAppsGetOnlyWhatFlexConsumptionAccepts() throws Exception {
        String set = "flexonly";
        try (ProviderSession session = open(set, props("rg-fidelity", "azure.app", set, "azure.plan", "flex"))) {
            DeployUnit unit = TestApps.unit(dir, set, set, "v1", Map.of("MODE", "a"));
            session.apply(TestApps.change(unit, null));
            assertThat(arm.appSettings(set)).doesNotContainKeys("FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION")
                    .containsEntry("MODE", "a");
            assertThat(arm.webConfig(set)).doesNotContainKeys("ftpsState", "linuxFxVersion");
            assertThat(arm.functionAppConfig(set).get("runtime")).isEqualTo(Map.of("name", "java", "version", "17"));
            // a settings update keeps to the same rule
            session.apply(TestApps.change(TestApps.unit(dir, set, set, "v1", Map.of("MODE", "b")), session.list().get(0)));
            assertThat(arm.appSettings(set)).containsEntry("MODE", "b").doesNotContainKey("FUNCTIONS_WORKER_RUNTIME");
            session.delete(session.list().get(0));
        }
    }

    @Test
    void theJavaRuntimeFollowsTheUnitsJavaRuntimeOnEveryPlan() throws Exception {
        String set = "java21";
        Map<String, String> java21 = Map.of("java.runtime", "21");
        try (ProviderSession session = open(set, props("rg-fidelity", "azure.app", set))) {
            session.apply(TestApps.change(TestApps.unit(dir, set, set, "v1", Map.of(), java21), null));
            assertThat(arm.webConfig(set)).containsEntry("linuxFxVersion", "Java|21");
            session.delete(session.list().get(0));
        }
        // an app created for 17 moves to 21 when the code does
        String moved = "java17to21";
        try (ProviderSession session = open(moved, props("rg-fidelity", "azure.app", moved, "azure.plan", "premium"))) {
            session.apply(TestApps.change(TestApps.unit(dir, moved, moved, "v1", Map.of()), null));
            assertThat(arm.webConfig(moved)).containsEntry("linuxFxVersion", "Java|17");
            session.apply(TestApps.change(TestApps.unit(dir, moved, moved, "v2", Map.of(), java21), session.list().get(0)));
            assertThat(arm.webConfig(moved)).containsEntry("linuxFxVersion", "Java|21");
            session.delete(session.list().get(0));
        }
        String flex = "flex21";
        try (ProviderSession session = open(flex, props("rg-fidelity", "azure.app", flex, "azure.plan", "flex"))) {
            session.apply(TestApps.change(TestApps.unit(dir, flex, flex, "v1", Map.of(), java21), null));
            assertThat(arm.functionAppConfig(flex).get("runtime")).isEqualTo(Map.of("name", "java", "version", "21"));
            session.delete(session.list().get(0));
        }
        // code compiled for 21 on a Java 17 app fails every call, as the worker's JVM refuses the class files
        String old = "classes21";
        try (ProviderSession session = open(old, props("rg-fidelity", "azure.app", old, "azure.javaVersion", "17"))) {
            session.apply(TestApps.change(TestApps.unit(dir, old, old, "v1", Map.of(), Map.of("test.classFileJava", "21")), null));
            assertThat(session.invoke("open", new Invocation("GET", "/", Map.of(), null)).bodyAsString())
                    .contains("UnsupportedClassVersionError").contains("class file version 65.0");
            session.apply(TestApps.change(TestApps.unit(dir, old, old, "v1", Map.of(),
                    Map.of("test.classFileJava", "21", "java.runtime", "21")), session.list().get(0)));
            assertThat(session.invoke("open", new Invocation("GET", "/", Map.of(), null)).status()).isEqualTo(200);
            session.delete(session.list().get(0));
        }
        // without java.runtime (older manifests): azure.javaVersion
        String prop = "javaprop";
        try (ProviderSession session = open(prop, props("rg-fidelity", "azure.app", prop, "azure.javaVersion", "21"))) {
            session.apply(TestApps.change(TestApps.unit(dir, prop, prop, "v1", Map.of()), null));
            assertThat(arm.webConfig(prop)).containsEntry("linuxFxVersion", "Java|21");
            session.delete(session.list().get(0));
        }
    }

    @Test
    void triggersAreSyncedAfterEveryPackageSwitch() throws Exception {
        String set = "synced";
        try (ProviderSession session = open(set, props("rg-fidelity", "azure.app", set))) {
            int syncs = arm.triggerSyncs.get();
            session.apply(TestApps.change(TestApps.unit(dir, set, set, "v1", Map.of()), null));
            assertThat(arm.triggerSyncs.get()).isEqualTo(syncs + 1);
            assertThat(session.invoke("tick", new Invocation(null, null, null, "{}".getBytes())).status()).isEqualTo(202);

            // new code with one more function: Azure learns it only through a trigger sync
            DeployUnit v2 = TestApps.unit(dir, set, set, "v2", Map.of(), Map.of(), "later");
            DeployedUnit deployed = session.apply(TestApps.change(v2, session.list().get(0)));
            assertThat(arm.triggerSyncs.get()).isEqualTo(syncs + 2);
            assertThat(deployed.endpoints()).containsKeys("hello", "open", "later");
            assertThat(session.list().get(0).endpoints()).containsKey("later");
            assertThat(session.invoke("later", new Invocation("GET", "/", Map.of(), null)).status()).isEqualTo(200);

            // settings only: the package stays, nothing to sync
            session.apply(TestApps.change(TestApps.unit(dir, set, set, "v2", Map.of("X", "1"), Map.of(), "later"),
                    session.list().get(0)));
            assertThat(arm.triggerSyncs.get()).isEqualTo(syncs + 2);
            session.delete(session.list().get(0));
        }
    }

    @Test
    void flexBlobFunctionsGetAnEventGridSubscriptionThatDeleteRemoves() throws Exception {
        String set = "flexblobs";
        try (ProviderSession session = open(set, props("rg-fidelity", "azure.app", set, "azure.plan", "flex"))) {
            session.apply(TestApps.change(TestApps.blobUnit(dir, set, "v1", true), null));
            assertThat(arm.blobCreated(AzuriteProcess.ACCOUNT, "images", "in/cat.png")).containsExactly(set + "/thumb");
            assertThat(arm.blobCreated(AzuriteProcess.ACCOUNT, "images", "out/cat.png")).isEmpty();
            assertThat(arm.blobCreated(AzuriteProcess.ACCOUNT, "images", "in/cat.jpg")).isEmpty();
            assertThat(arm.eventSubscriptions()).singleElement().satisfies(sub -> assertThat(sub.toString())
                    .contains("faasport-set=" + set).contains("faasport-function=thumb").contains("Microsoft.Storage.BlobCreated"));
            // a redeploy of the same app leaves the subscription alone
            int before = arm.requests.get();
            session.apply(TestApps.change(TestApps.blobUnit(dir, set, "v2", true), session.list().get(0)));
            assertThat(arm.eventSubscriptions()).hasSize(1);
            assertThat(arm.blobCreated(AzuriteProcess.ACCOUNT, "images", "in/dog.png")).containsExactly(set + "/thumb");
            assertThat(arm.requests.get()).isGreaterThan(before);

            // the blob function leaves the app: its subscription goes with it
            session.apply(TestApps.change(TestApps.unit(dir, set, set, "v3", Map.of()), session.list().get(0)));
            assertThat(arm.eventSubscriptions()).isEmpty();
            session.apply(TestApps.change(TestApps.blobUnit(dir, set, "v4", true), session.list().get(0)));
            assertThat(arm.eventSubscriptions()).hasSize(1);

            session.delete(session.list().get(0));
            assertThat(arm.eventSubscriptions()).isEmpty();
        }
        // a polling blob trigger (Consumption) needs no subscription
        String polled = "polledblobs";
        try (ProviderSession session = open(polled, props("rg-fidelity", "azure.app", polled))) {
            session.apply(TestApps.change(TestApps.blobUnit(dir, polled, "v1", false), null));
            assertThat(arm.blobCreated(AzuriteProcess.ACCOUNT, "images", "in/cat.png")).containsExactly(polled + "/thumb");
            assertThat(arm.eventSubscriptions()).isEmpty();
            session.delete(session.list().get(0));
        }
    }

    @Test
    void doctorNamesEveryPermissionDeployMigrateAndRemoveNeedThatIsMissing() throws Exception {
        String set = "doctored";
        try (ProviderSession session = open(set, props("rg-fidelity", "azure.app", set))) {
            session.apply(TestApps.change(TestApps.unit(dir, set, set, "v1", Map.of()), null));
            // a Website Contributor alone: no plans, no storage writes, no Event Grid, no tags
            arm.permissions(List.of("Microsoft.Web/sites/*", "Microsoft.Web/serverFarms/read", "*/read"), List.of("Microsoft.Web/sites/delete"));
            List<String> lines = session.doctor();
            assertThat(lines).contains("permission Microsoft.Web/sites/write: granted")
                    .anyMatch(l -> l.startsWith("permission Microsoft.Web/sites/delete: MISSING") && l.contains("remove"))
                    .anyMatch(l -> l.startsWith("permission Microsoft.Web/serverfarms/write: MISSING") && l.contains("deploy"))
                    .anyMatch(l -> l.startsWith("permission Microsoft.Storage/storageAccounts/listKeys/action: MISSING"))
                    .anyMatch(l -> l.startsWith("permission Microsoft.EventGrid/eventSubscriptions/write: MISSING"))
                    .anyMatch(l -> l.startsWith("permission Microsoft.Resources/tags/write: MISSING"))
                    .noneMatch(l -> l.startsWith("permission Microsoft.Web/sites/syncfunctiontriggers/action: MISSING"));
            assertThat(lines.stream().filter(l -> l.contains("MISSING"))).allMatch(l -> !l.contains("perhaps"));
            assertThat(lines).anyMatch(l -> l.contains("Website Contributor") && l.contains("README"));
        } finally {
            arm.permissions(List.of("*"), List.of());
        }
        try (ProviderSession session = open(set, props("rg-fidelity", "azure.app", set))) {
            assertThat(session.doctor()).noneMatch(l -> l.contains("MISSING")).anyMatch(l -> l.contains("every permission"));
            session.delete(session.list().get(0));
        }
    }

    @Test
    void appNamesNobodyChoseAreUniquePerSubscriptionGroupAndSetAndStable() throws Exception {
        String set = "hello-functions";
        List<String> log = new CopyOnWriteArrayList<>();
        String app;
        try (ProviderSession session = open(set, props("rg-fidelity"), log)) {
            DeployedUnit d = session.apply(TestApps.change(TestApps.unit(dir, set, set, "v1", Map.of(),
                    Map.of("azure.app", set, "azure.appDefaulted", "true")), null));
            app = d.attributes().get("app");
            assertThat(app).matches("hello-functions-[0-9a-f]{8}");
            assertThat(arm.siteTags(set)).as("the bare set name is someone else's").isNull();
            assertThat(arm.siteTags(app)).containsEntry("faasport-set", set);
        }
        assertThat(log).anyMatch(l -> l.contains("azure.app") && l.contains(app.substring(app.length() - 8)));
        int creates = arm.appCreates.get();
        try (ProviderSession again = open(set, props("rg-fidelity"))) {
            DeployedUnit current = again.list().get(0);
            assertThat(current.attributes()).containsEntry("app", app);
            again.apply(TestApps.change(TestApps.unit(dir, set, set, "v2", Map.of()), current));
            assertThat(arm.appCreates.get()).as("a redeploy finds the same app").isEqualTo(creates);
            again.delete(again.list().get(0));
        }
        // another group (or subscription) names its app differently; the storage account is global here, so compare names
        AzureSettings other = AzureSettings.from(new ProviderConfig(set, props("rg-names-b"), null, ProviderConfig.Log.silent()));
        assertThat(other.appName(set)).startsWith("hello-functions-").isNotEqualTo(app);
    }

    @Test
    void anEnvironmentVariableNamedAsAnAppSettingFaasportSetsIsRefusedBeforeAnyCall() throws Exception {
        String set = "reserved";
        for (String name : List.of("AzureWebJobsStorage", "functions_worker_runtime", "WEBSITE_RUN_FROM_PACKAGE", "FAASPORT_SET")) {
            try (ProviderSession session = open(set, props("rg-fidelity", "azure.app", set))) {
                int requests = arm.requests.get();
                DeployUnit unit = TestApps.unit(dir, set, set, "v1", Map.of(name, "mine"));
                assertThatThrownBy(() -> session.apply(TestApps.change(unit, null)))
                        .isInstanceOfSatisfying(ProviderException.class, e -> {
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage()).contains(name).contains("Faasport sets itself");
                            assertThat(e.suggestion()).contains("rename");
                        });
                assertThat(arm.requests.get()).isEqualTo(requests);
            }
        }
        assertThat(arm.siteTags(set)).isNull();
    }

    @Test
    void longAppNamesSharingTheirFirst32CharactersGetTheirOwnHostIds() throws Exception {
        String a = "faasport-orders-processing-service-eu";
        String b = "faasport-orders-processing-service-us";
        assertThat(a.substring(0, 32)).isEqualTo(b.substring(0, 32));
        try (ProviderSession sa = open("orders-eu", props("rg-fidelity", "azure.app", a));
             ProviderSession sb = open("orders-us", props("rg-fidelity", "azure.app", b))) {
            sa.apply(TestApps.change(TestApps.unit(dir, "orders-eu", "orders-eu", "v1", Map.of()), null));
            sb.apply(TestApps.change(TestApps.unit(dir, "orders-us", "orders-us", "v1", Map.of()), null));
            assertThat(sa.invoke("open", new Invocation("GET", "/", Map.of(), null)).status()).isEqualTo(200);
            assertThat(sb.invoke("open", new Invocation("GET", "/", Map.of(), null)).status()).isEqualTo(200);
            String ida = arm.appSettings(a).get("AzureFunctionsWebHost__hostid");
            String idb = arm.appSettings(b).get("AzureFunctionsWebHost__hostid");
            assertThat(ida).hasSizeLessThanOrEqualTo(32).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?").isNotEqualTo(idb);
            sa.delete(sa.list().get(0));
            sb.delete(sb.list().get(0));
        }
        assertThat(FunctionAppMapping.hostId("short-name")).as("a short name is its own host ID").isNull();
    }
}
