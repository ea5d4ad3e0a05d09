package dev.faasport.provider.gcp;

import com.google.cloud.functions.v2.EventTrigger;
import com.google.cloud.functions.v2.Function;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionMappingTest {
    @TempDir
    Path dir;

    private static GcpSettings settings(String... keyValues) throws ProviderException {
        Map<String, String> props = new HashMap<>(Map.of("gcp.project", "p-mapping"));
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return GcpSettings.from("set", new ProviderConfig("set", props, null, null), Map.of());
    }

    private Function desired(GcpSettings settings, FunctionSpec fn, Map<String, String> unitSettings) throws Exception {
        Artifact a = GcpTestSupport.zip(dir, fn.name(), "code");
        return FunctionMapping.desired(settings, new DeployUnit("set", fn.name(), List.of(fn), a, "c", unitSettings))
                .function();
    }

    @Test
    void runtimeFollowsTheUnitsJavaRuntimeThenTheProperty() throws Exception {
        FunctionSpec fn = GcpTestSupport.http("hello", 256, 30, Map.of());
        // packaging writes java.runtime from the compiled level (an explicit gcp.runtime already applied there)
        assertThat(desired(settings(), fn, Map.of("java.runtime", "java21")).getBuildConfig().getRuntime())
                .isEqualTo("java21");
        assertThat(desired(settings("gcp.runtime", "java25"), fn, Map.of("java.runtime", "java21"))
                .getBuildConfig().getRuntime()).isEqualTo("java21");
        // older manifests and hand-built units: the property, else the default
        assertThat(desired(settings("gcp.runtime", "java25"), fn, Map.of()).getBuildConfig().getRuntime())
                .isEqualTo("java25");
        assertThat(desired(settings(), fn, Map.of()).getBuildConfig().getRuntime()).isEqualTo("java17");
        assertThatThrownBy(() -> desired(settings(), fn, Map.of("java.runtime", "java11")))
                .hasMessageContaining("java11").hasMessageContaining("java.runtime");
    }

    @Test
    void eventTriggersRetryFailuresAsTheNeutralModelDoes() throws Exception {
        FunctionSpec storage = GcpTestSupport.withTrigger("thumbs", FunctionShape.STORAGE,
                new Trigger.Storage("b", null, null, null));
        FunctionSpec schedule = GcpTestSupport.withTrigger("nightly", FunctionShape.SCHEDULE,
                new Trigger.Schedule("rate(1 hour)"));
        FunctionSpec queue = GcpTestSupport.withTrigger("orders", FunctionShape.QUEUE, new Trigger.Queue("q", 1, 3));
        FunctionSpec once = GcpTestSupport.withTrigger("once-only", FunctionShape.QUEUE, new Trigger.Queue("q", 1, 1));
        assertThat(desired(settings(), storage, Map.of()).getEventTrigger().getRetryPolicy())
                .isEqualTo(EventTrigger.RetryPolicy.RETRY_POLICY_RETRY);
        assertThat(desired(settings(), schedule, Map.of()).getEventTrigger().getRetryPolicy())
                .isEqualTo(EventTrigger.RetryPolicy.RETRY_POLICY_RETRY);
        assertThat(desired(settings(), queue, Map.of()).getEventTrigger().getRetryPolicy())
                .isEqualTo(EventTrigger.RetryPolicy.RETRY_POLICY_RETRY);
        assertThat(desired(settings(), once, Map.of()).getEventTrigger().getRetryPolicy())
                .isEqualTo(EventTrigger.RetryPolicy.RETRY_POLICY_DO_NOT_RETRY);
    }

    @Test
    void storageTriggerRegionIsLowerCased() throws Exception {
        FunctionSpec storage = GcpTestSupport.withTrigger("thumbs", FunctionShape.STORAGE,
                new Trigger.Storage("b", null, null, null));
        assertThat(FunctionMapping.withTriggerRegion(desired(settings(), storage, Map.of()), "EUR4")
                .getEventTrigger().getTriggerRegion()).isEqualTo("eur4");
    }

    @Test
    void functionIdsFollowTheV2Rule() throws ProviderException {
        assertThat(FunctionMapping.functionId("Make_Thumbnail")).isEqualTo("make-thumbnail");
        assertThat(FunctionMapping.functionId("abcd")).isEqualTo("abcd");
        assertThat(FunctionMapping.functionId("a".repeat(63))).hasSize(63);
        for (String bad : new String[]{"abc", "9lives", "ends-", "a".repeat(64), "dots.not.ok"}) {
            assertThatThrownBy(() -> FunctionMapping.functionId(bad)).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.suggestion()).startsWith("perhaps you should rename it, e.g. to '"));
        }
    }

    @Test
    void labelValuesAreLowerCaseAndShort() {
        assertThat(FunctionMapping.labelValue("My.Set")).isEqualTo("my-set");
        assertThat(FunctionMapping.labelValue("f".repeat(64))).hasSize(63);
    }

    @Test
    void memoryAndCpuFollowThe2ndGenTable() throws ProviderException {
        assertThat(FunctionMapping.defaultCpu(256)).isEqualTo("0.167");
        assertThat(FunctionMapping.defaultCpu(2048)).isEqualTo("1");
        assertThat(FunctionMapping.defaultCpu(3000)).isEqualTo("2");
        assertThat(FunctionMapping.defaultCpu(16384)).isEqualTo("4");
        FunctionMapping.checkMemoryCpu("f", 4096, "1");
        FunctionMapping.checkMemoryCpu("f", 32768, "8");
        assertThatThrownBy(() -> FunctionMapping.checkMemoryCpu("f", 4097, "1")).hasMessageContaining("at least 2 vCPU");
        assertThatThrownBy(() -> FunctionMapping.checkMemoryCpu("f", 20000, "4")).hasMessageContaining("at least 6 vCPU");
        assertThatThrownBy(() -> FunctionMapping.checkMemoryCpu("f", 1024, "4")).hasMessageContaining("at least 2048 MiB");
        assertThatThrownBy(() -> FunctionMapping.checkMemoryCpu("f", 2048, "9")).hasMessageContaining("outside");
        assertThat(FunctionMapping.memoryMib("256M")).isEqualTo(244);
        assertThat(FunctionMapping.memoryMib("512Mi")).isEqualTo(512);
        assertThat(FunctionMapping.memoryMib("1Gi")).isEqualTo(1024);
    }

    @Test
    void registeredForTheServiceLoader() {
        assertThat(ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(p -> {
                    assertThat(p.id()).isEqualTo("gcp");
                    assertThat(p.packageFormat()).isEqualTo(dev.faasport.spi.PackageFormat.GCF_SOURCE_ZIP);
                    assertThat(p.grouping()).isEqualTo(Provider.UnitGrouping.PER_FUNCTION);
                });
    }
}
