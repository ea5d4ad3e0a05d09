package dev.faasport.provider.gcp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.faasport.testing.Faults;
import dev.faasport.testing.QueryStrings;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test server that follows the documented Cloud Functions v2 REST API for what Faasport uses (functions create,
 * get, list, patch, delete, generateUploadUrl; operations get, with operations that complete after a delay), the
 * signed-URL upload to Cloud Storage, Cloud Storage buckets.get, Resource Manager testIamPermissions, Cloud Run
 * setIamPolicy/getIamPolicy, Pub/Sub topics, Cloud Scheduler jobs, Cloud Logging entries:list, and each function's URL,
 * which runs the uploaded package under Google's Functions Framework invoker ({@link #runPackages}) or echoes. Requests
 * are checked against the v2 protos' field behaviours ({@link FieldBehaviors}) and the documented limits (ids,
 * memory/CPU pairs, timeouts by trigger type, 1st vs 2nd gen, labels, environment size, storage trigger locations),
 * each hand-written rule citing its source; errors use the API's format. Enums are written as numbers when the client
 * asks {@code $alt=json;enum-encoding=int}, as the Google SDKs do.
 */
public final class FakeCloudFunctions implements AutoCloseable {
    // Hand-written rules (Google publishes them as prose only), each with where it is written, read 2026-12:
    // runtimes: "Runtime support" (cloud.google.com/functions/docs/runtime-support), a few non-Java ones kept
    static final Set<String> RUNTIMES = Set.of("java17", "java21", "java25", "nodejs22", "python312", "go123");
    // CreateFunctionRequest.function_id: "should be 4-63 characters, and valid characters are /[a-z][0-9]-/"
    // (functions.proto v2); starts with a letter, no trailing '-' (Cloud Run resource model: service names)
    private static final Pattern GEN2_ID = Pattern.compile("[a-z][a-z0-9-]{2,61}[a-z0-9]");
    // 1st gen: "start with a letter, ... letters, numbers, underscores and hyphens, ... at most 63", ends with a letter
    // or digit (cloud.google.com/functions/1stgendocs/deploy, "Deploy a function")
    private static final Pattern GEN1_ID = Pattern.compile("[A-Za-z]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?");
    // "Labels: requirements" (cloud.google.com/resource-manager/docs/labels-overview): keys start with a lower-case
    // letter, keys and values at most 63 characters of lower-case letters, digits, '_' and '-', at most 64 labels
    private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
    private static final Pattern PARENT = Pattern.compile("/v2/projects/([^/]+)/locations/([^/:]+)");
    // 1st gen memory tiers: "Configure memory" (cloud.google.com/functions/docs/configuring/memory)
    private static final Set<Long> GEN1_MEMORY_MB = Set.of(128L, 256L, 512L, 1024L, 2048L, 4096L, 8192L);
    // event types Faasport maps to: Eventarc "Event types" for Cloud Storage and Pub/Sub
    // (cloud.google.com/eventarc/docs/reference/supported-events)
    private static final Set<String> EVENT_TYPES = Set.of("google.cloud.storage.object.v1.finalized",
            "google.cloud.storage.object.v1.deleted", "google.cloud.storage.object.v1.archived",
            "google.cloud.storage.object.v1.metadataUpdated", "google.cloud.pubsub.topic.v1.messagePublished");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String base;
    private final Map<String, JsonObject> functions = new ConcurrentHashMap<>();
    private final Map<String, Op> operations = new ConcurrentHashMap<>();
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, String> deployedSha = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> policies = new ConcurrentHashMap<>();
    private final FakeSecretManager secretManager = new FakeSecretManager();
    private final Map<String, JsonObject> topics = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> jobs = new ConcurrentHashMap<>();
    /** Signed upload URLs handed out, with the environment (GEN_1 = 1, GEN_2 = 2) each was generated for. */
    private final Map<String, Integer> issuedUploads = new ConcurrentHashMap<>();
    /** Cloud Storage buckets by name, with their location as the JSON API spells it ("US", "EUROPE-WEST1"). */
    private final Map<String, String> buckets = new ConcurrentHashMap<>();
    private final Set<String> failBuildOnce = ConcurrentHashMap.newKeySet();
    private final List<JsonObject> logEntries = new CopyOnWriteArrayList<>();
    private final AtomicInteger opSeq = new AtomicInteger();
    private final Object lock = new Object();
    /** Forced faults hit any API call; the random ones follow the public rates below. */
    private final Faults faults = new Faults(42, Duration.ofMillis(500));

    // call counters, for tests and the benchmark
    public final AtomicInteger creates = new AtomicInteger();
    public final AtomicInteger updates = new AtomicInteger();
    public final AtomicInteger deletes = new AtomicInteger();
    public final AtomicInteger uploads = new AtomicInteger();
    public final AtomicInteger uploadUrls = new AtomicInteger();
    public final AtomicInteger gets = new AtomicInteger();
    public final AtomicInteger lists = new AtomicInteger();
    public final AtomicInteger operationPolls = new AtomicInteger();
    public final AtomicInteger invocations = new AtomicInteger();
    public final AtomicInteger faultsInjected = faults.injected();
    public final AtomicInteger apiCalls = new AtomicInteger();
    public final AtomicInteger callsWithoutIntEnums = new AtomicInteger();
    public final AtomicInteger permissionTests = new AtomicInteger();
    /** The permissions the caller holds on the project; null: every permission asked about. */
    private volatile Set<String> granted;
    private volatile List<String> lastPermissionsAsked = List.of();

    // behaviour knobs
    public volatile long latencyMillis;
    public volatile long operationDelayMillis = 300;
    public volatile double faultRate;
    public volatile double slowRate;
    public volatile long slowMillis = 500;
    /** Largest page list answers (1,000 as documented); lower it to exercise paging. */
    public volatile int maxPageSize = 1000;
    /** Where uploads are unpacked for the invoker; null: function URLs echo the request instead of running it. */
    private volatile java.nio.file.Path workDir;
    /** One warm invoker per function, serving its current revision (function id -> revision). */
    private final Map<String, Revision> revisions = new ConcurrentHashMap<>();
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** The Functions Framework invoker version packages run under; the buildpack's default unless a test says. */
    public volatile String invokerVersion = FunctionsFramework.BUILDPACK_DEFAULT;
    private volatile Map<String, List<String>> lastUploadHeaders = Map.of();

    private record Op(String name, String functionId, String kind, long doneAtMillis, JsonObject json) {
    }

    public FakeCloudFunctions() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String endpoint() {
        return base;
    }

    /**
     * From now on a function's URL runs the uploaded package under Google's Functions Framework invoker
     * ({@link FunctionsFramework}: started as Google's Java buildpack starts a pre-built jar, on the JDK of the
     * function's runtime, {@link #invokerVersion}), instead of echoing the request. One warm invoker per deployed
     * revision, started at its first request, stopped when a new revision replaces it, on delete and on close.
     *
     * @param workDir where the uploaded zips are unpacked
     */
    public FakeCloudFunctions runPackages(java.nio.file.Path workDir) {
        this.workDir = workDir;
        return this;
    }

    /** A deployed revision served by its own invoker process. */
    private record Revision(String key, FunctionsFramework.Instance instance) {
    }

    /** @return how many invoker processes run now */
    public int runningInvokers() {
        return revisions.size();
    }

    /** The next {@code n} API calls fail with {@code status} (429 or 503). */
    public void failNext(int n, int status) {
        faults.forceOnly(call -> true, status, null, false, n);
    }

    /** The next build of this function fails, as a broken Cloud Build would. */
    public void failNextBuild(String functionId) {
        failBuildOnce.add(functionId);
    }

    public JsonObject function(String id) {
        settleDue();
        return functions.values().stream().filter(f -> f.get("name").getAsString().endsWith("/functions/" + id))
                .findFirst().orElse(null);
    }

    public int functionCount() {
        settleDue();
        return functions.size();
    }

    public String deployedSha(String id) {
        return deployedSha.get(id);
    }

    /**
     * A Cloud Storage bucket that storage triggers may watch.
     *
     * @param location as the JSON API answers it: a region ("EUROPE-WEST1"), a dual-region ("NAM4") or a
     *                 multi-region ("US", "EU", "ASIA")
     */
    public FakeCloudFunctions createBucket(String name, String location) {
        buckets.put(name, location);
        return this;
    }

    /** Creates a secret in the fake Secret Manager (as gcloud secrets create with one version). */
    public FakeCloudFunctions putSecret(String name, String value) {
        secretManager.put(name, value);
        return this;
    }

    /** @return the members holding roles/secretmanager.secretAccessor on the secret */
    public List<String> secretAccessors(String name) {
        return secretManager.accessors(name);
    }

    /** From now on the caller holds only these permissions on the project (projects.testIamPermissions answers so). */
    public void grantOnly(Set<String> permissions) {
        granted = Set.copyOf(permissions);
    }

    /** @return the permissions the last projects.testIamPermissions call asked about */
    public List<String> lastPermissionsAsked() {
        return lastPermissionsAsked;
    }

    /** @return the headers of the last signed-URL upload */
    public Map<String, List<String>> lastUploadHeaders() {
        return lastUploadHeaders;
    }

    public JsonObject topic(String name) {
        return topics.get(name);
    }

    public JsonObject job(String name) {
        return jobs.get(name);
    }

    public boolean isPublic(String id) {
        return policies.entrySet().stream().filter(e -> e.getKey().endsWith("/services/" + id))
                .anyMatch(e -> e.getValue().toString().contains("\"allUsers\""));
    }

    /** @return operations not yet done */
    public long pendingOperations() {
        return operations.values().stream().filter(o -> !o.json.get("done").getAsBoolean()).count();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        revisions.keySet().forEach(this::stopRevision);
    }

    private void stopRevision(String functionId) {
        Revision r = revisions.remove(functionId);
        if (r != null) {
            r.instance().close();
        }
    }

    // ------------------------------------------------------------------ dispatch

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getRawPath();
            String override = ex.getRequestHeaders().getFirst("X-HTTP-Method-Override");
            // google-http-client sends PATCH as POST with this header, which Google's front end honours
            String method = override != null && ex.getRequestMethod().equals("POST") ? override : ex.getRequestMethod();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            if (path.startsWith("/fn/")) {
                serveFunction(ex, path);
                return;
            }
            if (path.startsWith("/upload/")) {
                if (inject(ex)) {
                    return;
                }
                upload(ex, path);
                return;
            }
            apiCalls.incrementAndGet();
            if (latencyMillis > 0) {
                Thread.sleep(latencyMillis);
            }
            if (inject(ex)) {
                return;
            }
            settleDue();
            boolean intEnums = "json;enum-encoding=int".equals(query.get("$alt"));
            if (path.startsWith("/v2/projects/") && path.contains("/functions") && !intEnums) {
                callsWithoutIntEnums.incrementAndGet();
            }
            Matcher m;
            if (path.equals("/v2/entries:list") && method.equals("POST")) {
                listLogs(ex);
            } else if ((m = Pattern.compile(PARENT.pattern() + "/functions").matcher(path)).matches()) {
                if (method.equals("POST")) {
                    create(ex, m.group(1), m.group(2), query.get("functionId"), intEnums);
                } else if (method.equals("GET")) {
                    list(ex, m.group(1), m.group(2), query, intEnums);
                } else {
                    error(ex, 405, "Method not allowed");
                }
            } else if (Pattern.compile(PARENT.pattern() + "/runtimes").matcher(path).matches() && method.equals("GET")) {
                runtimes(ex, intEnums);
            } else if ((m = Pattern.compile(PARENT.pattern() + "/functions:generateUploadUrl").matcher(path)).matches()
                    && method.equals("POST")) {
                generateUploadUrl(ex, m.group(1), m.group(2));
            } else if ((m = Pattern.compile(PARENT.pattern() + "/functions/([^/:]+)").matcher(path)).matches()) {
                String name = "projects/" + m.group(1) + "/locations/" + m.group(2) + "/functions/" + m.group(3);
                switch (method) {
                    case "GET" -> get(ex, name, intEnums);
                    case "PATCH" -> patch(ex, name, query.get("updateMask"), intEnums);
                    case "DELETE" -> delete(ex, name);
                    default -> error(ex, 405, "Method not allowed");
                }
            } else if ((m = Pattern.compile(PARENT.pattern() + "/operations/([^/:]+)").matcher(path)).matches()) {
                getOperation(ex, "projects/" + m.group(1) + "/locations/" + m.group(2) + "/operations/" + m.group(3),
                        intEnums);
            } else if ((m = Pattern.compile("/v3/projects/([^/:]+):testIamPermissions").matcher(path)).matches()
                    && method.equals("POST")) {
                testIamPermissions(ex);
            } else if ((m = Pattern.compile("/v1/projects/([^/]+)/secrets/([^/:]+)(?::(getIamPolicy|setIamPolicy))?")
                    .matcher(path)).matches()) {
                secret(ex, method, m.group(1), m.group(2), m.group(3));
            } else if ((m = Pattern.compile("/v3/projects/([^/:]+)").matcher(path)).matches() && method.equals("GET")) {
                // Resource Manager projects.get: "name" is "projects/" and the project's number
                JsonObject project = new JsonObject();
                project.addProperty("name", "projects/" + FakeSecretManager.PROJECT_NUMBER);
                project.addProperty("projectId", m.group(1));
                project.addProperty("state", "ACTIVE");
                respond(ex, 200, project);
            } else if ((m = Pattern.compile("/storage/v1/b/([^/]+)").matcher(path)).matches() && method.equals("GET")) {
                bucket(ex, m.group(1));
            } else if ((m = Pattern.compile("/v1/(projects/[^/]+/topics/[^/:]+)").matcher(path)).matches()) {
                topic(ex, method, m.group(1));
            } else if ((m = Pattern.compile("/v1/(projects/[^/]+/locations/[^/]+)/jobs(?:/([^/:]+))?").matcher(path))
                    .matches()) {
                job(ex, method, m.group(1), m.group(2));
            } else if ((m = Pattern.compile("/v2/(" + PARENT.pattern().substring(4) + "/services/[^/:]+):(getIamPolicy|setIamPolicy)")
                    .matcher(path)).matches()) {
                iam(ex, m.group(1), m.group(m.groupCount()));
            } else {
                error(ex, 404, "The requested URL " + path + " was not found on this server.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            error(ex, 500, "fake server bug: " + e);
        } finally {
            ex.close();
        }
    }

    /** Fault injection: forced faults first, then a random fraction; slow answers on another fraction. */
    private boolean inject(HttpExchange ex) throws IOException, InterruptedException {
        int status = 0;
        Faults.Forced forced = faults.takeForced(ex.getRequestURI().getRawPath());
        if (forced != null) {
            status = forced.status();
        } else {
            // half of the fault rate throttles, the other half is unavailable
            Faults.Decision d = faults.draw(
                    new Faults.Rates(faultRate / 2, faultRate / 2, 0, slowRate, Duration.ofMillis(slowMillis)), false);
            if (d.fault() != null) {
                status = d.fault() == Faults.Fault.THROTTLE ? 429 : 503;
            }
            if (!d.delay().isZero()) {
                Thread.sleep(d.delay().toMillis());
            }
        }
        if (status == 0) {
            return false;
        }
        faults.record(status == 429 ? Faults.Fault.THROTTLE : Faults.Fault.ERROR);
        if (status == 429) {
            ex.getResponseHeaders().add("Retry-After", "1");
            error(ex, 429, "Quota exceeded for quota metric 'Write requests' (injected)");
        } else {
            error(ex, status, "The service is currently unavailable (injected)");
        }
        return true;
    }

    // ------------------------------------------------------------------ functions

    private void create(HttpExchange ex, String project, String location, String functionId, boolean intEnums)
            throws IOException {
        JsonObject body = readJson(ex);
        if (body == null) {
            error(ex, 400, "Invalid JSON payload received.");
            return;
        }
        if (functionId == null || functionId.isEmpty()) {
            // function_id has no field_behavior in functions.proto v2; gcloud and Faasport always send it, and the
            // double needs it to name the function (simplification: the API may take the id from function.name)
            error(ex, 400, "functionId is required");
            return;
        }
        String name = "projects/" + project + "/locations/" + location + "/functions/" + functionId;
        String invalid = fromProto(body, fn -> com.google.cloud.functions.v2.CreateFunctionRequest.newBuilder()
                .setParent("projects/" + project + "/locations/" + location).setFunctionId(functionId)
                .setFunction(fn).build());
        if (invalid != null) {
            error(ex, 400, invalid);
            return;
        }
        synchronized (lock) {
            creates.incrementAndGet();
            normalizeEnums(body);
            body.addProperty("name", name);
            String violation = validate(functionId, body, true);
            if (violation != null) {
                error(ex, 400, violation);
                return;
            }
            if (functions.containsKey(name)) {
                // documented: "the long running operation will return ALREADY_EXISTS error"
                JsonObject op = newOperation(project, location, name, "create", true);
                JsonObject err = new JsonObject();
                err.addProperty("code", 6);
                err.addProperty("message", "Function " + name + " already exists");
                op.add("error", err);
                respond(ex, 200, op);
                return;
            }
            JsonObject f = body.deepCopy();
            applyPlatformDefaults(f);
            f.addProperty("state", 3);
            String now = Instant.now().toString();
            f.addProperty("createTime", now);
            f.addProperty("updateTime", now);
            functions.put(name, f);
            JsonObject op = newOperation(project, location, name, "create", false);
            operations.put(op.get("name").getAsString(), new Op(op.get("name").getAsString(), functionId, "deploy",
                    System.currentTimeMillis() + operationDelayMillis, op));
            respond(ex, 200, encodeEnums(op, intEnums));
        }
    }

    private void patch(HttpExchange ex, String name, String updateMask, boolean intEnums) throws IOException {
        JsonObject body = readJson(ex);
        if (body == null) {
            error(ex, 400, "Invalid JSON payload received.");
            return;
        }
        synchronized (lock) {
            JsonObject live = functions.get(name);
            if (live == null) {
                error(ex, 404, "Resource '" + name + "' was not found");
                return;
            }
            int state = live.get("state").getAsInt();
            if (state == 3 || state == 4) {
                // one operation per function at a time: "An operation on function ... is already in progress"
                // (Cloud Run functions "Troubleshooting", cloud.google.com/functions/docs/troubleshooting, read 2026-12)
                error(ex, 409, "An operation on function " + name + " is already in progress. Please try again later.");
                return;
            }
            String invalid = fromProto(body, fn -> fn);
            if (invalid != null) {
                error(ex, 400, invalid);
                return;
            }
            normalizeEnums(body);
            JsonObject merged = live.deepCopy();
            List<String> paths = updateMask == null || updateMask.isBlank()
                    ? List.of("buildConfig", "serviceConfig", "eventTrigger", "labels", "description")
                    : List.of(updateMask.split(","));
            for (String p : paths) {
                if (!copyPath(body, merged, camel(p.trim()))) {
                    error(ex, 400, "Invalid field mask path: " + p);
                    return;
                }
            }
            String missing = fromProto(merged.deepCopy(), fn -> com.google.cloud.functions.v2.UpdateFunctionRequest
                    .newBuilder().setFunction(fn).build());
            if (missing != null) {
                error(ex, 400, missing);
                return;
            }
            applyPlatformDefaults(merged);
            String id = name.substring(name.lastIndexOf('/') + 1);
            String violation = validate(id, merged, false);
            if (violation != null) {
                error(ex, 400, violation);
                return;
            }
            updates.incrementAndGet();
            boolean rebuild = paths.stream().map(p -> camel(p.trim())).anyMatch(p -> p.startsWith("buildConfig"));
            merged.addProperty("state", 3);
            merged.addProperty("updateTime", Instant.now().toString());
            functions.put(name, merged);
            String[] parts = name.split("/");
            JsonObject op = newOperation(parts[1], parts[3], name, "update", false);
            operations.put(op.get("name").getAsString(), new Op(op.get("name").getAsString(), id,
                    rebuild ? "deploy" : "reconfigure", System.currentTimeMillis() + operationDelayMillis, op));
            respond(ex, 200, encodeEnums(op, intEnums));
        }
    }

    private void get(HttpExchange ex, String name, boolean intEnums) throws IOException {
        gets.incrementAndGet();
        JsonObject f = functions.get(name);
        if (f == null) {
            error(ex, 404, "Resource '" + name + "' was not found");
            return;
        }
        respond(ex, 200, encodeEnums(f.deepCopy(), intEnums));
    }

    private void list(HttpExchange ex, String project, String location, Map<String, String> query, boolean intEnums)
            throws IOException {
        lists.incrementAndGet();
        String prefix = "projects/" + project + "/locations/" + location + "/functions/";
        Map<String, String> wanted = new LinkedHashMap<>();
        String filter = query.getOrDefault("filter", "");
        if (!filter.isBlank()) {
            Matcher m = Pattern.compile("labels\\.([a-z0-9_-]+)\\s*=\\s*\"([^\"]*)\"").matcher(filter);
            while (m.find()) {
                wanted.put(m.group(1), m.group(2));
            }
            if (wanted.isEmpty()) {
                error(ex, 400, "Invalid filter: " + filter);
                return;
            }
        }
        List<JsonObject> all = new ArrayList<>();
        new TreeMap<>(functions).forEach((n, f) -> {
            if (n.startsWith(prefix)) {
                JsonObject labels = f.has("labels") ? f.getAsJsonObject("labels") : new JsonObject();
                boolean ok = wanted.entrySet().stream().allMatch(w -> labels.has(w.getKey())
                        && labels.get(w.getKey()).getAsString().equals(w.getValue()));
                if (ok) {
                    all.add(f);
                }
            }
        });
        int size = Integer.parseInt(query.getOrDefault("pageSize", "0"));
        size = size <= 0 || size > maxPageSize ? maxPageSize : size;
        int from = query.containsKey("pageToken") && !query.get("pageToken").isEmpty()
                ? Integer.parseInt(query.get("pageToken")) : 0;
        JsonObject out = new JsonObject();
        JsonArray arr = new JsonArray();
        for (int i = from; i < Math.min(all.size(), from + size); i++) {
            arr.add(encodeEnums(all.get(i).deepCopy(), intEnums));
        }
        out.add("functions", arr);
        if (from + size < all.size()) {
            out.addProperty("nextPageToken", Integer.toString(from + size));
        }
        respond(ex, 200, out);
    }

    private void delete(HttpExchange ex, String name) throws IOException {
        synchronized (lock) {
            JsonObject f = functions.get(name);
            if (f == null) {
                error(ex, 404, "Resource '" + name + "' was not found");
                return;
            }
            if (f.get("state").getAsInt() == 3) {
                error(ex, 409, "An operation on function " + name + " is already in progress.");
                return;
            }
            deletes.incrementAndGet();
            f.addProperty("state", 4);
            String[] parts = name.split("/");
            JsonObject op = newOperation(parts[1], parts[3], name, "delete", false);
            operations.put(op.get("name").getAsString(), new Op(op.get("name").getAsString(), parts[5], "delete",
                    System.currentTimeMillis() + operationDelayMillis, op));
            respond(ex, 200, op);
        }
    }

    /** ListRuntimes: the Java runtimes with their stage (GA = 4, DECOMMISSIONED = 6), both generations. */
    private void runtimes(HttpExchange ex, boolean intEnums) throws IOException {
        JsonArray arr = new JsonArray();
        String[][] rows = {{"java11", "6"}, {"java17", "4"}, {"java21", "4"}, {"java25", "4"}};
        for (String[] r : rows) {
            for (int gen : new int[]{1, 2}) {
                JsonObject o = new JsonObject();
                o.addProperty("name", r[0]);
                o.addProperty("displayName", "Java " + r[0].substring(4));
                o.add("stage", intEnums ? new JsonPrimitive(Integer.parseInt(r[1]))
                        : new JsonPrimitive(r[1].equals("4") ? "GA" : "DECOMMISSIONED"));
                o.add("environment", intEnums ? new JsonPrimitive(gen) : new JsonPrimitive("GEN_" + gen));
                arr.add(o);
            }
        }
        JsonObject out = new JsonObject();
        out.add("runtimes", arr);
        respond(ex, 200, out);
    }

    private void generateUploadUrl(HttpExchange ex, String project, String location) throws IOException {
        JsonObject body = readJson(ex);
        if (body == null) {
            error(ex, 400, "Invalid JSON payload received.");
            return;
        }
        uploadUrls.incrementAndGet();
        String bucket = "gcf-v2-uploads-000000000000-" + location;
        String object = UUID.randomUUID() + "/function-source.zip";
        // GenerateUploadUrlRequest.environment: "If not specified, GEN_2 is assumed" (functions.proto v2, read 2026-12)
        JsonElement env = body.get("environment");
        boolean gen1 = env != null && (env.getAsJsonPrimitive().isNumber() ? env.getAsInt() == 1
                : env.getAsString().equals("GEN_1"));
        issuedUploads.put(bucket + "/" + object, gen1 ? 1 : 2);
        JsonObject out = new JsonObject();
        out.addProperty("uploadUrl", base + "/upload/" + bucket + "/" + object
                + "?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Expires=1800&X-Goog-Signature=fakesignature");
        JsonObject src = new JsonObject();
        src.addProperty("bucket", bucket);
        src.addProperty("object", object);
        out.add("storageSource", src);
        respond(ex, 200, out);
    }

    /**
     * The signed-URL PUT, with the restrictions GenerateUploadUrl documents (google/cloud/functions/v2/functions.proto,
     * read 2026-12): a zip, header {@code content-type: application/zip}, no credentials. Only URLs generated for a 1st
     * gen function also need {@code x-goog-content-length-range: 0,104857600}, which the v1 API's GenerateUploadUrl
     * lists (google/cloud/functions/v1/functions.proto, read 2026-12) and the v2 one does not.
     */
    private void upload(HttpExchange ex, String path) throws IOException {
        String key = path.substring("/upload/".length());
        if (!ex.getRequestMethod().equals("PUT")) {
            xmlError(ex, 405, "MethodNotAllowed");
            return;
        }
        Integer generation = issuedUploads.get(key);
        if (generation == null) {
            xmlError(ex, 403, "SignatureDoesNotMatch");
            return;
        }
        if (!"application/zip".equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
            xmlError(ex, 403, "SignatureDoesNotMatch: content-type must be application/zip");
            return;
        }
        if (ex.getRequestHeaders().getFirst("Authorization") != null) {
            xmlError(ex, 400, "AuthenticationRequired: credentials must not be sent with a signed URL");
            return;
        }
        String range = ex.getRequestHeaders().getFirst("x-goog-content-length-range");
        byte[] bytes = ex.getRequestBody().readAllBytes();
        if (generation == 1 && (range == null || !range.matches("\\d+,\\d+"))) {
            xmlError(ex, 400, "MissingSecurityHeader: x-goog-content-length-range");
            return;
        }
        long max = range != null && range.matches("\\d+,\\d+") ? Long.parseLong(range.split(",")[1]) : Long.MAX_VALUE;
        if (bytes.length > max || bytes.length > 100L * 1024 * 1024) {
            xmlError(ex, 400, "EntityTooLarge");
            return;
        }
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K') {
            xmlError(ex, 400, "the upload is not a zip");
            return;
        }
        uploads.incrementAndGet();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach(headers::put);
        lastUploadHeaders = headers;
        objects.put(key, bytes);
        ex.sendResponseHeaders(200, -1);
    }

    private void getOperation(HttpExchange ex, String name, boolean intEnums) throws IOException {
        operationPolls.incrementAndGet();
        Op op = operations.get(name);
        if (op == null) {
            error(ex, 404, "Operation " + name + " not found");
            return;
        }
        respond(ex, 200, encodeEnums(op.json.deepCopy(), intEnums));
    }

    private JsonObject newOperation(String project, String location, String target, String verb, boolean done) {
        String name = "projects/" + project + "/locations/" + location + "/operations/operation-"
                + System.nanoTime() + "-" + opSeq.incrementAndGet();
        JsonObject op = new JsonObject();
        op.addProperty("name", name);
        JsonObject meta = new JsonObject();
        meta.addProperty("@type", "type.googleapis.com/google.cloud.functions.v2.OperationMetadata");
        meta.addProperty("createTime", Instant.now().toString());
        meta.addProperty("target", target);
        meta.addProperty("verb", verb);
        meta.addProperty("apiVersion", "v2");
        op.add("metadata", meta);
        op.addProperty("done", done);
        return op;
    }

    /** Completes every operation whose delay has passed: the build succeeds or fails, the function settles. */
    private void settleDue() {
        long now = System.currentTimeMillis();
        for (Op op : operations.values()) {
            if (op.json.get("done").getAsBoolean() || op.doneAtMillis > now) {
                continue;
            }
            synchronized (lock) {
                if (op.json.get("done").getAsBoolean()) {
                    continue;
                }
                complete(op);
            }
        }
    }

    private void complete(Op op) {
        String name = op.json.getAsJsonObject("metadata").get("target").getAsString();
        JsonObject f = functions.get(name);
        JsonObject meta = op.json.getAsJsonObject("metadata");
        meta.addProperty("endTime", Instant.now().toString());
        op.json.addProperty("done", true);
        if (f == null) {
            JsonObject err = new JsonObject();
            err.addProperty("code", 5);
            err.addProperty("message", "Function " + name + " does not exist");
            op.json.add("error", err);
            return;
        }
        if (op.kind.equals("delete")) {
            functions.remove(name);
            stopRevision(op.functionId);
            JsonObject empty = new JsonObject();
            empty.addProperty("@type", "type.googleapis.com/google.protobuf.Empty");
            op.json.add("response", empty);
            return;
        }
        String[] parts = name.split("/");
        String project = parts[1];
        String location = parts[3];
        if (op.kind.equals("deploy")) {
            String buildId = UUID.randomUUID().toString();
            String buildName = "projects/000000000000/locations/" + location + "/builds/" + buildId;
            meta.addProperty("buildName", buildName);
            JsonArray stages = new JsonArray();
            JsonObject build = new JsonObject();
            build.addProperty("name", 2);
            build.addProperty("state", 3);
            build.addProperty("resourceUri", "https://console.cloud.google.com/cloud-build/builds;region=" + location
                    + "/" + buildId + "?project=000000000000");
            stages.add(build);
            meta.add("stages", stages);
            JsonObject src = f.getAsJsonObject("buildConfig").getAsJsonObject("source").getAsJsonObject("storageSource");
            byte[] code = objects.get(src.get("bucket").getAsString() + "/" + src.get("object").getAsString());
            String failure = code == null ? "Build failed: the source archive "
                    + src.get("object").getAsString() + " was not uploaded"
                    : failBuildOnce.remove(op.functionId) ? "Build failed: mvn package returned 1 (injected)" : null;
            if (failure != null) {
                f.addProperty("state", 2);
                JsonArray msgs = new JsonArray();
                JsonObject msg = new JsonObject();
                msg.addProperty("severity", 1);
                msg.addProperty("type", "BuildFailed");
                msg.addProperty("message", failure);
                msgs.add(msg);
                f.add("stateMessages", msgs);
                JsonObject err = new JsonObject();
                err.addProperty("code", 3);
                err.addProperty("message", "Build failed with status: FAILURE. " + failure);
                op.json.add("error", err);
                return;
            }
            f.getAsJsonObject("buildConfig").addProperty("build", buildName);
            deployedSha.put(op.functionId, sha256(code));
        }
        String secretFailure = secretManager.deployFailure(op.functionId, f.getAsJsonObject("serviceConfig"));
        if (secretFailure != null) {
            // the revision is not deployed; the code is PERMISSION_DENIED (the docs say only that deployment fails)
            f.addProperty("state", 2);
            JsonArray msgs = new JsonArray();
            JsonObject msg = new JsonObject();
            msg.addProperty("severity", 1);
            msg.addProperty("type", "CloudRunServiceUpdate");
            msg.addProperty("message", secretFailure);
            msgs.add(msg);
            f.add("stateMessages", msgs);
            JsonObject err = new JsonObject();
            err.addProperty("code", 7);
            err.addProperty("message", secretFailure);
            op.json.add("error", err);
            return;
        }
        f.remove("stateMessages");
        f.addProperty("state", 1);
        JsonObject service = f.getAsJsonObject("serviceConfig");
        service.addProperty("uri", base + "/fn/" + op.functionId);
        service.addProperty("service", "projects/" + project + "/locations/" + location + "/services/" + op.functionId);
        service.addProperty("revision", op.functionId + "-" + String.format("%05d", opSeq.get()) + "-abc");
        f.addProperty("url", "https://" + location + "-" + project + ".cloudfunctions.net/" + op.functionId);
        JsonObject response = f.deepCopy();
        response.addProperty("@type", "type.googleapis.com/google.cloud.functions.v2.Function");
        op.json.add("response", response);
    }

    // ------------------------------------------------------------------ limits

    /** @return why the function breaks a documented limit, or null */
    private String validate(String id, JsonObject f, boolean creating) {
        boolean gen1 = f.has("environment") && f.get("environment").getAsInt() == 1;
        if (!(gen1 ? GEN1_ID : GEN2_ID).matcher(id).matches()) {
            return gen1 ? "Invalid function id '" + id + "': must start with a letter, contain only letters, digits, "
                    + "'-' and '_', end with a letter or digit, at most 63 characters"
                    : "Invalid function id '" + id + "': should be 4-63 characters, valid characters are /[a-z][0-9]-/";
        }
        JsonObject build = f.has("buildConfig") ? f.getAsJsonObject("buildConfig") : new JsonObject();
        String runtime = str(build, "runtime");
        if (!RUNTIMES.contains(runtime)) {
            return "Invalid value for field 'buildConfig.runtime': '" + runtime + "' is not a supported runtime";
        }
        // entry_point "Defaults to the resource name suffix" (functions.proto v2); for Java it must name a class, which
        // Google's Java buildpack checks with javap ("did not produce the class ... specified as the function target")
        if (runtime.startsWith("java") && str(build, "entryPoint").isEmpty()) {
            return "buildConfig.entryPoint is required for the Java runtimes";
        }
        // a new function needs its code: "Source: the location of the function source code" (BuildConfig.source,
        // functions.proto v2); Faasport uploads through generateUploadUrl, so a storage source
        if (creating && !(build.has("source") && build.getAsJsonObject("source").has("storageSource"))) {
            return "buildConfig.source is required";
        }
        JsonObject service = f.has("serviceConfig") ? f.getAsJsonObject("serviceConfig") : new JsonObject();
        boolean event = f.has("eventTrigger") && !str(f.getAsJsonObject("eventTrigger"), "eventType").isEmpty();
        long mem = service.has("availableMemory") ? memoryBytes(str(service, "availableMemory")) : 256L << 20;
        if (mem < 0) {
            return "Invalid value for field 'serviceConfig.availableMemory': " + str(service, "availableMemory");
        }
        long mib = mem >> 20;
        int timeout = service.has("timeoutSeconds") ? service.get("timeoutSeconds").getAsInt() : 60;
        int concurrency = service.has("maxInstanceRequestConcurrency")
                ? service.get("maxInstanceRequestConcurrency").getAsInt() : 1;
        // 1st gen: tiers, 540 s, one request per instance, no CPU setting ("Quotas" 1st gen,
        // cloud.google.com/functions/quotas-1st-gen, and "Configure memory"); 2nd gen: 128Mi..32Gi, the memory/CPU pairs
        // of "Configure memory limits" and "Configure CPU limits" (cloud.google.com/run/docs/configuring/services/memory-limits,
        // .../cpu), concurrency <= 1000 and > 1 needs 1 vCPU ("Configure concurrency", .../functions/docs/configuring/concurrency),
        // timeouts 3600 s HTTP / 540 s event-driven ("Configure function timeout", .../functions/docs/configuring/timeout)
        if (gen1) {
            long mb = Math.round(mem / 1e6) == 0 ? 0 : (str(service, "availableMemory").endsWith("Mi") ? mib : Math.round(mem / 1e6));
            if (!GEN1_MEMORY_MB.contains(mb)) {
                return "1st gen memory must be one of 128MB, 256MB, 512MB, 1024MB, 2048MB, 4096MB, 8192MB";
            }
            if (timeout > 540) {
                return "The timeout for 1st gen functions is at most 540 seconds";
            }
            if (concurrency > 1 || !str(service, "availableCpu").isEmpty()) {
                return "1st gen functions do not support concurrency or a CPU setting";
            }
        } else {
            if (mib < 128 || mem > (32L << 30)) {
                return "serviceConfig.availableMemory must be between 128Mi and 32Gi";
            }
            BigDecimal cpu;
            try {
                cpu = service.has("availableCpu") && !str(service, "availableCpu").isEmpty()
                        ? new BigDecimal(str(service, "availableCpu")) : new BigDecimal(FunctionMappingDefaults.cpu(mib));
            } catch (NumberFormatException e) {
                return "Invalid value for field 'serviceConfig.availableCpu'";
            }
            int needCpu = mib > 24 * 1024 ? 8 : mib > 16 * 1024 ? 6 : mib > 8 * 1024 ? 4 : mib > 4 * 1024 ? 2 : 0;
            if (cpu.compareTo(BigDecimal.valueOf(needCpu)) < 0) {
                return "Memory of " + mib + "Mi requires at least " + needCpu + " CPUs";
            }
            if (cpu.compareTo(BigDecimal.valueOf(4)) >= 0 && mib < (cpu.compareTo(BigDecimal.valueOf(6)) >= 0 ? 4096 : 2048)) {
                return cpu + " CPUs require at least " + (cpu.compareTo(BigDecimal.valueOf(6)) >= 0 ? "4Gi" : "2Gi") + " memory";
            }
            if (cpu.compareTo(BigDecimal.valueOf(8)) > 0) {
                return "serviceConfig.availableCpu must be at most 8";
            }
            if (concurrency > 1000) {
                return "maxInstanceRequestConcurrency must be at most 1000";
            }
            if (concurrency > 1 && cpu.compareTo(BigDecimal.ONE) < 0) {
                return "Setting maxInstanceRequestConcurrency > 1 requires at least 1 CPU";
            }
            int max = event ? 540 : 3600;
            if (timeout > max) {
                return "The timeout for " + (event ? "event-driven" : "HTTP") + " functions is at most " + max + " seconds";
            }
        }
        if (timeout < 0) {
            return "serviceConfig.timeoutSeconds must be positive";
        }
        // ServiceConfig.min_instance_count/max_instance_count (functions.proto v2; "Configure minimum instances")
        int min = service.has("minInstanceCount") ? service.get("minInstanceCount").getAsInt() : 0;
        int maxI = service.has("maxInstanceCount") ? service.get("maxInstanceCount").getAsInt() : 0;
        if (maxI > 0 && min > maxI) {
            return "minInstanceCount must not exceed maxInstanceCount";
        }
        if (service.has("environmentVariables")) {
            int bytes = 0;
            for (Map.Entry<String, JsonElement> e : service.getAsJsonObject("environmentVariables").entrySet()) {
                // reserved by the Cloud Run container runtime contract (cloud.google.com/run/docs/container-contract,
                // "Environment variables"); 32 KiB in total ("Quotas", cloud.google.com/functions/quotas)
                if (Set.of("PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION").contains(e.getKey())) {
                    return "Environment variable " + e.getKey() + " is reserved";
                }
                bytes += (e.getKey() + e.getValue().getAsString()).getBytes(StandardCharsets.UTF_8).length;
            }
            if (bytes > 32 * 1024) {
                return "Environment variables exceed 32KiB";
            }
        }
        if (f.has("labels")) {
            JsonObject labels = f.getAsJsonObject("labels");
            if (labels.size() > 64) {
                return "At most 64 labels";
            }
            for (Map.Entry<String, JsonElement> e : labels.entrySet()) {
                if (!LABEL_KEY.matcher(e.getKey()).matches() || !LABEL_VALUE.matcher(e.getValue().getAsString()).matches()) {
                    return "Invalid label " + e.getKey() + "=" + e.getValue().getAsString()
                            + ": lower case letters, digits, '_' and '-', at most 63 characters";
                }
            }
        }
        if (event) {
            JsonObject t = f.getAsJsonObject("eventTrigger");
            String type = str(t, "eventType");
            if (!EVENT_TYPES.contains(type)) {
                return "Unsupported eventTrigger.eventType " + type;
            }
            if (type.startsWith("google.cloud.storage.")) {
                String violation = storageTrigger(f, t);
                if (violation != null) {
                    return violation;
                }
            }
            // EventTrigger.pubsub_topic: "Format: projects/{project}/topics/{topic}" (functions.proto v2)
            if (type.startsWith("google.cloud.pubsub.") && !str(t, "pubsubTopic").matches("projects/[^/]+/topics/[^/]+")) {
                return "eventTrigger.pubsubTopic must be projects/*/topics/*";
            }
        }
        return null;
    }

    /**
     * A Cloud Storage trigger watches an existing bucket from the bucket's own location. EventTrigger.trigger_region
     * "If not provided, defaults to the same region as the function" (functions.proto v2, read 2026-12); Eventarc
     * refuses a trigger whose location is not the bucket's: "Bucket 'b' is in location 'us', but the trigger location
     * is 'us-central1'" (Cloud Run functions troubleshooting and Eventarc "Route Cloud Storage events": "the trigger
     * location must match the location of the Cloud Storage bucket", read 2026-12). Multi- and dual-regions compare
     * as themselves, lower case.
     */
    private String storageTrigger(JsonObject f, JsonObject t) {
        String bucket = null;
        if (t.has("eventFilters")) {
            for (JsonElement e : t.getAsJsonArray("eventFilters")) {
                if (str(e.getAsJsonObject(), "attribute").equals("bucket")) {
                    bucket = str(e.getAsJsonObject(), "value");
                }
            }
        }
        if (bucket == null) {
            return "Storage triggers need an event filter on attribute 'bucket'";
        }
        String location = buckets.get(bucket);
        if (location == null) {
            return "Bucket '" + bucket + "' does not exist: the trigger cannot be created";
        }
        String region = str(f, "name").split("/")[3];
        String triggerRegion = str(t, "triggerRegion").isEmpty() ? region : str(t, "triggerRegion");
        String bucketLocation = location.toLowerCase(java.util.Locale.ROOT);
        if (!triggerRegion.equals(bucketLocation)) {
            return "Validation failed for trigger: Bucket '" + bucket + "' is in location '" + bucketLocation
                    + "', but the trigger location is '" + triggerRegion + "'. The trigger must be in the same location"
                    + " as the bucket. Try redeploying and changing the trigger location to '" + bucketLocation + "'.";
        }
        return null;
    }

    /** Default vCPU per memory of 2nd gen, kept here independently of the production table. */
    static final class FunctionMappingDefaults {
        static String cpu(long mib) {
            long[] tiers = {128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};
            String[] cpus = {"0.083", "0.167", "0.333", "0.583", "1", "2", "2", "4", "8"};
            for (int i = 0; i < tiers.length; i++) {
                if (mib <= tiers[i]) {
                    return cpus[i];
                }
            }
            return "8";
        }
    }

    private static long memoryBytes(String q) {
        Matcher m = Pattern.compile("(\\d+)(k|Ki|M|Mi|G|Gi)?").matcher(q);
        if (!m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        String u = m.group(2) == null ? "" : m.group(2);
        return switch (u) {
            case "k" -> n * 1000;
            case "Ki" -> n << 10;
            case "M" -> n * 1_000_000;
            case "Mi" -> n << 20;
            case "G" -> n * 1_000_000_000;
            case "Gi" -> n << 30;
            default -> n;
        };
    }

    // ------------------------------------------------------------------ run IAM, logging, the functions themselves

    private void iam(HttpExchange ex, String service, String verb) throws IOException {
        if (verb.equals("getIamPolicy")) {
            JsonObject p = policies.getOrDefault(service, new JsonObject());
            JsonObject out = p.deepCopy();
            out.addProperty("etag", "BwYfake=");
            respond(ex, 200, out);
            return;
        }
        JsonObject body = readJson(ex);
        if (body == null || !body.has("policy")) {
            error(ex, 400, "policy is required");
            return;
        }
        policies.put(service, body.getAsJsonObject("policy"));
        respond(ex, 200, body.getAsJsonObject("policy"));
    }

    /** Secret Manager: secrets.get, :getIamPolicy (GET), :setIamPolicy (POST); an unknown secret is 404. */
    private void secret(HttpExchange ex, String method, String project, String secret, String verb) throws IOException {
        JsonObject answer;
        if (verb == null && method.equals("GET")) {
            answer = secretManager.get(project, secret);
        } else if ("getIamPolicy".equals(verb) && method.equals("GET")) {
            answer = secretManager.policy(secret);
        } else if ("setIamPolicy".equals(verb) && method.equals("POST")) {
            JsonObject body = readJson(ex);
            if (body == null || !body.has("policy")) {
                error(ex, 400, "policy is required");
                return;
            }
            answer = secretManager.setPolicy(secret, body.getAsJsonObject("policy"));
        } else {
            error(ex, 405, "Method not allowed");
            return;
        }
        if (answer == null) {
            error(ex, 404, "Secret [projects/" + FakeSecretManager.PROJECT_NUMBER + "/secrets/" + secret + "] not found.");
            return;
        }
        respond(ex, 200, answer);
    }

    /**
     * Cloud Storage JSON API buckets.get: name, location (upper case, as the API answers) and location type; an unknown
     * bucket answers 404 "The specified bucket does not exist." (cloud.google.com/storage/docs/json_api/v1/buckets/get
     * and .../json_api/v1/status-codes, read 2026-12).
     */
    private void bucket(HttpExchange ex, String name) throws IOException {
        String location = buckets.get(name);
        if (location == null) {
            error(ex, 404, "The specified bucket does not exist.");
            return;
        }
        JsonObject b = new JsonObject();
        b.addProperty("kind", "storage#bucket");
        b.addProperty("id", name);
        b.addProperty("name", name);
        b.addProperty("location", location);
        b.addProperty("locationType", location.matches("US|EU|ASIA") ? "multi-region"
                : location.contains("-") ? "region" : "dual-region");
        respond(ex, 200, b);
    }

    /**
     * Resource Manager v3 projects.testIamPermissions: answers the subset of the asked permissions the caller holds;
     * "Permissions with wildcards (such as * or storage.*) are not allowed" (cloud.google.com/resource-manager/
     * reference/rest/v3/projects/testIamPermissions and TestIamPermissionsRequest, read 2026-12); a permission is
     * service.resource.verb ("IAM permissions reference", cloud.google.com/iam/docs/permissions-reference).
     */
    private void testIamPermissions(HttpExchange ex) throws IOException {
        JsonObject body = readJson(ex);
        if (body == null || !body.has("permissions") || !body.get("permissions").isJsonArray()) {
            error(ex, 400, "Invalid JSON payload received: permissions is required");
            return;
        }
        permissionTests.incrementAndGet();
        List<String> asked = new ArrayList<>();
        body.getAsJsonArray("permissions").forEach(e -> asked.add(e.getAsString()));
        for (String p : asked) {
            if (!p.matches("[a-z][a-zA-Z0-9]*\\.[a-zA-Z]+\\.[a-zA-Z]+")) {
                error(ex, 400, "Permission " + p + " is not valid for this resource.");
                return;
            }
        }
        lastPermissionsAsked = List.copyOf(asked);
        Set<String> holds = granted;
        JsonArray answer = new JsonArray();
        asked.stream().filter(p -> holds == null || holds.contains(p)).forEach(answer::add);
        JsonObject out = new JsonObject();
        if (!answer.isEmpty()) {
            out.add("permissions", answer);
        }
        respond(ex, 200, out);
    }

    /** Pub/Sub topics.create (PUT), get, delete; names follow the documented resource-name rule. */
    private void topic(HttpExchange ex, String method, String name) throws IOException {
        String id = name.substring(name.lastIndexOf('/') + 1);
        switch (method) {
            case "PUT" -> {
                // Pub/Sub "Resource names" (cloud.google.com/pubsub/docs/pubsub-basics#resource_names): 3-255
                // characters, a letter first, letters, digits, - _ . ~ + %, not starting with "goog"
                if (!id.matches("[A-Za-z][A-Za-z0-9._~+%-]{2,254}") || id.startsWith("goog")) {
                    error(ex, 400, "Invalid resource name given (name=" + name + ")");
                } else if (topics.putIfAbsent(name, topicJson(name)) != null) {
                    error(ex, 409, "Resource already exists in the project (resource=" + id + ").");
                } else {
                    respond(ex, 200, topics.get(name));
                }
            }
            case "GET" -> {
                if (topics.containsKey(name)) {
                    respond(ex, 200, topics.get(name));
                } else {
                    error(ex, 404, "Resource not found (resource=" + id + ").");
                }
            }
            case "DELETE" -> {
                if (topics.remove(name) != null) {
                    respond(ex, 200, new JsonObject());
                } else {
                    error(ex, 404, "Resource not found (resource=" + id + ").");
                }
            }
            default -> error(ex, 405, "Method not allowed");
        }
    }

    private static JsonObject topicJson(String name) {
        JsonObject t = new JsonObject();
        t.addProperty("name", name);
        return t;
    }

    /** Cloud Scheduler v1 jobs: create, get, patch (updateMask), delete. */
    private void job(HttpExchange ex, String method, String parent, String id) throws IOException {
        if (id == null) {
            if (!method.equals("POST")) {
                error(ex, 405, "Method not allowed");
                return;
            }
            JsonObject body = readJson(ex);
            String name = body == null ? "" : str(body, "name");
            // Cloud Scheduler Job.name: "can contain letters, numbers, hyphens, underscores", at most 500 characters
            // (cloudscheduler v1 REST reference, Job); schedule in unix-cron ("Cron job format and time zone")
            String violation = name.matches(Pattern.quote(parent) + "/jobs/[A-Za-z0-9_-]{1,500}")
                    ? validateJob(body) : "Job name must be " + parent + "/jobs/[A-Za-z0-9_-]{1,500}";
            if (violation != null) {
                error(ex, 400, violation);
            } else if (jobs.putIfAbsent(name, withState(body)) != null) {
                error(ex, 409, "Job " + name + " already exists.");
            } else {
                respond(ex, 200, jobs.get(name));
            }
            return;
        }
        String name = parent + "/jobs/" + id;
        JsonObject live = jobs.get(name);
        if (live == null) {
            error(ex, 404, "Job not found.");
            return;
        }
        switch (method) {
            case "GET" -> respond(ex, 200, live);
            case "DELETE" -> {
                jobs.remove(name);
                respond(ex, 200, new JsonObject());
            }
            case "PATCH" -> {
                JsonObject body = readJson(ex);
                JsonObject merged = live.deepCopy();
                String mask = query(ex.getRequestURI().getRawQuery()).getOrDefault("updateMask", "");
                for (String p : mask.split(",")) {
                    if (body != null && body.has(p.trim())) {
                        merged.add(p.trim(), body.get(p.trim()).deepCopy());
                    }
                }
                String violation = validateJob(merged);
                if (violation != null) {
                    error(ex, 400, violation);
                } else {
                    jobs.put(name, merged);
                    respond(ex, 200, merged);
                }
            }
            default -> error(ex, 405, "Method not allowed");
        }
    }

    private static JsonObject withState(JsonObject job) {
        job.addProperty("state", "ENABLED");
        return job;
    }

    private static String validateJob(JsonObject job) {
        String[] fields = str(job, "schedule").trim().split("\\s+");
        if (fields.length != 5) {
            return "Schedule has more or less than 5 fields: '" + str(job, "schedule") + "'";
        }
        for (String f : fields) {
            if (!f.matches("[0-9A-Za-z*/,-]+")) {
                return "Schedule field '" + f + "' is not unix-cron";
            }
        }
        if (!job.has("pubsubTarget") || !str(job.getAsJsonObject("pubsubTarget"), "topicName")
                .matches("projects/[^/]+/topics/[^/]+")) {
            return "pubsubTarget.topicName must be projects/*/topics/*";
        }
        return null;
    }

    private void listLogs(HttpExchange ex) throws IOException {
        JsonObject body = readJson(ex);
        String filter = body == null || !body.has("filter") ? "" : body.get("filter").getAsString();
        Matcher m = Pattern.compile("resource.labels.service_name=\"([^\"]+)\"").matcher(filter);
        if (!filter.contains("resource.type=\"cloud_run_revision\"") || !m.find()) {
            error(ex, 400, "unsupported filter " + filter);
            return;
        }
        String service = m.group(1);
        int size = body.has("pageSize") ? body.get("pageSize").getAsInt() : 50;
        List<JsonObject> matching = new ArrayList<>();
        for (JsonObject e : logEntries) {
            if (e.getAsJsonObject("resource").getAsJsonObject("labels").get("service_name").getAsString().equals(service)) {
                matching.add(e);
            }
        }
        Collections.reverse(matching); // orderBy timestamp desc
        JsonArray arr = new JsonArray();
        matching.stream().limit(size).forEach(arr::add);
        JsonObject out = new JsonObject();
        out.add("entries", arr);
        respond(ex, 200, out);
    }

    /** The function's URL: echoes what it got, which code version answered, and writes a log entry. */
    private void serveFunction(HttpExchange ex, String path) throws IOException {
        String rest = path.substring("/fn/".length());
        String id = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        JsonObject f = function(id);
        if (f == null || f.get("state").getAsInt() != 1) {
            error(ex, 404, "function " + id + " is not serving");
            return;
        }
        boolean http = !f.has("eventTrigger") || str(f.getAsJsonObject("eventTrigger"), "eventType").isEmpty();
        // Cloud Run checks the caller of HTTP functions; event deliveries come from Eventarc and are not checked here
        if (http && !isPublic(id) && ex.getRequestHeaders().getFirst("Authorization") == null) {
            ex.sendResponseHeaders(403, -1);
            return;
        }
        invocations.incrementAndGet();
        byte[] in = ex.getRequestBody().readAllBytes();
        if (workDir != null) {
            run(ex, id, f, http, rest.substring(id.length()), in);
            return;
        }
        JsonObject out = new JsonObject();
        out.addProperty("function", str(f.getAsJsonObject("serviceConfig").getAsJsonObject("environmentVariables"),
                "FAASPORT_FUNCTION"));
        out.addProperty("codeSha256", deployedSha.get(id));
        out.addProperty("method", ex.getRequestMethod());
        out.addProperty("path", rest.substring(id.length()));
        out.addProperty("body", new String(in, StandardCharsets.UTF_8));
        String ceType = ex.getRequestHeaders().getFirst("ce-type");
        if (ceType != null) {
            out.addProperty("ceType", ceType);
            out.addProperty("ceSource", ex.getRequestHeaders().getFirst("ce-source"));
            out.addProperty("ceSpecversion", ex.getRequestHeaders().getFirst("ce-specversion"));
        }
        JsonObject entry = new JsonObject();
        entry.addProperty("timestamp", Instant.now().toString());
        entry.addProperty("severity", "INFO");
        entry.addProperty("textPayload", "handled " + ex.getRequestMethod() + " " + out.get("path").getAsString()
                + " #" + invocations.get());
        JsonObject resource = new JsonObject();
        resource.addProperty("type", "cloud_run_revision");
        JsonObject labels = new JsonObject();
        labels.addProperty("service_name", id);
        resource.add("labels", labels);
        entry.add("resource", resource);
        logEntries.add(entry);
        respond(ex, 200, out);
    }

    /**
     * Runs the deployed package: forwards the request (or the binary-mode CloudEvent) as it came to the invoker serving
     * the function's current revision, and its answer back.
     */
    private void run(HttpExchange ex, String id, JsonObject f, boolean http, String path, byte[] in) throws IOException {
        Revision revision;
        try {
            revision = revision(id, f, http);
        } catch (RuntimeException e) {
            // a revision that cannot start is what Cloud Run reports as a failed container start
            error(ex, 503, "The function " + id + " failed to start: " + e.getMessage());
            return;
        }
        String query = ex.getRequestURI().getRawQuery();
        int timeout = f.getAsJsonObject("serviceConfig").has("timeoutSeconds")
                ? f.getAsJsonObject("serviceConfig").get("timeoutSeconds").getAsInt() : 60;
        java.net.http.HttpRequest.Builder req = java.net.http.HttpRequest.newBuilder(URI.create(
                        revision.instance().url() + (path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(timeout + 10))
                .method(ex.getRequestMethod(), in.length == 0 ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(in));
        ex.getRequestHeaders().forEach((k, values) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> req.header(k, v));
            }
        });
        java.net.http.HttpResponse<byte[]> a;
        try {
            a = this.http.send(req.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        JsonObject entry = new JsonObject();
        entry.addProperty("timestamp", Instant.now().toString());
        entry.addProperty("severity", a.statusCode() >= 500 ? "ERROR" : "INFO");
        entry.addProperty("textPayload", "ran " + str(f.getAsJsonObject("buildConfig"), "entryPoint") + " for "
                + ex.getRequestMethod() + " " + path + ": " + a.statusCode());
        JsonObject resource = new JsonObject();
        resource.addProperty("type", "cloud_run_revision");
        JsonObject labels = new JsonObject();
        labels.addProperty("service_name", id);
        resource.add("labels", labels);
        entry.add("resource", resource);
        logEntries.add(entry);
        a.headers().map().forEach((k, values) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) {
                values.forEach(v -> ex.getResponseHeaders().add(k, v));
            }
        });
        byte[] body = a.body();
        ex.sendResponseHeaders(a.statusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (java.io.OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        }
    }

    /** Headers of one connection, which a proxy does not forward (and java.net.http refuses to set). */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    /** @return the invoker serving the function's current revision, started (and the previous one stopped) as needed */
    private Revision revision(String id, JsonObject f, boolean http) {
        JsonObject build = f.getAsJsonObject("buildConfig");
        JsonObject src = build.getAsJsonObject("source").getAsJsonObject("storageSource");
        byte[] zip = objects.get(src.get("bucket").getAsString() + "/" + src.get("object").getAsString());
        JsonObject service = f.getAsJsonObject("serviceConfig");
        String key = id + "-" + sha256((sha256(zip) + service + build.get("entryPoint") + build.get("runtime"))
                .getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        synchronized (revisions) {
            Revision current = revisions.get(id);
            if (current != null && current.key().equals(key) && current.instance().process().isAlive()) {
                return current;
            }
            stopRevision(id);
            Map<String, String> env = new TreeMap<>();
            JsonObject vars = service.getAsJsonObject("environmentVariables");
            if (vars != null) {
                vars.entrySet().forEach(e -> env.put(e.getKey(), e.getValue().getAsString()));
            }
            // secret environment variables are read when the instance starts
            env.putAll(secretManager.resolve(service));
            try {
                java.nio.file.Path source = FunctionsFramework.unpack(zip,
                        dev.faasport.testing.PackageFiles.directory(workDir, key));
                Revision r = new Revision(key, FunctionsFramework.start(FunctionsFramework.invokerJar(invokerVersion),
                        FunctionsFramework.javaHome(str(build, "runtime")), source, str(build, "entryPoint"),
                        http ? "http" : "cloudevent", id, (int) (memoryBytes(str(service, "availableMemory")) >> 20),
                        env));
                revisions.put(id, r);
                return r;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------ JSON helpers

    private static final Map<String, String[]> ENUMS = Map.of(
            "state", new String[]{"STATE_UNSPECIFIED", "ACTIVE", "FAILED", "DEPLOYING", "DELETING", "UNKNOWN"},
            "environment", new String[]{"ENVIRONMENT_UNSPECIFIED", "GEN_1", "GEN_2"},
            "ingressSettings", new String[]{"INGRESS_SETTINGS_UNSPECIFIED", "ALLOW_ALL", "ALLOW_INTERNAL_ONLY",
                    "ALLOW_INTERNAL_AND_GCLB"},
            "retryPolicy", new String[]{"RETRY_POLICY_UNSPECIFIED", "RETRY_POLICY_DO_NOT_RETRY", "RETRY_POLICY_RETRY"},
            "severity", new String[]{"SEVERITY_UNSPECIFIED", "ERROR", "WARNING", "INFO"});

    /** Requests may carry enums as names or numbers: keep numbers. */
    private static void normalizeEnums(JsonElement e) {
        walkEnums(e, true);
    }

    private static JsonObject encodeEnums(JsonObject o, boolean ints) {
        if (!ints) {
            walkEnums(o, false);
        }
        return o;
    }

    private static void walkEnums(JsonElement e, boolean toInt) {
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
                String[] names = ENUMS.get(en.getKey());
                if (names != null && en.getValue().isJsonPrimitive()) {
                    JsonPrimitive p = en.getValue().getAsJsonPrimitive();
                    if (toInt && p.isString()) {
                        int idx = List.of(names).indexOf(p.getAsString());
                        en.setValue(new JsonPrimitive(Math.max(idx, 0)));
                    } else if (!toInt && p.isNumber()) {
                        en.setValue(new JsonPrimitive(names[p.getAsInt()]));
                    }
                } else {
                    walkEnums(en.getValue(), toInt);
                }
            }
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> walkEnums(x, toInt));
        }
    }

    /**
     * What the real API fills in by itself: max instances 100 when unset, LOG_EXECUTION_ID in the environment, a
     * transport topic on storage triggers, a label of its own.
     */
    private static void applyPlatformDefaults(JsonObject f) {
        if (!f.has("serviceConfig")) {
            f.add("serviceConfig", new JsonObject());
        }
        JsonObject svc = f.getAsJsonObject("serviceConfig");
        if (!svc.has("maxInstanceCount") || svc.get("maxInstanceCount").getAsInt() == 0) {
            svc.addProperty("maxInstanceCount", 100);
        }
        if (!svc.has("environmentVariables")) {
            svc.add("environmentVariables", new JsonObject());
        }
        if (str(svc, "serviceAccountEmail").isEmpty()) {
            // "the Compute Engine default service account" runs a 2nd gen function that names none ("Function
            // identity", Cloud Run functions docs, read 2026-12)
            svc.addProperty("serviceAccountEmail", FakeSecretManager.PROJECT_NUMBER + "-compute@developer.gserviceaccount.com");
        }
        svc.getAsJsonObject("environmentVariables").addProperty("LOG_EXECUTION_ID", "true");
        if (f.has("eventTrigger") && str(f.getAsJsonObject("eventTrigger"), "triggerRegion").isEmpty()) {
            // "If not provided, defaults to the same region as the function" (functions.proto v2, read 2026-12)
            f.getAsJsonObject("eventTrigger").addProperty("triggerRegion", str(f, "name").split("/")[3]);
        }
        if (f.has("eventTrigger") && str(f.getAsJsonObject("eventTrigger"), "eventType").startsWith("google.cloud.storage")
                && str(f.getAsJsonObject("eventTrigger"), "pubsubTopic").isEmpty()) {
            f.getAsJsonObject("eventTrigger").addProperty("pubsubTopic", "projects/p/topics/eventarc-transport-"
                    + UUID.randomUUID());
        }
        if (!f.has("labels")) {
            f.add("labels", new JsonObject());
        }
        f.getAsJsonObject("labels").addProperty("goog-managed-by", "cloudfunctions");
    }

    /**
     * Reads a request's function as the v2 API's JSON transcoding does (a field the message does not have is refused)
     * and applies the proto's field behaviours ({@link FieldBehaviors}): the OUTPUT_ONLY fields the client set are
     * dropped from {@code body} (the API ignores them), the REQUIRED fields of the request it makes are checked.
     *
     * @return why the request is invalid, or null
     */
    private static String fromProto(JsonObject body, java.util.function.Function<com.google.cloud.functions.v2.Function,
            com.google.protobuf.Message> request) {
        com.google.cloud.functions.v2.Function.Builder b = com.google.cloud.functions.v2.Function.newBuilder();
        try {
            com.google.protobuf.util.JsonFormat.parser().merge(body.toString(), b);
        } catch (com.google.protobuf.InvalidProtocolBufferException | RuntimeException e) {
            return "Invalid JSON payload received. " + e.getMessage();
        }
        com.google.cloud.functions.v2.Function fn = FieldBehaviors.withoutOutputOnly(b.build());
        List<String> missing = FieldBehaviors.missingRequired(request.apply(fn));
        if (!missing.isEmpty()) {
            return "Required field" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + " not set";
        }
        try {
            JsonObject clean = JsonParser.parseString(com.google.protobuf.util.JsonFormat.printer()
                    .omittingInsignificantWhitespace().print(fn)).getAsJsonObject();
            body.keySet().clear();
            clean.entrySet().forEach(e -> body.add(e.getKey(), e.getValue()));
            return null;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies one update-mask path from the request body into the stored function; false for an unknown path. */
    private static boolean copyPath(JsonObject from, JsonObject to, String path) {
        Set<String> top = Set.of("buildConfig", "serviceConfig", "eventTrigger", "labels", "description", "kmsKeyName");
        String[] parts = path.split("\\.");
        if (!top.contains(parts[0])) {
            return false;
        }
        JsonObject src = from;
        JsonObject dst = to;
        for (int i = 0; i < parts.length - 1; i++) {
            src = src != null && src.has(parts[i]) ? src.getAsJsonObject(parts[i]) : null;
            if (!dst.has(parts[i])) {
                dst.add(parts[i], new JsonObject());
            }
            dst = dst.getAsJsonObject(parts[i]);
        }
        String last = parts[parts.length - 1];
        if (src != null && src.has(last)) {
            dst.add(last, src.get(last).deepCopy());
        } else {
            dst.remove(last);
        }
        return true;
    }

    private static String camel(String path) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : path.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    private static String str(JsonObject o, String k) {
        return o != null && o.has(k) && o.get(k).isJsonPrimitive() ? o.get(k).getAsString() : "";
    }

    private static JsonObject readJson(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (s.isBlank()) {
                return new JsonObject();
            }
            JsonElement e = JsonParser.parseString(s);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, String> query(String raw) {
        return QueryStrings.single(raw);
    }

    private static void respond(HttpExchange ex, int status, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /** The documented error body: {"error": {"code", "message", "status"}} ("Errors", cloud.google.com/apis/design/errors, read 2026-12). */
    private static void error(HttpExchange ex, int status, String message) throws IOException {
        String code = switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL";
        };
        JsonObject err = new JsonObject();
        err.addProperty("code", status);
        err.addProperty("message", message);
        err.addProperty("status", code);
        JsonObject out = new JsonObject();
        out.add("error", err);
        respond(ex, status, out);
    }

    private static void xmlError(HttpExchange ex, int status, String code) throws IOException {
        byte[] b = ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>" + code + "</Code></Error>")
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/xml");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
