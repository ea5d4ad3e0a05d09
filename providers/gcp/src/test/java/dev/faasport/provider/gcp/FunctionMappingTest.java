package dev.faasport.provider.gcp;

import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderException;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionMappingTest {

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
