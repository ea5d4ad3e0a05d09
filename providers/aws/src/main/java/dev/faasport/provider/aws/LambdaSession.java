package dev.faasport.provider.aws;

import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Rollback;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.PackageType;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static dev.faasport.provider.aws.LambdaMapping.TAG_BUCKET;
import static dev.faasport.provider.aws.LambdaMapping.TAG_HTTP;
import static dev.faasport.provider.aws.LambdaMapping.TAG_TRIGGER;
import static dev.faasport.provider.aws.LambdaMapping.isImage;
import static dev.faasport.provider.aws.LambdaMapping.tag;

/**
 * One AWS Lambda session for one function set: one unit is one Lambda function whose published version the alias
 * (default {@code live}) points to. It orders the remote steps of a deploy, each done by its own class (mapping,
 * role, bucket, layers, versions, scaling, URL, triggers); thread-safe: it keeps no per-call state beyond caches of
 * immutable answers.
 */
final class LambdaSession implements ProviderSession, Rollback {

    private final AwsSettings settings;
    private final AwsClients clients;
    private final ProviderConfig.Log log;
    private final LambdaMapping mapping;
    private final EventTriggers triggers;
    private final HttpApis apis;
    private final EcrImages images;
    private final SecretGrants grants;
    private final ExecutionRole role;
    private final DeploymentBucket bucket;
    private final LambdaLayers layers;
    private final LambdaVersions versions;
    private final LambdaScaling scaling;
    private final FunctionUrls urls;
    private final LambdaInventory inventory;
    private final LambdaInvocations invocations;
    private final LambdaDoctor doctor;

    LambdaSession(AwsSettings settings, AwsClients clients, ProviderConfig.Log log, Path workDir) {
        this.settings = settings;
        this.clients = clients;
        this.log = log == null ? ProviderConfig.Log.silent() : log;
        this.mapping = new LambdaMapping(settings);
        this.triggers = new EventTriggers(clients, settings, this.log);
        this.apis = new HttpApis(clients, settings, this.log);
        this.images = new EcrImages(clients, settings, this.log);
        this.grants = new SecretGrants(clients, this.log);
        this.role = new ExecutionRole(clients, settings, this.log, mapping);
        this.bucket = new DeploymentBucket(clients, settings, this.log);
        this.layers = new LambdaLayers(clients, settings, this.log, mapping, bucket);
        this.versions = new LambdaVersions(clients, settings, this.log);
        this.scaling = new LambdaScaling(clients, settings);
        this.urls = new FunctionUrls(clients, settings);
        this.inventory = new LambdaInventory(clients, settings, this.log, mapping, triggers, apis, versions, urls, scaling);
        this.invocations = new LambdaInvocations(clients, settings);
        this.doctor = new LambdaDoctor(clients, settings, this.log, images, role, workDir);
    }

    @Override
    public List<DeployedUnit> list() throws ProviderException {
        return inventory.list();
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
        Set<String> rewritten = new HashSet<>();
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
        EcrImages.ImageRef image = validate(unit);
        settings.requireRoleSource();

        String roleArn = role.arn();
        Optional<GetFunctionResponse> existing = inventory.get(name);
        if (existing.isPresent()) {
            inventory.requireOwned(name, existing.get());
            requireSamePackageType(unit, existing.get());
        }
        if (image != null) {
            // normally pushed already by faas:package; creating it here tags it for the set and makes a rerun converge
            images.ensure(image);
        }
        String previousKind = existing.map(e -> tag(e, TAG_TRIGGER)).orElse(null);
        String previousBucket = existing.map(e -> tag(e, TAG_BUCKET)).orElse(null);
        String previousHttp = existing.map(e -> tag(e, TAG_HTTP)).orElse(null);
        List<String> layerArns = layers.of(unit);
        // before the code can start: its cold start reads the secrets with this role
        if (!f.secrets().isEmpty()) {
            grants.grant(roleArn, name, f.secrets().values(), clients.region().id(), clients.accountId());
        } else if (existing.isPresent() && LambdaMapping.referencesSecrets(existing.get())) {
            grants.revoke(existing.get().configuration().role(), name);
        }
        try {
            if (existing.isEmpty()) {
                existing = create(unit, roleArn, layerArns);
                previousKind = existing.map(e -> tag(e, TAG_TRIGGER)).orElse(null);
                previousBucket = existing.map(e -> tag(e, TAG_BUCKET)).orElse(null);
            }
            boolean created = existing.isEmpty();
            boolean configChanged = created || update(change, roleArn, layerArns, existing.get());
            String arn = lambda().getFunctionConfiguration(b -> b.functionName(name)).functionArn();
            String version = versions.publish(name);
            versions.moveAlias(name, version);
            if (configChanged) {
                scaling.reconcile(name, f, created);
            }
            boolean gateway = "apigateway".equals(settings.http());
            // the other way of exposing HTTP is removed, so switching aws.http converges to one endpoint
            urls.reconcile(name, gateway ? null : f.trigger());
            if ((gateway && f.trigger() instanceof Trigger.Http) || "apigateway".equals(previousHttp)) {
                apis.reconcile(name, f.name(), arn + ":" + settings.alias(),
                        gateway && f.trigger() instanceof Trigger.Http h ? h : null);
            }
            if (settings.role() == null && f.trigger() instanceof Trigger.Queue) {
                role.allowQueueReads();
            }
            triggers.reconcile(name, f.name(), arn + ":" + settings.alias(), f.trigger(), previousKind);
            triggers.reconcileStorage(name, arn + ":" + settings.alias(),
                    f.trigger() instanceof Trigger.Storage st ? st : null, previousBucket);
            // the hashes go last: until here a rerun must see this unit as changed
            lambda().tagResource(b -> b.resource(arn).tags(mapping.tags(unit, unit.artifact().sha256(),
                    unit.configHash())));
            log.info("Lambda function '" + name + "' is at version " + version + " behind alias " + settings.alias());
        } catch (RuntimeException e) {
            throw AwsErrors.map("Deploying Lambda function '" + name + "'", name, e);
        }
        inventory.remember(f.name(), name);
        return inventory.describe(name);
    }

    /** @return the checked image reference of a container-image unit, null for a zip unit */
    private EcrImages.ImageRef validate(DeployUnit unit) throws ProviderException {
        mapping.validate(unit);
        if (!isImage(unit)) {
            return null;
        }
        EcrImages.ImageRef ref = images.checkForLambda(unit.function().name(), unit.artifact().imageRef());
        mapping.validateImage(unit);
        return ref;
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

    /** @return empty when it created the function, else the function another session created meanwhile */
    private Optional<GetFunctionResponse> create(DeployUnit unit, String roleArn, List<String> layerArns)
            throws ProviderException {
        String name = unit.name();
        FunctionCode code = code(unit);
        try {
            lambda().createFunction(mapping.create(unit, roleArn, code, layerArns)
                    .overrideConfiguration(clients.upload(isImage(unit) ? 0 : unit.artifact().zippedBytes())).build());
            log.info("Created Lambda function '" + name + "'");
        } catch (RuntimeException e) {
            if (AwsErrors.code(e).equals("ResourceConflictException")) {
                // created meanwhile (a killed build, another session): converge by updating it
                Optional<GetFunctionResponse> found = inventory.get(name);
                if (found.isPresent()) {
                    inventory.requireOwned(name, found.get());
                    requireSamePackageType(unit, found.get());
                    return found;
                }
            }
            throw AwsErrors.map("CreateFunction for '" + name + "'", unit.function().name(), e);
        }
        waitReady(name);
        return Optional.empty();
    }

    /** @return whether the configuration was updated */
    private boolean update(UnitUpdate change, String roleArn, List<String> layerArns, GetFunctionResponse existing)
            throws ProviderException {
        DeployUnit unit = change.desired();
        String name = unit.name();
        boolean image = isImage(unit);
        boolean code = mapping.codeChanged(change, existing);
        boolean config = mapping.configChanged(change, existing, roleArn, layerArns);
        waitReady(name);
        if (code) {
            FunctionCode source = code(unit);
            lambda().updateFunctionCode(UpdateFunctionCodeRequest.builder().functionName(name)
                    .architecturesWithStrings(settings.architecture()).publish(false)
                    .imageUri(source.imageUri()).s3Bucket(source.s3Bucket()).s3Key(source.s3Key()).zipFile(source.zipFile())
                    .overrideConfiguration(clients.upload(image ? 0 : unit.artifact().zippedBytes())).build());
            log.info("Updated the code of Lambda function '" + name + "'");
            waitReady(name);
        }
        if (config) {
            lambda().updateFunctionConfiguration(mapping.updateConfiguration(unit, roleArn, layerArns).build());
            log.info("Updated the configuration of Lambda function '" + name + "'");
            waitReady(name);
        }
        return config;
    }

    /**
     * @return where the unit's code is: its image, its zip staged in S3 when too large for a direct upload (uploaded
     *         there first), else the zip's bytes
     */
    private FunctionCode code(DeployUnit unit) throws ProviderException {
        if (isImage(unit)) {
            return FunctionCode.builder().imageUri(unit.artifact().imageRef()).build();
        }
        Optional<DeploymentBucket.Location> s3 = bucket.stage(unit.artifact().path(), LambdaMapping.packageKey(unit),
                "the package of '" + unit.name() + "'");
        if (s3.isPresent()) {
            return FunctionCode.builder().s3Bucket(s3.get().bucket()).s3Key(s3.get().key()).build();
        }
        return FunctionCode.builder().zipFile(SdkBytes.fromByteArray(
                DeploymentBucket.read(unit.artifact().path(), unit.function().name()))).build();
    }

    /** Waits until the function left Pending and no update is in progress. */
    private void waitReady(String name) throws ProviderException {
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (true) {
            GetFunctionConfigurationResponse fc;
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
                if (fc.state() != State.PENDING && fc.lastUpdateStatus() != LastUpdateStatus.IN_PROGRESS) {
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

    // ---------------------------------------------------------------- delete

    @Override
    public void delete(DeployedUnit unit) throws ProviderException {
        String name = unit.name();
        Optional<GetFunctionResponse> existing = inventory.get(name);
        if (existing.isEmpty()) {
            return;
        }
        inventory.requireOwned(name, existing.get());
        try {
            urls.delete(name);
            if ("apigateway".equals(tag(existing.get(), TAG_HTTP))) {
                apis.reconcile(name, null, null, null);
            }
            // event source mappings and rules outlive their function, so they go first
            triggers.removeAll(name, tag(existing.get(), TAG_TRIGGER), tag(existing.get(), TAG_BUCKET));
            // DeleteFunction also removes its versions, aliases and resource policy
            lambda().deleteFunction(b -> b.functionName(name));
            if (LambdaMapping.referencesSecrets(existing.get())) {
                grants.revoke(existing.get().configuration().role(), name);
            }
            log.info("Deleted Lambda function '" + name + "'");
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return;
            }
            throw AwsErrors.map("Deleting Lambda function '" + name + "'", name, e);
        }
        inventory.forget(name);
    }

    @Override
    public Optional<Boolean> secretExists(String secret) throws ProviderException {
        return Optional.of(grants.exists(secret));
    }

    // ---------------------------------------------------------------- rollback, invoke, logs

    @Override
    public List<String> rollback(DeployedUnit unit, String toVersion) throws ProviderException {
        String name = unit.name();
        Optional<GetFunctionResponse> fn = inventory.get(name);
        if (fn.isEmpty()) {
            throw ProviderException.permanent("Lambda function '" + name + "' of set '" + settings.setName()
                    + "' is not deployed, so it cannot be rolled back", "check the name with faas:info");
        }
        inventory.requireOwned(name, fn.get());
        return versions.rollback(name, fn.get().configuration().functionArn(), toVersion);
    }

    @Override
    public InvocationResult invoke(String function, Invocation invocation) throws ProviderException {
        String name = inventory.lambdaName(function);
        Optional<GetFunctionResponse> fn = inventory.get(name);
        if (fn.isEmpty()) {
            throw ProviderException.permanent("Lambda function '" + name + "' of set '" + settings.setName()
                    + "' is not deployed", "run faas:deploy first");
        }
        inventory.requireOwned(name, fn.get());
        return invocations.invoke(function, name, fn.get(), invocation);
    }

    @Override
    public List<String> logs(String function, int maxLines) throws ProviderException {
        return invocations.logs(function, inventory.lambdaName(function), maxLines);
    }

    // ---------------------------------------------------------------- limits and doctor

    @Override
    public Map<String, Long> liveLimits() throws ProviderException {
        return doctor.liveLimits();
    }

    @Override
    public List<String> doctor() throws ProviderException {
        return doctor.doctor();
    }

    @Override
    public void close() {
        inventory.close();
        clients.close();
    }

    private LambdaClient lambda() {
        return clients.lambda();
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
