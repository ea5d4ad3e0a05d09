package dev.faasport.provider.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.faasport.runtime.json.Json;
import dev.faasport.testing.Faults;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An in-process AWS Lambda control and data plane for tests, on 127.0.0.1 and an ephemeral port. It follows the
 * documented Lambda REST API (2015-03-31 functions, 2021-10-31 function URLs, 2017-03-31 tags, 2016-08-19 account
 * settings) closely enough that the AWS SDK for Java v2 accepts its answers unchanged. Every Lambda request is first
 * checked against AWS's own service model ({@link LambdaServiceModel}: required members, lengths, ranges, patterns,
 * enums, answered with Lambda's ValidationException); the rules the model does not carry are hand-written (those
 * beside the model cite their document and date): timeout at most 900, 64-character plain names, the Java runtime
 * ids, five layers, the SQS batching window, the direct-upload size (413
 * RequestEntityTooLargeException), the unzipped size (measured by unzipping), state transitions (Pending then Active,
 * LastUpdateStatus InProgress then Successful, 409 ResourceConflictException meanwhile), 404 ResourceNotFoundException.
 * It also answers STS GetCallerIdentity, IAM GetRole/CreateRole/AttachRolePolicy (query protocol), CloudWatch Logs
 * FilterLogEvents, SQS GetQueueUrl/GetQueueAttributes and EventBridge rules and targets (JSON), S3 bucket notification
 * configurations (XML, checking the destination's invoke permission), Lambda event source mappings, reserved and
 * provisioned concurrency, and fetches S3Bucket/S3Key code from an S3 emulator. Faults (429 throttling, 500, slow answers) are
 * injected on a configurable fraction of calls, and every call's operation is counted. Container-image functions
 * (PackageType Image, Code.ImageUri from an ECR repository of this region that exists in the server's minimal ECR,
 * JSON 1.1 CreateRepository/DescribeRepositories/ListTagsForResource) follow Lambda's rules: no Handler, Runtime or
 * Layers with Image, and a PackageType that never changes after creation.
 */
public final class LambdaTestServer implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    /** Lambda's documented limits (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html, 2026-11). */
    public static final long DIRECT_UPLOAD_LIMIT = 50L * 1024 * 1024;
    public static final long UNZIPPED_LIMIT = 262_144_000L;

    /**
     * Lambda's runtime ids for Java ("Lambda runtimes", docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, read
     * 2026-12): hand-written because the service model's Runtime enum is older than the service (see LambdaServiceModel).
     */
    private static final List<String> RUNTIMES = List.of("java8.al2", "java11", "java17", "java21", "java25");
    /** docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (read 2026-12): 4 KB for all variables. */
    private static final int ENVIRONMENT_LIMIT = 4096;
    /**
     * The reserved keys of "Defined runtime environment variables", docs.aws.amazon.com/lambda/latest/dg/
     * configuration-envvars.html (read 2026-12). TZ is left out: older versions of that page listed it as reserved,
     * the current one among the variables a function may set, and functions do set it (for instance
     * github.com/neillturner/terraform-aws-lambda-scheduler/issues/12).
     */
    static final java.util.Set<String> RESERVED_ENVIRONMENT = java.util.Set.of("_HANDLER", "_X_AMZN_TRACE_ID",
            "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");
    /** The Lambda service model (lambda-2015-03-31, shapes TagKey and TagValue, read 2026-12). */
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");
    private static final DateTimeFormatter LAMBDA_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT).withZone(ZoneOffset.UTC);

    static {
        // without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms per call
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile Duration latency;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    // calls inside their added latency at once: what a test of concurrent reads asserts instead of a wall-clock bound
    private final AtomicInteger inLatency = new AtomicInteger();
    private final AtomicInteger mostInLatency = new AtomicInteger();
    private final Object lock = new Object();
    private final Map<String, Fn> functions = new TreeMap<>();
    private final Map<String, String> roles = new TreeMap<>();
    private final RolePolicies rolePolicies = new RolePolicies();
    private final SecretsManagerDouble secretsManager = new SecretsManagerDouble(REGION, ACCOUNT, rolePolicies);
    /** Layer name to its versions (1-based), each {LayerVersionArn, Version, Description, CodeSha256, CodeSize, unzipped}. */
    private final Map<String, List<Map<String, Object>>> layers = new TreeMap<>();
    private final Map<String, List<Map<String, Object>>> logGroups = new TreeMap<>();
    private final Map<String, Map<String, Object>> mappings = new LinkedHashMap<>();
    private final Map<String, String> notifications = new TreeMap<>();
    /** ECR repository name to {repositoryArn, registryId, repositoryName, repositoryUri, createdAt, ..., tags}. */
    private final Map<String, Map<String, Object>> repositories = new TreeMap<>();
    private final Map<String, Map<String, String>> repositoryTags = new TreeMap<>();
    /** SQS queue name to its VisibilityTimeout in seconds. */
    private final Map<String, Integer> queues = new TreeMap<>();
    private final Map<String, Map<String, Object>> rules = new TreeMap<>();
    private final Map<String, List<Object>> ruleTags = new TreeMap<>();
    private final Map<String, Map<String, Map<String, Object>>> ruleTargets = new TreeMap<>();
    private final HttpClient s3Http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private volatile Duration pendingTime = Duration.ofMillis(150);
    private volatile Duration updateTime = Duration.ofMillis(150);
    private volatile long directUploadLimit = DIRECT_UPLOAD_LIMIT;
    private volatile long unzippedLimit = UNZIPPED_LIMIT;
    private volatile URI s3Endpoint;
    /** Injected faults, keyed by operation name. */
    private final Faults faults = new Faults(42, Duration.ofMillis(500));
    private volatile Runtime invoker = (name, zip, env, payload) -> echo(name, payload);

    /** Runs one invocation of an uploaded package. */
    @FunctionalInterface
    public interface Runtime {
        /**
         * @param qualifiedName function name and executed version, "name:3"
         * @param zip           the version's code, null for a container-image function
         * @param environment   the version's environment variables
         * @param payload       the event
         */
        Invoked invoke(String qualifiedName, byte[] zip, Map<String, String> environment, byte[] payload);

        /** Runs one invocation with everything the execution environment knows; by default the short form above. */
        default Invoked invoke(Call call) {
            return invoke(call.functionName() + ":" + call.version(), call.zip(), call.environment(), call.payload());
        }

        /** The function was deleted: its execution environments end. */
        default void stop(String functionName) {
        }
    }

    /**
     * One invocation as the execution environment sees it: the version's code, layers and configuration.
     *
     * @param layers        the zips of the version's layers, in their order
     * @param clientContext the decoded {@code X-Amz-Client-Context} of the Invoke call, or null
     */
    public record Call(String functionName, String version, String functionArn, byte[] zip, List<byte[]> layers,
                       String handler, String runtime, int memoryMb, int timeoutSeconds,
                       Map<String, String> environment, String clientContext, byte[] payload) {
    }

    /** What an invocation returned: the payload, a function error ("Unhandled") or null, and log lines. */
    public record Invoked(byte[] payload, String functionError, List<String> log) {
    }

    /** Starts a server that answers without added latency. */
    public LambdaTestServer() throws IOException {
        this(Duration.ZERO);
    }

    /** @param latency added to every call, for benchmarks that model a remote control plane */
    public LambdaTestServer(Duration latency) throws IOException {
        this.latency = latency;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        this.executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "lambda-test-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // ------------------------------------------------------------ knobs and counters

    /** Changes the latency added to every call. */
    public LambdaTestServer latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** How long a new function stays Pending and an update InProgress. */
    public LambdaTestServer transitions(Duration pending, Duration update) {
        this.pendingTime = pending;
        this.updateTime = update;
        return this;
    }

    /** Overrides the direct-upload limit, so tests need not send 50 MB. */
    public LambdaTestServer directUploadLimit(long bytes) {
        this.directUploadLimit = bytes;
        return this;
    }

    public LambdaTestServer unzippedLimit(long bytes) {
        this.unzippedLimit = bytes;
        return this;
    }

    /** Where CreateFunction/UpdateFunctionCode fetch S3Bucket/S3Key code from (path-style GET). */
    public LambdaTestServer s3Endpoint(URI endpoint) {
        this.s3Endpoint = endpoint;
        return this;
    }

    /** Injects faults on a fraction of calls (each drawn from a seeded random): 429, 500, and slow answers. */
    public LambdaTestServer faults(double throttle, double error, double slow, Duration slowBy) {
        faults.rates(throttle, error, 0).slow(slow, slowBy);
        return this;
    }

    /** The next call of this operation succeeds on the server but its answer is lost: the client sees a 500. */
    public LambdaTestServer loseResponseOnce(String operation) {
        faults.forceOnly(op -> op.equals(operation), 500, "ServiceException", true, 1);
        return this;
    }

    /** The next call of this operation (e.g. "PublishVersion") fails with a 500 before it changes anything. */
    public LambdaTestServer failOnce(String operation) {
        faults.forceOnly(op -> op.equals(operation), 500, "ServiceException", false, 1);
        return this;
    }

    /** Replaces the default echo with a canned answer computed from the function name and payload. */
    public LambdaTestServer invoker(BiFunction<String, byte[], Invoked> invoker) {
        this.invoker = (name, zip, env, payload) -> invoker.apply(name, payload);
        return this;
    }

    /** Runs invocations with a runtime that sees the uploaded code, e.g. the real adapter. */
    public LambdaTestServer runtime(Runtime runtime) {
        this.invoker = runtime;
        return this;
    }

    /** @return how often an operation ("CreateFunction", "UpdateFunctionCode", ...) was called, faults included */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** @return how many calls arrived, of every operation */
    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int createFunctionCalls() {
        return calls("CreateFunction");
    }

    public int updateFunctionCodeCalls() {
        return calls("UpdateFunctionCode");
    }

    public int updateFunctionConfigurationCalls() {
        return calls("UpdateFunctionConfiguration");
    }

    public void resetCounters() {
        calls.clear();
        mostInLatency.set(0);
    }

    /** @return the most calls that were inside their added latency at the same time since the last reset */
    public int mostConcurrentCalls() {
        return mostInLatency.get();
    }

    /** @return the names of the functions the server holds */
    public List<String> functionNames() {
        synchronized (lock) {
            return List.copyOf(functions.keySet());
        }
    }

    /** @return the zip bytes of $LATEST, for assertions */
    public byte[] code(String name) {
        synchronized (lock) {
            Fn fn = functions.get(name);
            return fn == null ? null : fn.latest.zip;
        }
    }

    /** @return a copy of $LATEST's configuration as the API would show it */
    public Map<String, Object> configuration(String name) {
        synchronized (lock) {
            Fn fn = functions.get(name);
            return fn == null ? null : fn.configJson(fn.latest, "$LATEST");
        }
    }

    /** @return the aliases of a function and the version each points to */
    public Map<String, String> aliases(String name) {
        synchronized (lock) {
            Fn fn = functions.get(name);
            return fn == null ? Map.of() : Map.copyOf(fn.aliases);
        }
    }

    /** @return the permission statement ids of a function (qualifier:sid) */
    public List<String> permissions(String name) {
        synchronized (lock) {
            Fn fn = functions.get(name);
            return fn == null ? List.of() : List.copyOf(fn.policy.keySet());
        }
    }

    /** @return the reserved concurrency of a function, or null */
    public Integer reservedConcurrency(String name) {
        synchronized (lock) {
            return functions.get(name).reserved;
        }
    }

    /** @return provisioned concurrency per qualifier */
    public Map<String, Integer> provisionedConcurrency(String name) {
        synchronized (lock) {
            return Map.copyOf(functions.get(name).provisioned);
        }
    }

    /** @return the number of published versions */
    public int versions(String name) {
        synchronized (lock) {
            Fn fn = functions.get(name);
            return fn == null ? 0 : fn.versions.size();
        }
    }

    /** @return the layer version ARNs $LATEST runs with */
    public List<String> layers(String name) {
        synchronized (lock) {
            Fn fn = functions.get(name);
            return fn == null ? List.of() : List.copyOf(fn.latest.layers);
        }
    }

    /** @return the number of published versions of a layer */
    public int layerVersions(String layerName) {
        synchronized (lock) {
            return layers.getOrDefault(layerName, List.of()).size();
        }
    }

    /** Points an alias at a version, as another tool (or a console user) would. */
    public void moveAlias(String name, String alias, String version) {
        synchronized (lock) {
            functions.get(name).aliases.put(alias, version);
        }
    }

    /** Drops an alias, as a build killed between CreateFunction and CreateAlias leaves a function. */
    public void removeAlias(String name, String alias) {
        synchronized (lock) {
            functions.get(name).aliases.remove(alias);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (invoker instanceof AutoCloseable warm) {
            try {
                warm.close(); // the execution environments of a runtime such as RicRuntime
            } catch (Exception e) {
                throw new IllegalStateException("stopping the runtime: " + e, e);
            }
        }
    }

    // ------------------------------------------------------------ dispatch

    private record Reply(int status, Map<String, String> headers, byte[] body) {
    }

    static final class ApiError extends RuntimeException {
        final int status;
        final String type;
        final boolean user;

        ApiError(int status, String type, String message) {
            this(status, type, message, status < 500);
        }

        ApiError(int status, String type, String message, boolean user) {
            super(message);
            this.status = status;
            this.type = type;
            this.user = user;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
            Protocol protocol;
            String op;
            Map<String, String> form = Map.of();
            if (target != null) {
                protocol = Protocol.JSON;
                op = target.substring(target.indexOf('.') + 1);
            } else if (method.equals("POST") && contentType.startsWith("application/x-www-form-urlencoded")) {
                protocol = Protocol.QUERY;
                form = query(new String(body, StandardCharsets.UTF_8));
                op = form.getOrDefault("Action", "Unknown");
            } else if (path.startsWith("/v2/apis")) {
                protocol = Protocol.APIGW;
                op = apigwOperation(method, path);
            } else if (!path.matches("/20\\d\\d-\\d\\d-\\d\\d/.*")) {
                protocol = Protocol.S3;
                op = s3Operation(method, query);
            } else {
                protocol = Protocol.REST;
                op = restOperation(method, path);
            }
            calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
            mostInLatency.accumulateAndGet(inLatency.incrementAndGet(), Math::max);
            try {
                Faults.pause(latency);
            } finally {
                inLatency.decrementAndGet();
            }
            Reply reply;
            try {
                injectFaults(op);
                reply = switch (protocol) {
                    case JSON -> target.startsWith("secretsmanager.") ? secrets(op, ex, body) : jsonService(target, op, body);
                    case QUERY -> queryService(op, form);
                    case REST -> lambda(op, method, path, query, ex, body);
                    case S3 -> s3(op, path, body);
                    case APIGW -> apigw(op, path, body);
                };
                if (faults.takeForced(op, true) != null) {
                    faults.record(Faults.Fault.LOST);
                    throw new ApiError(500, "ServiceException", "injected lost response of " + op, false);
                }
            } catch (ApiError e) {
                reply = error(protocol, e);
            } catch (RuntimeException e) {
                reply = error(protocol, new ApiError(500, "ServiceException", "test server failure: " + e, false));
            }
            reply.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
            if (reply.body.length == 0) {
                ex.sendResponseHeaders(reply.status, -1);
            } else {
                ex.sendResponseHeaders(reply.status, reply.body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(reply.body);
                }
            }
        }
    }

    private enum Protocol { REST, JSON, QUERY, S3, APIGW }

    private void injectFaults(String op) {
        if (faults.takeForced(op, false) != null) {
            faults.record(Faults.Fault.ERROR);
            throw new ApiError(500, "ServiceException", "injected failure of " + op, false);
        }
        Faults.Decision d = faults.draw(false);
        Faults.pause(d.delay());
        if (d.fault() == Faults.Fault.THROTTLE) {
            faults.record(Faults.Fault.THROTTLE);
            throw new ApiError(429, "TooManyRequestsException", "Rate exceeded");
        }
        if (d.fault() == Faults.Fault.ERROR) {
            faults.record(Faults.Fault.ERROR);
            throw new ApiError(500, "ServiceException", "injected internal error", false);
        }
    }

    private Reply error(Protocol protocol, ApiError e) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (protocol == Protocol.S3) {
            headers.put("Content-Type", "application/xml");
            String xml = "<Error><Code>" + e.type + "</Code><Message>" + xml(e.getMessage()) + "</Message><RequestId>"
                    + UUID.randomUUID() + "</RequestId></Error>";
            return new Reply(e.status, headers, xml.getBytes(StandardCharsets.UTF_8));
        }
        if (protocol == Protocol.QUERY) {
            headers.put("Content-Type", "text/xml");
            String xml = "<ErrorResponse><Error><Type>" + (e.user ? "Sender" : "Receiver") + "</Type><Code>" + e.type
                    + "</Code><Message>" + xml(e.getMessage()) + "</Message></Error><RequestId>"
                    + UUID.randomUUID() + "</RequestId></ErrorResponse>";
            return new Reply(e.status, headers, xml.getBytes(StandardCharsets.UTF_8));
        }
        headers.put("Content-Type", protocol == Protocol.JSON ? "application/x-amz-json-1.1" : "application/json");
        headers.put("x-amzn-ErrorType", e.type);
        Map<String, Object> body = new LinkedHashMap<>();
        if (protocol == Protocol.JSON) {
            body.put("__type", e.type);
        }
        body.put("Type", e.user ? "User" : "Service");
        body.put("message", e.getMessage());
        if (e.status == 429) {
            headers.put("Retry-After", "1");
            body.put("Reason", "CallerRateLimitExceeded");
        }
        return new Reply(e.status, headers, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------ Lambda REST

    private static final Pattern FN = Pattern.compile("/2015-03-31/functions/([^/]+)(/.*)?");
    private static final Pattern URL_CFG = Pattern.compile("/2021-10-31/functions/([^/]+)/url/?");
    private static final Pattern TAGS = Pattern.compile("/2017-03-31/tags/([^/]+)/?");
    private static final Pattern LAYER_VERSIONS = Pattern.compile("/2018-10-31/layers/([^/]+)/versions(?:/(\\d+))?");
    private static final Pattern LAYER_ARN = Pattern.compile("arn:aws:lambda:([a-z0-9-]+):(\\d{12}):layer:([a-zA-Z0-9-_]+):(\\d+)");
    private static final Pattern CONCURRENCY =
            Pattern.compile("/(?:2017-10-31|2019-09-30)/functions/([^/]+)/(concurrency|provisioned-concurrency)");

    private static String restOperation(String method, String rawPath) {
        String path = rawPath.endsWith("/") && rawPath.length() > 1 ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        if (path.equals("/2015-03-31/functions")) {
            return method.equals("POST") ? "CreateFunction" : "ListFunctions";
        }
        Matcher layer = LAYER_VERSIONS.matcher(path);
        if (layer.matches()) {
            return layer.group(2) != null ? "GetLayerVersion" : method.equals("POST") ? "PublishLayerVersion" : "ListLayerVersions";
        }
        if (path.equals("/2016-08-19/account-settings")) {
            return "GetAccountSettings";
        }
        Matcher c = CONCURRENCY.matcher(path);
        if (c.matches()) {
            String what = c.group(2).equals("concurrency") ? "FunctionConcurrency" : "ProvisionedConcurrencyConfig";
            return switch (method) {
                case "PUT" -> "Put" + what;
                case "DELETE" -> "Delete" + what;
                default -> "Get" + what;
            };
        }
        if (path.equals("/2015-03-31/event-source-mappings")) {
            return method.equals("POST") ? "CreateEventSourceMapping" : "ListEventSourceMappings";
        }
        if (path.startsWith("/2015-03-31/event-source-mappings/")) {
            return switch (method) {
                case "PUT" -> "UpdateEventSourceMapping";
                case "DELETE" -> "DeleteEventSourceMapping";
                default -> "GetEventSourceMapping";
            };
        }
        Matcher m = URL_CFG.matcher(path);
        if (m.matches()) {
            return switch (method) {
                case "POST" -> "CreateFunctionUrlConfig";
                case "PUT" -> "UpdateFunctionUrlConfig";
                case "DELETE" -> "DeleteFunctionUrlConfig";
                default -> "GetFunctionUrlConfig";
            };
        }
        if (TAGS.matcher(path).matches()) {
            return switch (method) {
                case "POST" -> "TagResource";
                case "DELETE" -> "UntagResource";
                default -> "ListTags";
            };
        }
        m = FN.matcher(path);
        if (m.matches()) {
            String rest = m.group(2) == null ? "" : m.group(2);
            if (rest.isEmpty()) {
                return method.equals("DELETE") ? "DeleteFunction" : "GetFunction";
            }
            if (rest.equals("/configuration")) {
                return method.equals("PUT") ? "UpdateFunctionConfiguration" : "GetFunctionConfiguration";
            }
            if (rest.equals("/code")) {
                return "UpdateFunctionCode";
            }
            if (rest.equals("/versions")) {
                return method.equals("POST") ? "PublishVersion" : "ListVersionsByFunction";
            }
            if (rest.equals("/aliases")) {
                return method.equals("POST") ? "CreateAlias" : "ListAliases";
            }
            if (rest.startsWith("/aliases/")) {
                return switch (method) {
                    case "PUT" -> "UpdateAlias";
                    case "DELETE" -> "DeleteAlias";
                    default -> "GetAlias";
                };
            }
            if (rest.equals("/policy")) {
                return method.equals("POST") ? "AddPermission" : "GetPolicy";
            }
            if (rest.startsWith("/policy/")) {
                return "RemovePermission";
            }
            if (rest.equals("/invocations")) {
                return "Invoke";
            }
        }
        return "Unknown " + method + " " + path;
    }

    private Reply lambda(String op, String method, String rawPath, Map<String, String> query, HttpExchange ex,
                         byte[] body) {
        String path = rawPath.endsWith("/") && rawPath.length() > 1 ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        Map<String, Object> in = body.length == 0 || !looksJson(body) ? Map.of()
                : Json.parseObject(new String(body, StandardCharsets.UTF_8));
        validate(op, rawPath, query, in);
        String name = null;
        Matcher m = FN.matcher(path);
        Matcher u = URL_CFG.matcher(path);
        Matcher t = TAGS.matcher(path);
        if (m.matches()) {
            name = functionName(decode(m.group(1)));
        } else if (u.matches()) {
            name = functionName(decode(u.group(1)));
        } else if (t.matches()) {
            name = functionName(decode(t.group(1)));
        } else if (CONCURRENCY.matcher(path).matches()) {
            Matcher c = CONCURRENCY.matcher(path);
            c.matches();
            name = functionName(decode(c.group(1)));
        }
        String qualifier = query.get("Qualifier");
        if (op.equals("Invoke")) {
            return invoke(name, qualifier, ex, body); // the function runs outside the lock: a cold start stalls no other call
        }
        synchronized (lock) {
            return switch (op) {
                case "ListFunctions" -> listFunctions(query);
                case "PublishLayerVersion", "ListLayerVersions", "GetLayerVersion" -> layer(op, path, in);
                case "ListVersionsByFunction" -> {
                    Fn fn = fn(name);
                    List<Object> versions = new ArrayList<>();
                    versions.add(fn.configJson(fn.latest, "$LATEST"));
                    fn.versions.forEach((v, c) -> versions.add(fn.configJson(c, v)));
                    yield ok(200, Map.of("Versions", versions));
                }
                case "CreateFunction" -> createFunction(in);
                case "GetAccountSettings" -> ok(200, Map.of(
                        "AccountLimit", Map.of("TotalCodeSize", 80_530_636_800L, "CodeSizeUnzipped", unzippedLimit,
                                "CodeSizeZipped", directUploadLimit, "ConcurrentExecutions", 1000,
                                "UnreservedConcurrentExecutions", 1000),
                        "AccountUsage", Map.of("TotalCodeSize", 0, "FunctionCount", functions.size())));
                case "GetFunction" -> {
                    Fn fn = fn(name);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("Configuration", fn.configJson(fn.latest, "$LATEST"));
                    out.put("Code", fn.latest.image()
                            ? Map.of("RepositoryType", "ECR", "ImageUri", fn.latest.imageUri,
                                    "ResolvedImageUri", resolved(fn.latest.imageUri, fn.latest.imageDigest))
                            : Map.of("RepositoryType", "S3", "Location", endpoint() + "/code/" + name));
                    out.put("Tags", fn.tags);
                    if (fn.reserved != null) {
                        out.put("Concurrency", Map.of("ReservedConcurrentExecutions", fn.reserved));
                    }
                    yield ok(200, out);
                }
                case "GetFunctionConfiguration" -> {
                    Fn fn = fn(name);
                    yield ok(200, fn.configJson(fn.latest, "$LATEST"));
                }
                case "DeleteFunction" -> {
                    fn(name);
                    functions.remove(name);
                    invoker.stop(name);
                    yield new Reply(204, Map.of(), new byte[0]);
                }
                case "UpdateFunctionCode" -> updateCode(fn(name), in);
                case "UpdateFunctionConfiguration" -> updateConfig(fn(name), in);
                case "PublishVersion" -> publish(fn(name), in);
                case "CreateAlias" -> {
                    Fn fn = fn(name);
                    String alias = str(in, "Name");
                    String version = str(in, "FunctionVersion");
                    if (fn.aliases.containsKey(alias)) {
                        throw new ApiError(409, "ResourceConflictException", "Alias already exists: " + fn.arn() + ":" + alias);
                    }
                    requireVersion(fn, version);
                    fn.aliases.put(alias, version);
                    yield ok(201, fn.aliasJson(alias));
                }
                case "GetAlias", "UpdateAlias", "DeleteAlias" -> {
                    Fn fn = fn(name);
                    String alias = decode(path.substring(path.lastIndexOf('/') + 1));
                    if (!fn.aliases.containsKey(alias)) {
                        throw new ApiError(404, "ResourceNotFoundException", "Cannot find alias arn: " + fn.arn() + ":" + alias);
                    }
                    if (op.equals("DeleteAlias")) {
                        fn.aliases.remove(alias);
                        fn.urls.remove(alias);
                        yield new Reply(204, Map.of(), new byte[0]);
                    }
                    if (op.equals("UpdateAlias") && in.get("FunctionVersion") != null) {
                        requireVersion(fn, str(in, "FunctionVersion"));
                        fn.aliases.put(alias, str(in, "FunctionVersion"));
                    }
                    yield ok(200, fn.aliasJson(alias));
                }
                case "AddPermission" -> {
                    Fn fn = fn(name);
                    String q = qualifier == null ? "$LATEST" : qualifier;
                    requireQualifier(fn, q);
                    String sid = str(in, "StatementId");
                    if (fn.policy.containsKey(q + ":" + sid)) {
                        throw new ApiError(409, "ResourceConflictException", "The statement id (" + sid + ") provided "
                                + "already exists. Please provide a new statement id, or remove the existing statement.");
                    }
                    Map<String, Object> statement = new LinkedHashMap<>(in);
                    fn.policy.put(q + ":" + sid, statement);
                    yield ok(201, Map.of("Statement", Json.write(statement)));
                }
                case "RemovePermission" -> {
                    Fn fn = fn(name);
                    String q = qualifier == null ? "$LATEST" : qualifier;
                    String sid = decode(path.substring(path.lastIndexOf('/') + 1));
                    if (fn.policy.remove(q + ":" + sid) == null) {
                        throw new ApiError(404, "ResourceNotFoundException", "No policy is associated with the given resource.");
                    }
                    yield new Reply(204, Map.of(), new byte[0]);
                }
                case "CreateFunctionUrlConfig", "GetFunctionUrlConfig", "UpdateFunctionUrlConfig",
                     "DeleteFunctionUrlConfig" -> functionUrl(op, fn(name), qualifier, in);
                case "ListTags" -> ok(200, Map.of("Tags", fn(name).tags));
                case "TagResource" -> {
                    Fn fn = fn(name);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> tags = (Map<String, Object>) in.getOrDefault("Tags", Map.of());
                    checkTags(tags);
                    tags.forEach((k, v) -> fn.tags.put(k, String.valueOf(v)));
                    yield new Reply(204, Map.of(), new byte[0]);
                }
                case "PutFunctionConcurrency" -> {
                    Fn fn = fn(name);
                    long n = ((Number) in.get("ReservedConcurrentExecutions")).longValue();
                    if (n < 0 || n > 1000 - 100) {
                        throw new ApiError(400, "InvalidParameterValueException", "Specified "
                                + "ReservedConcurrentExecutions for function decreases account's "
                                + "UnreservedConcurrentExecution below its minimum value of [100].");
                    }
                    fn.reserved = (int) n;
                    yield ok(200, Map.of("ReservedConcurrentExecutions", n));
                }
                case "GetFunctionConcurrency" -> {
                    Fn fn = fn(name);
                    yield ok(200, fn.reserved == null ? Map.of() : Map.of("ReservedConcurrentExecutions", fn.reserved));
                }
                case "DeleteFunctionConcurrency" -> {
                    fn(name).reserved = null;
                    yield new Reply(204, Map.of(), new byte[0]);
                }
                case "PutProvisionedConcurrencyConfig", "GetProvisionedConcurrencyConfig",
                     "DeleteProvisionedConcurrencyConfig" -> {
                    Fn fn = fn(name);
                    String q = qualifier == null ? "$LATEST" : qualifier;
                    if (q.equals("$LATEST")) {
                        throw new ApiError(400, "InvalidParameterValueException",
                                "Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
                    }
                    requireQualifier(fn, q);
                    if (op.startsWith("Put")) {
                        long n = ((Number) in.get("ProvisionedConcurrentExecutions")).longValue();
                        if (fn.reserved != null && n > fn.reserved) {
                            throw new ApiError(400, "InvalidParameterValueException", "Requested Provisioned "
                                    + "Concurrency should not be greater than the reservedConcurrentExecution for function");
                        }
                        fn.provisioned.put(q, (int) n);
                    } else if (!fn.provisioned.containsKey(q)) {
                        throw new ApiError(404, "ProvisionedConcurrencyConfigNotFoundException",
                                "No Provisioned Concurrency Config found for this function");
                    } else if (op.startsWith("Delete")) {
                        fn.provisioned.remove(q);
                        yield new Reply(204, Map.of(), new byte[0]);
                    }
                    int n = fn.provisioned.get(q);
                    yield ok(op.startsWith("Put") ? 202 : 200, Map.of("RequestedProvisionedConcurrentExecutions", n,
                            "AvailableProvisionedConcurrentExecutions", 0, "AllocatedProvisionedConcurrentExecutions", 0,
                            "Status", "IN_PROGRESS", "LastModified", LAMBDA_TIME.format(Instant.now())));
                }
                case "CreateEventSourceMapping", "ListEventSourceMappings", "GetEventSourceMapping",
                     "UpdateEventSourceMapping", "DeleteEventSourceMapping" -> eventSourceMapping(op, path, query, in);
                default -> throw new ApiError(404, "UnknownOperationException", "unknown operation " + op);
            };
        }
    }

    /**
     * Checks a request against AWS's Lambda service model (required members, lengths, ranges, patterns, enums) before
     * anything else, as Lambda does: see {@link LambdaServiceModel}.
     */
    private static void validate(String op, String rawPath, Map<String, String> query, Map<String, Object> in) {
        LambdaServiceModel model = LambdaServiceModel.get();
        if (!model.knows(op)) {
            return;
        }
        List<String> violations = model.violations(op, rawPath, query, in);
        if (!violations.isEmpty()) {
            throw new ApiError(400, "ValidationException", violations.size() + " validation error"
                    + (violations.size() == 1 ? "" : "s") + " detected: " + String.join("; ", violations));
        }
    }

    private Reply layer(String op, String path, Map<String, Object> in) {
        Matcher m = LAYER_VERSIONS.matcher(path);
        m.matches();
        String layerName = decode(m.group(1));
        List<Map<String, Object>> versions = layers.getOrDefault(layerName, List.of());
        switch (op) {
            case "PublishLayerVersion" -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> content = (Map<String, Object>) in.get("Content"); // required by the service model
                String description = str(in, "Description");
                byte[] zip = code(content);
                List<Map<String, Object>> all = layers.computeIfAbsent(layerName, k -> new ArrayList<>());
                int version = all.size() + 1;
                String layerArn = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":layer:" + layerName;
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("LayerArn", layerArn);
                v.put("LayerVersionArn", layerArn + ":" + version);
                v.put("Version", version);
                v.put("Description", description == null ? "" : description);
                v.put("CreatedDate", LAMBDA_TIME.format(Instant.now()));
                v.put("CompatibleRuntimes", in.getOrDefault("CompatibleRuntimes", List.of()));
                v.put("CompatibleArchitectures", in.getOrDefault("CompatibleArchitectures", List.of()));
                v.put("Content", Map.of("Location", endpoint() + "/layer/" + layerName + "/" + version,
                        "CodeSha256", Base64.getEncoder().encodeToString(sha256(zip)), "CodeSize", zip.length));
                v.put("unzipped", unzippedSize(zip));
                v.put("zip", zip);
                all.add(v);
                return ok(201, visible(v));
            }
            case "ListLayerVersions" -> {
                // newest first, as Lambda lists them
                List<Object> out = new ArrayList<>();
                for (int i = versions.size() - 1; i >= 0; i--) {
                    Map<String, Object> v = new LinkedHashMap<>(visible(versions.get(i)));
                    v.remove("Content");
                    v.remove("LayerArn");
                    out.add(v);
                }
                return ok(200, Map.of("LayerVersions", out));
            }
            default -> {
                int n = Integer.parseInt(m.group(2));
                if (n < 1 || n > versions.size()) {
                    throw new ApiError(404, "ResourceNotFoundException", "The resource you requested does not exist.");
                }
                return ok(200, visible(versions.get(n - 1)));
            }
        }
    }

    private static Map<String, Object> visible(Map<String, Object> layerVersion) {
        Map<String, Object> v = new LinkedHashMap<>(layerVersion);
        v.remove("unzipped");
        v.remove("zip");
        return v;
    }

    /** @return the stored layer version of an ARN, or the documented error when it does not exist */
    private Map<String, Object> layerVersion(String arn) {
        Matcher m = LAYER_ARN.matcher(arn);
        if (!m.matches()) {
            throw validation("layers", arn, "Member must satisfy regular expression pattern: "
                    + "arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+");
        }
        List<Map<String, Object>> versions = layers.getOrDefault(m.group(3), List.of());
        int n = Integer.parseInt(m.group(4));
        if (n < 1 || n > versions.size()) {
            throw new ApiError(400, "InvalidParameterValueException", "Layer version " + arn + " does not exist.");
        }
        return versions.get(n - 1);
    }

    /** Lambda's documented rule: the function's code and all its layers, unzipped, within the unzipped limit. */
    private void checkCombinedSize(Config c) {
        if (c.zip == null || c.layers.isEmpty()) {
            return;
        }
        long total = unzippedSize(c.zip);
        for (String arn : c.layers) {
            total += ((Number) layerVersion(arn).get("unzipped")).longValue();
        }
        if (total > unzippedLimit) {
            throw new ApiError(400, "InvalidParameterValueException", "Function code combined with layers exceeds the "
                    + "maximum allowed size of " + unzippedLimit + " bytes. The actual size is " + total + " bytes.");
        }
    }

    private static long unzippedSize(byte[] zip) {
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            byte[] buf = new byte[65536];
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    total += n;
                }
            }
        } catch (IOException e) {
            throw new ApiError(400, "InvalidParameterValueException", "Could not unzip uploaded file.");
        }
        return total;
    }

    private Reply listFunctions(Map<String, String> query) {
        int max = Integer.parseInt(query.getOrDefault("MaxItems", "50"));
        int from = Integer.parseInt(query.getOrDefault("Marker", "0"));
        List<Fn> all = new ArrayList<>(functions.values());
        List<Object> page = new ArrayList<>();
        for (int i = from; i < Math.min(all.size(), from + max); i++) {
            page.add(all.get(i).configJson(all.get(i).latest, "$LATEST"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Functions", page);
        if (from + max < all.size()) {
            out.put("NextMarker", String.valueOf(from + max));
        }
        return ok(200, out);
    }

    private Reply createFunction(Map<String, Object> in) {
        String name = str(in, "FunctionName");
        // pattern and ARN length come from the service model; its FunctionName documentation adds "If you specify only
        // the function name, it is limited to 64 characters in length" (botocore lambda 2015-03-31, read 2026-12)
        if (name.length() > 64 && !name.contains(":")) {
            throw validation("functionName", name, "Member must have length less than or equal to 64");
        }
        String role = str(in, "Role");
        if (!roles.containsKey(role)) {
            throw new ApiError(400, "InvalidParameterValueException",
                    "The role defined for the function cannot be assumed by Lambda.");
        }
        Config c = new Config();
        c.role = role;
        c.packageType = in.get("PackageType") == null ? "Zip" : str(in, "PackageType");
        if (c.image() && (in.get("Handler") != null || in.get("Runtime") != null || in.get("Layers") != null)) {
            throw new ApiError(400, "InvalidParameterValueException", "Please don't provide Handler or Runtime or "
                    + "Layer when the intended function PackageType is Image.");
        }
        applyConfig(c, in, true);
        if (functions.containsKey(name)) {
            throw new ApiError(409, "ResourceConflictException", "Function already exist: " + name);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> code = (Map<String, Object>) in.get("Code"); // required by the service model
        Fn fn = new Fn(name);
        if (c.image()) {
            image(c, code);
        } else {
            if (code.get("ImageUri") != null) {
                throw new ApiError(400, "InvalidParameterValueException", "Please don't provide ImageUri when the "
                        + "intended function PackageType is Zip.");
            }
            c.zip = code(code);
        }
        c.architecture = arch(in.get("Architectures"), "x86_64");
        checkCombinedSize(c);
        fn.latest = c;
        @SuppressWarnings("unchecked")
        Map<String, Object> tags = (Map<String, Object>) in.getOrDefault("Tags", Map.of());
        checkTags(tags);
        tags.forEach((k, v) -> fn.tags.put(k, String.valueOf(v)));
        fn.pendingUntil = System.nanoTime() + pendingTime.toNanos();
        functions.put(name, fn);
        return ok(201, fn.configJson(c, "$LATEST"));
    }

    /** The service model's TagKey/TagValue constraints, answered in Lambda's validation format for maps. */
    private static void checkTags(Map<String, Object> tags) {
        for (Map.Entry<String, Object> t : tags.entrySet()) {
            if (!TAG_KEY.matcher(t.getKey()).matches()) {
                throw validation("tags", String.valueOf(tags), "Map keys must satisfy constraint: [Member must "
                        + "have length less than or equal to 128, Member must have length greater than or equal to 1, "
                        + "Member must satisfy regular expression pattern: " + TAG_KEY.pattern().replace("{1,128}", "*")
                        + "]");
            }
            if (!TAG_VALUE.matcher(String.valueOf(t.getValue())).matches()) {
                throw validation("tags", String.valueOf(tags), "Map value must satisfy constraint: [Member must "
                        + "have length less than or equal to 256, Member must satisfy regular expression pattern: "
                        + TAG_VALUE.pattern().replace("{0,256}", "*") + "]");
            }
        }
    }

    private void applyConfig(Config c, Map<String, Object> in, boolean creating) {
        String runtime = str(in, "Runtime");
        if (runtime != null) {
            if (!RUNTIMES.contains(runtime)) {
                throw new ApiError(400, "InvalidParameterValueException", "Value " + runtime
                        + " at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: " + RUNTIMES);
            }
            c.runtime = runtime;
        } else if (creating && !c.image()) {
            throw new ApiError(400, "InvalidParameterValueException", "Runtime is required for .zip file packages");
        }
        String handler = str(in, "Handler");
        if (handler != null) {
            c.handler = handler;
        } else if (creating && !c.image()) {
            throw new ApiError(400, "InvalidParameterValueException", "Handler is required for .zip file packages");
        }
        if (in.get("MemorySize") != null) {
            c.memory = ((Number) in.get("MemorySize")).intValue();
        }
        if (in.get("Timeout") != null) {
            long timeout = ((Number) in.get("Timeout")).longValue();
            // the model has no maximum; "Lambda quotas" (gettingstarted-limits.html, read 2026-12): 900 seconds
            if (timeout > 900) {
                throw validation("timeout", String.valueOf(timeout), "Member must have value less than or equal to 900");
            }
            c.timeout = (int) timeout;
        }
        if (in.get("Role") != null) {
            c.role = str(in, "Role");
        }
        if (in.get("Layers") instanceof List<?> list) {
            // not in the model: "Lambda quotas" (gettingstarted-limits.html, read 2026-12), five layers per function
            if (list.size() > 5) {
                throw new ApiError(400, "InvalidParameterValueException", "Cannot reference more than 5 layers.");
            }
            List<String> arns = new ArrayList<>();
            for (Object o : list) {
                String arn = String.valueOf(o);
                layerVersion(arn);
                arns.add(arn);
            }
            c.layers = arns;
        }
        if (in.get("Description") != null) {
            c.description = str(in, "Description");
        }
        if (in.get("Environment") instanceof Map<?, ?> env && env.get("Variables") instanceof Map<?, ?> vars) {
            Map<String, String> variables = new TreeMap<>();
            for (Map.Entry<?, ?> e : vars.entrySet()) {
                String k = String.valueOf(e.getKey());
                variables.put(k, String.valueOf(e.getValue()));
            }
            // "Defined runtime environment variables", docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
            // (read 2026-12): their keys are reserved; Lambda names every one used, in this message
            List<String> reserved = variables.keySet().stream().filter(RESERVED_ENVIRONMENT::contains).toList();
            if (!reserved.isEmpty()) {
                throw new ApiError(400, "InvalidParameterValueException", "Lambda was unable to configure your "
                        + "environment variables because the environment variables you have provided contains reserved "
                        + "keys that are currently not supported for modification. Reserved keys used in this request: "
                        + String.join(", ", reserved));
            }
            // 4 KB for all variables (gettingstarted-limits.html, read 2026-12), measured as Lambda's own error shows
            // it: the compact JSON of the whole map ("String measured: {\"K\":\"v\",...}"), in UTF-8 bytes
            String measured = Json.write(variables);
            if (measured.getBytes(StandardCharsets.UTF_8).length > ENVIRONMENT_LIMIT) {
                throw new ApiError(400, "InvalidParameterValueException", "Lambda was unable to configure your "
                        + "environment variables because the environment variables you have provided exceeded the "
                        + "4KB limit. String measured: " + measured);
            }
            c.environment = variables;
        }
    }

    private Reply updateCode(Fn fn, Map<String, Object> in) {
        requireIdle(fn);
        Config c = fn.latest.copy();
        // PackageType is fixed at creation: the code source must match it
        if (c.image()) {
            if (in.get("ZipFile") != null || in.get("S3Bucket") != null) {
                throw new ApiError(400, "InvalidParameterValueException", "Please don't provide ZipFile or S3Bucket "
                        + "when updating a function with PackageType Image.");
            }
            if (in.get("ImageUri") == null) {
                throw new ApiError(400, "InvalidParameterValueException", "Please provide ImageUri when updating a "
                        + "function with PackageType Image.");
            }
            image(c, in);
        } else {
            if (in.get("ImageUri") != null) {
                throw new ApiError(400, "InvalidParameterValueException", "Please don't provide ImageUri when updating "
                        + "a function with PackageType Zip.");
            }
            c.zip = code(in);
        }
        c.architecture = arch(in.get("Architectures"), c.architecture);
        checkCombinedSize(c);
        fn.latest = c;
        fn.startUpdate(updateTime);
        return ok(200, fn.configJson(c, "$LATEST"));
    }

    private Reply updateConfig(Fn fn, Map<String, Object> in) {
        requireIdle(fn);
        Config c = fn.latest.copy();
        if (c.image() && (in.get("Handler") != null || in.get("Runtime") != null
                || (in.get("Layers") instanceof List<?> l && !l.isEmpty()))) {
            throw new ApiError(400, "InvalidParameterValueException", "Please don't provide Handler or Runtime or "
                    + "Layer when the intended function PackageType is Image.");
        }
        applyConfig(c, in, false);
        checkCombinedSize(c);
        // only mappings of the unqualified function run $LATEST; whether Lambda also checks a mapping on an alias
        // when $LATEST changes is not documented, so this double does not claim it
        for (Map<String, Object> m : mappings.values()) {
            if (fn.arn().equals(str(m, "FunctionArn"))) {
                checkVisibility(str(m, "EventSourceArn"), c.timeout);
            }
        }
        fn.latest = c;
        fn.startUpdate(updateTime);
        return ok(200, fn.configJson(c, "$LATEST"));
    }

    private Reply publish(Fn fn, Map<String, Object> in) {
        requireIdle(fn);
        // like Lambda: nothing changed since the last published version -> that version again, no new one
        if (!fn.versions.isEmpty()) {
            Map.Entry<String, Config> last = fn.versions.lastEntry();
            if (last.getValue().sameAs(fn.latest)) {
                return ok(201, fn.configJson(last.getValue(), last.getKey()));
            }
        }
        String version = String.valueOf(fn.versions.size() + 1);
        fn.versions.put(version, fn.latest.copy());
        return ok(201, fn.configJson(fn.latest, version));
    }

    private Reply functionUrl(String op, Fn fn, String qualifier, Map<String, Object> in) {
        String q = qualifier == null ? "$LATEST" : qualifier;
        requireQualifier(fn, q);
        Map<String, Object> current = fn.urls.get(q);
        switch (op) {
            case "CreateFunctionUrlConfig" -> {
                if (current != null) {
                    throw new ApiError(409, "ResourceConflictException", "Failed to create function url config for "
                            + "[functionArn = " + fn.arn() + ":" + q + "]. Error message:  FunctionUrlConfig exists for "
                            + "this Lambda function");
                }
                String auth = authType(in);
                String now = LAMBDA_TIME.format(Instant.now());
                Map<String, Object> cfg = new LinkedHashMap<>();
                cfg.put("FunctionUrl", "https://" + Integer.toHexString((fn.name + q).hashCode() & 0x7fffffff)
                        + "x.lambda-url." + REGION + ".on.aws/");
                cfg.put("FunctionArn", fn.arn() + (q.equals("$LATEST") ? "" : ":" + q));
                cfg.put("AuthType", auth);
                cfg.put("CreationTime", now);
                cfg.put("LastModifiedTime", now);
                fn.urls.put(q, cfg);
                return ok(201, cfg);
            }
            case "DeleteFunctionUrlConfig" -> {
                if (current == null) {
                    throw new ApiError(404, "ResourceNotFoundException", "The resource you requested does not exist.");
                }
                fn.urls.remove(q);
                return new Reply(204, Map.of(), new byte[0]);
            }
            default -> {
                if (current == null) {
                    throw new ApiError(404, "ResourceNotFoundException", "The resource you requested does not exist.");
                }
                if (op.equals("UpdateFunctionUrlConfig") && in.get("AuthType") != null) {
                    current.put("AuthType", authType(in));
                    current.put("LastModifiedTime", LAMBDA_TIME.format(Instant.now()));
                }
                return ok(200, current);
            }
        }
    }

    private Reply invoke(String name, String qualifier, HttpExchange ex, byte[] payload) {
        Ran ran = run(name, qualifier, ex.getRequestHeaders().getFirst("X-Amz-Client-Context"), payload);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Amz-Executed-Version", ran.version());
        if ("Tail".equals(ex.getRequestHeaders().getFirst("X-Amz-Log-Type"))) {
            byte[] log = String.join("\n", ran.lines()).concat("\n").getBytes(StandardCharsets.UTF_8);
            int from = Math.max(0, log.length - 4096); // Lambda returns the last 4 KB
            headers.put("X-Amz-Log-Result", Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(log, from, log.length)));
        }
        if (ran.result().functionError() != null) {
            headers.put("X-Amz-Function-Error", ran.result().functionError());
        }
        return new Reply(200, headers, ran.result().payload());
    }

    /** One invocation: the version it ran, what it returned, and its log lines with START / END / REPORT. */
    private record Ran(String version, Invoked result, List<String> lines) {
    }

    private Ran run(String name, String qualifier, String clientContext, byte[] payload) {
        String q = qualifier == null ? "$LATEST" : qualifier;
        String version;
        Call call;
        synchronized (lock) {
            Fn fn = fn(name);
            requireQualifier(fn, q);
            if (fn.pending()) {
                throw new ApiError(409, "ResourceConflictException", "The operation cannot be performed at this time. "
                        + "The function is currently in the following state: Pending");
            }
            if (payload.length > 6 * 1024 * 1024) {
                throw new ApiError(413, "RequestTooLargeException", "Request must be smaller than 6291456 bytes for the "
                        + "InvokeFunction operation");
            }
            version = fn.aliases.getOrDefault(q, q);
            Config code = version.equals("$LATEST") ? fn.latest : fn.versions.get(version);
            List<byte[]> layerZips = new ArrayList<>();
            code.layers.forEach(arn -> layerZips.add((byte[]) layerVersion(arn).get("zip")));
            call = new Call(fn.name, version, fn.arn() + (q.equals("$LATEST") ? "" : ":" + q), code.zip, layerZips,
                    code.handler, code.runtime, code.memory, code.timeout, runtimeEnvironment(code), clientContext == null
                    ? null : new String(Base64.getDecoder().decode(clientContext), StandardCharsets.UTF_8), payload);
        }
        Invoked result = invoker.invoke(call);
        String requestId = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        lines.add("START RequestId: " + requestId + " Version: " + version);
        lines.addAll(result.log());
        lines.add("END RequestId: " + requestId);
        lines.add("REPORT RequestId: " + requestId + "\tDuration: 1.00 ms\tBilled Duration: 1 ms");
        synchronized (lock) {
            List<Map<String, Object>> group = logGroups.computeIfAbsent("/aws/lambda/" + name, k -> new ArrayList<>());
            long now = System.currentTimeMillis();
            for (String line : lines) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("logStreamName", "2026/11/27/[" + version + "]" + requestId.substring(0, 8));
                event.put("timestamp", now);
                event.put("message", line + "\n");
                event.put("ingestionTime", now);
                event.put("eventId", String.valueOf(group.size()));
                group.add(event);
            }
        }
        return new Ran(version, result, lines);
    }

    /**
     * Delivers a batch of SQS records to the function an enabled event source mapping of that queue targets, as
     * Lambda's poller does, and answers which messages stay on the queue (to be received again, then dead-lettered).
     * Lambda's rules ("Handling errors for an SQS event source in Lambda",
     * docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html, read 2026-12): a function error keeps
     * the whole batch; without {@code ReportBatchItemFailures} on the mapping a success deletes it all; with it, a
     * null or empty {@code batchItemFailures} (or an empty response) deletes it all, the messages it names stay, and
     * an unparsable response or an itemIdentifier that is null, empty or no message of the batch keeps the whole batch.
     *
     * @return the messageIds that stay on the queue
     */
    public List<String> deliverSqs(String queue, List<Map<String, Object>> records) {
        Map<String, Object> mapping;
        synchronized (lock) {
            mapping = mappings.values().stream().filter(m -> str(m, "EventSourceArn").endsWith(":" + queue)
                    && "Enabled".equals(m.get("State"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no enabled event source mapping reads queue " + queue));
        }
        String functionArn = str(mapping, "FunctionArn");
        Ran ran = run(functionName(functionArn), qualifierOf(functionArn), null,
                Json.write(Map.of("Records", records)).getBytes(StandardCharsets.UTF_8));
        List<String> all = records.stream().map(r -> String.valueOf(r.get("messageId"))).toList();
        if (ran.result().functionError() != null) return all;
        if (!((List<?>) mapping.getOrDefault("FunctionResponseTypes", List.of())).contains("ReportBatchItemFailures")) {
            return List.of();
        }
        String text = new String(ran.result().payload(), StandardCharsets.UTF_8);
        Object response;
        try {
            response = text.isBlank() ? null : Json.parse(text);
        } catch (RuntimeException notJson) {
            return all;
        }
        if (!(response instanceof Map<?, ?> m) || !(m.get("batchItemFailures") instanceof List<?> failures)) {
            return List.of(); // a null or empty response, or no batchItemFailures: the batch succeeded
        }
        List<String> stay = new ArrayList<>();
        for (Object f : failures) {
            Object id = f instanceof Map<?, ?> item ? item.get("itemIdentifier") : null;
            if (!(id instanceof String s) || s.isEmpty() || !all.contains(s)) return all;
            if (!stay.contains(s)) stay.add(s);
        }
        return stay;
    }

    /** Echoes a canned answer derived from the request: it runs no user code. */
    @SuppressWarnings("unchecked")
    static Invoked echo(String qualifiedName, byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        Object event = text.isBlank() ? null : Json.parse(text);
        if (event instanceof Map<?, ?> m && "2.0".equals(m.get("version"))) {
            Map<String, Object> ctx = (Map<String, Object>) m.get("requestContext");
            Map<String, Object> http = (Map<String, Object>) ctx.get("http");
            Map<String, Object> echoed = new LinkedHashMap<>();
            echoed.put("function", qualifiedName);
            echoed.put("method", http.get("method"));
            echoed.put("path", m.get("rawPath"));
            echoed.put("query", m.get("rawQueryString"));
            echoed.put("body", m.get("body"));
            echoed.put("isBase64Encoded", m.get("isBase64Encoded"));
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("statusCode", 201);
            response.put("headers", Map.of("content-type", "application/json", "x-echo", "1"));
            response.put("body", Json.write(echoed));
            response.put("isBase64Encoded", false);
            return new Invoked(Json.write(response).getBytes(StandardCharsets.UTF_8), null,
                    List.of("echo " + http.get("method") + " " + m.get("rawPath")));
        }
        return new Invoked(Json.write(Map.of("function", qualifiedName, "received", event == null ? "" : event))
                .getBytes(StandardCharsets.UTF_8), null, List.of("echo event"));
    }

    private Reply eventSourceMapping(String op, String path, Map<String, String> query, Map<String, Object> in) {
        switch (op) {
            case "CreateEventSourceMapping" -> {
                String source = str(in, "EventSourceArn");
                String target = str(in, "FunctionName");
                Fn fn = fn(functionName(target));
                String q = qualifierOf(target);
                requireQualifier(fn, q == null ? "$LATEST" : q);
                String functionArn = fn.arn() + (q == null ? "" : ":" + q);
                long batch = in.get("BatchSize") == null ? 10 : ((Number) in.get("BatchSize")).longValue();
                long window = in.get("MaximumBatchingWindowInSeconds") == null ? 0
                        : ((Number) in.get("MaximumBatchingWindowInSeconds")).longValue();
                checkBatch(batch, window);
                String version = q == null ? "$LATEST" : fn.aliases.getOrDefault(q, q);
                checkVisibility(source, (version.equals("$LATEST") ? fn.latest : fn.versions.get(version)).timeout);
                for (Map<String, Object> m : mappings.values()) {
                    if (source.equals(m.get("EventSourceArn")) && functionArn.equals(m.get("FunctionArn"))) {
                        throw new ApiError(409, "ResourceConflictException", "An event source mapping with SQS arn (\" "
                                + source + " \") and function (\" " + fn.name + " \") already exists. Please update or "
                                + "delete the existing mapping with UUID " + m.get("UUID"));
                    }
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("UUID", UUID.randomUUID().toString());
                m.put("BatchSize", batch);
                m.put("MaximumBatchingWindowInSeconds", window);
                m.put("EventSourceArn", source);
                m.put("FunctionArn", functionArn);
                m.put("LastModified", Instant.now().getEpochSecond());
                m.put("State", "Enabled");
                m.put("StateTransitionReason", "USER_INITIATED");
                m.put("FunctionResponseTypes", in.getOrDefault("FunctionResponseTypes", List.of()));
                mappings.put(str(m, "UUID"), m);
                return ok(202, m);
            }
            case "ListEventSourceMappings" -> {
                String fnFilter = query.get("FunctionName") == null ? null : functionName(query.get("FunctionName"));
                String source = query.get("EventSourceArn");
                List<Object> out = new ArrayList<>();
                for (Map<String, Object> m : mappings.values()) {
                    if ((fnFilter == null || functionName(str(m, "FunctionArn")).equals(fnFilter))
                            && (source == null || source.equals(m.get("EventSourceArn")))) {
                        out.add(m);
                    }
                }
                return ok(200, Map.of("EventSourceMappings", out));
            }
            default -> {
                String uuid = decode(path.substring(path.lastIndexOf('/') + 1));
                Map<String, Object> m = mappings.get(uuid);
                if (m == null) {
                    throw new ApiError(404, "ResourceNotFoundException", "The resource you requested does not exist.");
                }
                if (op.equals("DeleteEventSourceMapping")) {
                    mappings.remove(uuid);
                    Map<String, Object> deleted = new LinkedHashMap<>(m);
                    deleted.put("State", "Deleting");
                    return ok(202, deleted);
                }
                if (op.equals("UpdateEventSourceMapping")) {
                    long batch = in.get("BatchSize") == null ? ((Number) m.get("BatchSize")).longValue()
                            : ((Number) in.get("BatchSize")).longValue();
                    long window = in.get("MaximumBatchingWindowInSeconds") == null
                            ? ((Number) m.get("MaximumBatchingWindowInSeconds")).longValue()
                            : ((Number) in.get("MaximumBatchingWindowInSeconds")).longValue();
                    checkBatch(batch, window);
                    m.put("BatchSize", batch);
                    m.put("MaximumBatchingWindowInSeconds", window);
                    m.put("LastModified", Instant.now().getEpochSecond());
                    return ok(202, m);
                }
                return ok(200, m);
            }
        }
    }

    private static void checkBatch(long batch, long window) {
        // the range 1-10000 is the model's; this rule is not: "Using Lambda with Amazon SQS" (with-sqs.html, read
        // 2026-12): a batch size above 10 needs MaximumBatchingWindowInSeconds of at least 1
        if (batch > 10 && window < 1) {
            throw new ApiError(400, "InvalidParameterValueException", "Maximum batch window in seconds must be "
                    + "greater than 0 if maximum batch size is greater than 10");
        }
    }

    private static String qualifierOf(String nameOrArn) {
        int i = nameOrArn.indexOf("function:");
        String rest = i >= 0 ? nameOrArn.substring(i + "function:".length()) : nameOrArn;
        int colon = rest.indexOf(':');
        return colon >= 0 ? rest.substring(colon + 1) : null;
    }

    /** @return the event source mappings the server holds (they outlive their function, as in Lambda) */
    public List<Map<String, Object>> eventSourceMappings() {
        synchronized (lock) {
            return List.copyOf(mappings.values());
        }
    }

    /** @return the EventBridge rules: name to schedule expression */
    public Map<String, String> rules() {
        synchronized (lock) {
            Map<String, String> out = new TreeMap<>();
            rules.forEach((k, v) -> out.put(k, str(v, "ScheduleExpression")));
            return out;
        }
    }

    /** @return the target ARNs of a rule */
    public List<String> ruleTargets(String rule) {
        synchronized (lock) {
            return ruleTargets.getOrDefault(rule, Map.of()).values().stream().map(t -> str(t, "Arn")).toList();
        }
    }

    /** Makes an SQS queue known to GetQueueUrl, with SQS's default visibility timeout of 30 seconds. */
    public LambdaTestServer queue(String name) {
        return queue(name, 30);
    }

    /** Makes an SQS queue known to GetQueueUrl, with this VisibilityTimeout attribute. */
    public LambdaTestServer queue(String name, int visibilityTimeoutSeconds) {
        synchronized (lock) {
            queues.put(name, visibilityTimeoutSeconds);
        }
        return this;
    }

    /**
     * Lambda's rule for SQS event sources: the queue's visibility timeout must not be shorter than the function's
     * timeout, checked on CreateEventSourceMapping and on UpdateFunctionConfiguration of a mapped function
     * (docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html, read 2026-12; the message is Lambda's own).
     */
    private void checkVisibility(String queueArn, int functionTimeout) {
        Integer visibility = queueArn == null ? null : queues.get(queueArn.substring(queueArn.lastIndexOf(':') + 1));
        if (visibility != null && visibility < functionTimeout) {
            throw new ApiError(400, "InvalidParameterValueException", "Queue visibility timeout: " + visibility
                    + " seconds is less than Function timeout: " + functionTimeout + " seconds");
        }
    }

    private Reply sqs(String op, Map<String, Object> in) {
        synchronized (lock) {
            switch (op) {
                case "GetQueueUrl" -> {
                    String name = str(in, "QueueName");
                    String owner = in.get("QueueOwnerAWSAccountId") == null ? ACCOUNT : str(in, "QueueOwnerAWSAccountId");
                    if (!queues.containsKey(name) || !owner.equals(ACCOUNT)) {
                        throw new ApiError(400, "QueueDoesNotExist", "The specified queue does not exist.");
                    }
                    return json10(Map.of("QueueUrl", "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + name));
                }
                case "GetQueueAttributes" -> {
                    String url = str(in, "QueueUrl");
                    String name = url.substring(url.lastIndexOf('/') + 1);
                    if (!queues.containsKey(name)) {
                        throw new ApiError(400, "QueueDoesNotExist", "The specified queue does not exist.");
                    }
                    Map<String, String> all = Map.of("QueueArn", "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name,
                            "VisibilityTimeout", String.valueOf(queues.get(name)));
                    List<?> wanted = in.get("AttributeNames") instanceof List<?> l ? l : List.of();
                    Map<String, String> out = new TreeMap<>(all);
                    if (!wanted.contains("All")) {
                        out.keySet().retainAll(wanted.stream().map(String::valueOf).toList());
                    }
                    return json10(Map.of("Attributes", out));
                }
                default -> throw new ApiError(400, "UnsupportedOperation", "unknown operation " + op);
            }
        }
    }

    private static final Pattern SCHEDULE = Pattern.compile("rate\\(\\d+ (minute|minutes|hour|hours|day|days)\\)"
            + "|cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)");

    @SuppressWarnings("unchecked")
    private Reply events(String op, Map<String, Object> in) {
        synchronized (lock) {
            switch (op) {
                case "PutRule" -> {
                    String name = str(in, "Name");
                    String expr = str(in, "ScheduleExpression");
                    if (name == null || !name.matches("[.\\-_A-Za-z0-9]{1,64}")) {
                        throw new ApiError(400, "ValidationException", "1 validation error detected: Value '" + name
                                + "' at 'name' failed to satisfy constraint");
                    }
                    if (expr != null && !SCHEDULE.matcher(expr).matches()) {
                        throw new ApiError(400, "ValidationException", "Parameter ScheduleExpression is not valid.");
                    }
                    Map<String, Object> rule = new LinkedHashMap<>();
                    rule.put("Name", name);
                    rule.put("Arn", "arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + name);
                    rule.put("ScheduleExpression", expr);
                    rule.put("State", in.getOrDefault("State", "ENABLED"));
                    rule.put("Description", in.getOrDefault("Description", ""));
                    rule.put("EventBusName", "default");
                    Map<String, Object> old = rules.put(name, rule);
                    if (old == null && in.get("Tags") instanceof List<?> tags) {
                        ruleTags.put(name, (List<Object>) tags);
                    }
                    return json11(Map.of("RuleArn", rule.get("Arn")));
                }
                case "DescribeRule" -> {
                    return json11(rule(str(in, "Name")));
                }
                case "ListTagsForResource" -> {
                    String arn = str(in, "ResourceARN");
                    String name = arn.substring(arn.lastIndexOf('/') + 1);
                    rule(name);
                    return json11(Map.of("Tags", ruleTags.getOrDefault(name, List.of())));
                }
                case "PutTargets" -> {
                    String name = str(in, "Rule");
                    rule(name);
                    for (Object t : (List<Object>) in.get("Targets")) {
                        Map<String, Object> target = (Map<String, Object>) t;
                        ruleTargets.computeIfAbsent(name, k -> new TreeMap<>()).put(str(target, "Id"), target);
                    }
                    return json11(Map.of("FailedEntryCount", 0, "FailedEntries", List.of()));
                }
                case "ListTargetsByRule" -> {
                    String name = str(in, "Rule");
                    rule(name);
                    return json11(Map.of("Targets", List.copyOf(ruleTargets.getOrDefault(name, Map.of()).values())));
                }
                case "RemoveTargets" -> {
                    String name = str(in, "Rule");
                    rule(name);
                    for (Object id : (List<Object>) in.get("Ids")) {
                        ruleTargets.getOrDefault(name, new TreeMap<>()).remove(String.valueOf(id));
                    }
                    return json11(Map.of("FailedEntryCount", 0, "FailedEntries", List.of()));
                }
                case "DeleteRule" -> {
                    String name = str(in, "Name");
                    if (!ruleTargets.getOrDefault(name, Map.of()).isEmpty()) {
                        throw new ApiError(400, "ValidationException", "Rule can't be deleted since it has targets.");
                    }
                    rules.remove(name);
                    ruleTags.remove(name);
                    ruleTargets.remove(name);
                    return json11(Map.of());
                }
                default -> throw new ApiError(400, "UnknownOperationException", "unknown operation " + op);
            }
        }
    }

    private Map<String, Object> rule(String name) {
        Map<String, Object> rule = rules.get(name);
        if (rule == null) {
            throw new ApiError(400, "ResourceNotFoundException", "Rule " + name + " does not exist on EventBus default.");
        }
        return rule;
    }

    private static Reply json10(Map<String, ?> body) {
        return new Reply(200, Map.of("Content-Type", "application/x-amz-json-1.0"),
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static Reply json11(Map<String, ?> body) {
        return new Reply(200, Map.of("Content-Type", "application/x-amz-json-1.1"),
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------ API Gateway v2 (HTTP APIs)

    /** apiId to {apiId, name, apiEndpoint, protocolType, description, tags, target, routes: {routeId to route}} */
    private final Map<String, Map<String, Object>> httpApis = new TreeMap<>();
    private static final Pattern API_PATH = Pattern.compile("/v2/apis(?:/([^/]+)(?:/routes(?:/([^/]+))?)?)?/?");

    private static String apigwOperation(String method, String path) {
        Matcher m = API_PATH.matcher(path);
        if (!m.matches()) {
            return "Unknown " + method + " " + path;
        }
        if (m.group(1) == null) {
            return method.equals("POST") ? "CreateApi" : "GetApis";
        }
        if (path.contains("/routes")) {
            if (m.group(2) == null) {
                return method.equals("POST") ? "CreateRoute" : "GetRoutes";
            }
            return switch (method) {
                case "PATCH" -> "UpdateRoute";
                case "DELETE" -> "DeleteRoute";
                default -> "GetRoute";
            };
        }
        return method.equals("DELETE") ? "DeleteApi" : "GetApi";
    }

    @SuppressWarnings("unchecked")
    private Reply apigw(String op, String path, byte[] body) {
        Map<String, Object> in = body.length == 0 || !looksJson(body) ? Map.of()
                : Json.parseObject(new String(body, StandardCharsets.UTF_8));
        Matcher m = API_PATH.matcher(path);
        m.matches();
        synchronized (lock) {
            switch (op) {
                case "CreateApi" -> {
                    String name = str(in, "name");
                    String protocol = str(in, "protocolType");
                    if (name == null || name.isEmpty() || name.length() > 128) {
                        throw new ApiError(400, "BadRequestException", "Invalid API name specified");
                    }
                    if (!"HTTP".equals(protocol) && !"WEBSOCKET".equals(protocol)) {
                        throw new ApiError(400, "BadRequestException", "Invalid protocol type " + protocol);
                    }
                    String target = str(in, "target");
                    if (target != null) {
                        if (!target.startsWith("arn:aws:lambda:") && !target.startsWith("http")) {
                            throw new ApiError(400, "BadRequestException", "Invalid target " + target);
                        }
                        if (target.startsWith("arn:")) {
                            Fn fn = functions.get(functionName(target));
                            String q = qualifierOf(target);
                            if (fn == null || (q != null && !fn.aliases.containsKey(q) && !fn.versions.containsKey(q))) {
                                throw new ApiError(400, "BadRequestException", "Unable to find Lambda function " + target);
                            }
                        }
                    }
                    String id = Integer.toHexString(UUID.randomUUID().hashCode() & 0x7fffffff);
                    Map<String, Object> api = new LinkedHashMap<>();
                    api.put("apiId", id);
                    api.put("name", name);
                    api.put("protocolType", protocol);
                    api.put("apiEndpoint", "https://" + id + ".execute-api." + REGION + ".amazonaws.com");
                    api.put("routeSelectionExpression", "$request.method $request.path");
                    api.put("description", in.getOrDefault("description", ""));
                    api.put("tags", new TreeMap<>((Map<String, Object>) in.getOrDefault("tags", Map.of())));
                    Map<String, Map<String, Object>> routes = new TreeMap<>();
                    if (target != null) {
                        // quick create: an AWS_PROXY integration, a $default route and an auto-deployed $default stage
                        api.put("target", target);
                        Map<String, Object> route = new LinkedHashMap<>();
                        String routeId = Integer.toHexString(UUID.randomUUID().hashCode() & 0x7fffffff);
                        route.put("routeId", routeId);
                        route.put("routeKey", in.getOrDefault("routeKey", "$default"));
                        route.put("authorizationType", "NONE");
                        route.put("target", "integrations/" + Integer.toHexString(target.hashCode() & 0x7fffffff));
                        route.put("apiKeyRequired", false);
                        routes.put(routeId, route);
                    }
                    httpApis.put(id, api);
                    Map<String, Object> stored = new LinkedHashMap<>(api);
                    stored.put("routes", routes);
                    httpApis.put(id, stored);
                    return ok(201, visibleApi(stored));
                }
                case "GetApis" -> {
                    List<Object> items = new ArrayList<>();
                    httpApis.values().forEach(a -> items.add(visibleApi(a)));
                    return ok(200, Map.of("items", items));
                }
                case "GetApi" -> {
                    return ok(200, visibleApi(api(m.group(1))));
                }
                case "DeleteApi" -> {
                    api(m.group(1));
                    httpApis.remove(m.group(1));
                    return new Reply(204, Map.of(), new byte[0]);
                }
                case "GetRoutes" -> {
                    Map<String, Map<String, Object>> routes = (Map<String, Map<String, Object>>) api(m.group(1)).get("routes");
                    return ok(200, Map.of("items", List.copyOf(routes.values())));
                }
                case "CreateRoute" -> {
                    Map<String, Map<String, Object>> routes = (Map<String, Map<String, Object>>) api(m.group(1)).get("routes");
                    String key = str(in, "routeKey");
                    if (key == null || routes.values().stream().anyMatch(r -> key.equals(r.get("routeKey")))) {
                        throw new ApiError(409, "ConflictException", "Unable to create route " + key
                                + ". A route with that key already exists for this API.");
                    }
                    String auth = String.valueOf(in.getOrDefault("authorizationType", "NONE"));
                    if (!List.of("NONE", "AWS_IAM", "CUSTOM", "JWT").contains(auth)) {
                        throw new ApiError(400, "BadRequestException", "Invalid authorization type " + auth);
                    }
                    Map<String, Object> route = new LinkedHashMap<>();
                    String routeId = Integer.toHexString(UUID.randomUUID().hashCode() & 0x7fffffff);
                    route.put("routeId", routeId);
                    route.put("routeKey", key);
                    route.put("authorizationType", auth);
                    if (in.get("target") != null) {
                        route.put("target", str(in, "target"));
                    }
                    route.put("apiKeyRequired", false);
                    routes.put(routeId, route);
                    return ok(201, route);
                }
                case "DeleteRoute" -> {
                    Map<String, Map<String, Object>> routes = (Map<String, Map<String, Object>>) api(m.group(1)).get("routes");
                    if (routes.remove(m.group(2)) == null) {
                        throw new ApiError(404, "NotFoundException", "Invalid Route identifier specified " + m.group(2));
                    }
                    return new Reply(204, Map.of(), new byte[0]);
                }
                case "UpdateRoute", "GetRoute" -> {
                    Map<String, Map<String, Object>> routes = (Map<String, Map<String, Object>>) api(m.group(1)).get("routes");
                    Map<String, Object> route = routes.get(m.group(2));
                    if (route == null) {
                        throw new ApiError(404, "NotFoundException", "Invalid Route identifier specified " + m.group(2));
                    }
                    if (op.equals("UpdateRoute") && in.get("authorizationType") != null) {
                        String auth = str(in, "authorizationType");
                        if (!List.of("NONE", "AWS_IAM", "CUSTOM", "JWT").contains(auth)) {
                            throw new ApiError(400, "BadRequestException", "Invalid authorization type " + auth);
                        }
                        route.put("authorizationType", auth);
                    }
                    return ok(200, route);
                }
                default -> throw new ApiError(404, "NotFoundException", "unknown operation " + op);
            }
        }
    }

    private Map<String, Object> api(String id) {
        Map<String, Object> api = httpApis.get(id);
        if (api == null) {
            throw new ApiError(404, "NotFoundException", "Invalid API identifier specified " + ACCOUNT + ":" + id);
        }
        return api;
    }

    private static Map<String, Object> visibleApi(Map<String, Object> stored) {
        Map<String, Object> v = new LinkedHashMap<>(stored);
        v.remove("routes");
        v.remove("target");
        return v;
    }

    /** @return the HTTP APIs: name to "target authorizationTypes" */
    @SuppressWarnings("unchecked")
    public Map<String, String> httpApis() {
        synchronized (lock) {
            Map<String, String> out = new TreeMap<>();
            for (Map<String, Object> a : httpApis.values()) {
                List<String> auth = ((Map<String, Map<String, Object>>) a.get("routes")).values().stream()
                        .map(r -> str(r, "authorizationType")).toList();
                out.put(str(a, "name"), a.get("target") + " " + auth);
            }
            return out;
        }
    }

    // ------------------------------------------------------------ S3 bucket notifications

    private static String s3Operation(String method, Map<String, String> query) {
        if (query.containsKey("notification")) {
            return method.equals("PUT") ? "PutBucketNotificationConfiguration" : "GetBucketNotificationConfiguration";
        }
        return "S3 " + method;
    }

    /** Makes a bucket exist for notification configurations. */
    public LambdaTestServer bucket(String name) {
        synchronized (lock) {
            notifications.putIfAbsent(name, "");
        }
        return this;
    }

    /** @return the Lambda ids and function ARNs configured on a bucket, "id=arn events" */
    public List<String> bucketNotifications(String bucket) {
        synchronized (lock) {
            return lambdaConfigurations(notifications.getOrDefault(bucket, ""));
        }
    }

    private Reply s3(String op, String path, byte[] body) {
        String bucket = path.substring(1).split("/")[0];
        synchronized (lock) {
            if (!notifications.containsKey(bucket)) {
                throw new ApiError(404, "NoSuchBucket", "The specified bucket does not exist");
            }
            switch (op) {
                case "GetBucketNotificationConfiguration" -> {
                    String inner = notifications.get(bucket);
                    String xml = "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                            + inner + "</NotificationConfiguration>";
                    return new Reply(200, Map.of("Content-Type", "application/xml"), xml.getBytes(StandardCharsets.UTF_8));
                }
                case "PutBucketNotificationConfiguration" -> {
                    String xml = new String(body, StandardCharsets.UTF_8);
                    int start = xml.indexOf('>', xml.indexOf("<NotificationConfiguration")) + 1;
                    int end = xml.lastIndexOf("</NotificationConfiguration>");
                    String inner = end < 0 ? "" : xml.substring(start, end);
                    // like S3: every Lambda destination must already allow s3.amazonaws.com for this bucket
                    for (String entry : lambdaConfigurations(inner)) {
                        String arn = entry.substring(entry.indexOf('=') + 1, entry.indexOf(' '));
                        Fn fn = functions.get(functionName(arn));
                        String q = qualifierOf(arn.substring(arn.indexOf("function:")));
                        boolean allowed = fn != null && fn.policy.entrySet().stream().anyMatch(p ->
                                p.getKey().startsWith((q == null ? "$LATEST" : q) + ":")
                                        && "s3.amazonaws.com".equals(p.getValue().get("Principal"))
                                        && ("arn:aws:s3:::" + bucket).equals(p.getValue().get("SourceArn")));
                        if (!allowed) {
                            throw new ApiError(400, "InvalidArgument",
                                    "Unable to validate the following destination configurations");
                        }
                    }
                    checkOverlaps(inner);
                    notifications.put(bucket, inner);
                    return new Reply(200, Map.of(), new byte[0]);
                }
                default -> throw new ApiError(501, "NotImplemented", "the test server implements only bucket notifications");
            }
        }
    }

    /**
     * S3 refuses two configurations of one bucket that can match the same object for a common event type
     * ("Configuring event notifications using object key name filtering", docs.aws.amazon.com/AmazonS3/latest/
     * userguide/notification-how-to-filtering.html, read 2026-12): they overlap when an event type is shared
     * (s3:ObjectCreated:* covers s3:ObjectCreated:Put), one prefix starts the other (no prefix is the root prefix,
     * which overlaps every prefix) and one suffix ends the other (likewise). Answered with S3's InvalidArgument texts.
     */
    private static void checkOverlaps(String inner) {
        List<String[]> configs = new ArrayList<>(); // {events joined by ' ', prefix, suffix}
        try {
            var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(("<r>" + inner + "</r>").getBytes(StandardCharsets.UTF_8)));
            for (var node = doc.getDocumentElement().getFirstChild(); node != null; node = node.getNextSibling()) {
                if (!(node instanceof org.w3c.dom.Element c) || !c.getTagName().endsWith("Configuration")) {
                    continue;
                }
                List<String> events = new ArrayList<>();
                var ev = c.getElementsByTagName("Event");
                for (int j = 0; j < ev.getLength(); j++) {
                    events.add(ev.item(j).getTextContent());
                }
                if (events.isEmpty()) {
                    continue; // EventBridgeConfiguration: no events of its own to overlap
                }
                String prefix = "";
                String suffix = "";
                var rules = c.getElementsByTagName("FilterRule");
                for (int j = 0; j < rules.getLength(); j++) {
                    var r = (org.w3c.dom.Element) rules.item(j);
                    String name = r.getElementsByTagName("Name").item(0).getTextContent();
                    String value = r.getElementsByTagName("Value").item(0).getTextContent();
                    if (name.equalsIgnoreCase("prefix")) {
                        prefix = value;
                    } else if (name.equalsIgnoreCase("suffix")) {
                        suffix = value;
                    }
                }
                configs.add(new String[] {String.join(" ", events), prefix, suffix});
            }
        } catch (Exception e) {
            throw new ApiError(400, "MalformedXML", "The XML you provided was not well-formed: " + e.getMessage());
        }
        for (int i = 0; i < configs.size(); i++) {
            for (int j = i + 1; j < configs.size(); j++) {
                String[] a = configs.get(i);
                String[] b = configs.get(j);
                boolean events = java.util.Arrays.stream(a[0].split(" ")).anyMatch(x ->
                        java.util.Arrays.stream(b[0].split(" ")).anyMatch(y -> sameEvent(x, y)));
                boolean prefixes = a[1].startsWith(b[1]) || b[1].startsWith(a[1]);
                boolean suffixes = a[2].endsWith(b[2]) || b[2].endsWith(a[2]);
                if (events && prefixes && suffixes) {
                    throw new ApiError(400, "InvalidArgument", a[1].equals(b[1]) && a[2].equals(b[2])
                            ? "Configurations overlap. Configurations on the same bucket cannot share a common event type."
                            : "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if "
                            + "the prefixes are overlapping for the same event type.");
                }
            }
        }
    }

    /** @return whether two S3 event types share an event (a trailing '*' covers every event of its family) */
    private static boolean sameEvent(String a, String b) {
        String x = a.endsWith("*") ? a.substring(0, a.length() - 1) : a;
        String y = b.endsWith("*") ? b.substring(0, b.length() - 1) : b;
        return a.endsWith("*") && b.startsWith(x) || b.endsWith("*") && a.startsWith(y) || a.equals(b);
    }

    private static List<String> lambdaConfigurations(String inner) {
        List<String> out = new ArrayList<>();
        if (inner.isBlank()) {
            return out;
        }
        try {
            var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(("<r>" + inner + "</r>").getBytes(StandardCharsets.UTF_8)));
            var configs = doc.getElementsByTagName("CloudFunctionConfiguration");
            for (int i = 0; i < configs.getLength(); i++) {
                var c = (org.w3c.dom.Element) configs.item(i);
                List<String> events = new ArrayList<>();
                var ev = c.getElementsByTagName("Event");
                for (int j = 0; j < ev.getLength(); j++) {
                    events.add(ev.item(j).getTextContent());
                }
                List<String> filters = new ArrayList<>();
                var rules = c.getElementsByTagName("FilterRule");
                for (int j = 0; j < rules.getLength(); j++) {
                    var r = (org.w3c.dom.Element) rules.item(j);
                    filters.add(r.getElementsByTagName("Name").item(0).getTextContent() + ":"
                            + r.getElementsByTagName("Value").item(0).getTextContent());
                }
                out.add(c.getElementsByTagName("Id").item(0).getTextContent() + "="
                        + c.getElementsByTagName("CloudFunction").item(0).getTextContent() + " " + events
                        + (filters.isEmpty() ? "" : " " + filters));
            }
        } catch (Exception e) {
            throw new ApiError(400, "MalformedXML", "The XML you provided was not well-formed: " + e.getMessage());
        }
        return out;
    }

    // ------------------------------------------------------------ code

    private byte[] code(Map<String, Object> code) {
        byte[] zip;
        if (code.get("ZipFile") != null) {
            zip = Base64.getDecoder().decode(str(code, "ZipFile"));
            if (zip.length > directUploadLimit) {
                throw new ApiError(413, "RequestEntityTooLargeException", "Request must be smaller than "
                        + directUploadLimit + " bytes for the CreateFunction operation");
            }
        } else if (code.get("S3Bucket") != null) {
            zip = s3Object(str(code, "S3Bucket"), str(code, "S3Key"));
        } else {
            throw new ApiError(400, "InvalidParameterValueException", "Please provide a source for function code.");
        }
        long unzipped = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            byte[] buf = new byte[65536];
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries++;
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    unzipped += n;
                    if (unzipped > unzippedLimit) {
                        throw new ApiError(400, "InvalidParameterValueException", "Unzipped size must be smaller than "
                                + unzippedLimit + " bytes");
                    }
                }
            }
        } catch (IOException e) {
            throw new ApiError(400, "InvalidParameterValueException", "Could not unzip uploaded file. Please check "
                    + "your file, then try to upload again.");
        }
        if (entries == 0) {
            throw new ApiError(400, "InvalidParameterValueException", "Could not unzip uploaded file. Please check "
                    + "your file, then try to upload again.");
        }
        return zip;
    }

    private byte[] s3Object(String bucket, String key) {
        if (s3Endpoint == null) {
            throw new ApiError(400, "InvalidParameterValueException", "Error occurred while GetObject. S3 Error Code: "
                    + "NoSuchBucket. S3 Error Message: The specified bucket does not exist");
        }
        try {
            URI uri = URI.create(s3Endpoint + "/" + bucket + "/" + encodePath(key));
            HttpResponse<byte[]> r = s3Http.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new ApiError(400, "InvalidParameterValueException", "Error occurred while GetObject. S3 Error "
                        + "Code: NoSuchKey. S3 Error Message: The specified key does not exist. (HTTP " + r.statusCode() + ")");
            }
            return r.body();
        } catch (IOException e) {
            throw new ApiError(500, "ServiceException", "cannot reach S3: " + e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(500, "ServiceException", "interrupted", false);
        }
    }

    // ------------------------------------------------------------ container images and ECR

    private static final Pattern IMAGE_URI = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/([a-z0-9._/-]+?)(?::([\\w][\\w.-]{0,127}))?(?:@sha256:([0-9a-f]{64}))?");
    private static final Pattern REPOSITORY_NAME =
            Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");

    /** Lambda's rules for Code.ImageUri: an ECR image of this region whose repository exists. */
    private void image(Config c, Map<String, Object> code) {
        if (code.get("ZipFile") != null || code.get("S3Bucket") != null) {
            throw new ApiError(400, "InvalidParameterValueException", "Please don't provide ZipFile or S3Bucket when "
                    + "the intended function PackageType is Image.");
        }
        String uri = str(code, "ImageUri");
        if (uri == null) {
            throw new ApiError(400, "InvalidParameterValueException", "Please provide ImageUri when the intended "
                    + "function PackageType is Image.");
        }
        Matcher m = IMAGE_URI.matcher(uri);
        if (!m.matches() || !m.group(2).equals(REGION)) {
            throw new ApiError(400, "InvalidParameterValueException", "Source image " + uri + " is not valid. "
                    + "Provide a valid source image.");
        }
        Map<String, Object> repo = repositories.get(m.group(3));
        if (repo == null || !m.group(1).equals(ACCOUNT)) {
            throw new ApiError(400, "InvalidParameterValueException", "Source image " + uri + " does not exist. "
                    + "Provide a valid source image.");
        }
        c.imageUri = uri;
        // a tag stands for the digest pushed under it; this server derives one from the reference
        c.imageDigest = m.group(5) != null ? m.group(5)
                : java.util.HexFormat.of().formatHex(sha256(uri.getBytes(StandardCharsets.UTF_8)));
    }

    private static String resolved(String uri, String digest) {
        int at = uri.indexOf('@');
        String base = at >= 0 ? uri.substring(0, at) : uri;
        int slash = base.lastIndexOf('/');
        int colon = base.lastIndexOf(':');
        if (colon > slash) {
            base = base.substring(0, colon);
        }
        return base + "@sha256:" + digest;
    }

    private Reply ecr(String op, Map<String, Object> in) {
        synchronized (lock) {
            String registry = in.get("registryId") == null ? ACCOUNT : str(in, "registryId");
            switch (op) {
                case "CreateRepository" -> {
                    String name = str(in, "repositoryName");
                    if (name == null || name.length() < 2 || name.length() > 256
                            || !REPOSITORY_NAME.matcher(name).matches()) {
                        throw new ApiError(400, "InvalidParameterException", "Invalid parameter at 'repositoryName' "
                                + "failed to satisfy constraint: 'must satisfy regular expression '"
                                + REPOSITORY_NAME.pattern() + "''");
                    }
                    if (!registry.equals(ACCOUNT)) {
                        throw new ApiError(400, "InvalidParameterException", "Invalid parameter at 'registryId': "
                                + "the caller can only create repositories in its own registry " + ACCOUNT);
                    }
                    if (repositories.containsKey(name)) {
                        throw new ApiError(400, "RepositoryAlreadyExistsException", "The repository with name '"
                                + name + "' already exists in the registry with id '" + ACCOUNT + "'");
                    }
                    Map<String, Object> repo = new LinkedHashMap<>();
                    repo.put("repositoryArn", "arn:aws:ecr:" + REGION + ":" + ACCOUNT + ":repository/" + name);
                    repo.put("registryId", ACCOUNT);
                    repo.put("repositoryName", name);
                    repo.put("repositoryUri", ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/" + name);
                    repo.put("createdAt", Instant.now().getEpochSecond());
                    repo.put("imageTagMutability", in.get("imageTagMutability") == null ? "MUTABLE"
                            : str(in, "imageTagMutability"));
                    repo.put("imageScanningConfiguration", Map.of("scanOnPush", false));
                    repo.put("encryptionConfiguration", Map.of("encryptionType", "AES256"));
                    Map<String, String> tags = new TreeMap<>();
                    if (in.get("tags") instanceof List<?> list) {
                        for (Object o : list) {
                            if (o instanceof Map<?, ?> t) {
                                tags.put(String.valueOf(t.get("Key")), String.valueOf(t.get("Value")));
                            }
                        }
                    }
                    repositoryTags.put(name, tags);
                    repositories.put(name, repo);
                    return json11(Map.of("repository", repo));
                }
                case "DescribeRepositories" -> {
                    List<Object> out = new ArrayList<>();
                    if (in.get("repositoryNames") instanceof List<?> names && !names.isEmpty()) {
                        for (Object n : names) {
                            Map<String, Object> repo = registry.equals(ACCOUNT) ? repositories.get(String.valueOf(n)) : null;
                            if (repo == null && String.valueOf(n).equals(raceRepository)) {
                                // another run creates it right after this answer
                                raceRepository = null;
                                repository(String.valueOf(n));
                                throw new ApiError(400, "RepositoryNotFoundException", "The repository with name '"
                                        + n + "' does not exist in the registry with id '" + registry + "'");
                            }
                            if (repo == null) {
                                throw new ApiError(400, "RepositoryNotFoundException", "The repository with name '"
                                        + n + "' does not exist in the registry with id '" + registry + "'");
                            }
                            out.add(repo);
                        }
                    } else if (registry.equals(ACCOUNT)) {
                        out.addAll(repositories.values());
                    }
                    return json11(Map.of("repositories", out));
                }
                case "ListTagsForResource" -> {
                    String arn = str(in, "resourceArn");
                    String name = arn == null ? "" : arn.substring(arn.indexOf("repository/") + "repository/".length());
                    Map<String, String> tags = repositoryTags.get(name);
                    if (tags == null) {
                        throw new ApiError(400, "RepositoryNotFoundException", "The repository with name '" + name
                                + "' does not exist in the registry with id '" + ACCOUNT + "'");
                    }
                    List<Object> list = new ArrayList<>();
                    tags.forEach((k, v) -> list.add(Map.of("Key", k, "Value", v)));
                    return json11(Map.of("tags", list));
                }
                default -> throw new ApiError(400, "UnknownOperationException", "unknown operation " + op);
            }
        }
    }

    private volatile String raceRepository;

    /** The next DescribeRepositories of this repository answers not found, and the repository exists right after. */
    public LambdaTestServer repositoryAppearsAfterDescribe(String name) {
        raceRepository = name;
        return this;
    }

    /** Creates an ECR repository as if someone had created it (and pushed to it) before the deploy. */
    public LambdaTestServer repository(String name) {
        synchronized (lock) {
            ecr("CreateRepository", Map.of("repositoryName", name));
        }
        return this;
    }

    /** @return the ECR repositories and their tags */
    public Map<String, Map<String, String>> repositories() {
        synchronized (lock) {
            Map<String, Map<String, String>> out = new TreeMap<>();
            repositoryTags.forEach((k, v) -> out.put(k, Map.copyOf(v)));
            return out;
        }
    }

    /** @return the ImageUri of $LATEST, null for a zip function */
    public String imageUri(String name) {
        synchronized (lock) {
            Fn fn = functions.get(name);
            return fn == null ? null : fn.latest.imageUri;
        }
    }

    // ------------------------------------------------------------ JSON 1.1 and query services

    private Reply jsonService(String target, String op, byte[] body) {
        Map<String, Object> in = body.length == 0 ? Map.of() : Json.parseObject(new String(body, StandardCharsets.UTF_8));
        if (target.startsWith("AmazonSQS.")) {
            return sqs(op, in);
        }
        if (target.startsWith("AWSEvents.")) {
            return events(op, in);
        }
        if (target.startsWith("AmazonEC2ContainerRegistry_V20150921.")) {
            return ecr(op, in);
        }
        if (op.equals("FilterLogEvents")) {
            synchronized (lock) {
                List<Map<String, Object>> group = logGroups.get(str(in, "logGroupName"));
                if (group == null) {
                    throw new ApiError(400, "ResourceNotFoundException", "The specified log group does not exist.");
                }
                long start = in.get("startTime") == null ? 0 : ((Number) in.get("startTime")).longValue();
                int from = in.get("nextToken") == null ? 0 : Integer.parseInt(str(in, "nextToken"));
                int pageSize = 5; // small pages so the client's paging is exercised
                List<Object> events = new ArrayList<>();
                int i = from;
                for (; i < group.size() && events.size() < pageSize; i++) {
                    if (((Number) group.get(i).get("timestamp")).longValue() >= start) {
                        events.add(group.get(i));
                    }
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("events", events);
                out.put("searchedLogStreams", List.of());
                if (i < group.size()) {
                    out.put("nextToken", String.valueOf(i));
                }
                return new Reply(200, Map.of("Content-Type", "application/x-amz-json-1.1"),
                        Json.write(out).getBytes(StandardCharsets.UTF_8));
            }
        }
        throw new ApiError(400, "UnknownOperationException", "unknown operation " + op);
    }

    private Reply secrets(String op, HttpExchange ex, byte[] body) {
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        try {
            return new Reply(200, Map.of("Content-Type", "application/x-amz-json-1.1"),
                    secretsManager.handle(op, headers, body).getBytes(StandardCharsets.UTF_8));
        } catch (SecretsManagerDouble.Error e) {
            throw new ApiError(e.status, e.type, e.getMessage());
        }
    }

    /** Stores a secret in the Secrets Manager double, as CreateSecret would; returns its ARN. */
    public String putSecret(String name, String value) {
        return secretsManager.put(name, value);
    }

    /** @return the names of a role's inline policies */
    public List<String> rolePolicyNames(String roleArn) {
        return rolePolicies.names(roleArn);
    }

    private Reply queryService(String op, Map<String, String> form) {
        String xml = switch (op) {
            case "GetCallerIdentity" -> "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<GetCallerIdentityResult><Arn>" + caller + "</Arn>"
                    + "<UserId>AIDATESTUSER</UserId><Account>" + ACCOUNT + "</Account></GetCallerIdentityResult>"
                    + meta() + "</GetCallerIdentityResponse>";
            case "GetRole", "CreateRole" -> {
                String name = form.get("RoleName");
                String arn = "arn:aws:iam::" + ACCOUNT + ":role/" + name;
                synchronized (lock) {
                    if (op.equals("GetRole") && !roles.containsKey(arn)) {
                        throw new ApiError(404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
                    }
                    if (op.equals("CreateRole")) {
                        if (roles.containsKey(arn)) {
                            throw new ApiError(409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
                        }
                        roles.put(arn, form.getOrDefault("AssumeRolePolicyDocument", ""));
                    }
                }
                yield "<" + op + "Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><" + op + "Result><Role>"
                        + "<Path>/</Path><RoleName>" + name + "</RoleName><RoleId>AROATEST" + Math.abs(name.hashCode())
                        + "</RoleId><Arn>" + arn + "</Arn><CreateDate>2026-11-27T00:00:00Z</CreateDate>"
                        + "<AssumeRolePolicyDocument>" + xml(URLEncoder.encode(roles.get(arn), StandardCharsets.UTF_8))
                        + "</AssumeRolePolicyDocument></Role></" + op + "Result>" + meta() + "</" + op + "Response>";
            }
            case "AttachRolePolicy" -> "<AttachRolePolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                    + meta() + "</AttachRolePolicyResponse>";
            case "SimulatePrincipalPolicy" -> simulate(form);
            case "PutRolePolicy", "GetRolePolicy", "DeleteRolePolicy" -> {
                String arn = "arn:aws:iam::" + ACCOUNT + ":role/" + form.get("RoleName");
                synchronized (lock) {
                    if (!roles.containsKey(arn)) {
                        throw new ApiError(404, "NoSuchEntity", "The role with name " + form.get("RoleName")
                                + " cannot be found.");
                    }
                }
                try {
                    yield rolePolicies.handle(op, form, arn, meta());
                } catch (RolePolicies.IamError e) {
                    throw new ApiError(e.status, e.code, e.getMessage());
                }
            }
            default -> throw new ApiError(400, "InvalidAction", "unknown action " + op);
        };
        return new Reply(200, Map.of("Content-Type", "text/xml"), xml.getBytes(StandardCharsets.UTF_8));
    }

    private volatile String caller = "arn:aws:iam::" + ACCOUNT + ":user/faasport-test";
    /** IAM principal ARN to the actions its policies allow ("*" and "service:*" as in IAM); absent means all. */
    private final Map<String, List<String>> allowed = new ConcurrentHashMap<>();

    /** Who STS GetCallerIdentity says the caller is (an IAM user by default). */
    public LambdaTestServer caller(String arn) {
        this.caller = arn;
        return this;
    }

    /** Lets a principal's policies allow only these actions (wildcards as in IAM: "*", "lambda:*", "lambda:Get*"). */
    public LambdaTestServer allow(String principalArn, String... actions) {
        allowed.put(principalArn, List.of(actions));
        return this;
    }

    /**
     * IAM SimulatePrincipalPolicy as the IAM API reference describes it (docs.aws.amazon.com/IAM/latest/APIReference/
     * API_SimulatePrincipalPolicy.html, read 2026-12): the principal must be an existing user, group or role (else
     * NoSuchEntity), every action of ActionNames.member.N gets one EvaluationResults member with EvalDecision
     * allowed or implicitDeny, resource "*" when no ResourceArns are given; pages of MaxItems (default 100) with
     * Marker and IsTruncated.
     */
    private String simulate(Map<String, String> form) {
        String principal = form.get("PolicySourceArn");
        boolean known = principal != null && (principal.startsWith("arn:aws:iam::" + ACCOUNT + ":user/")
                || roles.containsKey(principal) || allowed.containsKey(principal));
        if (!known) {
            throw new ApiError(404, "NoSuchEntity", "PolicySourceArn " + principal + " does not exist");
        }
        List<String> actions = new ArrayList<>();
        for (int i = 1; form.containsKey("ActionNames.member." + i); i++) {
            actions.add(form.get("ActionNames.member." + i));
        }
        if (actions.isEmpty()) {
            throw new ApiError(400, "InvalidInput", "ActionNames must contain at least one action");
        }
        int from = form.get("Marker") == null ? 0 : Integer.parseInt(form.get("Marker"));
        int max = Integer.parseInt(form.getOrDefault("MaxItems", "100"));
        List<String> grants = allowed.getOrDefault(principal, List.of("*"));
        StringBuilder members = new StringBuilder();
        int end = Math.min(actions.size(), from + max);
        for (String action : actions.subList(from, end)) {
            boolean allow = grants.stream().anyMatch(g -> action.toLowerCase(Locale.ROOT).matches(
                    Pattern.quote(g.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q")));
            members.append("<member><EvalActionName>").append(xml(action)).append("</EvalActionName>")
                    .append("<EvalResourceName>*</EvalResourceName><EvalDecision>")
                    .append(allow ? "allowed" : "implicitDeny").append("</EvalDecision><MatchedStatements/>")
                    .append("<MissingContextValues/></member>");
        }
        boolean truncated = end < actions.size();
        return "<SimulatePrincipalPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + "<SimulatePrincipalPolicyResult><IsTruncated>" + truncated + "</IsTruncated>"
                + (truncated ? "<Marker>" + end + "</Marker>" : "") + "<EvaluationResults>" + members
                + "</EvaluationResults></SimulatePrincipalPolicyResult>" + meta() + "</SimulatePrincipalPolicyResponse>";
    }

    /**
     * The provider properties that point the AWS provider at this server.
     *
     * @param role       the execution role (registered with {@link #role(String)}), or null
     * @param pollMillis how often the provider polls a function's state
     * @return a modifiable map a test may add to
     */
    public Map<String, String> providerProperties(String role, long pollMillis) {
        Map<String, String> p = new TreeMap<>();
        p.put("aws.region", REGION);
        p.put("aws.endpoint", endpoint().toString());
        if (role != null) {
            p.put("aws.role", role);
        }
        p.put("aws.pollMillis", Long.toString(pollMillis));
        return p;
    }

    /** Registers a role as existing (and assumable), for tests that pass aws.role. */
    public LambdaTestServer role(String arn) {
        synchronized (lock) {
            roles.put(arn, "{\"Statement\":[{\"Principal\":{\"Service\":\"lambda.amazonaws.com\"}}]}");
        }
        return this;
    }

    /**
     * The function's variables plus what Lambda adds for its execution role: the role's temporary credentials
     * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, "Defined runtime environment variables", Lambda
     * Developer Guide, read 2026-12) and, as this test platform's network, Secrets Manager's endpoint on this server
     * (AWS_ENDPOINT_URL_SECRETS_MANAGER, the SDKs' service-specific endpoint variable).
     */
    private Map<String, String> runtimeEnvironment(Config code) {
        Map<String, String> env = new TreeMap<>(code.environment);
        SecretsManagerDouble.RoleCredentials c = secretsManager.credentials(code.role);
        env.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
        env.put("AWS_SESSION_TOKEN", c.sessionToken());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint().toString());
        return env;
    }

    private static String meta() {
        return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
    }

    // ------------------------------------------------------------ model

    private static final class Config {
        String runtime;
        String handler;
        String role;
        String description = "";
        int memory = 128;
        int timeout = 3;
        String architecture = "x86_64";
        Map<String, String> environment = new TreeMap<>();
        byte[] zip;
        String packageType = "Zip";
        String imageUri;
        /** The image manifest's SHA-256 (hex): Lambda reports it as CodeSha256 of an image function. */
        String imageDigest;
        List<String> layers = List.of();
        String revision = UUID.randomUUID().toString();

        boolean image() {
            return "Image".equals(packageType);
        }

        Config copy() {
            Config c = new Config();
            c.packageType = packageType;
            c.imageUri = imageUri;
            c.imageDigest = imageDigest;
            c.runtime = runtime;
            c.handler = handler;
            c.role = role;
            c.description = description;
            c.memory = memory;
            c.timeout = timeout;
            c.architecture = architecture;
            c.environment = new TreeMap<>(environment);
            c.zip = zip;
            c.layers = layers;
            return c;
        }

        boolean sameAs(Config o) {
            return java.util.Arrays.equals(zip, o.zip) && java.util.Objects.equals(imageDigest, o.imageDigest)
                    && java.util.Objects.equals(runtime, o.runtime) && java.util.Objects.equals(handler, o.handler)
                    && role.equals(o.role) && memory == o.memory && timeout == o.timeout
                    && architecture.equals(o.architecture) && environment.equals(o.environment)
                    && layers.equals(o.layers);
        }
    }

    private final class Fn {
        final String name;
        Config latest;
        final java.util.TreeMap<String, Config> versions = new java.util.TreeMap<>(
                java.util.Comparator.comparingInt(Integer::parseInt));
        final Map<String, String> aliases = new TreeMap<>();
        final Map<String, String> tags = new TreeMap<>();
        final Map<String, Map<String, Object>> urls = new HashMap<>();
        final Map<String, Map<String, Object>> policy = new TreeMap<>();
        long pendingUntil;
        long updatingUntil;
        Integer reserved;
        final Map<String, Integer> provisioned = new TreeMap<>();

        Fn(String name) {
            this.name = name;
        }

        String arn() {
            return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
        }

        boolean pending() {
            return System.nanoTime() < pendingUntil;
        }

        boolean updating() {
            return System.nanoTime() < updatingUntil;
        }

        void startUpdate(Duration d) {
            updatingUntil = System.nanoTime() + d.toNanos();
        }

        Map<String, Object> configJson(Config c, String version) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("FunctionName", name);
            m.put("FunctionArn", arn() + (version.equals("$LATEST") ? "" : ":" + version));
            if (!c.image()) {
                m.put("Runtime", c.runtime);
                m.put("Handler", c.handler);
            }
            m.put("Role", c.role);
            m.put("CodeSize", c.image() ? 0 : c.zip.length);
            m.put("Description", c.description);
            m.put("Timeout", c.timeout);
            m.put("MemorySize", c.memory);
            m.put("LastModified", LAMBDA_TIME.format(Instant.now()));
            m.put("CodeSha256", c.image() ? c.imageDigest : Base64.getEncoder().encodeToString(sha256(c.zip)));
            m.put("Version", version);
            m.put("Environment", Map.of("Variables", c.environment));
            m.put("RevisionId", c.revision);
            m.put("PackageType", c.packageType);
            m.put("Architectures", List.of(c.architecture));
            if (!c.layers.isEmpty()) {
                List<Object> ls = new ArrayList<>();
                for (String arn : c.layers) {
                    ls.add(Map.of("Arn", arn, "CodeSize", layerVersion(arn).get("Content") instanceof Map<?, ?> content
                            ? content.get("CodeSize") : 0));
                }
                m.put("Layers", ls);
            }
            boolean pending = pending();
            m.put("State", pending ? "Pending" : "Active");
            if (pending) {
                m.put("StateReason", "The function is being created.");
                m.put("StateReasonCode", "Creating");
            }
            if (!pending) {
                m.put("LastUpdateStatus", updating() ? "InProgress" : "Successful");
                if (updating()) {
                    m.put("LastUpdateStatusReason", "The function is being updated.");
                    m.put("LastUpdateStatusReasonCode", "Updating");
                }
            }
            return m;
        }

        Map<String, Object> aliasJson(String alias) {
            return Map.of("AliasArn", arn() + ":" + alias, "Name", alias, "FunctionVersion", aliases.get(alias),
                    "Description", "", "RevisionId", UUID.randomUUID().toString());
        }
    }

    private Fn fn(String name) {
        Fn fn = name == null ? null : functions.get(name);
        if (fn == null) {
            throw new ApiError(404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:" + REGION + ":"
                    + ACCOUNT + ":function:" + name);
        }
        return fn;
    }

    private static void requireIdle(Fn fn) {
        if (fn.pending() || fn.updating()) {
            throw new ApiError(409, "ResourceConflictException", "The operation cannot be performed at this time. "
                    + "An update is in progress for resource: " + fn.arn());
        }
    }

    private static void requireVersion(Fn fn, String version) {
        if (!fn.versions.containsKey(version)) {
            throw new ApiError(404, "ResourceNotFoundException", "Function not found: " + fn.arn() + ":" + version);
        }
    }

    private static void requireQualifier(Fn fn, String q) {
        if (!q.equals("$LATEST") && !fn.aliases.containsKey(q) && !fn.versions.containsKey(q)) {
            throw new ApiError(404, "ResourceNotFoundException", "Function not found: " + fn.arn() + ":" + q);
        }
    }

    private static String authType(Map<String, Object> in) {
        return str(in, "AuthType"); // its enum is checked from the service model
    }

    private static String arch(Object value, String fallback) {
        if (value instanceof List<?> l && !l.isEmpty()) {
            return String.valueOf(l.get(0)); // one of the model's enum values, at most one (ArchitecturesList)
        }
        return fallback;
    }

    private static ApiError validation(String field, String value, String constraint) {
        return new ApiError(400, "ValidationException", "1 validation error detected: Value '" + value + "' at '"
                + field + "' failed to satisfy constraint: " + constraint);
    }

    private static String functionName(String nameOrArn) {
        int i = nameOrArn.indexOf("function:");
        String name = i >= 0 ? nameOrArn.substring(i + "function:".length()) : nameOrArn;
        int colon = name.indexOf(':');
        return colon >= 0 ? name.substring(0, colon) : name;
    }

    private static Reply ok(int status, Map<String, ?> body) {
        return new Reply(status, Map.of("Content-Type", "application/json"),
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static String str(Map<String, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v);
    }

    private static boolean looksJson(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            q.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return q;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encodePath(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/").replace("+", "%20");
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
