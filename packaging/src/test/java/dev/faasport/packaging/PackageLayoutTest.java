package dev.faasport.packaging;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageBuild;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.PackageLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A layout the packager does not know, as a new provider supplies it. */
class PackageLayoutTest {
    static final PackageFormat ONE_ZIP = PackageFormat.of("ONE_ZIP_FOR_THE_SET");

    @TempDir
    Path tmp;
    private Fixtures fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixtures(tmp);
        fx.adapters.put(ONE_ZIP, fx.adapters.get(PackageFormat.LOCAL_ZIP));
    }

    /** Every function of the set in one zip, classes under app/, a settings key naming the functions. */
    static final class OneZip implements PackageLayout {
        String fileName = "set.zip";

        @Override
        public PackageFormat format() {
            return ONE_ZIP;
        }

        @Override
        public boolean packs(String adapterJar) {
            return !adapterJar.startsWith("faasport-runtime-common");
        }

        @Override
        public void write(PackageBuild build) throws java.io.IOException {
            Artifact zip = build.archive().classes("app/").dependencies("app/lib/").adapters("app/lib/")
                    .text("app/" + PackageBuild.DESCRIPTOR, build.descriptor(build.functions(), true))
                    .write(fileName);
            build.unit(build.setName(), build.functions(), zip,
                    Map.of("one.functions", String.join(",", build.functions().stream().map(FunctionSpec::name).toList())),
                    Map.of(), Map.of("entry", "x"));
        }
    }

    @Test
    void aProvidersOwnLayoutIsPackagedByTheSameOrchestrator() throws Exception {
        PackageResult r = new Packager().pack(fx.request(), "onecloud", new OneZip());

        assertThat(r.units()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("hello-set");
            assertThat(u.artifact().format()).isSameAs(ONE_ZIP);
            assertThat(u.settings()).containsEntry("one.functions", "hello,nightly,thumbnail,worker");
        });
        DeployUnit u = r.units().get(0);
        try (ZipFile zip = new ZipFile(u.artifact().path().toFile())) {
            assertThat(Collections.list(zip.entries())).extracting(e -> e.getName()).contains(
                    "app/com/example/Hello.class", "app/lib/lib-a-1.0.jar", "app/lib/faasport-runtime-local-0.1.0-SNAPSHOT.jar",
                    "app/faasport-functions.json").doesNotContain("app/lib/faasport-runtime-common-0.1.0-SNAPSHOT.jar");
        }
        // reproducible and up to date the second time, as every layout
        PackageResult again = new Packager().pack(fx.request(), "onecloud", new OneZip());
        assertThat(again.upToDate()).isTrue();
        assertThat(again.units().get(0).artifact().sha256()).isEqualTo(u.artifact().sha256());
    }

    @Test
    void aFormatWithoutALayoutSaysWhereOneComesFrom() {
        assertThatThrownBy(() -> new Packager().pack(fx.request(), "onecloud", ONE_ZIP))
                .isInstanceOf(PackagingException.class)
                .hasMessageContaining("ONE_ZIP_FOR_THE_SET")
                .hasMessageContaining("perhaps you should return its layout from the provider's packageLayout()");
    }

    @Test
    void aLayoutCannotWriteOutsideItsProvidersDirectory() {
        OneZip escaping = new OneZip();
        escaping.fileName = "../elsewhere.zip";
        assertThatThrownBy(() -> new Packager().pack(fx.request(), "onecloud", escaping))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaves");
        assertThat(tmp.resolve("target/faas/elsewhere.zip")).doesNotExist();
    }

    @Test
    void theShippedFormatsHaveTheirLayouts() {
        for (PackageFormat f : List.of(PackageFormat.LOCAL_ZIP, PackageFormat.LAMBDA_ZIP, PackageFormat.AZURE_APP_ZIP,
                PackageFormat.GCF_SOURCE_ZIP, PackageFormat.OCI_IMAGE)) {
            assertThat(Layouts.builtIn(f)).get().extracting(PackageLayout::format).isSameAs(f);
        }
        assertThat(Layouts.builtIn(ONE_ZIP)).isEmpty();
    }
}
