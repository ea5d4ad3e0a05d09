package dev.faasport.local;

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
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A session with the local runtime: deploys units into it and operates on them through its control API. */
final class LocalSession implements ProviderSession {

    /** Starts the runtime, or finds the one running. */
    interface Starter {
        DaemonClient start() throws ProviderException;
    }

    private final ProviderConfig config;
    private final Starter starter;
    private final Path home;
    private final int configuredPort;
    private DaemonClient client;

    LocalSession(ProviderConfig config, Starter starter, Path home, int configuredPort) {
        this.config = config;
        this.starter = starter;
        this.home = home;
        this.configuredPort = configuredPort;
    }

    LocalSession(ProviderConfig config, DaemonClient client, Path home) {
        this(config, () -> client, home, client.port);
        this.client = client;
    }

    /** @return the running runtime, started now when none runs */
    private synchronized DaemonClient client() throws ProviderException {
        if (client == null) {
            client = starter.start();
        }
        return client;
    }

    /** @return the running runtime, or empty when none runs (never starts one) */
    private synchronized java.util.Optional<DaemonClient> running() {
        if (client == null) {
            try {
                Daemon.find(home).ifPresent(c -> client = c);
            } catch (IOException e) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.ofNullable(client);
    }

    /**
     * Every secret the units reference must be in the home's secrets file before anything is deployed; and when no
     * runtime runs yet, its port must be free (checked, not taken: faas:plan verifies too and starts nothing), so
     * that a taken port is one clear error before the first change, not a failed unit.
     */
    @Override
    public void verify(List<DeployUnit> units) throws ProviderException {
        if (running().isEmpty() && configuredPort != 0) {
            Daemon.checkPortFree(configuredPort);
        }
        Map<String, String> variableOf = new TreeMap<>();
        units.forEach(u -> u.functions().forEach(f -> f.secrets().forEach((v, s) -> variableOf.putIfAbsent(s, v))));
        try {
            for (String secret : LocalSecrets.missing(home, variableOf.keySet())) {
                throw ProviderException.permanent(LocalSecrets.notFound(home, secret, variableOf.get(secret)),
                        "add it with " + LocalSecrets.addCommand(home, secret));
            }
        } catch (LocalSecrets.Unavailable e) {
            throw ProviderException.permanent(e.getMessage(), "fix the secrets file, then deploy again");
        }
    }

    @Override
    public java.util.Optional<Boolean> secretExists(String secret) throws ProviderException {
        try {
            return java.util.Optional.of(LocalSecrets.missing(home, List.of(secret)).isEmpty());
        } catch (LocalSecrets.Unavailable e) {
            throw ProviderException.permanent(e.getMessage(), "fix the secrets file");
        }
    }

    /** @return the gateway port of the runtime this session talks to */
    synchronized int port() {
        return client == null ? configuredPort : client.port;
    }

    @Override
    public List<DeployedUnit> list() throws ProviderException {
        try {
            // with no runtime running, what it will load when it starts is on disk: reading it starts nothing
            java.util.Optional<DaemonClient> running = running();
            List<Map<String, Object>> records = running.isPresent() ? running.get().functions() : new Store(home).loadUnits();
            List<DeployedUnit> units = new ArrayList<>();
            for (Map<String, Object> m : records) {
                if (config.setName() == null || config.setName().equals(m.get("set"))) {
                    units.add(toDeployed(m));
                }
            }
            return units;
        } catch (IOException e) {
            throw failure("list the functions", null, e);
        }
    }

    @Override
    public DeployedUnit apply(UnitUpdate change) throws ProviderException {
        return deploy(change.desired());
    }

    private DeployedUnit deploy(DeployUnit unit) throws ProviderException {
        if (unit.artifact().format() != PackageFormat.LOCAL_ZIP) {
            throw ProviderException.permanent("Unit '" + unit.name() + "' was packaged as " + unit.artifact().format()
                    + ", but the local runtime deploys LOCAL_ZIP", "package it for the local provider");
        }
        Path archive = unit.artifact().path();
        if (archive == null || !Files.isRegularFile(archive)) {
            throw ProviderException.permanent("Unit '" + unit.name() + "' has no archive at " + archive,
                    "run faas:package before deploying");
        }
        try {
            return toDeployed(client().deploy(unit.name(), unitJson(unit), archive));
        } catch (IOException e) {
            throw failure("deploy function '" + unit.name() + "'", "check the function's settings and package", e);
        }
    }

    @Override
    public void delete(DeployedUnit unit) throws ProviderException {
        try {
            client().remove(unit.name(), unit.setName());
        } catch (IOException e) {
            throw failure("remove function '" + unit.name() + "'", null, e);
        }
    }

    @Override
    public InvocationResult invoke(String function, Invocation invocation) throws ProviderException {
        try {
            HttpResponse<byte[]> r = client().invoke(function, invocation.method(), invocation.path(), invocation.headers(),
                    invocation.body(), Duration.ofMinutes(16));
            Map<String, String> headers = new TreeMap<>();
            r.headers().map().forEach((k, v) -> {
                if (!v.isEmpty() && !k.startsWith(":")) {
                    headers.put(k, v.get(0));
                }
            });
            return new InvocationResult(r.statusCode(), headers, r.body(), List.of());
        } catch (IOException e) {
            throw failure("invoke function '" + function + "'", null, e);
        }
    }

    @Override
    public List<String> logs(String function, int maxLines) throws ProviderException {
        try {
            return client().logs(function, maxLines);
        } catch (IOException e) {
            throw failure("read the logs of function '" + function + "'", null, e);
        }
    }

    @Override
    public List<String> doctor() throws ProviderException {
        List<String> lines = new ArrayList<>();
        lines.add("local runtime home: " + home);
        try {
            Path token = new Store(home).tokenFile();
            if (Files.exists(token)) {
                Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(token);
                lines.add("token file: " + token + " (" + java.nio.file.attribute.PosixFilePermissions.toString(perms) + ")");
            }
            java.util.Optional<DaemonClient> running = running();
            if (running.isEmpty()) {
                lines.add("runtime: not running (faas:deploy starts it in the background, faas:run in this terminal)");
                lines.add("functions deployed: " + new Store(home).loadUnits().size() + " (loaded when it starts)");
                return lines;
            }
            Map<String, Object> info = running.get().info();
            lines.add("runtime: pid " + info.get("pid") + " on " + running.get().base + ", java " + info.get("java")
                    + ", up " + info.get("uptimeMillis") + " ms, idle timeout " + info.get("idleSeconds") + " s");
            Object fns = info.get("functions");
            lines.add("functions deployed: " + (fns instanceof List<?> l ? l.size() : 0) + ", live workers: " + info.get("workers"));
        } catch (IOException | UnsupportedOperationException e) {
            lines.add("runtime: FAILED not reachable (" + e.getMessage() + "), perhaps you should stop it with faas:stop and deploy again");
        }
        return lines;
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() on Java 17; its threads end with the JVM
    }

    private ProviderException failure(String what, String suggestion, IOException e) {
        if (e instanceof DaemonClient.ControlException c && c.status < 500 && c.status != 429) {
            return new ProviderException("Could not " + what + ": " + e.getMessage(), suggestion, false, null, e);
        }
        if (e instanceof ConnectException) {
            return new ProviderException("Could not " + what + ": " + e.getMessage(), "start it again with faas:deploy",
                    false, null, e);
        }
        return ProviderException.transientFailure("Could not " + what + ": " + e.getMessage(), Duration.ofSeconds(1), e);
    }

    // ---- the unit descriptor the runtime stores

    static Map<String, Object> unitJson(DeployUnit unit) {
        FunctionSpec f = unit.function();
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("name", f.name());
        fn.put("handler", f.handler());
        fn.put("shape", f.shape().name());
        fn.put("trigger", Trigger.toMap(f.trigger()));
        fn.put("memoryMb", f.memoryMb());
        fn.put("timeoutSeconds", f.timeoutSeconds());
        fn.put("environment", f.environment());
        fn.put("secrets", f.secrets());
        fn.put("maxConcurrency", f.maxConcurrency());
        fn.put("minInstances", f.minInstances());
        fn.put("options", f.options());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("set", unit.setName());
        m.put("name", unit.name());
        m.put("artifactSha256", unit.artifact().sha256());
        m.put("configHash", unit.configHash());
        m.put("function", fn);
        return m;
    }

    private static int num(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    /**
     * Flattens the runtime's metrics of one function into faas:info attributes: {@code invocations},
     * {@code coldStarts}, {@code errors}, {@code throttles}, {@code durationP50Ms}/{@code P95}/{@code P99}/
     * {@code durationMeanMs}, {@code initP50Ms}/{@code initP99Ms}, {@code maxMemoryUsedMb}, {@code workers}, and for
     * event functions {@code retryPolicy}, {@code eventsPending}, {@code eventsDeadLettered}, {@code nextFire}.
     */
    static Map<String, String> metricAttributes(Map<?, ?> metrics) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("workers", String.valueOf(metrics.get("workers")));
        a.put("invocations", String.valueOf(metrics.get("invocations")));
        a.put("coldStarts", String.valueOf(metrics.get("coldStarts")));
        a.put("errors", String.valueOf(metrics.get("errors")));
        a.put("throttles", String.valueOf(metrics.get("throttled")));
        boolean invoked = metrics.get("invocations") instanceof Number n && n.longValue() > 0;
        if (invoked && metrics.get("duration") instanceof Map<?, ?> d) {
            a.put("durationP50Ms", String.valueOf(d.get("p50Ms")));
            a.put("durationP95Ms", String.valueOf(d.get("p95Ms")));
            a.put("durationP99Ms", String.valueOf(d.get("p99Ms")));
            a.put("durationMeanMs", String.valueOf(d.get("meanMs")));
        }
        if (invoked && metrics.get("init") instanceof Map<?, ?> i && i.get("count") instanceof Number c && c.longValue() > 0) {
            a.put("initP50Ms", String.valueOf(i.get("p50Ms")));
            a.put("initP99Ms", String.valueOf(i.get("p99Ms")));
        }
        if (invoked && metrics.get("maxMemoryUsedMb") != null) {
            a.put("maxMemoryUsedMb", String.valueOf(metrics.get("maxMemoryUsedMb")));
        }
        if (metrics.get("events") instanceof Map<?, ?> e) {
            if (e.get("retryPolicy") != null) {
                a.put("retryPolicy", String.valueOf(e.get("retryPolicy")));
                a.put("eventsPending", String.valueOf(e.get("pending")));
                a.put("eventsDelivered", String.valueOf(e.get("delivered")));
                a.put("eventsDeadLettered", String.valueOf(e.get("deadLettered")));
            }
            if (e.get("nextFire") != null) {
                a.put("nextFire", String.valueOf(e.get("nextFire")));
            }
        }
        return a;
    }

    /** @return the runtime's address: the running one's, else where it will listen when it starts */
    private synchronized java.net.URI base() {
        return client != null ? client.base : java.net.URI.create("http://127.0.0.1:" + configuredPort);
    }

    @SuppressWarnings("unchecked")
    DeployedUnit toDeployed(Map<String, Object> m) {
        String name = String.valueOf(m.get("name"));
        List<FunctionSpec> specs = new ArrayList<>();
        Map<String, String> endpoints = new LinkedHashMap<>();
        if (m.get("function") instanceof Map<?, ?> raw) {
            Map<String, Object> fn = (Map<String, Object>) raw;
            Trigger trigger = Trigger.fromMap(fn.get("trigger") instanceof Map<?, ?> t ? t : Map.of());
            Map<String, String> env = new TreeMap<>();
            if (fn.get("environment") instanceof Map<?, ?> e) {
                e.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
            }
            Map<String, String> options = new TreeMap<>();
            if (fn.get("options") instanceof Map<?, ?> o) {
                o.forEach((k, v) -> options.put(String.valueOf(k), String.valueOf(v)));
            }
            Map<String, String> secrets = new TreeMap<>();
            if (fn.get("secrets") instanceof Map<?, ?> o) {
                o.forEach((k, v) -> secrets.put(String.valueOf(k), String.valueOf(v)));
            }
            specs.add(new FunctionSpec(String.valueOf(fn.getOrDefault("name", name)), String.valueOf(fn.get("handler")),
                    FunctionShape.valueOf(String.valueOf(fn.getOrDefault("shape", "HTTP"))), trigger,
                    num(fn.get("memoryMb")), num(fn.get("timeoutSeconds")), env, num(fn.get("maxConcurrency")),
                    num(fn.get("minInstances")), FunctionSpec.PackageType.ZIP, options, secrets));
            if (trigger instanceof Trigger.Http) {
                endpoints.put(specs.get(0).name(), base().resolve("/fn/" + name).toString());
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("generation", String.valueOf(m.get("generation")));
        attributes.put("deployedAt", String.valueOf(m.get("deployedAt")));
        attributes.put("runtime", running().isPresent() ? base().toString() : "not running");
        if (m.get("metrics") instanceof Map<?, ?> metrics) {
            attributes.putAll(metricAttributes(metrics));
        }
        return new DeployedUnit(String.valueOf(m.get("set")), name, (String) m.get("artifactSha256"),
                (String) m.get("configHash"), specs, endpoints, attributes);
    }
}
