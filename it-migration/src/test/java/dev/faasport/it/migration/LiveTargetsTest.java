package dev.faasport.it.migration;

import dev.faasport.core.Faasport;
import dev.faasport.spi.ProviderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without what a cloud needs, the live run skips it with one line naming the login and the properties. */
class LiveTargetsTest {

    @TempDir
    Path dir;

    @Test
    void withoutPropertiesEveryCloudIsSkippedWithWhatItNeeds() throws Exception {
        Properties p = new Properties();
        p.setProperty(LiveTargets.ENDPOINTS, "cloud");
        LiveTargets live = new LiveTargets(p, Map.of(), new Clouds(dir), dir);
        Faasport faasport = new Faasport(ProviderConfig.Log.silent());

        assertThat(live.providers()).containsExactly("aws", "azure", "gcp");
        assertThat(live.unavailable(faasport.provider("aws"), "live-x")).hasValueSatisfying(line -> assertThat(line)
                .startsWith("live: aws skipped (no execution role); it needs log in with `aws sso login`")
                .contains("-Dfaas.aws.region=<region>").contains("-Dfaas.aws.role=").doesNotContain("\n"));
        assertThat(live.unavailable(faasport.provider("azure"), "live-x")).hasValueSatisfying(line -> assertThat(line)
                .startsWith("live: azure skipped (no azure.subscription); it needs log in with `az login`")
                .contains("-Dfaas.azure.subscription=<subscription id>"));
        assertThat(live.unavailable(faasport.provider("gcp"), "live-x")).hasValueSatisfying(line -> assertThat(line)
                .startsWith("live: gcp skipped (no gcp.project); it needs log in with `gcloud auth application-default "
                        + "login`").contains("-Dfaas.gcp.project=<project id>"));
    }

    @Test
    void cloudPropertiesAreTheUsersOwnPlusOneSharedAzureGroupAndAccount() {
        Properties p = new Properties();
        p.setProperty(LiveTargets.ENDPOINTS, "cloud");
        p.setProperty(LiveTargets.PROVIDERS, "gcp, azure");
        p.setProperty("faas.gcp.project", "my-project");
        p.setProperty("faas.azure.subscription", "00000000-0000-0000-0000-000000000001");
        p.setProperty("faas.aws.region", "eu-west-1");
        LiveTargets live = new LiveTargets(p, Map.of(), new Clouds(dir), dir);

        assertThat(live.providers()).containsExactly("gcp", "azure");
        assertThat(live.target("gcp").properties()).containsExactly(Map.entry("gcp.project", "my-project"));
        assertThat(live.target("azure").properties()).containsEntry("azure.resourceGroup", "faasport-live")
                .hasEntrySatisfying("azure.storageAccount", a -> assertThat(a).matches("faasportlive[0-9a-f]{12}"));
        assertThat(live.target("azure").properties().get("azure.storageAccount")).as("the same for every run")
                .isEqualTo(new LiveTargets(p, Map.of(), new Clouds(dir), dir).target("azure").properties()
                        .get("azure.storageAccount"));
    }

    @Test
    void aSetNameIsNewEachRunAndValidEverywhere() {
        assertThat(LiveTargets.uniqueSetName()).matches("live-[a-z0-9]{8}").isNotEqualTo(LiveTargets.uniqueSetName());
        Properties p = new Properties();
        p.setProperty(LiveTargets.ENDPOINTS, "clouds");
        assertThatThrownBy(() -> new LiveTargets(p, Map.of(), new Clouds(dir), dir))
                .hasMessageContaining("perhaps you should use cloud or doubles");
    }
}
