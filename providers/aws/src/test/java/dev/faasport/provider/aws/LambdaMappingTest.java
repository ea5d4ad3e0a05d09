package dev.faasport.provider.aws;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FaasportEnvironment;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;

import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.Concurrency;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.Layer;
import software.amazon.awssdk.services.lambda.model.PackageType;
import software.amazon.awssdk.services.lambda.model.SnapStartApplyOn;
import software.amazon.awssdk.services.lambda.model.SnapStartResponse;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The neutral model to Lambda's requests and tags and back, without a server. */
class LambdaMappingTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/demo";

    private static AwsSettings settings(Map<String, String> props) throws ProviderException {
        return AwsSettings.from(new ProviderConfig("demo", props, null, ProviderConfig.Log.silent()));
    }

    private static FunctionSpec spec(String name, Trigger trigger, Map<String, String> options,
                                     Map<String, String> secrets) {
        return new FunctionSpec(name, "com.example.Outer$Inner", FunctionShape.TYPED, trigger, 512, 30,
                Map.of("GREETING", "hi"), 5, 2, FunctionSpec.PackageType.ZIP, options, secrets);
    }

    private static DeployUnit unit(FunctionSpec f, Map<String, String> settings) {
        Artifact a = new Artifact(PackageFormat.LAMBDA_ZIP, Path.of("/nowhere/" + f.name() + ".zip"), "abc", 10, 20, null);
        return new DeployUnit("demo", f.name(), List.of(f), a, "cfg", settings);
    }

    @Test
    void createRequestCarriesTheSpecPendingHashesAndTheAdapter() throws Exception {
        LambdaMapping mapping = new LambdaMapping(settings(Map.of("aws.architecture", "arm64", "aws.runtime", "java21")));
        FunctionSpec f = spec("orders", new Trigger.Queue("orders", 10, 3), Map.of("aws.snapStart", "true"),
                Map.of("DB", "db-password"));
        CreateFunctionRequest r = mapping.create(unit(f, Map.of()), ROLE, FunctionCode.builder().zipFile(null).build(),
                List.of("arn:aws:lambda:us-east-1:123456789012:layer:x:1")).build();

        assertThat(r.functionName()).isEqualTo("orders");
        assertThat(r.role()).isEqualTo(ROLE);
        assertThat(r.memorySize()).isEqualTo(512);
        assertThat(r.timeout()).isEqualTo(30);
        assertThat(r.packageType()).isEqualTo(PackageType.ZIP);
        assertThat(r.runtimeAsString()).isEqualTo("java21");
        assertThat(r.handler()).isEqualTo(LambdaMapping.LAMBDA_HANDLER);
        assertThat(r.architecturesAsStrings()).containsExactly("arm64");
        assertThat(r.layers()).containsExactly("arn:aws:lambda:us-east-1:123456789012:layer:x:1");
        assertThat(r.snapStart().applyOn()).isEqualTo(SnapStartApplyOn.PUBLISHED_VERSIONS);
        assertThat(r.publish()).isFalse();
        assertThat(r.description()).isEqualTo("Faasport function orders of set demo");
        assertThat(r.environment().variables()).containsEntry("GREETING", "hi")
                .containsEntry(FaasportEnvironment.FUNCTION, "orders")
                .containsEntry(FaasportEnvironment.SECRET_PREFIX + "DB", "db-password");
        assertThat(r.tags()).containsEntry(LambdaMapping.TAG_CODE, LambdaMapping.PENDING)
                .containsEntry(LambdaMapping.TAG_CONFIG, LambdaMapping.PENDING)
                .containsEntry(LambdaMapping.TAG_TRIGGER, "queue")
                .containsEntry(LambdaMapping.TAG_HTTP, "")
                .containsEntry(LambdaMapping.TAG_MIN_INSTANCES, "2");
    }

    @Test
    void theUnitsJavaRuntimeWinsOverTheProperty() throws Exception {
        LambdaMapping mapping = new LambdaMapping(settings(Map.of("aws.runtime", "java17")));
        FunctionSpec f = spec("f", new Trigger.Http(List.of(), true), Map.of(), Map.of());
        assertThat(mapping.runtime(unit(f, Map.of(AwsUnitSettings.RUNTIME, " java25 ")))).isEqualTo("java25");
        assertThat(mapping.runtime(unit(f, Map.of(AwsUnitSettings.RUNTIME, " ")))).isEqualTo("java17");
        assertThat(mapping.runtime(unit(f, Map.of()))).isEqualTo("java17");
    }

    @Test
    void imagesGetNeitherRuntimeNorHandlerNorLayers() throws Exception {
        LambdaMapping mapping = new LambdaMapping(settings(Map.of()));
        FunctionSpec f = spec("img", new Trigger.Http(List.of(), false), Map.of(), Map.of());
        Artifact a = new Artifact(PackageFormat.OCI_IMAGE, null, "abc", 10, 20, "1.dkr.ecr.us-east-1.amazonaws.com/r:t");
        DeployUnit u = new DeployUnit("demo", "img", List.of(f), a, "cfg", Map.of());
        assertThat(LambdaMapping.isImage(u)).isTrue();

        CreateFunctionRequest create = mapping.create(u, ROLE, FunctionCode.builder().imageUri(a.imageRef()).build(),
                List.of()).build();
        assertThat(create.packageType()).isEqualTo(PackageType.IMAGE);
        assertThat(create.runtime()).isNull();
        assertThat(create.handler()).isNull();
        UpdateFunctionConfigurationRequest update = mapping.updateConfiguration(u, ROLE, List.of()).build();
        assertThat(update.runtime()).isNull();
        assertThat(update.layers()).isEmpty();
        assertThat(update.handler()).isNull();
    }

    @Test
    void anEmptyLayerListDetachesLayersOnUpdate() throws Exception {
        LambdaMapping mapping = new LambdaMapping(settings(Map.of()));
        FunctionSpec f = spec("f", new Trigger.Http(List.of(), false), Map.of("aws.snapStart", "false"), Map.of());
        UpdateFunctionConfigurationRequest r = mapping.updateConfiguration(unit(f, Map.of()), ROLE, List.of()).build();
        assertThat(r.hasLayers()).isTrue();
        assertThat(r.layers()).isEmpty();
        assertThat(r.snapStart().applyOn()).isEqualTo(SnapStartApplyOn.NONE);
    }

    @Test
    void tagsRecordWhatListingReadsBack() throws Exception {
        LambdaMapping mapping = new LambdaMapping(settings(Map.of("aws.http", "apigateway")));
        FunctionSpec web = spec("web", new Trigger.Http(List.of(), true), Map.of(), Map.of());
        assertThat(mapping.tags(unit(web, Map.of()), "sha", null))
                .containsEntry(LambdaMapping.TAG_SET, "demo")
                .containsEntry(LambdaMapping.TAG_FUNCTION, "web")
                .containsEntry(LambdaMapping.TAG_CODE, "sha")
                .containsEntry(LambdaMapping.TAG_CONFIG, "")
                .containsEntry(LambdaMapping.TAG_HANDLER, TagValues.encode("com.example.Outer$Inner"))
                .containsEntry(LambdaMapping.TAG_SHAPE, "TYPED")
                .containsEntry(LambdaMapping.TAG_HTTP, "apigateway")
                .containsEntry(LambdaMapping.TAG_BUCKET, "");
        FunctionSpec thumbs = spec("thumbs", new Trigger.Storage("photos", Set.of(Trigger.StorageEventKind.CREATED), "", ""),
                Map.of(), Map.of());
        assertThat(mapping.tags(unit(thumbs, Map.of()), "sha", "cfg"))
                .containsEntry(LambdaMapping.TAG_BUCKET, "photos")
                .containsEntry(LambdaMapping.TAG_TRIGGER, "storage")
                .containsEntry(LambdaMapping.TAG_HTTP, "");
    }

    @Test
    void aDeployedFunctionReadsBackAsTheSpecItWasDeployedFrom() throws Exception {
        LambdaMapping mapping = new LambdaMapping(settings(Map.of()));
        FunctionSpec f = spec("orders", new Trigger.Queue("orders", 10, 3), Map.of("aws.snapStart", "true"),
                Map.of("DB", "db-password"));
        DeployUnit u = unit(f, Map.of());
        CreateFunctionRequest sent = mapping.create(u, ROLE, FunctionCode.builder().build(), List.of()).build();
        GetFunctionResponse deployed = GetFunctionResponse.builder()
                .configuration(FunctionConfiguration.builder().functionName("orders").memorySize(sent.memorySize())
                        .timeout(sent.timeout()).environment(e -> e.variables(sent.environment().variables()))
                        .snapStart(SnapStartResponse.builder().applyOn(SnapStartApplyOn.PUBLISHED_VERSIONS).build())
                        .packageType(PackageType.ZIP).build())
                .concurrency(Concurrency.builder().reservedConcurrentExecutions(5).build())
                .tags(mapping.tags(u, "abc", "cfg")).build();
        AtomicInteger reads = new AtomicInteger();

        Optional<FunctionSpec> read = LambdaMapping.spec(deployed, Optional.of(f.trigger()), true,
                () -> reads.incrementAndGet() * 2);

        assertThat(read).contains(f);
        assertThat(reads).hasValue(1);
        // no alias yet: nothing is provisioned, and nothing is read
        assertThat(LambdaMapping.spec(deployed, Optional.of(f.trigger()), false, () -> reads.incrementAndGet() * 2)
                .orElseThrow().minInstances()).isZero();
        assertThat(reads).hasValue(1);
    }

    @Test
    void aFunctionWithoutFaasportTagsOrWithAnEditedShapeHasNoSpec() throws Exception {
        GetFunctionResponse bare = GetFunctionResponse.builder()
                .configuration(FunctionConfiguration.builder().functionName("x").build()).build();
        assertThat(LambdaMapping.spec(bare, Optional.of(new Trigger.Http(List.of(), false)), true, () -> 0)).isEmpty();
        GetFunctionResponse edited = bare.toBuilder().tags(Map.of(LambdaMapping.TAG_HANDLER, "a.B",
                LambdaMapping.TAG_SHAPE, "NOT_A_SHAPE")).build();
        assertThat(LambdaMapping.spec(edited, Optional.of(new Trigger.Http(List.of(), false)), true, () -> 0)).isEmpty();
        GetFunctionResponse noTrigger = bare.toBuilder().tags(Map.of(LambdaMapping.TAG_HANDLER, "a.B",
                LambdaMapping.TAG_SHAPE, "HTTP")).build();
        assertThat(LambdaMapping.spec(noTrigger, Optional.empty(), true, () -> 0)).isEmpty();
    }

    @Test
    void codeAndConfigurationChangesFollowThePlanHashesAndPlatform() throws Exception {
        LambdaMapping mapping = new LambdaMapping(settings(Map.of("aws.runtime", "java21")));
        FunctionSpec f = spec("f", new Trigger.Http(List.of(), false), Map.of(), Map.of());
        DeployUnit u = unit(f, Map.of());
        GetFunctionResponse same = GetFunctionResponse.builder()
                .configuration(FunctionConfiguration.builder().functionName("f").architecturesWithStrings("x86_64")
                        .runtime("java21").handler(LambdaMapping.LAMBDA_HANDLER).role(ROLE).build())
                .tags(Map.of(LambdaMapping.TAG_CODE, "abc", LambdaMapping.TAG_CONFIG, "cfg")).build();
        UnitUpdate code = new UnitUpdate(UnitUpdate.Kind.UPDATE_CODE, u, null);
        UnitUpdate config = new UnitUpdate(UnitUpdate.Kind.UPDATE_CONFIG, u, null);

        assertThat(mapping.codeChanged(config, same)).isFalse();
        assertThat(mapping.configChanged(code, same, ROLE, List.of())).isFalse();
        assertThat(mapping.codeChanged(code, same)).isTrue();
        assertThat(mapping.configChanged(config, same, ROLE, List.of())).isTrue();
        // what the tags or the function say wins over a plan that says unchanged
        assertThat(mapping.codeChanged(config, same.toBuilder().tags(Map.of(LambdaMapping.TAG_CODE, "old")).build()))
                .isTrue();
        assertThat(mapping.codeChanged(config, same.toBuilder().configuration(same.configuration().toBuilder()
                .architecturesWithStrings("arm64").build()).build())).isTrue();
        assertThat(mapping.configChanged(code, same, "arn:aws:iam::123456789012:role/other", List.of())).isTrue();
        assertThat(mapping.configChanged(code, same, ROLE, List.of("arn:layer"))).isTrue();
        assertThat(mapping.configChanged(code, same.toBuilder().configuration(same.configuration().toBuilder()
                .runtime("java17").build()).build(), ROLE, List.of())).isTrue();
        assertThat(mapping.configChanged(code, same.toBuilder().configuration(same.configuration().toBuilder()
                .layers(Layer.builder().arn("arn:layer").build()).build()).build(), ROLE, List.of("arn:layer"))).isFalse();
    }

    @Test
    void setNamesBecomeValidLayerAndRoleNames() throws Exception {
        LambdaMapping mapping = new LambdaMapping(AwsSettings.from(new ProviderConfig("my set/" + "x".repeat(200),
                Map.of(), null, ProviderConfig.Log.silent())));
        assertThat(mapping.layerName()).startsWith("faasport-my-set-x").hasSize(140).matches("[a-zA-Z0-9_-]+");
        assertThat(mapping.roleName()).startsWith("faasport-my-set-x").hasSize(64).matches("[\\w+=,.@-]+");
        assertThat(new LambdaMapping(settings(Map.of())).roleName()).isEqualTo("faasport-demo-lambda");
        assertThat(new LambdaMapping(settings(Map.of())).layerName()).isEqualTo("faasport-demo-deps");
    }

    @Test
    void environmentIsWhatFaasCheckMeasured() {
        FunctionSpec f = spec("q", new Trigger.Queue("q", 10, 3), Map.of(), Map.of());
        Environment env = LambdaMapping.environment(f);
        assertThat(env.variables()).isEqualTo(FaasportEnvironment.deployed(AwsProvider.ID, f));
    }

    @Test
    void validationNamesWhatLambdaWouldRefuseBeforeAnyCall(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        LambdaMapping mapping = new LambdaMapping(settings(Map.of()));
        FunctionSpec f = spec("f", new Trigger.Http(List.of(), false), Map.of(), Map.of());
        Path zip = java.nio.file.Files.write(dir.resolve("f.zip"), new byte[] {1});
        Artifact a = new Artifact(PackageFormat.LAMBDA_ZIP, zip, "abc", 1, 1, null);
        mapping.validate(new DeployUnit("demo", "f", List.of(f), a, "c", Map.of()));

        assertThatThrownBy(() -> mapping.validate(new DeployUnit("demo", "bad.name", List.of(f), a, "c", Map.of())))
                .hasMessage("Invalid Lambda function name 'bad.name'");
        assertThatThrownBy(() -> mapping.validate(new DeployUnit("demo", "f", List.of(f), a, "c",
                Map.of(AwsUnitSettings.RUNTIME, "21"))))
                .hasMessageContaining("was packaged for Lambda runtime '21' (java.runtime)");
        assertThatThrownBy(() -> mapping.validate(unit(f, Map.of()))).hasMessageContaining("The package of function 'f' is missing");
        FunctionSpec image = new FunctionSpec("f", "a.B", FunctionShape.HTTP, new Trigger.Http(List.of(), false), 256,
                10, Map.of(), 0, 0, FunctionSpec.PackageType.IMAGE, Map.of());
        assertThatThrownBy(() -> mapping.validate(new DeployUnit("demo", "f", List.of(image), a, "c", Map.of())))
                .hasMessage("Function 'f' asks for a container image but its package is a LAMBDA_ZIP");
    }

    @Test
    void imagesRefuseAnotherPlatformLayersAndSnapStart() throws Exception {
        LambdaMapping mapping = new LambdaMapping(settings(Map.of()));
        Artifact a = new Artifact(PackageFormat.OCI_IMAGE, null, "abc", 10, 20, "1.dkr.ecr.us-east-1.amazonaws.com/r:t");
        FunctionSpec f = spec("f", new Trigger.Http(List.of(), false), Map.of(), Map.of());
        mapping.validateImage(new DeployUnit("demo", "f", List.of(f), a, "c", Map.of()));

        assertThatThrownBy(() -> mapping.validateImage(new DeployUnit("demo", "f", List.of(f), a, "c",
                Map.of(AwsUnitSettings.ARCHITECTURE, "arm64"))))
                .hasMessage("The image of function 'f' was built for arm64 but the AWS provider deploys it as x86_64"
                        + " (aws.architecture)");
        assertThatThrownBy(() -> mapping.validateImage(new DeployUnit("demo", "f", List.of(f), a, "c",
                Map.of(AwsUnitSettings.LAYERS, "arn:x"))))
                .hasMessageContaining("sets aws.layers, but Lambda functions of package type Image take no layers");
        FunctionSpec snap = spec("f", new Trigger.Http(List.of(), false), Map.of(AwsUnitSettings.SNAP_START, "true"),
                Map.of());
        assertThatThrownBy(() -> mapping.validateImage(new DeployUnit("demo", "f", List.of(snap), a, "c", Map.of())))
                .hasMessageContaining("aws.snapStart=true, but Lambda SnapStart does not apply to container images");
    }
}
