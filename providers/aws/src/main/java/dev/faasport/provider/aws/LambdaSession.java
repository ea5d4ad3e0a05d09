package dev.faasport.provider.aws;

import dev.faasport.spi.ResourceTags;
import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Rollback;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.GetAccountSettingsResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.PackageType;
import software.amazon.awssdk.services.lambda.model.SnapStart;
import software.amazon.awssdk.services.lambda.model.SnapStartApplyOn;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One AWS Lambda session for one function set: one unit is one Lambda function whose published version the alias
 * (default {@code live}) points to. Thread-safe: it keeps no per-call state beyond caches of immutable answers.
 */
final class LambdaSession implements ProviderSession, Rollback {

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
    /** The unit setting with the Lambda runtime packaging selected for the compiled Java level ({@code java21}). */
    static final String RUNTIME_SETTING = "java.runtime";

    /** Concurrent reads while listing, bounded so a large set does not trip the control plane's request-rate quota. */
    private static final int LIST_PARALLELISM = 8;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final String URL_PERMISSION = "faasport-url";
    private static final String URL_INVOKE_PERMISSION = "faasport-url-invoke";

    private final AwsSettings settings;
    private final AwsClients clients;
    private final ProviderConfig.Log log;
    private final ConcurrentMap<String, String> lambdaNames = new ConcurrentHashMap<>();
    private final Object roleLock = new Object();
    private final Object bucketLock = new Object();
    private volatile String roleArn;
    private volatile String bucketReady;
    private volatile boolean queuePolicyAttached;
    private final EventTriggers triggers;
    private final HttpApis apis;
    private final EcrImages images;
    private final SecretGrants grants;
    /** The build's target/faas, where faas:package leaves manifest.json: doctor checks the images it lists. */
    private final Path workDir;
    private final Object readerLock = new Object();
    /** Shared-layer SHA-256 to its published layer version ARN: one PublishLayerVersion per layer per session. */
    private final ConcurrentMap<String, String> layerArns = new ConcurrentHashMap<>();
    private final Object layerLock = new Object();
    private ExecutorService readers;

    LambdaSession(AwsSettings settings, AwsClients clients, ProviderConfig.Log log, Path workDir) {
        this.settings = settings;
        this.workDir = workDir;
        this.clients = clients;
        this.log = log == null ? ProviderConfig.Log.silent() : log;
        this.roleArn = settings.role();
        this.triggers = new EventTriggers(clients, settings, this.log);
        this.apis = new HttpApis(clients, settings, this.log);
        this.images = new EcrImages(clients, settings, this.log);
        this.grants = new SecretGrants(clients, this.log);
    }

    // ---------------------------------------------------------------- list

    @Override
    public List<DeployedUnit> list() throws ProviderException {
        List<DeployedUnit> units = new ArrayList<>();
        String what = "Listing the Lambda functions of set '" + settings.setName() + "'";
        try {
            // tags, alias and URL are one call each per function: read them concurrently, or a 20-function set
            // at 100 ms per call takes 6 s just to find that nothing changed
            List<Future<Optional<DeployedUnit>>> reads = new ArrayList<>();
            for (FunctionConfiguration fc : lambda().listFunctionsPaginator(b -> { }).functions()) {
                reads.add(readers().submit(() -> {
                    // GetFunction answers tags and reserved concurrency in one call, where ListTags answers tags only
                    GetFunctionResponse r = lambda().getFunction(b -> b.functionName(fc.functionArn()));
                    Map<String, String> tags = r.tags() == null ? Map.of() : r.tags();
                    return settings.setName().equals(tags.get(TAG_SET)) ? Optional.of(describe(r)) : Optional.empty();
                }));
            }
            for (Future<Optional<DeployedUnit>> read : reads) {
                read.get().ifPresent(units::add);
            }
        } catch (ExecutionException e) {
            throw AwsErrors.map(what, null, e.getCause() instanceof Exception c ? c : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.transientFailure(what + " was interrupted", null, e);
        } catch (RuntimeException e) {
            throw AwsErrors.map(what, null, e);
        }
        units.sort(java.util.Comparator.comparing(DeployedUnit::name));
        return units;
    }

    private DeployedUnit describe(GetFunctionResponse r) {
        FunctionConfiguration fc = r.configuration();
        Map<String, String> tags = r.tags() == null ? Map.of() : r.tags();
        String name = fc.functionName();
        String function = tags.getOrDefault(TAG_FUNCTION, name);
        lambdaNames.put(function, name);
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
            attributes.put("layers", String.join(",", fc.layers().stream()
                    .map(software.amazon.awssdk.services.lambda.model.Layer::arn).toList()));
        }
        Optional<AliasConfiguration> alias = alias(name);
        attributes.put("version", alias.map(AliasConfiguration::functionVersion).orElse("none"));
        Map<String, String> endpoints = new TreeMap<>();
        String kind = tags.get(TAG_TRIGGER);
        boolean gateway = "apigateway".equals(tags.get(TAG_HTTP));
        Optional<GetFunctionUrlConfigResponse> url = alias.isPresent() && !gateway
                && (kind == null || kind.equals("http")) ? urlConfig(name) : Optional.empty();
        url.ifPresent(u -> {
            endpoints.put(function, u.functionUrl());
            attributes.put("urlAuthType", u.authTypeAsString());
        });
        Optional<Map.Entry<Trigger.Http, String>> api = gateway ? readApi(name) : Optional.empty();
        api.ifPresent(a -> {
            endpoints.put(function, a.getValue());
            attributes.put("http", "apigateway");
        });
        List<FunctionSpec> functions = new ArrayList<>();
        String handler = tags.get(TAG_HANDLER) == null || tags.get(TAG_HANDLER).isEmpty() ? null
                : TagValues.decode(tags.get(TAG_HANDLER));
        String shape = tags.get(TAG_SHAPE);
        Optional<Trigger> trigger = api.isPresent() ? Optional.of(api.get().getKey())
                : liveTrigger(name, kind, tags.get(TAG_BUCKET), url);
        if (handler != null && shape != null && trigger.isPresent()) {
            try {
                Map<String, String> env = new TreeMap<>(fc.environment() == null || fc.environment().variables() == null
                        ? Map.of() : fc.environment().variables());
                Map<String, String> secrets = new TreeMap<>();
                env.forEach((k, v) -> {
                    if (k.startsWith(dev.faasport.spi.FaasportEnvironment.SECRET_PREFIX)) {
                        secrets.put(k.substring(dev.faasport.spi.FaasportEnvironment.SECRET_PREFIX.length()), v);
                    }
                });
                env.keySet().removeIf(k -> k.startsWith(dev.faasport.spi.FaasportEnvironment.PREFIX));
                Integer reserved = r.concurrency() == null ? null : r.concurrency().reservedConcurrentExecutions();
                Map<String, String> options = new TreeMap<>();
                if (fc.snapStart() != null && fc.snapStart().applyOn() == SnapStartApplyOn.PUBLISHED_VERSIONS) {
                    options.put("aws.snapStart", "true");
                }
                functions.add(new FunctionSpec(function, handler, FunctionShape.valueOf(shape), trigger.get(),
                        fc.memorySize() == null ? 0 : fc.memorySize(), fc.timeout() == null ? 0 : fc.timeout(),
                        env, reserved == null ? 0 : reserved,
                        // one call less per function on every plan; functions deployed before the tag are read
                        alias.isPresent() && !"0".equals(tags.get(TAG_MIN_INSTANCES)) ? provisioned(name) : 0,
                        image ? FunctionSpec.PackageType.IMAGE : FunctionSpec.PackageType.ZIP, options, secrets));
            } catch (IllegalArgumentException ignored) {
                // a tag edited by hand: the unit is still listed, only without its live specification
            }
        }
        return new DeployedUnit(settings.setName(), name, tags.get(TAG_CODE), tags.get(TAG_CONFIG), functions,
                endpoints, attributes);
    }

    /**
     * Reads the trigger back from where it lives: the function URL, the SQS event source mapping, the EventBridge rule
     * or the bucket notification; the trigger-kind tag says where to look, so each function costs one read.
     */
    private Optional<Trigger> liveTrigger(String name, String kind, String bucket,
                                          Optional<GetFunctionUrlConfigResponse> url) {
        if (url.isPresent()) {
            return Optional.of(new Trigger.Http(List.of(), url.get().authType() == FunctionUrlAuthType.NONE));
        }
        try {
            return switch (kind == null ? "" : kind) {
                case "http" -> Optional.of(new Trigger.Http(List.of(), false));
                case "queue" -> triggers.readQueue(name).map(Trigger.class::cast);
                case "schedule" -> triggers.readSchedule(name).map(Trigger.class::cast);
                case "storage" -> bucket == null ? Optional.empty()
                        : triggers.readStorage(name, bucket).map(Trigger.class::cast);
                default -> Optional.empty();
            };
        } catch (RuntimeException e) {
            // inventory is best effort: without sqs/events/s3 read rights the unit is listed without its spec
            log.debug("Could not read the " + kind + " trigger of Lambda function '" + name + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Map.Entry<Trigger.Http, String>> readApi(String name) {
        try {
            return apis.read(name);
        } catch (RuntimeException e) {
            // like the other triggers: without apigateway read rights the unit is listed without its endpoint
            log.debug("Could not read the HTTP API of Lambda function '" + name + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    /** @return the provisioned concurrency requested on the alias, 0 when none */
    private int provisioned(String name) {
        try {
            Integer n = lambda().getProvisionedConcurrencyConfig(b -> b.functionName(name).qualifier(settings.alias()))
                    .requestedProvisionedConcurrentExecutions();
            return n == null ? 0 : n;
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e) || AwsErrors.code(e).equals("ProvisionedConcurrencyConfigNotFoundException")) {
                return 0;
            }
            throw e;
        }
    }

    private DeployedUnit describe(String name) throws ProviderException {
        try {
            return describe(lambda().getFunction(b -> b.functionName(name)));
        } catch (RuntimeException e) {
            throw AwsErrors.map("Reading Lambda function '" + name + "'", name, e);
        }
    }

    // ---------------------------------------------------------------- apply

    @Override
    public DeployedUnit apply(UnitUpdate change) throws ProviderException {
        return deploy(Objects.requireNonNull(change, "change"));
    }

    /**
     * Reads what Lambda and S3 will check later, before anything changes: each queue's visibility timeout, and the
     * entries a storage trigger's bucket keeps beside this set's.
     */
    @Override
    public void verify(List<DeployUnit> units) throws ProviderException {
        List<ProviderException> problems = new ArrayList<>();
        java.util.Set<String> rewritten = new java.util.HashSet<>();
        units.forEach(u -> rewritten.add(EventTriggers.notificationId(u.name())));
        for (DeployUnit unit : units) {
            for (FunctionSpec f : unit.functions()) {
                try {
                    for (Map.Entry<String, String> ref : f.secrets().entrySet()) {
                        grants.requireExists(f.name(), ref.getKey(), ref.getValue());
                    }
                    if (f.trigger() instanceof Trigger.Queue q) {
                        triggers.requireVisibilityTimeout(f.name(), q, f.timeoutSeconds());
                    } else if (f.trigger() instanceof Trigger.Storage st) {
                        triggers.requireNoOverlap(f.name(), st, rewritten);
                    }
                } catch (ProviderException e) {
                    problems.add(e);
                } catch (RuntimeException e) {
                    problems.add(AwsErrors.map("Reading the " + f.trigger().kind() + " trigger of '" + f.name() + "'",
                            f.name(), e));
                }
            }
        }
        if (problems.size() == 1) {
            throw problems.get(0);
        }
        if (!problems.isEmpty()) {
            throw ProviderException.permanent(String.join("; ", problems.stream().map(Throwable::getMessage).toList()),
                    String.join("; ", problems.stream().map(ProviderException::suggestion).toList()));
        }
    }

    private DeployedUnit deploy(UnitUpdate change) throws ProviderException {
        DeployUnit unit = change.desired();
        FunctionSpec f = unit.function();
        String name = unit.name();
        EcrImages.ImageRef image = validate(unit, f);
        settings.requireRoleSource();

        String role = role();
        Optional<GetFunctionResponse> existing = getFunction(name);
        if (existing.isPresent()) {
            requireOwned(name, existing.get().tags());
            requireSamePackageType(unit, existing.get());
        }
        if (image != null) {
            // normally pushed already by faas:package; creating it here tags it for the set and makes a rerun converge
            images.ensure(image);
        }
        String previousKind = existing.map(e -> tag(e, TAG_TRIGGER)).orElse(null);
        String previousBucket = existing.map(e -> tag(e, TAG_BUCKET)).orElse(null);
        String previousHttp = existing.map(e -> tag(e, TAG_HTTP)).orElse(null);
        List<String> layers = layers(unit);
        // before the code can start: its cold start reads the secrets with this role
        if (!f.secrets().isEmpty()) {
            grants.grant(role, name, f.secrets().values(), clients.region().id(), accountId());
        } else if (existing.isPresent() && referencesSecrets(existing.get())) {
            grants.revoke(existing.get().configuration().role(), name);
        }
        try {
            if (existing.isEmpty()) {
                existing = create(unit, f, role, layers);
                previousKind = existing.map(e -> tag(e, TAG_TRIGGER)).orElse(null);
                previousBucket = existing.map(e -> tag(e, TAG_BUCKET)).orElse(null);
            }
            boolean created = existing.isEmpty();
            boolean configChanged = created || update(change, unit, f, role, layers, existing.get());
            String arn = existingArn(name);
            String version = publish(name);
            moveAlias(name, version);
            if (configChanged) {
                reconcileConcurrency(name, f, created);
            }
            boolean gateway = "apigateway".equals(settings.http());
            // the other way of exposing HTTP is removed, so switching aws.http converges to one endpoint
            reconcileUrl(name, gateway ? null : f.trigger());
            if ((gateway && f.trigger() instanceof Trigger.Http) || "apigateway".equals(previousHttp)) {
                apis.reconcile(name, f.name(), arn + ":" + settings.alias(),
                        gateway && f.trigger() instanceof Trigger.Http h ? h : null);
            }
            if (settings.role() == null && f.trigger() instanceof Trigger.Queue) {
                allowQueueReads();
            }
            triggers.reconcile(name, f.name(), arn + ":" + settings.alias(), f.trigger(), previousKind);
            triggers.reconcileStorage(name, arn + ":" + settings.alias(),
                    f.trigger() instanceof Trigger.Storage st ? st : null, previousBucket);
            // the hashes go last: until here a rerun must see this unit as changed
            lambda().tagResource(b -> b.resource(arn).tags(tags(unit, f, unit.artifact().sha256(),
                    unit.configHash())));
            log.info("Lambda function '" + name + "' is at version " + version + " behind alias " + settings.alias());
        } catch (RuntimeException e) {
            throw AwsErrors.map("Deploying Lambda function '" + name + "'", name, e);
        }
        lambdaNames.put(f.name(), name);
        return describe(name);
    }

    /** @return the checked image reference of a container-image unit, null for a zip unit */
    private EcrImages.ImageRef validate(DeployUnit unit, FunctionSpec f) throws ProviderException {
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
            EcrImages.ImageRef ref = images.checkForLambda(f.name(), a.imageRef());
            // faas:package builds the image's platform from the set's <settings>, not from the provider properties
            String built = unit.settings().getOrDefault("aws.architecture", "x86_64").trim().toLowerCase(java.util.Locale.ROOT);
            if (!built.equals(settings.architecture())) {
                throw ProviderException.permanent("The image of function '" + f.name() + "' was built for " + built
                        + " but the AWS provider deploys it as " + settings.architecture() + " (aws.architecture)",
                        "set the same aws.architecture in the plugin's <settings> (used by faas:package) and in the"
                        + " provider properties, then run faas:deploy again");
            }
            if (!explicitLayers(unit).isEmpty()) {
                throw ProviderException.permanent("Function '" + f.name() + "' is a container image and sets aws.layers,"
                        + " but Lambda functions of package type Image take no layers", "remove aws.layers for "
                        + "function '" + f.name() + "' (its image holds its dependencies) or use packageType zip");
            }
            if (Boolean.parseBoolean(f.option("aws.snapStart", "false"))) {
                throw ProviderException.permanent("Function '" + f.name() + "' is a container image with "
                        + "aws.snapStart=true, but Lambda SnapStart does not apply to container images",
                        "remove aws.snapStart for function '" + f.name() + "' or use packageType zip");
            }
            return ref;
        }
        if (!AwsSettings.RUNTIME.matcher(runtime(unit)).matches()) {
            throw ProviderException.permanent("Function '" + f.name() + "' was packaged for Lambda runtime '"
                    + runtime(unit) + "' (" + RUNTIME_SETTING + "), which is not a Lambda Java runtime",
                    "run faas:package again, or set aws.runtime to a runtime such as java17, java21 or java25");
        }
        if (a == null || a.path() == null || !Files.isRegularFile(a.path())) {
            throw ProviderException.permanent("The package of function '" + f.name() + "' is missing ("
                    + (a == null ? "no artifact" : a.path()) + ")", "run faas:package before faas:deploy");
        }
        return null;
    }

    /** A unit deploys as a container image when packaging built one for it (or its function asks for one). */
    private static boolean isImage(DeployUnit unit) {
        return (unit.artifact() != null && unit.artifact().format() == PackageFormat.OCI_IMAGE)
                || unit.function().packageType() == FunctionSpec.PackageType.IMAGE;
    }

    /**
     * @return the runtime packaging selected for the compiled Java level ({@code java.runtime}), else
     *         {@code aws.runtime}, else the provider's default
     */
    private String runtime(DeployUnit unit) {
        String selected = unit.settings().get(RUNTIME_SETTING);
        return selected == null || selected.isBlank() ? settings.runtime() : selected.trim();
    }

    /**
     * Lambda cannot change a function's PackageType in place. Deleting and recreating it would change its ARN-bound
     * state that callers see (function URL, versions, permissions), so the switch is left to the user.
     */
    private void requireSamePackageType(DeployUnit unit, GetFunctionResponse existing) throws ProviderException {
        boolean deployedImage = existing.configuration().packageType() == PackageType.IMAGE;
        boolean wantImage = isImage(unit);
        if (deployedImage != wantImage) {
            String from = deployedImage ? "a container image" : "a zip";
            String to = wantImage ? "a container image" : "a zip";
            throw ProviderException.permanent("Lambda function '" + unit.name() + "' is deployed as " + from
                    + " and function '" + unit.function().name() + "' is now packaged as " + to + ", which Lambda cannot "
                    + "change in place (PackageType is fixed at creation)", "delete Lambda function '" + unit.name()
                    + "' first (aws lambda delete-function --function-name " + unit.name() + ", or faas:remove for the"
                    + " whole set) and run faas:deploy again, which recreates it with a new function URL and version 1;"
                    + " or give function '" + unit.function().name() + "' a new name");
        }
    }

    private Optional<GetFunctionResponse> create(DeployUnit unit, FunctionSpec f, String role, List<String> layers)
            throws ProviderException {
        String name = unit.name();
        boolean image = isImage(unit);
        FunctionCode.Builder code = FunctionCode.builder();
        if (image) {
            code.imageUri(unit.artifact().imageRef());
        } else {
            Optional<String[]> s3 = stageInS3(unit);
            if (s3.isPresent()) {
                code.s3Bucket(s3.get()[0]).s3Key(s3.get()[1]);
            } else {
                code.zipFile(SdkBytes.fromByteArray(read(unit.artifact().path(), f.name())));
            }
        }
        CreateFunctionRequest.Builder req = CreateFunctionRequest.builder()
                .functionName(name)
                .description("Faasport function " + f.name() + " of set " + unit.setName())
                .role(role)
                .code(code.build())
                .memorySize(f.memoryMb())
                .timeout(f.timeoutSeconds())
                .environment(environment(f))
                .architecturesWithStrings(settings.architecture())
                .tags(tags(unit, f, PENDING, PENDING))
                .publish(false)
                .overrideConfiguration(clients.upload(image ? 0 : unit.artifact().zippedBytes()));
        if (image) {
            // the image's CMD names the handler and its base image the runtime: Lambda rejects both for images
            req.packageType(PackageType.IMAGE);
        } else {
            req.packageType(PackageType.ZIP).runtime(runtime(unit)).handler(LAMBDA_HANDLER);
            if (!layers.isEmpty()) {
                req.layers(layers);
            }
            snapStart(f).ifPresent(req::snapStart);
        }
        try {
            lambda().createFunction(req.build());
            log.info("Created Lambda function '" + name + "'");
        } catch (RuntimeException e) {
            if (AwsErrors.code(e).equals("ResourceConflictException")) {
                // created meanwhile (a killed build, another session): converge by updating it
                Optional<GetFunctionResponse> found = getFunction(name);
                if (found.isPresent()) {
                    requireOwned(name, found.get().tags());
                    requireSamePackageType(unit, found.get());
                    return found;
                }
            }
            throw AwsErrors.map("CreateFunction for '" + name + "'", f.name(), e);
        }
        waitReady(name);
        return Optional.empty();
    }

    /** @return whether the configuration was updated */
    private boolean update(UnitUpdate change, DeployUnit unit, FunctionSpec f, String role, List<String> layers,
                           GetFunctionResponse existing) throws ProviderException {
        String name = unit.name();
        Map<String, String> tags = existing.tags() == null ? Map.of() : existing.tags();
        FunctionConfiguration fc = existing.configuration();
        UnitUpdate.Kind kind = change.kind();
        boolean image = isImage(unit);
        boolean code = kind == UnitUpdate.Kind.UPDATE || kind == UnitUpdate.Kind.UPDATE_CODE
                || !unit.artifact().sha256().equals(tags.get(TAG_CODE))
                || !fc.architecturesAsStrings().contains(settings.architecture());
        boolean config = kind == UnitUpdate.Kind.UPDATE || kind == UnitUpdate.Kind.UPDATE_CONFIG
                || !Objects.equals(unit.configHash(), tags.get(TAG_CONFIG))
                || (!image && (!runtime(unit).equals(fc.runtimeAsString()) || !LAMBDA_HANDLER.equals(fc.handler())))
                || !role.equals(fc.role())
                || !layers.equals(fc.layers().stream().map(software.amazon.awssdk.services.lambda.model.Layer::arn).toList());
        waitReady(name);
        if (code) {
            UpdateFunctionCodeRequest.Builder req = UpdateFunctionCodeRequest.builder().functionName(name)
                    .architecturesWithStrings(settings.architecture()).publish(false);
            if (image) {
                req.imageUri(unit.artifact().imageRef());
            } else {
                Optional<String[]> s3 = stageInS3(unit);
                if (s3.isPresent()) {
                    req.s3Bucket(s3.get()[0]).s3Key(s3.get()[1]);
                } else {
                    req.zipFile(SdkBytes.fromByteArray(read(unit.artifact().path(), f.name())));
                }
            }
            lambda().updateFunctionCode(req.overrideConfiguration(clients.upload(image ? 0 : unit.artifact().zippedBytes()))
                    .build());
            log.info("Updated the code of Lambda function '" + name + "'");
            waitReady(name);
        }
        if (config) {
            UpdateFunctionConfigurationRequest.Builder req = UpdateFunctionConfigurationRequest.builder()
                    .functionName(name)
                    .role(role)
                    .memorySize(f.memoryMb())
                    .timeout(f.timeoutSeconds())
                    .environment(environment(f))
                    .description("Faasport function " + f.name() + " of set " + unit.setName());
            if (!image) {
                req.runtime(runtime(unit)).handler(LAMBDA_HANDLER)
                        .layers(layers); // an empty list detaches layers the function no longer uses
                snapStart(f).ifPresent(req::snapStart);
            }
            lambda().updateFunctionConfiguration(req.build());
            log.info("Updated the configuration of Lambda function '" + name + "'");
            waitReady(name);
        }
        return config;
    }

    /**
     * @return the layer version ARNs the unit's function runs with: the set's shared dependency layer (published once
     *         per content hash) followed by the extra ARNs of the {@code aws.layers} setting
     */
    private List<String> layers(DeployUnit unit) throws ProviderException {
        if (isImage(unit)) {
            return List.of(); // an image holds its dependencies; validate() rejected explicit layers
        }
        List<String> out = new ArrayList<>();
        String path = unit.settings().get("aws.layer.path");
        if (path != null && !path.isBlank()) {
            out.add(sharedLayer(unit, Path.of(path)));
        }
        out.addAll(explicitLayers(unit));
        return out;
    }

    /** @return the layer ARNs of the unit's {@code aws.layers} setting */
    private static List<String> explicitLayers(DeployUnit unit) {
        List<String> out = new ArrayList<>();
        String extra = unit.settings().get("aws.layers");
        if (extra != null) {
            for (String arn : extra.split(",")) {
                if (!arn.isBlank()) {
                    out.add(arn.trim());
                }
            }
        }
        return out;
    }

    /**
     * Finds the layer version whose description carries the layer zip's SHA-256 (layers take no tags), or publishes
     * it: a rerun, another session or a killed build that already published it reuses that version.
     */
    private String sharedLayer(DeployUnit unit, Path zip) throws ProviderException {
        if (!Files.isRegularFile(zip)) {
            throw ProviderException.permanent("The shared layer " + zip + " of function '" + unit.name()
                    + "' is missing", "run faas:package before faas:deploy");
        }
        String sha = unit.settings().get("aws.layer.sha256");
        if (sha == null || sha.isBlank()) {
            sha = sha256(zip);
        }
        String known = layerArns.get(sha);
        if (known != null) {
            return known;
        }
        synchronized (layerLock) {
            known = layerArns.get(sha);
            if (known != null) {
                return known;
            }
            String name = layerName();
            String marker = "sha256:" + sha;
            String arn = null;
            try {
                try {
                    for (var v : lambda().listLayerVersionsPaginator(b -> b.layerName(name)).layerVersions()) {
                        if (v.description() != null && v.description().startsWith(marker)) {
                            arn = v.layerVersionArn();
                            break;
                        }
                    }
                } catch (RuntimeException e) {
                    if (!AwsErrors.notFound(e)) {
                        throw e;
                    }
                }
                if (arn == null) {
                    var content = software.amazon.awssdk.services.lambda.model.LayerVersionContentInput.builder();
                    Optional<String[]> s3 = stageInS3(zip, "faasport/" + settings.setName() + "/layers/" + sha + ".zip",
                            "the shared layer of set '" + settings.setName() + "'");
                    if (s3.isPresent()) {
                        content.s3Bucket(s3.get()[0]).s3Key(s3.get()[1]);
                    } else {
                        content.zipFile(SdkBytes.fromByteArray(read(zip, unit.name())));
                    }
                    String description = marker + " shared dependencies of Faasport set " + settings.setName();
                    long layerBytes = zip.toFile().length();
                    arn = lambda().publishLayerVersion(b -> b.layerName(name)
                            .overrideConfiguration(clients.upload(layerBytes))
                            .description(description.length() > 256 ? description.substring(0, 256) : description)
                            .content(content.build())
                            .compatibleRuntimesWithStrings(runtime(unit))
                            .compatibleArchitecturesWithStrings(settings.architecture())).layerVersionArn();
                    log.info("Published the shared layer " + arn);
                }
            } catch (RuntimeException e) {
                throw AwsErrors.map("Publishing the shared layer " + name, unit.name(), e);
            }
            layerArns.put(sha, arn);
            return arn;
        }
    }

    /** Layer names allow 140 characters of [a-zA-Z0-9-_]. */
    private String layerName() {
        String name = "faasport-" + settings.setName().replaceAll("[^a-zA-Z0-9_-]", "-") + "-deps";
        return name.length() > 140 ? name.substring(0, 140) : name;
    }

    private static String sha256(Path file) throws ProviderException {
        try (var in = Files.newInputStream(file)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw ProviderException.permanent("Hashing " + file + " failed: " + e.getMessage(), "run faas:package again");
        }
    }

    /** The user's variables plus Faasport's own, the same map faas:check measured against Lambda's 4 KB. */
    private static Environment environment(FunctionSpec f) {
        return Environment.builder().variables(dev.faasport.spi.FaasportEnvironment.deployed(AwsProvider.ID, f)).build();
    }

    private static Optional<SnapStart> snapStart(FunctionSpec f) {
        String v = f.option("aws.snapStart", null);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(SnapStart.builder().applyOn(Boolean.parseBoolean(v)
                ? SnapStartApplyOn.PUBLISHED_VERSIONS : SnapStartApplyOn.NONE).build());
    }

    private Map<String, String> tags(DeployUnit unit, FunctionSpec f, String codeSha, String configHash) {
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

    private String publish(String name) {
        // Lambda returns the existing version when nothing changed since the last publish, so a rerun adds none
        return lambda().publishVersion(b -> b.functionName(name)
                .description("published by Faasport for set " + settings.setName())).version();
    }

    private void moveAlias(String name, String version) {
        Optional<AliasConfiguration> alias = alias(name);
        if (alias.isPresent()) {
            if (!version.equals(alias.get().functionVersion())) {
                lambda().updateAlias(b -> b.functionName(name).name(settings.alias()).functionVersion(version));
            }
        } else {
            lambda().createAlias(b -> b.functionName(name).name(settings.alias()).functionVersion(version)
                    .description("moved by Faasport after each successful deploy"));
        }
    }

    /** maxConcurrency is the function's reserved concurrency; minInstances is provisioned on the alias. */
    private void reconcileConcurrency(String name, FunctionSpec f, boolean created) {
        if (f.maxConcurrency() > 0) {
            lambda().putFunctionConcurrency(b -> b.functionName(name).reservedConcurrentExecutions(f.maxConcurrency()));
        } else if (!created
                && lambda().getFunctionConcurrency(b -> b.functionName(name)).reservedConcurrentExecutions() != null) {
            lambda().deleteFunctionConcurrency(b -> b.functionName(name));
        }
        if (f.minInstances() > 0) {
            lambda().putProvisionedConcurrencyConfig(b -> b.functionName(name).qualifier(settings.alias())
                    .provisionedConcurrentExecutions(f.minInstances()));
        } else if (!created) {
            try {
                lambda().deleteProvisionedConcurrencyConfig(b -> b.functionName(name).qualifier(settings.alias()));
            } catch (RuntimeException e) {
                if (!AwsErrors.notFound(e)) {
                    throw e;
                }
            }
        }
    }

    private void reconcileUrl(String name, Trigger trigger) {
        Optional<GetFunctionUrlConfigResponse> current = urlConfig(name);
        if (trigger instanceof Trigger.Http http) {
            FunctionUrlAuthType auth = http.publicAccess() ? FunctionUrlAuthType.NONE : FunctionUrlAuthType.AWS_IAM;
            if (current.isEmpty()) {
                lambda().createFunctionUrlConfig(b -> b.functionName(name).qualifier(settings.alias()).authType(auth));
            } else if (current.get().authType() != auth) {
                lambda().updateFunctionUrlConfig(b -> b.functionName(name).qualifier(settings.alias()).authType(auth));
            }
            if (http.publicAccess()) {
                // since 2025-10 a public URL needs both statements: InvokeFunctionUrl and InvokeFunction via the URL
                LambdaPermissions.add(lambda(), name, settings.alias(), URL_PERMISSION, b -> b.action("lambda:InvokeFunctionUrl").principal("*")
                        .functionUrlAuthType(FunctionUrlAuthType.NONE));
                LambdaPermissions.add(lambda(), name, settings.alias(), URL_INVOKE_PERMISSION, b -> b.action("lambda:InvokeFunction").principal("*")
                        .invokedViaFunctionUrl(true));
            } else {
                LambdaPermissions.remove(lambda(), name, settings.alias(), URL_PERMISSION);
                LambdaPermissions.remove(lambda(), name, settings.alias(), URL_INVOKE_PERMISSION);
            }
        } else if (current.isPresent()) {
            lambda().deleteFunctionUrlConfig(b -> b.functionName(name).qualifier(settings.alias()));
            LambdaPermissions.remove(lambda(), name, settings.alias(), URL_PERMISSION);
            LambdaPermissions.remove(lambda(), name, settings.alias(), URL_INVOKE_PERMISSION);
        }
    }

    /** Waits until the function left Pending and no update is in progress. */
    private void waitReady(String name) throws ProviderException {
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (true) {
            software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse fc;
            try {
                fc = lambda().getFunctionConfiguration(b -> b.functionName(name));
            } catch (RuntimeException e) {
                ProviderException pe = AwsErrors.map("Waiting for Lambda function '" + name + "'", name, e);
                if (!pe.retryable()) {
                    throw pe;
                }
                fc = null; // a throttled poll: poll again
            }
            if (fc != null) {
                if (fc.state() == State.FAILED) {
                    throw ProviderException.permanent("Lambda function '" + name + "' failed to start: "
                                    + fc.stateReasonCode() + ": " + fc.stateReason(),
                            "fix the cause above and run faas:deploy again");
                }
                if (fc.lastUpdateStatus() == LastUpdateStatus.FAILED) {
                    throw ProviderException.permanent("Updating Lambda function '" + name + "' failed: "
                                    + fc.lastUpdateStatusReasonCode() + ": " + fc.lastUpdateStatusReason(),
                            "fix the cause above and run faas:deploy again");
                }
                boolean pending = fc.state() == State.PENDING;
                boolean inProgress = fc.lastUpdateStatus() == LastUpdateStatus.IN_PROGRESS;
                if (!pending && !inProgress) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw ProviderException.transientFailure("Lambda function '" + name + "' is still updating after "
                        + settings.maxWait().toSeconds() + " s", Duration.ofSeconds(5), null);
            }
            sleep(settings.pollInterval());
        }
    }

    // ---------------------------------------------------------------- S3 staging and role

    /** @return bucket and key when the package is too large for a direct upload, after uploading it there */
    private Optional<String[]> stageInS3(DeployUnit unit) throws ProviderException {
        Artifact a = unit.artifact();
        return stageInS3(a.path(), "faasport/" + unit.setName() + "/" + unit.name() + "/" + a.sha256() + ".zip",
                "the package of '" + unit.name() + "'");
    }

    /** @return bucket and key when the zip is too large for a direct upload, after uploading it there */
    private Optional<String[]> stageInS3(Path zip, String key, String what) throws ProviderException {
        long size;
        try {
            size = Files.size(zip);
        } catch (java.io.IOException e) {
            throw AwsErrors.map("Reading " + what, null, e);
        }
        if (size <= settings.directUploadMaxBytes()) {
            return Optional.empty();
        }
        String bucket = bucket();
        try {
            boolean present;
            try {
                clients.s3().headObject(b -> b.bucket(bucket).key(key));
                present = true;
            } catch (RuntimeException e) {
                if (!AwsErrors.notFound(e) && !(e instanceof software.amazon.awssdk.services.s3.model.NoSuchKeyException)) {
                    throw e;
                }
                present = false;
            }
            if (!present) {
                // the key holds the archive's hash, so an object already there is the same package
                clients.s3().putObject(b -> b.bucket(bucket).key(key).contentType("application/zip")
                                .overrideConfiguration(clients.upload(size)), RequestBody.fromFile(zip));
                log.info("Uploaded " + what + " (" + size + " bytes) to s3://" + bucket + "/" + key);
            }
        } catch (RuntimeException e) {
            throw AwsErrors.map("Uploading " + what + " to s3://" + bucket, null, e);
        }
        return Optional.of(new String[] {bucket, key});
    }

    private String bucket() throws ProviderException {
        String bucket = settings.bucket();
        if (bucket == null) {
            bucket = "faasport-" + accountId() + "-" + clients.region().id();
        }
        if (bucket.equals(bucketReady)) {
            return bucket;
        }
        synchronized (bucketLock) {
            if (bucket.equals(bucketReady)) {
                return bucket;
            }
            String b = bucket;
            try {
                try {
                    clients.s3().headBucket(r -> r.bucket(b));
                } catch (RuntimeException e) {
                    if (!AwsErrors.notFound(e) && !(e instanceof software.amazon.awssdk.services.s3.model.NoSuchBucketException)) {
                        throw e;
                    }
                    clients.s3().createBucket(r -> {
                        r.bucket(b);
                        if (!clients.region().id().equals("us-east-1")) {
                            r.createBucketConfiguration(c -> c.locationConstraint(
                                    BucketLocationConstraint.fromValue(clients.region().id())));
                        }
                    });
                    log.info("Created the deployment bucket s3://" + b);
                    try {
                        clients.s3().putBucketTagging(r -> r.bucket(b).tagging(Tagging.builder().tagSet(
                                Tag.builder().key(TAG_SET).value(settings.setName()).build(),
                                Tag.builder().key("faasport-purpose").value("deployment-packages").build()).build()));
                    } catch (RuntimeException tagging) {
                        // an untagged bucket still deploys; some S3 emulators do not implement bucket tagging
                        log.warn("Could not tag the deployment bucket s3://" + b + ": " + tagging.getMessage());
                    }
                }
            } catch (RuntimeException e) {
                throw AwsErrors.map("Preparing the deployment bucket s3://" + b, null, e);
            }
            bucketReady = bucket;
            return bucket;
        }
    }

    private String accountId() throws ProviderException {
        try {
            return clients.sts().getCallerIdentity().account();
        } catch (RuntimeException e) {
            throw AwsErrors.map("Finding the AWS account (STS GetCallerIdentity)", null, e);
        }
    }

    private String role() throws ProviderException {
        if (roleArn != null) {
            return roleArn;
        }
        synchronized (roleLock) {
            if (roleArn != null) {
                return roleArn;
            }
            String roleName = roleName();
            try {
                try {
                    roleArn = clients.iam().getRole(b -> b.roleName(roleName)).role().arn();
                } catch (RuntimeException e) {
                    if (!AwsErrors.notFound(e)) {
                        throw e;
                    }
                    String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                            + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
                    roleArn = clients.iam().createRole(b -> b.roleName(roleName).assumeRolePolicyDocument(trust)
                            .description("Lambda execution role created by Faasport for set " + settings.setName())
                            .tags(software.amazon.awssdk.services.iam.model.Tag.builder().key(TAG_SET)
                                    .value(settings.setName()).build())).role().arn();
                    log.info("Created the execution role " + roleArn);
                }
                // attaching twice is a no-op, so a killed run that created the role but not the policy converges
                clients.iam().attachRolePolicy(b -> b.roleName(roleName)
                        .policyArn("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
            } catch (RuntimeException e) {
                throw AwsErrors.map("Preparing the execution role " + roleName, null, e);
            }
            return roleArn;
        }
    }

    /** A created role gets SQS read rights only once a function of the set reads a queue. */
    private void allowQueueReads() {
        if (!queuePolicyAttached) {
            clients.iam().attachRolePolicy(b -> b.roleName(roleName())
                    .policyArn("arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"));
            queuePolicyAttached = true;
        }
    }

    private String roleName() {
        String name = "faasport-" + settings.setName().replaceAll("[^\\w+=,.@-]", "-") + "-lambda";
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    // ---------------------------------------------------------------- delete

    @Override
    public void delete(DeployedUnit unit) throws ProviderException {
        String name = unit.name();
        Optional<GetFunctionResponse> existing = getFunction(name);
        if (existing.isEmpty()) {
            return;
        }
        requireOwned(name, existing.get().tags());
        try {
            try {
                lambda().deleteFunctionUrlConfig(b -> b.functionName(name).qualifier(settings.alias()));
            } catch (RuntimeException e) {
                if (!AwsErrors.notFound(e)) {
                    throw e;
                }
            }
            if ("apigateway".equals(tag(existing.get(), TAG_HTTP))) {
                apis.reconcile(name, null, null, null);
            }
            // event source mappings and rules outlive their function, so they go first
            triggers.removeAll(name, tag(existing.get(), TAG_TRIGGER), tag(existing.get(), TAG_BUCKET));
            // DeleteFunction also removes its versions, aliases and resource policy
            lambda().deleteFunction(b -> b.functionName(name));
            if (referencesSecrets(existing.get())) {
                grants.revoke(existing.get().configuration().role(), name);
            }
            log.info("Deleted Lambda function '" + name + "'");
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return;
            }
            throw AwsErrors.map("Deleting Lambda function '" + name + "'", name, e);
        }
        lambdaNames.values().remove(name);
    }

    /** @return whether the deployed function reads secrets (its role then holds a grant for it) */
    private static boolean referencesSecrets(GetFunctionResponse f) {
        return f.configuration().environment() != null && f.configuration().environment().variables() != null
                && f.configuration().environment().variables().keySet().stream()
                .anyMatch(k -> k.startsWith(dev.faasport.spi.FaasportEnvironment.SECRET_PREFIX));
    }

    @Override
    public Optional<Boolean> secretExists(String secret) throws ProviderException {
        return Optional.of(grants.exists(secret));
    }

    // ---------------------------------------------------------------- rollback

    @Override
    public List<String> rollback(DeployedUnit unit, String toVersion) throws ProviderException {
        String name = unit.name();
        Optional<GetFunctionResponse> fn = getFunction(name);
        if (fn.isEmpty()) {
            throw ProviderException.permanent("Lambda function '" + name + "' of set '" + settings.setName()
                    + "' is not deployed, so it cannot be rolled back", "check the name with faas:info");
        }
        requireOwned(name, fn.get().tags());
        try {
            Optional<AliasConfiguration> alias = alias(name);
            if (alias.isEmpty()) {
                throw ProviderException.permanent("Lambda function '" + name + "' has no alias '" + settings.alias()
                        + "' to move back", "run faas:deploy first, or set -Dfaas.aws.alias to the alias you use");
            }
            String current = alias.get().functionVersion();
            List<Integer> versions = new ArrayList<>();
            for (FunctionConfiguration v : lambda().listVersionsByFunctionPaginator(b -> b.functionName(name)).versions()) {
                if (v.version() != null && v.version().matches("\\d+")) {
                    versions.add(Integer.parseInt(v.version()));
                }
            }
            versions.sort(null);
            String target;
            if (toVersion != null && !toVersion.isBlank()) {
                target = toVersion.trim();
                if (!target.matches("\\d+") || !versions.contains(Integer.parseInt(target))) {
                    throw ProviderException.permanent("Lambda function '" + name + "' has no version '" + target
                            + "' (published: " + versions + ")", "pass one of the published versions with -Dfaas.version");
                }
            } else {
                int now = current.matches("\\d+") ? Integer.parseInt(current) : Integer.MAX_VALUE;
                Optional<Integer> previous = versions.stream().filter(v -> v < now).reduce((a, b) -> b);
                if (previous.isEmpty()) {
                    throw ProviderException.permanent("Lambda function '" + name + "' has no version before "
                            + current + " to roll back to", "deploy a fixed version instead (faas:deploy)");
                }
                target = String.valueOf(previous.get());
            }
            if (target.equals(current)) {
                return List.of("Lambda function '" + name + "': alias " + settings.alias() + " already at version "
                        + current);
            }
            String to = target;
            lambda().updateAlias(b -> b.functionName(name).name(settings.alias()).functionVersion(to));
            // the recorded hashes describe $LATEST, which the alias no longer runs: the next deploy must not skip it
            String arn = fn.get().configuration().functionArn();
            lambda().tagResource(b -> b.resource(arn).tags(Map.of(TAG_CODE, PENDING, TAG_CONFIG, PENDING)));
            String line = "Lambda function '" + name + "': alias " + settings.alias() + " moved from version "
                    + current + " to " + to;
            log.info(line);
            return List.of(line);
        } catch (RuntimeException e) {
            throw AwsErrors.map("Rolling back Lambda function '" + name + "'", name, e);
        }
    }

    // ---------------------------------------------------------------- invoke and logs

    @Override
    public InvocationResult invoke(String function, Invocation invocation) throws ProviderException {
        String name = lambdaName(function);
        Optional<GetFunctionResponse> fn = getFunction(name);
        if (fn.isEmpty()) {
            throw ProviderException.permanent("Lambda function '" + name + "' of set '" + settings.setName()
                    + "' is not deployed", "run faas:deploy first");
        }
        requireOwned(name, fn.get().tags());
        boolean http = "http".equals(fn.get().tags().get(TAG_TRIGGER));
        byte[] payload = http ? FunctionUrlEvents.request(invocation, clients.region().id(), name)
                : invocation.body();
        InvokeResponse r;
        try {
            Integer configured = fn.get().configuration() == null ? null : fn.get().configuration().timeout();
            int timeout = configured == null ? 0 : configured;
            r = clients.invoker().invoke(b -> b.functionName(name).qualifier(settings.alias())
                    .overrideConfiguration(clients.invocation(timeout))
                    .invocationType(InvocationType.REQUEST_RESPONSE).logType(LogType.TAIL)
                    .payload(SdkBytes.fromByteArray(payload)));
        } catch (RuntimeException e) {
            throw AwsErrors.map("Invoking Lambda function '" + name + "'", function, e);
        }
        List<String> tail = r.logResult() == null ? List.of()
                : new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8).lines().toList();
        byte[] body = r.payload() == null ? new byte[0] : r.payload().asByteArray();
        if (r.functionError() != null) {
            // a function URL answers 502 when the function throws; event functions count as failed (5xx)
            return new InvocationResult(http ? 502 : 500, Map.of("x-amz-function-error", r.functionError(),
                    "content-type", "application/json"), body, tail);
        }
        if (http) {
            return FunctionUrlEvents.response(body, tail);
        }
        return new InvocationResult(200, Map.of("content-type", "application/json"), body, tail);
    }

    @Override
    public List<String> logs(String function, int maxLines) throws ProviderException {
        String name = lambdaName(function);
        String group = "/aws/lambda/" + name;
        Deque<String> lines = new ArrayDeque<>();
        long since = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        try {
            String token = null;
            do {
                String t = token;
                FilterLogEventsResponse r = clients.logs().filterLogEvents(FilterLogEventsRequest.builder()
                        .logGroupName(group).startTime(since).nextToken(t).build());
                for (FilteredLogEvent e : r.events()) {
                    lines.addLast(e.message() == null ? "" : e.message().stripTrailing());
                    while (lines.size() > Math.max(maxLines, 0)) {
                        lines.removeFirst();
                    }
                }
                token = r.nextToken();
            } while (token != null);
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return List.of(); // never invoked: Lambda creates the log group on first run
            }
            throw AwsErrors.map("Reading the CloudWatch logs of '" + name + "'", function, e);
        }
        return List.copyOf(lines);
    }

    // ---------------------------------------------------------------- limits and doctor

    @Override
    public Map<String, Long> liveLimits() throws ProviderException {
        try {
            GetAccountSettingsResponse r = lambda().getAccountSettings();
            Map<String, Long> limits = new TreeMap<>();
            if (r.accountLimit() != null) {
                if (r.accountLimit().codeSizeUnzipped() != null) {
                    limits.put("package.unzipped.bytes", r.accountLimit().codeSizeUnzipped());
                }
                // keys as in faasport-packaging's dev/faasport/limits/aws.json
                if (r.accountLimit().codeSizeZipped() != null) {
                    limits.put("package.zipped.directUpload.bytes", r.accountLimit().codeSizeZipped());
                }
                if (r.accountLimit().concurrentExecutions() != null) {
                    limits.put("concurrency.max", r.accountLimit().concurrentExecutions().longValue());
                }
            }
            return limits;
        } catch (RuntimeException e) {
            throw AwsErrors.map("Reading the Lambda account limits (GetAccountSettings)", null, e);
        }
    }

    @Override
    public List<String> doctor() throws ProviderException {
        List<String> out = new ArrayList<>();
        out.add("region: " + clients.region().id()
                + (settings.endpoint() != null ? " (endpoint " + settings.endpoint() + ")" : ""));
        out.add("credentials: " + settings.profile().map(p -> "profile " + p).orElse("the SDK's default chain"));
        String account;
        GetCallerIdentityResponse id;
        try {
            id = clients.sts().getCallerIdentity();
            account = id.account();
            out.add("identity: OK " + id.arn() + " (account " + id.account() + ")");
        } catch (RuntimeException e) {
            ProviderException pe = AwsErrors.map("STS GetCallerIdentity", null, e);
            out.add("identity: FAILED " + pe.getMessage() + (pe.suggestion() == null ? ""
                    : ", perhaps you should " + pe.suggestion()));
            return out; // without an identity every other check fails the same way
        }
        out.addAll(new AwsPermissions(clients, settings).check(id.arn()));
        try {
            int n = lambda().listFunctions(b -> b.maxItems(50)).functions().size();
            out.add("lambda:ListFunctions: OK (" + n + (n == 50 ? "+" : "") + " functions)");
        } catch (RuntimeException e) {
            ProviderException pe = AwsErrors.map("lambda:ListFunctions", null, e);
            out.add("lambda:ListFunctions: FAILED " + pe.getMessage() + ", perhaps you should " + pe.suggestion());
        }
        if (settings.role() != null) {
            String roleName = settings.role().substring(settings.role().lastIndexOf('/') + 1);
            try {
                GetRoleResponse r = clients.iam().getRole(b -> b.roleName(roleName));
                boolean trusts = r.role().assumeRolePolicyDocument() == null
                        || java.net.URLDecoder.decode(r.role().assumeRolePolicyDocument(), StandardCharsets.UTF_8)
                        .contains("lambda.amazonaws.com");
                out.add("execution role: OK " + r.role().arn() + (trusts ? ""
                        : " (WARNING: its trust policy does not name lambda.amazonaws.com, perhaps you should add it)"));
            } catch (RuntimeException e) {
                ProviderException pe = AwsErrors.map("iam:GetRole " + roleName, null, e);
                out.add("execution role: FAILED " + pe.getMessage() + ", perhaps you should check -Dfaas.aws.role");
            }
        } else {
            out.add("execution role: " + (settings.createRole() ? "will be created as " + roleName()
                    : "MISSING, perhaps you should set -Dfaas.aws.role or -Dfaas.aws.createRole=true"));
        }
        doctorRepositories(out, account);
        return out;
    }

    /**
     * Creates the ECR repositories of aws.ecrRepositories (faas:package pushes the images before any provider call,
     * so a first push needs them to exist already), then checks the images of the last faas:package.
     */
    private void doctorRepositories(List<String> out, String account) {
        for (String r : settings.ecrRepositories()) {
            doctorRepository(out, account, r, "ecr repository " + r + ": ", "(aws.ecrRepositories)");
        }
        packagedImages().forEach((function, ref) -> doctorRepository(out, account, ref,
                "image of function '" + function + "' (" + ref + "): ", function));
    }

    /** @return function name to image reference of the aws units in the last faas:package manifest of this set */
    private Map<String, String> packagedImages() {
        Map<String, String> out = new TreeMap<>();
        Path manifest = workDir == null ? null : workDir.resolve("manifest.json");
        if (manifest == null || !Files.isRegularFile(manifest)) {
            return out;
        }
        try {
            Map<String, Object> doc = dev.faasport.runtime.json.Json.parseObject(Files.readString(manifest));
            if (!settings.setName().equals(doc.get("set")) || !(doc.get("providers") instanceof Map<?, ?> providers)
                    || !(providers.get(AwsProvider.ID) instanceof Map<?, ?> aws)
                    || !(aws.get("units") instanceof List<?> units)) {
                return out;
            }
            for (Object u : units) {
                if (u instanceof Map<?, ?> unit && unit.get("artifact") instanceof Map<?, ?> artifact
                        && artifact.get("imageRef") instanceof String ref) {
                    out.put(String.valueOf(unit.get("name")), ref);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // a missing or damaged manifest only means there is nothing packaged to check
            log.debug("Could not read " + manifest + ": " + e.getMessage());
        }
        return out;
    }

    private void doctorRepository(List<String> out, String account, String entry, String line, String function) {
        try {
            // a bare repository name lives in the caller's registry; a full reference must be one Lambda can pull
            EcrImages.ImageRef ref = EcrImages.parse(entry).host().isEmpty() ? EcrImages.parse(entry)
                    : images.checkForLambda(function, entry);
            if (ref.account() != null && !ref.account().equals(account)) {
                out.add(line + "WARNING: it belongs to account " + ref.account() + ", not " + account
                        + ", perhaps you should grant Lambda and this account pull rights in its repository policy");
            }
            out.add(line + (images.ensure(ref) ? "CREATED" : "OK exists"));
        } catch (ProviderException e) {
            out.add(line + "FAILED " + e.getMessage() + (e.suggestion() == null ? ""
                    : ", perhaps you should " + e.suggestion()));
        } catch (IllegalArgumentException e) {
            out.add(line + "FAILED " + e.getMessage() + ", perhaps you should list repository names such as "
                    + "team/" + settings.setName() + "/<function> in -Dfaas.aws.ecrRepositories");
        }
    }

    @Override
    public void close() {
        synchronized (readerLock) {
            if (readers != null) {
                readers.shutdownNow();
            }
        }
        clients.close();
    }

    // ---------------------------------------------------------------- helpers

    private ExecutorService readers() {
        synchronized (readerLock) {
            if (readers == null) {
                AtomicInteger n = new AtomicInteger();
                readers = Executors.newFixedThreadPool(LIST_PARALLELISM, r -> {
                    Thread t = new Thread(r, "faasport-aws-list-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            }
            return readers;
        }
    }

    private LambdaClient lambda() {
        return clients.lambda();
    }

    private Optional<GetFunctionResponse> getFunction(String name) throws ProviderException {
        try {
            return Optional.of(lambda().getFunction(b -> b.functionName(name)));
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return Optional.empty();
            }
            throw AwsErrors.map("Reading Lambda function '" + name + "'", name, e);
        }
    }

    /** @return a tag's value, null when absent or empty */
    private static String tag(GetFunctionResponse r, String key) {
        String v = r.tags() == null ? null : r.tags().get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    private String existingArn(String name) {
        return lambda().getFunctionConfiguration(b -> b.functionName(name)).functionArn();
    }

    private Optional<AliasConfiguration> alias(String name) {
        try {
            var r = lambda().getAlias(b -> b.functionName(name).name(settings.alias()));
            return Optional.of(AliasConfiguration.builder().name(r.name()).functionVersion(r.functionVersion())
                    .aliasArn(r.aliasArn()).build());
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<GetFunctionUrlConfigResponse> urlConfig(String name) {
        try {
            return Optional.of(lambda().getFunctionUrlConfig(b -> b.functionName(name).qualifier(settings.alias())));
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void requireOwned(String name, Map<String, String> tags) throws ProviderException {
        String set = tags == null ? null : tags.get(TAG_SET);
        if (!settings.setName().equals(set)) {
            throw ProviderException.permanent("Lambda function '" + name + "' exists but is not managed by set '"
                            + settings.setName() + "' (" + TAG_SET + "=" + set + ")",
                    "rename the function in the set, or delete or tag the existing function yourself");
        }
    }

    /** Maps a function name of the set to its Lambda name (the same unless the core prefixed unit names). */
    private String lambdaName(String function) throws ProviderException {
        String known = lambdaNames.get(function);
        if (known != null) {
            return known;
        }
        if (NAME.matcher(function).matches() && getFunction(function).map(r -> settings.setName()
                .equals(r.tags() == null ? null : r.tags().get(TAG_SET))).orElse(false)) {
            return function;
        }
        for (DeployedUnit u : list()) {
            if (u.name().equals(function)) {
                return function;
            }
        }
        String mapped = lambdaNames.get(function);
        if (mapped == null) {
            throw ProviderException.permanent("Function '" + function + "' of set '" + settings.setName()
                    + "' is not deployed on AWS Lambda", "run faas:deploy first or check the name with faas:info");
        }
        return mapped;
    }

    private static byte[] read(Path path, String function) throws ProviderException {
        try {
            return Files.readAllBytes(path);
        } catch (java.io.IOException e) {
            throw ProviderException.permanent("Reading the package " + path + " of function '" + function
                    + "' failed: " + e.getMessage(), "run faas:package again");
        }
    }

    private static void sleep(Duration d) throws ProviderException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.transientFailure("Interrupted while waiting for AWS Lambda", null, e);
        }
    }
}
