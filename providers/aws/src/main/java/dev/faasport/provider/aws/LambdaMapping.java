package dev.faasport.provider.aws;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FaasportEnvironment;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ResourceTags;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.Layer;
import software.amazon.awssdk.services.lambda.model.PackageType;
import software.amazon.awssdk.services.lambda.model.SnapStart;
import software.amazon.awssdk.services.lambda.model.SnapStartApplyOn;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * Maps the neutral model onto Lambda's requests and tags and back, without remote calls: what Lambda would refuse,
 * what a function is created and updated with, which tags record it, when a deployed function needs new code or
 * configuration, and which {@link FunctionSpec} a deployed function's configuration and tags describe.
 */
final class LambdaMapping {

    static final String TAG_SET = ResourceTags.SET;
    static final String TAG_FUNCTION = ResourceTags.FUNCTION;
    static final String TAG_CODE = ResourceTags.CODE_SHA256;
    static final String TAG_CONFIG = ResourceTags.CONFIG_HASH;
    static final String TAG_HANDLER = ResourceTags.HANDLER;
    static final String TAG_SHAPE = ResourceTags.SHAPE;
    static final String TAG_TRIGGER = ResourceTags.PREFIX + "trigger";
    static final String TAG_BUCKET = ResourceTags.PREFIX + "storage-bucket";
    /** minInstances at deploy time: listing reads the provisioned concurrency only where it may exist. */
    static final String TAG_MIN_INSTANCES = ResourceTags.PREFIX + "min-instances";
    /** How an HTTP trigger is exposed: url or apigateway; "" for event functions. */
    static final String TAG_HTTP = ResourceTags.PREFIX + "http";
    /** Hash tag value until the alias moved, so a killed first deploy is planned as an update, never as unchanged. */
    static final String PENDING = "pending";
    /** The AWS adapter from faasport-runtime-aws that every package carries. */
    static final String LAMBDA_HANDLER = "dev.faasport.runtime.aws.LambdaHandler::handleRequest";
    /** Lambda function names. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private final AwsSettings settings;

    LambdaMapping(AwsSettings settings) {
        this.settings = settings;
    }

    /** A unit deploys as a container image when packaging built one for it (or its function asks for one). */
    static boolean isImage(DeployUnit unit) {
        return (unit.artifact() != null && unit.artifact().format() == PackageFormat.OCI_IMAGE)
                || unit.function().packageType() == FunctionSpec.PackageType.IMAGE;
    }

    /**
     * @return the runtime packaging selected for the compiled Java level ({@code java.runtime}), else
     *         {@code aws.runtime}, else the provider's default
     */
    String runtime(DeployUnit unit) {
        return AwsUnitSettings.of(unit).runtimeOr(settings.runtime());
    }

    /** The user's variables plus Faasport's own, the same map faas:check measured against Lambda's 4 KB. */
    static Environment environment(FunctionSpec f) {
        return Environment.builder().variables(FaasportEnvironment.deployed(AwsProvider.ID, f)).build();
    }

    static Optional<SnapStart> snapStart(AwsUnitSettings unit) {
        return unit.snapStart().map(on -> SnapStart.builder()
                .applyOn(on ? SnapStartApplyOn.PUBLISHED_VERSIONS : SnapStartApplyOn.NONE).build());
    }

    static String description(DeployUnit unit) {
        return "Faasport function " + unit.function().name() + " of set " + unit.setName();
    }

    Map<String, String> tags(DeployUnit unit, String codeSha, String configHash) {
        FunctionSpec f = unit.function();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_SET, unit.setName());
        tags.put(TAG_FUNCTION, f.name());
        tags.put(TAG_CODE, codeSha);
        tags.put(TAG_CONFIG, configHash == null ? "" : configHash);
        // '$' of a nested class is no valid tag value; a name too long even encoded is left out (listed without spec)
        String handler = TagValues.encode(f.handler());
        tags.put(TAG_HANDLER, handler == null ? "" : handler);
        tags.put(TAG_SHAPE, f.shape().name());
        tags.put(TAG_TRIGGER, f.trigger().kind());
        // the bucket whose notification points here, so a later change or remove finds it; "" once there is none
        tags.put(TAG_BUCKET, f.trigger() instanceof Trigger.Storage st ? st.bucket() : "");
        tags.put(TAG_MIN_INSTANCES, String.valueOf(f.minInstances()));
        tags.put(TAG_HTTP, f.trigger() instanceof Trigger.Http ? settings.http() : "");
        return tags;
    }

    /** CreateFunction, unpublished and with pending hashes: the hashes are tagged once the alias moved. */
    CreateFunctionRequest.Builder create(DeployUnit unit, String role, FunctionCode code, List<String> layers) {
        FunctionSpec f = unit.function();
        CreateFunctionRequest.Builder req = CreateFunctionRequest.builder()
                .functionName(unit.name())
                .description(description(unit))
                .role(role)
                .code(code)
                .memorySize(f.memoryMb())
                .timeout(f.timeoutSeconds())
                .environment(environment(f))
                .architecturesWithStrings(settings.architecture())
                .tags(tags(unit, PENDING, PENDING))
                .publish(false);
        if (isImage(unit)) {
            // the image's CMD names the handler and its base image the runtime: Lambda rejects both for images
            req.packageType(PackageType.IMAGE);
        } else {
            req.packageType(PackageType.ZIP).runtime(runtime(unit)).handler(LAMBDA_HANDLER);
            if (!layers.isEmpty()) {
                req.layers(layers);
            }
            snapStart(AwsUnitSettings.of(unit)).ifPresent(req::snapStart);
        }
        return req;
    }

    UpdateFunctionConfigurationRequest.Builder updateConfiguration(DeployUnit unit, String role, List<String> layers) {
        FunctionSpec f = unit.function();
        UpdateFunctionConfigurationRequest.Builder req = UpdateFunctionConfigurationRequest.builder()
                .functionName(unit.name())
                .role(role)
                .memorySize(f.memoryMb())
                .timeout(f.timeoutSeconds())
                .environment(environment(f))
                .description(description(unit));
        if (!isImage(unit)) {
            req.runtime(runtime(unit)).handler(LAMBDA_HANDLER)
                    .layers(layers); // an empty list detaches layers the function no longer uses
            snapStart(AwsUnitSettings.of(unit)).ifPresent(req::snapStart);
        }
        return req;
    }

    /**
     * Checks what Lambda would refuse, before any remote call: the function name, and for a zip its runtime and
     * package, for an image its package format; {@link #validateImage} checks the rest of an image unit.
     */
    void validate(DeployUnit unit) throws ProviderException {
        FunctionSpec f = unit.function();
        if (!NAME.matcher(unit.name()).matches()) {
            throw ProviderException.permanent("Invalid Lambda function name '" + unit.name() + "'",
                    "rename function '" + f.name() + "' to 1-64 letters, digits, '-' or '_'");
        }
        Artifact a = unit.artifact();
        if (isImage(unit)) {
            if (a == null || a.format() != PackageFormat.OCI_IMAGE) {
                throw ProviderException.permanent("Function '" + f.name() + "' asks for a container image but its "
                        + "package is " + (a == null ? "missing" : "a " + a.format()), "run faas:package before faas:deploy");
            }
            return;
        }
        String runtime = runtime(unit);
        if (!AwsSettings.RUNTIME.matcher(runtime).matches()) {
            throw ProviderException.permanent("Function '" + f.name() + "' was packaged for Lambda runtime '"
                    + runtime + "' (" + AwsUnitSettings.RUNTIME + "), which is not a Lambda Java runtime",
                    "run faas:package again, or set aws.runtime to a runtime such as java17, java21 or java25");
        }
        if (a == null || a.path() == null || !Files.isRegularFile(a.path())) {
            throw ProviderException.permanent("The package of function '" + f.name() + "' is missing ("
                    + (a == null ? "no artifact" : a.path()) + ")", "run faas:package before faas:deploy");
        }
    }

    /** Checks what an image unit asks for that Lambda does not do for images: another platform, layers, SnapStart. */
    void validateImage(DeployUnit unit) throws ProviderException {
        FunctionSpec f = unit.function();
        AwsUnitSettings typed = AwsUnitSettings.of(unit);
        // faas:package builds the image's platform from the set's <settings>, not from the provider properties
        if (!typed.architecture().equals(settings.architecture())) {
            throw ProviderException.permanent("The image of function '" + f.name() + "' was built for "
                    + typed.architecture() + " but the AWS provider deploys it as " + settings.architecture()
                    + " (" + AwsUnitSettings.ARCHITECTURE + ")", "set the same " + AwsUnitSettings.ARCHITECTURE
                    + " in the plugin's <settings> (used by faas:package) and in the provider properties, then run"
                    + " faas:deploy again");
        }
        if (!typed.layers().isEmpty()) {
            throw ProviderException.permanent("Function '" + f.name() + "' is a container image and sets "
                    + AwsUnitSettings.LAYERS + ", but Lambda functions of package type Image take no layers",
                    "remove " + AwsUnitSettings.LAYERS + " for function '" + f.name() + "' (its image holds its"
                    + " dependencies) or use packageType zip");
        }
        if (typed.snapStartOn()) {
            throw ProviderException.permanent("Function '" + f.name() + "' is a container image with "
                    + AwsUnitSettings.SNAP_START + "=true, but Lambda SnapStart does not apply to container images",
                    "remove " + AwsUnitSettings.SNAP_START + " for function '" + f.name() + "' or use packageType zip");
        }
    }

    /** @return whether the deployed function needs the unit's code: the plan says so, or its hash or platform differ */
    boolean codeChanged(UnitUpdate change, GetFunctionResponse existing) {
        UnitUpdate.Kind kind = change.kind();
        return kind == UnitUpdate.Kind.UPDATE || kind == UnitUpdate.Kind.UPDATE_CODE
                || !change.desired().artifact().sha256().equals(tags(existing).get(TAG_CODE))
                || !existing.configuration().architecturesAsStrings().contains(settings.architecture());
    }

    /** @return whether the deployed function needs the unit's configuration, role or layers */
    boolean configChanged(UnitUpdate change, GetFunctionResponse existing, String role, List<String> layers) {
        DeployUnit unit = change.desired();
        FunctionConfiguration fc = existing.configuration();
        UnitUpdate.Kind kind = change.kind();
        return kind == UnitUpdate.Kind.UPDATE || kind == UnitUpdate.Kind.UPDATE_CONFIG
                || !Objects.equals(unit.configHash(), tags(existing).get(TAG_CONFIG))
                || (!isImage(unit) && (!runtime(unit).equals(fc.runtimeAsString()) || !LAMBDA_HANDLER.equals(fc.handler())))
                || !role.equals(fc.role())
                || !layers.equals(fc.layers().stream().map(Layer::arn).toList());
    }

    /** What listing reports beside the spec: state, runtime, architecture, ARN, package type, layers, version. */
    Map<String, String> attributes(GetFunctionResponse r, Optional<String> aliasVersion) {
        FunctionConfiguration fc = r.configuration();
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("alias", settings.alias());
        attributes.put("state", String.valueOf(fc.stateAsString()));
        attributes.put("lastUpdateStatus", String.valueOf(fc.lastUpdateStatusAsString()));
        if (fc.runtimeAsString() != null) {
            attributes.put("runtime", fc.runtimeAsString()); // image functions have none: their base image is it
        }
        attributes.put("architecture", fc.architecturesAsStrings().isEmpty() ? "x86_64" : fc.architecturesAsStrings().get(0));
        attributes.put("arn", fc.functionArn());
        boolean image = fc.packageType() == PackageType.IMAGE;
        attributes.put("packageType", image ? "Image" : "Zip");
        if (image && r.code() != null && r.code().imageUri() != null) {
            attributes.put("imageUri", r.code().imageUri());
        }
        if (!fc.layers().isEmpty()) {
            attributes.put("layers", String.join(",", fc.layers().stream().map(Layer::arn).toList()));
        }
        attributes.put("version", aliasVersion.orElse("none"));
        return attributes;
    }

    /**
     * @param trigger     the trigger read back from where it lives
     * @param provisioned reads the alias's provisioned concurrency, called only where the tags allow one
     * @return the function a deployed Lambda function runs, empty when its tags do not describe one (deployed by
     *         hand, or a tag edited by hand)
     */
    static Optional<FunctionSpec> spec(GetFunctionResponse r, Optional<Trigger> trigger, boolean aliased,
                                       IntSupplier provisioned) {
        FunctionConfiguration fc = r.configuration();
        Map<String, String> tags = tags(r);
        String handler = tags.get(TAG_HANDLER) == null || tags.get(TAG_HANDLER).isEmpty() ? null
                : TagValues.decode(tags.get(TAG_HANDLER));
        String shape = tags.get(TAG_SHAPE);
        if (handler == null || shape == null || trigger.isEmpty()) {
            return Optional.empty();
        }
        try {
            Map<String, String> env = new TreeMap<>(fc.environment() == null || fc.environment().variables() == null
                    ? Map.of() : fc.environment().variables());
            Map<String, String> secrets = new TreeMap<>();
            env.forEach((k, v) -> {
                if (k.startsWith(FaasportEnvironment.SECRET_PREFIX)) {
                    secrets.put(k.substring(FaasportEnvironment.SECRET_PREFIX.length()), v);
                }
            });
            env.keySet().removeIf(k -> k.startsWith(FaasportEnvironment.PREFIX));
            Integer reserved = r.concurrency() == null ? null : r.concurrency().reservedConcurrentExecutions();
            Map<String, String> options = new TreeMap<>();
            if (fc.snapStart() != null && fc.snapStart().applyOn() == SnapStartApplyOn.PUBLISHED_VERSIONS) {
                options.put(AwsUnitSettings.SNAP_START, "true");
            }
            return Optional.of(new FunctionSpec(tags.getOrDefault(TAG_FUNCTION, fc.functionName()), handler,
                    FunctionShape.valueOf(shape), trigger.get(),
                    fc.memorySize() == null ? 0 : fc.memorySize(), fc.timeout() == null ? 0 : fc.timeout(),
                    env, reserved == null ? 0 : reserved,
                    // one call less per function on every plan; functions deployed before the tag are read
                    aliased && !"0".equals(tags.get(TAG_MIN_INSTANCES)) ? provisioned.getAsInt() : 0,
                    fc.packageType() == PackageType.IMAGE ? FunctionSpec.PackageType.IMAGE : FunctionSpec.PackageType.ZIP,
                    options, secrets));
        } catch (IllegalArgumentException ignored) {
            // a tag edited by hand: the unit is still listed, only without its live specification
            return Optional.empty();
        }
    }

    /** @return the function's tags, empty when it has none */
    static Map<String, String> tags(GetFunctionResponse r) {
        return r.tags() == null ? Map.of() : r.tags();
    }

    /** @return a tag's value, null when absent or empty */
    static String tag(GetFunctionResponse r, String key) {
        String v = tags(r).get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    /** @return whether the deployed function reads secrets (its role then holds a grant for it) */
    static boolean referencesSecrets(GetFunctionResponse f) {
        return f.configuration().environment() != null && f.configuration().environment().variables() != null
                && f.configuration().environment().variables().keySet().stream()
                .anyMatch(k -> k.startsWith(FaasportEnvironment.SECRET_PREFIX));
    }

    /** The set's shared dependency layer: layer names allow 140 characters of [a-zA-Z0-9-_]. */
    String layerName() {
        String name = "faasport-" + settings.setName().replaceAll("[^a-zA-Z0-9_-]", "-") + "-deps";
        return name.length() > 140 ? name.substring(0, 140) : name;
    }

    /** The execution role Faasport creates for the set when no aws.role is given (64 characters at most). */
    String roleName() {
        String name = "faasport-" + settings.setName().replaceAll("[^\\w+=,.@-]", "-") + "-lambda";
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /** @return the S3 key a unit's package is staged under: its archive hash, so a present object is the same */
    static String packageKey(DeployUnit unit) {
        return "faasport/" + unit.setName() + "/" + unit.name() + "/" + unit.artifact().sha256() + ".zip";
    }

    /** @return the S3 key of the set's shared layer zip */
    String layerKey(String sha256) {
        return "faasport/" + settings.setName() + "/layers/" + sha256 + ".zip";
    }
}
