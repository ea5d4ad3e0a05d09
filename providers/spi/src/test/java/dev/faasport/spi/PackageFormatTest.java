package dev.faasport.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageFormatTest {
    @Test
    void oneNameIsOneInstance() {
        assertThat(PackageFormat.of("LAMBDA_ZIP")).isSameAs(PackageFormat.LAMBDA_ZIP);
        assertThat(PackageFormat.valueOf("OCI_IMAGE")).isSameAs(PackageFormat.OCI_IMAGE);
        PackageFormat mine = PackageFormat.of("MY_CLOUD_ZIP");
        assertThat(PackageFormat.of("MY_CLOUD_ZIP")).isSameAs(mine);
        assertThat(mine.name()).isEqualTo("MY_CLOUD_ZIP");
        assertThat(mine).hasToString("MY_CLOUD_ZIP").isNotEqualTo(PackageFormat.LOCAL_ZIP);
        assertThat(PackageFormat.LOCAL_ZIP.compareTo(PackageFormat.OCI_IMAGE)).isNegative();
    }

    @Test
    void namesAreManifestSafe() {
        assertThatThrownBy(() -> PackageFormat.of("my-zip")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upper case");
        assertThatThrownBy(() -> PackageFormat.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PackageFormat.of(null)).isInstanceOf(NullPointerException.class);
    }
}
