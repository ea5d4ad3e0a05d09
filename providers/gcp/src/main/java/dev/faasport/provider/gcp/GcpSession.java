package dev.faasport.provider.gcp;

import dev.faasport.spi.DoctorLines;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.httpjson.longrunning.OperationsClient;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.functions.v2.DeleteFunctionRequest;
import com.google.cloud.functions.v2.Environment;
import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.FunctionServiceClient;
import com.google.cloud.functions.v2.FunctionServiceSettings;
import com.google.cloud.functions.v2.GenerateUploadUrlRequest;
import com.google.cloud.functions.v2.GenerateUploadUrlResponse;
import com.google.cloud.functions.v2.GetFunctionRequest;
import com.google.cloud.functions.v2.ListFunctionsRequest;
import com.google.cloud.functions.v2.OperationMetadata;
import com.google.cloud.functions.v2.Stage;
import com.google.cloud.functions.v2.StateMessage;
import com.google.cloud.functions.v2.CreateFunctionRequest;
import com.google.cloud.functions.v2.UpdateFunctionRequest;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.longrunning.Operation;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.UnitUpdate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One open connection to Cloud Functions v2 for one set. One {@link FunctionServiceClient} (REST transport) and one
 * {@link HttpClient} serve every thread; each call handles one unit; retries belong to the core, so the SDK's own
 * retries stay off (its defaults for this service) and every failure says whether retrying helps.
 */
final class GcpSession implements ProviderSession {
    private static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
    private static final int POLL_TRANSIENT_TOLERANCE = 5;

    private final GcpSettings settings;
    private final ProviderConfig.Log log;
    private final GoogleCredentials credentials;
    private final FunctionServiceClient client;
    private final OperationsClient operations;
    private final HttpClient http;
    private final GoogleRest rest;
    private final BucketLocations buckets;
    private final SecretAccess secrets;

    GcpSession(GcpSettings settings, ProviderConfig.Log log) throws ProviderException {
        this.settings = settings;
        this.log = log;
        this.credentials = settings.noCredentials() ? null : applicationDefaultCredentials();
        try {
            FunctionServiceSettings.Builder b = FunctionServiceSettings.newHttpJsonBuilder();
            if (settings.endpoint() != null) {
                b.setEndpoint(settings.endpoint().toString());
            }
            b.setCredentialsProvider(credentials == null ? NoCredentialsProvider.create()
                    : FixedCredentialsProvider.create(credentials));
            this.client = FunctionServiceClient.create(b.build());
        } catch (IOException e) {
            throw ProviderException.permanent("Google Cloud Functions: creating the client failed: " + e.getMessage(),
                    "perhaps you should check gcp.endpoint");
        }
        this.operations = client.getHttpJsonOperationsClient();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.rest = new GoogleRest(http, credentials);
        this.buckets = new BucketLocations(settings, credentials);
        this.secrets = new SecretAccess(settings, rest, log);
    }

    private static GoogleCredentials applicationDefaultCredentials() throws ProviderException {
        try {
            return GoogleCredentials.getApplicationDefault().createScoped(CLOUD_PLATFORM);
        } catch (IOException e) {
            throw GcpErrors.noCredentials(e);
        }
    }

    // ---------------------------------------------------------------- list

    @Override
    public List<DeployedUnit> list() throws ProviderException {
        // 1,000 is the documented largest page: one call for most sets
        ListFunctionsRequest request = ListFunctionsRequest.newBuilder().setParent(settings.parent()).setPageSize(1000)
                .setFilter("labels." + FunctionMapping.LABEL_SET + "=\"" + FunctionMapping.labelValue(settings.setName())
                        + "\"").build();
        List<DeployedUnit> units = new ArrayList<>();
        try {
            for (Function f : client.listFunctions(request).iterateAll()) {
                // the server-side filter compares a truncated label: the full set name in the env decides
                if (FunctionMapping.belongsTo(f, settings.setName())) {
                    units.add(FunctionMapping.deployed(f));
                }
            }
        } catch (ApiException e) {
            throw GcpErrors.of("Listing the functions of set '" + settings.setName() + "' in " + settings.parent(), e);
        }
        units.sort((a, b) -> a.name().compareTo(b.name()));
        return units;
    }

    // ---------------------------------------------------------------- apply

    @Override
    public DeployedUnit apply(UnitUpdate change) throws ProviderException {
        DeployUnit unit = change.desired();
        FunctionMapping.Desired mapped = FunctionMapping.desired(settings, unit);
        mapped.warnings().forEach(log::warn);
        String what = "Deploying function '" + unit.name() + "' (" + mapped.functionId() + ")";
        FunctionMapping.Desired desired = mapped.bucketToLocate() == null ? mapped : mapped.withFunction(
                FunctionMapping.withTriggerRegion(mapped.function(), buckets.of(what, mapped.bucketToLocate())));

        if (desired.topic() != null) {
            ensureTopic(what, desired.topic());
        }
        Function live = settle(what, getOrNull(what, desired.functionId()));
        requireOwned(what, live, unit.setName());
        if (!unit.function().secrets().isEmpty()) {
            // before the revision: Cloud Run refuses to deploy one whose account cannot read its secrets
            secrets.set(what, secrets.runtimeAccount(what, desired.function().getServiceConfig().getServiceAccountEmail()),
                    unit.function().secrets().values(), true);
        }
        Function result = null;
        if (live == null) {
            Function want = FunctionMapping.withSource(desired.function(), upload(what, unit));
            Operation op = call(what, () -> client.createFunctionCallable().call(CreateFunctionRequest.newBuilder()
                    .setParent(settings.parent()).setFunctionId(desired.functionId()).setFunction(want).build()));
            log.info(what + ": creating, operation " + op.getName());
            Operation done = await(what, op);
            if (done.hasError() && GcpErrors.codeOf(done.getError().getCode()) == StatusCode.Code.ALREADY_EXISTS) {
                // another run (or a killed one) created it meanwhile: converge by updating
                live = settle(what, getOrNull(what, desired.functionId()));
                requireOwned(what, live, unit.setName());
                result = live == null ? null : update(what, live, want, true);
            } else {
                result = functionOf(what, done, desired.functionId());
            }
            if (result == null) {
                throw ProviderException.transientFailure(what + ": the function vanished while it was created", null, null);
            }
        } else {
            boolean codeChanged = !unit.artifact().sha256().equals(live.getServiceConfig().getEnvironmentVariablesMap()
                    .get(FunctionMapping.ENV_CODE)) || live.getState() == Function.State.FAILED;
            Function want = codeChanged
                    ? FunctionMapping.withSource(desired.function(), upload(what, unit)) : desired.function();
            result = update(what, live, want, codeChanged);
        }
        if (result.getState() == Function.State.FAILED) {
            throw ProviderException.permanent(what + " failed: the function is FAILED: " + stateMessages(result),
                    "perhaps you should read the build log" + buildLog(result, null) + " and deploy again");
        }
        if (!result.hasEventTrigger() || result.getEventTrigger().getEventType().isEmpty()) {
            setPublic(what, result, desired.makePublic());
        }
        if (desired.schedule() != null) {
            ensureSchedulerJob(what, desired.schedule(), desired.topic());
        }
        DeployedUnit deployed = FunctionMapping.deployed(result);
        deployed.endpoints().forEach((fn, url) -> log.info("Function '" + fn + "': " + url));
        return deployed;
    }

    private Function update(String what, Function live, Function desired, boolean sourceChanged)
            throws ProviderException {
        Function want = FunctionMapping.reconcile(live, desired);
        List<String> mask = new ArrayList<>(FunctionMapping.changedFields(live, want));
        if (sourceChanged) {
            mask.add("build_config.source");
        }
        if (mask.isEmpty()) {
            log.info(what + ": already up to date");
            return live;
        }
        Operation op = call(what, () -> client.updateFunctionCallable().call(UpdateFunctionRequest.newBuilder()
                .setFunction(want).setUpdateMask(FieldMask.newBuilder().addAllPaths(mask)).build()));
        log.info(what + ": updating " + mask + ", operation " + op.getName());
        Operation done = await(what, op);
        return functionOf(what, done, want.getName().substring(want.getName().lastIndexOf('/') + 1));
    }

    /** Uploads the source zip to a signed URL from GenerateUploadUrl; returns where it went. */
    private com.google.cloud.functions.v2.StorageSource upload(String what, DeployUnit unit) throws ProviderException {
        if (unit.artifact().path() == null) {
            throw ProviderException.permanent(what + ": the unit has no archive on disk",
                    "perhaps you should run faas:package first");
        }
        GenerateUploadUrlResponse url = call(what, () -> client.generateUploadUrl(GenerateUploadUrlRequest.newBuilder()
                .setParent(settings.parent()).setEnvironment(Environment.GEN_2).build()));
        URI target = URI.create(url.getUploadUrl());
        if (settings.storageEndpoint() != null) {
            URI s = settings.storageEndpoint();
            target = URI.create(s.getScheme() + "://" + s.getRawAuthority() + target.getRawPath()
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
        }
        try {
            HttpRequest put = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(10))
                    // the one header the 2nd gen GenerateUploadUrl contract lists (functions.proto v2); the 1st gen
                    // x-goog-content-length-range belongs to v1 upload URLs only
                    .header("Content-Type", "application/zip")
                    .PUT(HttpRequest.BodyPublishers.ofFile(unit.artifact().path())).build();
            HttpResponse<String> response = http.send(put, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw GcpErrors.ofHttp(what + ": uploading the source zip", response.statusCode(), response.body());
            }
        } catch (IOException e) {
            throw ProviderException.transientFailure(what + ": uploading the source zip failed: " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.transientFailure(what + ": interrupted while uploading", null, e);
        }
        log.debug(what + ": uploaded " + unit.artifact().zippedBytes() + " bytes to " + url.getStorageSource().getObject());
        return url.getStorageSource();
    }

    // ---------------------------------------------------------------- long-running operations

    /** Polls operations.get until the operation is done; transient poll failures are tolerated a few times. */
    private Operation await(String what, Operation op) throws ProviderException {
        Instant deadline = Instant.now().plus(settings.operationTimeout());
        Operation current = op;
        int failures = 0;
        while (!current.getDone()) {
            if (Instant.now().isAfter(deadline)) {
                throw ProviderException.transientFailure(what + ": operation " + op.getName() + " did not finish within "
                        + settings.operationTimeout().toSeconds() + " s; deploying again converges once it ends",
                        null, null);
            }
            sleep(what, settings.pollInterval());
            try {
                current = operations.getOperation(op.getName());
                failures = 0;
            } catch (ApiException e) {
                if (!GcpErrors.retryable(e.getStatusCode().getCode()) || ++failures > POLL_TRANSIENT_TOLERANCE) {
                    throw GcpErrors.of(what + ": polling operation " + op.getName(), e);
                }
            }
        }
        return current;
    }

    private Function functionOf(String what, Operation done, String functionId) throws ProviderException {
        if (done.hasError()) {
            Function failed = null;
            try {
                failed = client.getFunction(GetFunctionRequest.newBuilder()
                        .setName(settings.parent() + "/functions/" + functionId).build());
            } catch (ApiException ignored) {
                // the operation's own error is what matters
            }
            String messages = failed == null ? "" : " " + stateMessages(failed);
            String log = buildLogLocation(failed, done);
            throw GcpErrors.ofOperation(what, done.getError().getCode(), done.getError().getMessage() + messages, log);
        }
        try {
            if (done.hasResponse() && done.getResponse().is(Function.class)) {
                return done.getResponse().unpack(Function.class);
            }
        } catch (InvalidProtocolBufferException e) {
            log.debug(what + ": unreadable operation response, reading the function: " + e.getMessage());
        }
        Function f = getOrNull(what, functionId);
        if (f == null) {
            throw ProviderException.transientFailure(what + ": the function is missing after its operation", null, null);
        }
        return f;
    }

    /** Waits while a previous deployment (maybe of a killed build) still runs, so that a rerun converges. */
    private Function settle(String what, Function live) throws ProviderException {
        Instant deadline = Instant.now().plus(settings.operationTimeout());
        Function f = live;
        while (f != null && (f.getState() == Function.State.DEPLOYING || f.getState() == Function.State.DELETING)) {
            if (Instant.now().isAfter(deadline)) {
                throw ProviderException.transientFailure(what + ": the function is still " + f.getState()
                        + " from an earlier deployment", null, null);
            }
            log.info(what + ": waiting for the earlier deployment (" + f.getState() + ") to finish");
            sleep(what, settings.pollInterval());
            f = getOrNull(what, f.getName().substring(f.getName().lastIndexOf('/') + 1));
        }
        return f;
    }

    private static String stateMessages(Function f) {
        List<String> out = new ArrayList<>();
        for (StateMessage m : f.getStateMessagesList()) {
            out.add(m.getSeverity() + " " + m.getType() + ": " + m.getMessage());
        }
        return out.isEmpty() ? "" : out.toString();
    }

    private String buildLog(Function f, Operation op) {
        String l = buildLogLocation(f, op);
        return l == null ? "" : " at " + l;
    }

    /** The Cloud Build log of a failed deployment: the build stage's URI, else the build's name. */
    private String buildLogLocation(Function f, Operation op) {
        if (op != null && op.hasMetadata() && op.getMetadata().is(OperationMetadata.class)) {
            try {
                OperationMetadata m = op.getMetadata().unpack(OperationMetadata.class);
                for (Stage s : m.getStagesList()) {
                    if (s.getName() == Stage.Name.BUILD && !s.getResourceUri().isEmpty()) {
                        return s.getResourceUri();
                    }
                }
                if (!m.getBuildName().isEmpty()) {
                    return m.getBuildName();
                }
            } catch (InvalidProtocolBufferException ignored) {
                // fall back to the function's build
            }
        }
        if (f != null && !f.getBuildConfig().getBuild().isEmpty()) {
            return f.getBuildConfig().getBuild();
        }
        return null;
    }

    // ---------------------------------------------------------------- delete

    @Override
    public void delete(DeployedUnit unit) throws ProviderException {
        String id = unit.attributes().getOrDefault("gcp.functionId", null);
        if (id == null) {
            id = FunctionMapping.functionId(unit.name());
        }
        String what = "Deleting function '" + unit.name() + "' (" + id + ")";
        String name = settings.parent() + "/functions/" + id;
        Function live = settle(what, getOrNull(what, id));
        if (live == null) {
            return;
        }
        Operation op;
        try {
            op = client.deleteFunctionCallable().call(DeleteFunctionRequest.newBuilder().setName(name).build());
        } catch (ApiException e) {
            if (e.getStatusCode().getCode() == StatusCode.Code.NOT_FOUND) {
                return;
            }
            throw GcpErrors.of(what, e);
        }
        Operation done = await(what, op);
        if (done.hasError() && GcpErrors.codeOf(done.getError().getCode()) != StatusCode.Code.NOT_FOUND) {
            throw GcpErrors.ofOperation(what, done.getError().getCode(), done.getError().getMessage(), null);
        }
        revokeSecrets(what, live);
        if (live.getServiceConfig().getEnvironmentVariablesMap().containsKey(FunctionMapping.ENV_SCHEDULE)) {
            // the job and its topic were created by Faasport for this function alone
            rest.call(what + ": deleting its Cloud Scheduler job", "DELETE", URI.create(settings.schedulerEndpoint() + "/v1/"
                    + settings.parent() + "/jobs/" + FunctionMapping.scheduleJob(id)), null, Set.of(404));
            rest.call(what + ": deleting its Pub/Sub topic", "DELETE", URI.create(settings.pubsubEndpoint() + "/v1/projects/"
                    + settings.project() + "/topics/" + FunctionMapping.scheduleTopic(id)), null, Set.of(404));
        }
    }

    /** Faasport never takes over a function another set (or no Faasport set) deployed under the same id. */
    private static void requireOwned(String what, Function live, String setName) throws ProviderException {
        if (live == null || FunctionMapping.belongsTo(live, setName)) return;
        String owner = FunctionMapping.owner(live);
        throw ProviderException.permanent(what + " failed: Cloud Function '" + live.getName().replaceAll(".*/", "")
                        + "' exists but " + (owner == null ? "was not deployed by Faasport" : "belongs to set '" + owner + "'"),
                "rename the function in this set, or remove it from its owner first (faas:remove in that project)");
    }

    /**
     * Takes back the deleted function's read access to its secrets, except to those another function of the set
     * still references under the same account (the default compute account is shared: Faasport cannot tell which
     * other deployments rely on a grant, so grants other functions of the set need stay).
     */
    private void revokeSecrets(String what, Function deleted) throws ProviderException {
        Map<String, String> refs = FunctionMapping.secrets(deleted);
        if (refs.isEmpty()) {
            return;
        }
        String account = secrets.runtimeAccount(what, deleted.getServiceConfig().getServiceAccountEmail());
        java.util.Set<String> revoke = new java.util.TreeSet<>(refs.values());
        for (DeployedUnit other : list()) {
            other.functions().forEach(f -> revoke.removeAll(f.secrets().values()));
        }
        secrets.set(what, account, revoke, false);
    }

    /**
     * Maps every unit (options, triggers, names) before the first change, so that one bad unit deploys none; every
     * referenced secret must exist before anything is deployed.
     */
    @Override
    public void verify(List<DeployUnit> units) throws ProviderException {
        for (DeployUnit unit : units) {
            FunctionMapping.desired(settings, unit);
        }
        for (DeployUnit u : units) {
            for (FunctionSpec f : u.functions()) {
                for (Map.Entry<String, String> ref : f.secrets().entrySet()) {
                    if (!secrets.exists("Checking function '" + f.name() + "'", ref.getValue())) {
                        throw ProviderException.permanent("Function '" + f.name() + "' references secret '"
                                + ref.getValue() + "' (environment variable " + ref.getKey() + "), which project '"
                                + settings.project() + "' does not hold", "perhaps you should create it: "
                                + GcpProvider.createSecretCommand(ref.getValue(), settings.project()));
                    }
                }
            }
        }
    }

    @Override
    public java.util.Optional<Boolean> secretExists(String secret) throws ProviderException {
        return java.util.Optional.of(secrets.exists("Checking secret '" + secret + "'", secret));
    }

    // ---------------------------------------------------------------- Pub/Sub topics, Cloud Scheduler (REST)

    /** Creates the trigger's Pub/Sub topic when missing, as gcloud does for --trigger-topic. */
    private void ensureTopic(String what, String topic) throws ProviderException {
        JsonObject created = rest.call(what + ": creating Pub/Sub topic " + topic, "PUT",
                URI.create(settings.pubsubEndpoint() + "/v1/" + topic), new JsonObject(), Set.of(409));
        if (created != null) {
            log.info(what + ": created Pub/Sub topic " + topic);
        }
    }

    /**
     * Creates or updates the Cloud Scheduler job that publishes to the function's topic on the unix-cron schedule.
     * The message data is the neutral schedule as JSON, so the adapter can build the ScheduleEvent.
     */
    private void ensureSchedulerJob(String what, FunctionMapping.SchedulerJob schedule, String topic)
            throws ProviderException {
        String name = settings.parent() + "/jobs/" + schedule.jobId();
        JsonObject data = new JsonObject();
        data.addProperty("expression", schedule.expression());
        JsonObject target = new JsonObject();
        target.addProperty("topicName", topic);
        target.addProperty("data", Base64.getEncoder().encodeToString(data.toString().getBytes(StandardCharsets.UTF_8)));
        JsonObject job = new JsonObject();
        job.addProperty("name", name);
        job.addProperty("description", "Faasport schedule of " + topic);
        job.addProperty("schedule", schedule.cron());
        job.addProperty("timeZone", settings.timeZone());
        job.add("pubsubTarget", target);
        URI jobs = URI.create(settings.schedulerEndpoint() + "/v1/" + settings.parent() + "/jobs");
        JsonObject live = rest.call(what + ": reading Cloud Scheduler job " + schedule.jobId(), "GET",
                URI.create(jobs + "/" + schedule.jobId()), null, Set.of(404));
        if (live == null) {
            if (rest.call(what + ": creating Cloud Scheduler job " + schedule.jobId(), "POST", jobs, job, Set.of(409)) != null) {
                log.info(what + ": Cloud Scheduler job " + schedule.jobId() + " on '" + schedule.cron() + "' ("
                        + settings.timeZone() + ")");
                return;
            }
        } else if (schedule.cron().equals(str(live, "schedule")) && settings.timeZone().equals(str(live, "timeZone"))
                && live.has("pubsubTarget") && target.get("topicName").getAsString().equals(
                        str(live.getAsJsonObject("pubsubTarget"), "topicName"))
                && target.get("data").getAsString().equals(str(live.getAsJsonObject("pubsubTarget"), "data"))) {
            return;
        }
        rest.call(what + ": updating Cloud Scheduler job " + schedule.jobId(), "PATCH", URI.create(jobs + "/"
                + schedule.jobId() + "?updateMask=schedule,timeZone,pubsubTarget,description"), job, Set.of());
        log.info(what + ": Cloud Scheduler job " + schedule.jobId() + " now on '" + schedule.cron() + "'");
    }

    private static String str(JsonObject o, String key) {
        return o != null && o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
    }

    // ---------------------------------------------------------------- invoke

    @Override
    public InvocationResult invoke(String function, Invocation invocation) throws ProviderException {
        String id = FunctionMapping.functionId(function);
        String what = "Invoking function '" + function + "'";
        Function f = getOrNull(what, id);
        if (f == null) {
            throw ProviderException.permanent(what + ": it is not deployed in " + settings.parent(),
                    "perhaps you should run faas:deploy -Dfaas.provider=gcp first");
        }
        String uri = !f.getServiceConfig().getUri().isEmpty() ? f.getServiceConfig().getUri() : f.getUrl();
        if (uri.isEmpty()) {
            throw ProviderException.permanent(what + ": the function has no URL (state " + f.getState() + ")",
                    "perhaps you should deploy it again");
        }
        boolean event = f.hasEventTrigger() && !f.getEventTrigger().getEventType().isEmpty();
        String path = invocation.path();
        URI target = URI.create(uri + (event || path.equals("/") ? "" : (path.startsWith("/") ? path : "/" + path)));
        HttpRequest.Builder req = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(
                Math.max(30, f.getServiceConfig().getTimeoutSeconds() + 10)));
        byte[] body = invocation.body();
        if (event) {
            CloudEvent ce = cloudEvent(f, body);
            ce.headers.forEach(req::header);
            body = ce.data;
            req.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            invocation.headers().forEach((k, v) -> {
                if (!RESTRICTED.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                    req.header(k, v);
                }
            });
            req.method(invocation.method(), body.length == 0 && invocation.method().equals("GET")
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        }
        String token = rest.idToken(what, uri);
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> headers.put(k, String.join(",", v)));
            return new InvocationResult(r.statusCode(), headers, r.body(), List.of());
        } catch (IOException e) {
            throw ProviderException.transientFailure(what + " failed: " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.transientFailure(what + ": interrupted", null, e);
        }
    }

    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "authorization");

    private record CloudEvent(Map<String, String> headers, byte[] data) {
    }

    /**
     * A CloudEvent in binary mode as Eventarc delivers it: ce-* headers and Google's event data. The neutral event JSON
     * of a storage function becomes StorageObjectData; for Pub/Sub the invocation body becomes the message data.
     */
    private CloudEvent cloudEvent(Function f, byte[] neutral) {
        var t = f.getEventTrigger();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ce-specversion", "1.0");
        h.put("ce-id", UUID.randomUUID().toString());
        h.put("ce-type", t.getEventType());
        h.put("ce-time", Instant.now().toString());
        h.put("Content-Type", "application/json");
        JsonObject data = new JsonObject();
        if (t.getEventType().startsWith("google.cloud.storage.")) {
            String bucket = t.getEventFiltersList().stream().filter(e -> e.getAttribute().equals("bucket"))
                    .map(com.google.cloud.functions.v2.EventFilter::getValue).findFirst().orElse("");
            JsonObject in = parseObject(neutral);
            if (in.has("event") && in.get("event").isJsonObject()) {
                in = in.getAsJsonObject("event"); // the neutral form {"kind":"storage","event":{...}}
            }
            String b = in.has("bucket") ? in.get("bucket").getAsString() : bucket;
            String key = in.has("key") ? in.get("key").getAsString() : in.has("name") ? in.get("name").getAsString() : "";
            // the fields every StorageObjectData of a new object has (google-cloudevents storage/v1/data.proto, read
            // 2026-12): 1st gen functions bind them (Google's GcsEvent sample reads metageneration and timeCreated)
            data.addProperty("kind", "storage#object");
            data.addProperty("bucket", b);
            data.addProperty("name", key);
            data.addProperty("metageneration", "1");
            if (in.has("size")) {
                data.addProperty("size", in.get("size").getAsString());
            }
            if (in.has("etag")) {
                data.addProperty("etag", in.get("etag").getAsString());
            }
            String created = in.has("time") ? in.get("time").getAsString() : Instant.now().toString();
            data.addProperty("timeCreated", created);
            data.addProperty("updated", created);
            h.put("ce-source", "//storage.googleapis.com/projects/_/buckets/" + b);
            h.put("ce-subject", "objects/" + key);
        } else {
            JsonObject message = new JsonObject();
            message.addProperty("data", Base64.getEncoder().encodeToString(neutral));
            message.addProperty("messageId", h.get("ce-id"));
            message.addProperty("publishTime", h.get("ce-time"));
            data.add("message", message);
            data.addProperty("subscription", "projects/" + settings.project() + "/subscriptions/faasport-invoke");
            h.put("ce-source", "//pubsub.googleapis.com/" + t.getPubsubTopic());
        }
        return new CloudEvent(h, data.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject parseObject(byte[] json) {
        try {
            JsonElement e = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
            return e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    // ---------------------------------------------------------------- logs

    /** Cloud Logging entries:list over REST (the same endpoint override reaches an emulator). */
    @Override
    public List<String> logs(String function, int maxLines) throws ProviderException {
        String id = FunctionMapping.functionId(function);
        String what = "Reading the logs of function '" + function + "'";
        JsonObject req = new JsonObject();
        JsonArray names = new JsonArray();
        names.add("projects/" + settings.project());
        req.add("resourceNames", names);
        req.addProperty("filter", "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"" + id
                + "\" AND resource.labels.location=\"" + settings.region() + "\"");
        req.addProperty("orderBy", "timestamp desc");
        req.addProperty("pageSize", Math.max(1, Math.min(1000, maxLines)));
        JsonObject res = rest.post(what, URI.create(settings.loggingEndpoint() + "/v2/entries:list"), req);
        List<String> lines = new ArrayList<>();
        if (res.has("entries")) {
            for (JsonElement e : res.getAsJsonArray("entries")) {
                JsonObject entry = e.getAsJsonObject();
                String text = entry.has("textPayload") ? entry.get("textPayload").getAsString()
                        : entry.has("jsonPayload") ? (entry.getAsJsonObject("jsonPayload").has("message")
                        ? entry.getAsJsonObject("jsonPayload").get("message").getAsString()
                        : entry.get("jsonPayload").toString()) : "";
                String ts = entry.has("timestamp") ? entry.get("timestamp").getAsString() : "";
                String sev = entry.has("severity") ? entry.get("severity").getAsString() : "DEFAULT";
                lines.add(ts + " " + sev + " " + text);
            }
        }
        Collections.reverse(lines);
        return lines;
    }

    // ---------------------------------------------------------------- public access (Cloud Run IAM)

    /** Adds or removes allUsers as roles/run.invoker on the function's Cloud Run service (read-modify-write). */
    private void setPublic(String what, Function f, boolean makePublic) throws ProviderException {
        String service = f.getServiceConfig().getService();
        if (service.isEmpty()) {
            service = settings.parent() + "/services/" + f.getName().substring(f.getName().lastIndexOf('/') + 1);
        }
        URI base = URI.create(settings.runEndpoint() + "/v2/" + service);
        if (SecretAccess.bind(rest, what, base, "roles/run.invoker", "allUsers", makePublic)) {
            log.info(what + ": " + (makePublic ? "public (allUsers may invoke)" : "private (IAM callers only)"));
        }
    }

    // ---------------------------------------------------------------- doctor

    @Override
    public List<String> doctor() {
        List<String> out = new ArrayList<>();
        out.add("project: " + settings.project() + ", region: " + settings.region() + ", runtime: " + settings.runtime());
        out.add("Cloud Functions endpoint: " + (settings.endpoint() == null
                ? FunctionServiceSettings.getDefaultEndpoint() : settings.endpoint() + " (override)"));
        if (credentials == null) {
            out.add("credentials: none (gcp.noCredentials=true, emulators only)");
        } else if (credentials instanceof ServiceAccountCredentials sa) {
            out.add("credentials: service account " + sa.getClientEmail() + " (Application Default Credentials)");
        } else {
            out.add("credentials: " + credentials.getClass().getSimpleName() + " (Application Default Credentials)");
        }
        try {
            var runtimes = client.listRuntimes(com.google.cloud.functions.v2.ListRuntimesRequest.newBuilder()
                    .setParent(settings.parent()).build()).getRuntimesList();
            var mine = runtimes.stream().filter(r -> r.getName().equals(settings.runtime())
                    && r.getEnvironment() == Environment.GEN_2).findFirst();
            out.add(mine.map(r -> "runtime " + r.getName() + ": " + r.getStage()
                            + (r.getWarningsCount() == 0 ? "" : " " + r.getWarningsList()))
                    .orElse("runtime " + settings.runtime() + ": FAILED not offered in " + settings.region()
                            + ", perhaps you should set gcp.runtime to one of " + runtimes.stream()
                            .filter(r -> r.getName().startsWith("java")).map(r -> r.getName()).distinct().toList()));
        } catch (ApiException e) {
            ProviderException p = GcpErrors.of("Listing runtimes", e);
            out.add(DoctorLines.failed("runtimes", p));
        }
        try {
            out.addAll(Permissions.check(rest, settings));
        } catch (ProviderException e) {
            out.add(DoctorLines.failed("permissions", e));
        }
        try {
            out.add("functions of set '" + settings.setName() + "': " + list().size());
        } catch (ProviderException e) {
            out.add(DoctorLines.failed("functions of set '" + settings.setName() + "'", e));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            buckets.close();
        } catch (Exception e) {
            log.debug("closing the Cloud Storage client failed: " + e);
        }
        client.close();
        try {
            client.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- helpers

    private interface Call<T> {
        T call();
    }

    private static <T> T call(String what, Call<T> c) throws ProviderException {
        try {
            return c.call();
        } catch (ApiException e) {
            throw GcpErrors.of(what, e);
        }
    }

    private Function getOrNull(String what, String functionId) throws ProviderException {
        try {
            return client.getFunction(GetFunctionRequest.newBuilder()
                    .setName(settings.parent() + "/functions/" + functionId).build());
        } catch (ApiException e) {
            if (e.getStatusCode().getCode() == StatusCode.Code.NOT_FOUND) {
                return null;
            }
            throw GcpErrors.of(what + ": reading the function", e);
        }
    }

    private static void sleep(String what, Duration d) throws ProviderException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.transientFailure(what + ": interrupted", null, e);
        }
    }
}
