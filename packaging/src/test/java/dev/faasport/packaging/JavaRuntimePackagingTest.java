package dev.faasport.packaging;

import dev.faasport.runtime.json.Json;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Packaging writes the vendor runtime each unit deploys to (java.runtime) from the compiled level. */
class JavaRuntimePackagingTest {
    @TempDir
    Path tmp;
    Fixtures fx;
    final Packager packager = new Packager();

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixtures(tmp);
        fx.settings.put("java.version", "21");
    }

    List<DeployUnit> pack(String provider, PackageFormat format) throws Exception {
        return packager.pack(fx.request(), provider, format).units();
    }

    @Test
    void everyUnitCarriesTheRuntimeInTheVendorsSpelling() throws Exception {
        assertThat(pack("aws", PackageFormat.LAMBDA_ZIP)).allSatisfy(u ->
                assertThat(u.settings()).containsEntry("java.runtime", "java25").containsEntry("java.version", "21"));
        assertThat(pack("gcp", PackageFormat.GCF_SOURCE_ZIP)).allSatisfy(u ->
                assertThat(u.settings()).containsEntry("java.runtime", "java25"));
        assertThat(pack("azure", PackageFormat.AZURE_APP_ZIP)).allSatisfy(u ->
                assertThat(u.settings()).containsEntry("java.runtime", "21"));
        // the local runtime is the build's JVM: nothing to choose
        assertThat(pack("local", PackageFormat.LOCAL_ZIP)).allSatisfy(u ->
                assertThat(u.settings()).doesNotContainKey("java.runtime"));

        Map<String, Object> manifest = Json.parseObject(Files.readString(fx.out.resolve("manifest.json")));
        assertThat(Json.write(manifest)).contains("\"java.runtime\":\"java25\"");
    }

    @Test
    void anExplicitRuntimeIsWhatTheUnitDeploysTo() throws Exception {
        fx.settings.put("aws.runtime", "java21");
        fx.settings.put("azure.javaVersion", "17");
        fx.settings.put("azure.plan", "flex");
        assertThat(pack("aws", PackageFormat.LAMBDA_ZIP)).allSatisfy(u ->
                assertThat(u.settings()).containsEntry("java.runtime", "java21"));
        // too old for Java 21 classes, but it is what would be deployed: faas:check refuses it
        assertThat(pack("azure", PackageFormat.AZURE_APP_ZIP)).allSatisfy(u ->
                assertThat(u.settings()).containsEntry("java.runtime", "17"));

        FunctionSpec f = fx.functions.get(0);
        fx.functions.set(0, new FunctionSpec(f.name(), f.handler(), f.shape(), f.trigger(), f.memoryMb(),
                f.timeoutSeconds(), f.environment(), f.maxConcurrency(), f.minInstances(), f.packageType(),
                Map.of("gcp.runtime", "java21")));
        List<DeployUnit> gcp = pack("gcp", PackageFormat.GCF_SOURCE_ZIP);
        assertThat(gcp).filteredOn(u -> u.name().equals(f.name())).singleElement()
                .satisfies(u -> assertThat(u.settings()).containsEntry("java.runtime", "java21"));
        assertThat(gcp).filteredOn(u -> !u.name().equals(f.name()))
                .allSatisfy(u -> assertThat(u.settings()).containsEntry("java.runtime", "java25"));
    }

    @Test
    void aNewRuntimeChangesTheConfigurationSoTheUnitIsRedeployed() throws Exception {
        DeployUnit before = pack("aws", PackageFormat.LAMBDA_ZIP).get(0);
        fx.settings.put("aws.runtime", "java21");
        DeployUnit after = pack("aws", PackageFormat.LAMBDA_ZIP).get(0);
        assertThat(after.configHash()).isNotEqualTo(before.configHash());
        assertThat(after.artifact().sha256()).isEqualTo(before.artifact().sha256());
    }

    @Test
    void theAdaptersLevelIsRecordedForTheCheck() throws Exception {
        Path adapter = JavaLevelTest.jar(tmp.resolve("adapters/faasport-runtime-aws-x.jar"),
                Map.of("dev/faasport/runtime/aws/LambdaHandler.class", JavaLevelTest.classBytes(61)));
        fx.adapters.put(PackageFormat.LAMBDA_ZIP, List.of(adapter));
        fx.settings.put("java.version", "11");
        fx.settings.put("aws.runtime", "java11");
        assertThat(pack("aws", PackageFormat.LAMBDA_ZIP)).allSatisfy(u -> assertThat(u.settings())
                .containsEntry("java.adapterVersion", "17").containsEntry("java.runtime", "java11"));
    }
}
