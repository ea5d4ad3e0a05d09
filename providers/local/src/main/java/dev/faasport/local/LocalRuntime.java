package dev.faasport.local;

import dev.faasport.runtime.json.Json;
import dev.faasport.spi.Schedule;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The local FaaS runtime: an HTTP gateway on 127.0.0.1 that runs each function in pools of worker JVMs, and a control
 * API under {@code /_faas/} for its owner (token in {@code <home>/token}, local Host and Origin only). Runs as a
 * background daemon started by {@link LocalProvider}, or in the foreground ({@code faas:run}, {@link #main}).
 */
public final class LocalRuntime implements AutoCloseable {

    /** The port used when none is configured. */
    public static final int DEFAULT_PORT = 8765;
    /** Idle seconds before a worker is stopped, when none is configured. */
    public static final int DEFAULT_IDLE_SECONDS = 300;
    /** Max concurrency of a function that sets none. */
    public static final int DEFAULT_MAX_CONCURRENCY = 10;
    static final String WORKER_MAIN = "dev.faasport.runtime.local.WorkerMain";
    static final long MAX_LOG_BYTES = 10L << 20;

    final Store store;
    final String token;
    final RuntimeOptions options;
    final Buckets buckets;
    final StorageEndpoints storage;
    Events events;
    private final HttpFront server;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService scheduler;
    final Map<String, FunctionPool> pools = new ConcurrentHashMap<>();
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final String javaBin;
    private final int idleSeconds;
    private final int port;
    private final long startedAt = System.currentTimeMillis();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;

    private LocalRuntime(Store store, String token, HttpFront server, ThreadPoolExecutor executor, int idleSeconds,
                         RuntimeOptions options, StorageEndpoints storage) {
        this.store = store;
        this.token = token;
        this.storage = storage;
        this.options = options;
        this.buckets = new Buckets(store.home, options.maxObjectBytes());
        this.server = server;
        this.executor = executor;
        this.idleSeconds = idleSeconds;
        this.port = server.port();
        this.javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faasport-local-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /** The port is held by another program. */
    public static final class PortInUseException extends IOException {
        PortInUseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @return {@code ~/.faasport/local} */
    public static Path defaultHome() {
        return Path.of(System.getProperty("user.home"), ".faasport", "local");
    }

    /**
     * Starts the runtime in this JVM and loads what was deployed in {@code home}.
     *
     * @param port        the gateway port on 127.0.0.1, 0 for an ephemeral one
     * @param home        the runtime's home directory
     * @param idleSeconds how long an idle worker lives (scale to zero)
     * @throws PortInUseException when another program holds the port
     */
    public static LocalRuntime start(int port, Path home, int idleSeconds) throws IOException {
        return start(port, home, idleSeconds, RuntimeOptions.defaults());
    }

    static LocalRuntime start(int port, Path home, int idleSeconds, RuntimeOptions options) throws IOException {
        Store store = new Store(home);
        String token = Store.readOrCreateToken(store.home);
        StorageEndpoints storage = StorageEndpoints.load(store.home);
        HttpFront server;
        try {
            server = HttpFront.bind(port);
        } catch (BindException e) {
            throw new PortInUseException("The local runtime cannot listen on 127.0.0.1:" + port + " because another "
                    + "program uses that port, perhaps you should stop it or choose another port with "
                    + "-Dfaas.local.port=<port> (provider property local.port)", e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 1024, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "faasport-local-gateway");
            t.setDaemon(true);
            return t;
        });
        LocalRuntime runtime = new LocalRuntime(store, token, server, executor, Math.max(1, idleSeconds), options, storage);
        try {
            runtime.loadDeployments();
            runtime.events = new Events(runtime, store.home, options);
        } catch (IOException | RuntimeException e) {
            server.close(); // release the port: the caller may retry
            executor.shutdownNow();
            runtime.scheduler.shutdownNow();
            throw e;
        }
        Gateway gateway = new Gateway(runtime);
        // /fn/ is the front's own (function calls answered on the connection's thread); the rest as for HttpServer
        server.createContext("/_faas/", gateway::control);
        server.createContext(Dashboard.PATH + "/", new Dashboard(runtime, gateway)::handle);
        server.createContext("/_buckets", gateway::buckets);
        server.createContext("/_queues", gateway::queues);
        // the vendors' storage APIs over the same buckets (StorageEndpoints)
        server.createContext(StorageEndpoints.S3_PREFIX, new S3Api(runtime, gateway,
                new SigV4(storage.awsAccessKeyId, storage.awsSecretAccessKey))::handle);
        server.createContext("/" + StorageEndpoints.AZURE_ACCOUNT, new BlobApi(runtime, gateway, storage.azureAccountKey)::handle);
        GcsApi gcs = new GcsApi(runtime, gateway);
        for (String prefix : List.of("/storage/v1/", "/upload/storage/v1/", "/download/storage/v1/")) {
            server.createContext(prefix, gcs::handle);
        }
        // the default Java Cloud Storage client's https://storage.googleapis.com and its token endpoint, for workers
        server.tunnel(LocalCa.HOSTS.get(0), storage.tls, Map.of("/storage/v1/", gcs::handle, "/upload/storage/v1/", gcs::handle,
                "/download/storage/v1/", gcs::handle));
        server.tunnel(LocalCa.HOSTS.get(1), storage.tls, Map.of(GoogleOAuth.TOKEN_PATH, ex -> storage.oauth.handle(gateway, ex)));
        server.createContext("/", gateway::notFound);
        server.start(gateway, executor);
        runtime.scheduler.scheduleWithFixedDelay(runtime::watchdog, 20, 20, TimeUnit.MILLISECONDS);
        runtime.scheduler.scheduleWithFixedDelay(server::reapIdle, 5, 5, TimeUnit.SECONDS);
        long reapMillis = Math.max(100, Math.min(5_000, idleSeconds * 1000L / 4));
        runtime.scheduler.scheduleWithFixedDelay(runtime::reap, reapMillis, reapMillis, TimeUnit.MILLISECONDS);
        runtime.events.start();
        runtime.writeDaemonFile();
        return runtime;
    }

    /** An object written through any storage API, and how many storage functions it triggered. */
    record Upload(Buckets.ObjectInfo info, int triggered) {
    }

    /**
     * Stores an object and fires the bucket's storage triggers: the one path of {@code /_buckets}, faas:upload and
     * the vendor storage APIs.
     *
     * @param declaredLength the request's Content-Length, or -1: refused with 413 before reading when over the cap
     */
    Upload upload(String bucket, String key, long declaredLength, InputStream content) throws IOException {
        Buckets.checkKey(bucket, key);
        if (declaredLength > options.maxObjectBytes()) {
            throw new RequestException(413, "Object '" + key + "' for bucket '" + bucket + "' has " + declaredLength
                    + " bytes, over the local runtime's object size cap of " + options.maxObjectBytes()
                    + " bytes, perhaps you should upload a smaller object or raise local.maxObjectMb");
        }
        Buckets.ObjectInfo info = buckets.put(bucket, key, content);
        int triggered = events.storageEvent(dev.faasport.api.StorageEvent.Kind.CREATED, bucket, key, info.size(), info.etag());
        return new Upload(info, triggered);
    }

    /** Deletes an object and fires the DELETED triggers. @return whether it existed */
    boolean deleteObject(String bucket, String key) throws IOException {
        long size = buckets.delete(bucket, key);
        if (size >= 0) {
            events.storageEvent(dev.faasport.api.StorageEvent.Kind.DELETED, bucket, key, size, null);
        }
        return size >= 0;
    }

    /** @return the gateway port */
    public int port() {
        return port;
    }

    /** @return the home directory */
    public Path home() {
        return store.home;
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** @return the URL of a function */
    public URI functionUri(String function) {
        return URI.create("http://127.0.0.1:" + port + "/fn/" + function);
    }

    /** Blocks until the runtime was shut down (control API or {@link #close()}). */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** Stops the gateway and every worker, and removes the daemon file. Deployments stay in home. */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        server.close();
        saveMeasurements();
        scheduler.shutdownNow();
        if (events != null) {
            events.close();
        }
        for (FunctionPool pool : pools.values()) {
            pool.stopIdle();
        }
        for (Worker w : new ArrayList<>(workers)) {
            w.process.destroyForcibly();
        }
        for (Worker w : new ArrayList<>(workers)) {
            try {
                w.process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        executor.shutdownNow();
        try {
            Path daemonFile = store.daemonFile();
            if (Files.exists(daemonFile)) {
                Map<String, Object> d = Json.parseObject(Files.readString(daemonFile));
                if (d.get("pid") instanceof Number n && n.longValue() == ProcessHandle.current().pid()
                        && d.get("port") instanceof Number p && p.intValue() == port) {
                    Files.deleteIfExists(daemonFile);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the file is stale at worst; clients check the pid and ping
        }
        stopped.countDown();
    }

    /**
     * Runs the runtime as a daemon or in the foreground: {@code --port P --home DIR --idle-seconds S}. Ends on
     * {@code POST /_faas/shutdown} or SIGTERM.
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger("faas.local.port", DEFAULT_PORT);
        Path home = defaultHome();
        int idle = DEFAULT_IDLE_SECONDS;
        RuntimeOptions options = RuntimeOptions.defaults();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--home" -> home = Path.of(args[i + 1]);
                case "--idle-seconds" -> idle = Integer.parseInt(args[i + 1]);
                default -> {
                    RuntimeOptions o = options.with(args[i], args[i + 1]);
                    if (o == null) {
                        System.err.println("Unknown option " + args[i] + ", perhaps you should use --port, --home, "
                                + "--idle-seconds or " + RuntimeOptions.defaults().args());
                        System.exit(2);
                    }
                    options = o;
                }
            }
        }
        LocalRuntime runtime;
        try {
            runtime = start(port, home, idle, options);
        } catch (PortInUseException e) {
            System.err.println(e.getMessage());
            System.exit(3);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "faasport-local-shutdown"));
        System.out.println("Faasport local runtime listening on " + runtime.baseUri() + " (home " + runtime.home()
                + ", pid " + ProcessHandle.current().pid() + ")");
        System.out.flush();
        runtime.awaitShutdown();
        System.exit(0);
    }

    // ---- workers

    static int heapMb(int memoryMb) {
        return Math.max(16, memoryMb * 3 / 4);
    }

    Worker spawnWorker(FunctionPool pool, Generation g) throws IOException {
        if (closing) {
            throw new IOException("the local runtime is shutting down");
        }
        List<String> cmd = new ArrayList<>(24);
        cmd.add(javaBin);
        cmd.add("-Xmx" + heapMb(g.memoryMb) + "m");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        // no -XX:TieredStopAtLevel=1: C1 still compiles first, so the cold start did not change, and C2 made warm
        // calls about 10% faster (benchmarks/local-provider/README.md)
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:-UsePerfData");
        cmd.add("-Xss512k");
        cmd.add("-Xshare:auto");
        cmd.addAll(storage.workerJvmOptions(port, g.environment));
        cmd.add("-cp");
        cmd.add(classpathOf(g));
        cmd.add(WORKER_MAIN);
        cmd.add(pool.name);
        cmd.add(g.handler);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(g.dir.toFile());
        Map<String, String> env = pb.environment();
        // workers see a clean environment: the function's own variables, not the daemon's
        env.keySet().retainAll(Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER"));
        env.putAll(g.environment);
        // the values go into this worker's environment only, read when it starts (a changed secret reaches new workers)
        env.putAll(LocalSecrets.resolve(store.home, g.secrets));
        env.put(dev.faasport.spi.FaasportEnvironment.FUNCTION, pool.name);
        env.put("FAASPORT_MEMORY_MB", Integer.toString(g.memoryMb));
        // how functions reach the local buckets and queues (no token needed: see Gateway#buckets)
        env.put("FAASPORT_STORAGE_URL", "http://127.0.0.1:" + port + "/_buckets");
        env.put("FAASPORT_QUEUE_URL", "http://127.0.0.1:" + port + "/_queues");
        // what the vendors' storage SDKs read to find the same buckets, unless the function sets it itself
        env.putAll(storage.workerEnvironment(port, g.environment));
        Path log = store.logFile(pool.name);
        Files.createDirectories(log.getParent());
        if (Files.exists(log) && Files.size(log) > MAX_LOG_BYTES) {
            // keeps one older file; workers still writing to it keep their handle
            Files.move(log, log.resolveSibling(pool.name + ".log.1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        logLine(pool.name, "worker " + p.pid() + " started (generation " + g.number + ", heap " + heapMb(g.memoryMb) + " MB)");
        // the process's streams are buffered already (8 KB): no second buffer, whose reads of 64 KB from the inner
        // one made it ask available() (fstat and ioctl) after every response
        Worker w = new Worker(p, g, new DataOutputStream(new BufferedOutputStream(p.getOutputStream(), 1 << 16)),
                new DataInputStream(p.getInputStream()));
        g.liveWorkers.incrementAndGet();
        workers.add(w);
        p.onExit().thenRun(() -> {
            workers.remove(w);
            if (g.liveWorkers.decrementAndGet() == 0 && g.retired) {
                Store.deleteTree(g.dir);
            }
        });
        return w;
    }

    /** Asks a worker to exit (closing its stdin lets it end cleanly), and ends it if it does not. */
    void stopWorker(Worker w) {
        try {
            w.out.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!closing) {
            try {
                scheduler.schedule(() -> {
                    if (w.process.isAlive()) {
                        w.process.destroyForcibly();
                    }
                }, 3, TimeUnit.SECONDS);
                return;
            } catch (RuntimeException rejected) {
                // scheduler already stopped: end it now
            }
        }
        w.process.destroyForcibly();
    }

    /** Appends one line of the runtime's own to a function's log, so faas:logs explains what happened to workers. */
    void logLine(String function, String message) {
        try {
            Files.writeString(store.logFile(function), Instant.now() + " [faasport] " + message + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // logging must never fail an invocation
        }
    }

    void retire(Generation g) {
        g.retired = true;
        if (g.liveWorkers.get() == 0) {
            Store.deleteTree(g.dir);
        }
    }

    private void watchdog() {
        long now = System.nanoTime();
        for (Worker w : workers) {
            long d = w.deadlineNanos;
            if (d != 0 && now - d > 0 && !w.timedOut) {
                w.timedOut = true;
                w.process.destroyForcibly();
            }
        }
    }

    private void reap() {
        long idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        for (FunctionPool pool : pools.values()) {
            pool.reapIdle(idleNanos);
            pool.ensureMinimum();
        }
    }

    // ---- deployments

    /** Where a function's measurements wait for the next start ({@link FunctionPool#saved}). */
    private Path measurements(String function) {
        return store.functionDir(function).resolve("metrics.json");
    }

    private void saveMeasurements() {
        for (FunctionPool pool : pools.values()) {
            try {
                if (Files.isDirectory(store.functionDir(pool.name))) {
                    Store.writeAtomically(measurements(pool.name), Json.write(pool.saved()));
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("Could not keep the measurements of '" + pool.name + "': " + e.getMessage());
            }
        }
    }

    private void loadDeployments() throws IOException {
        for (Map<String, Object> unit : store.loadUnits()) {
            String name = String.valueOf(unit.get("name"));
            try {
                Store.checkName(name);
                int number = ((Number) unit.get("generation")).intValue();
                Path dir = store.functionDir(name).resolve("g" + number);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                removeOtherGenerations(name, dir);
                FunctionPool pool = new FunctionPool(name, this);
                pool.deploy(generation(unit, number, dir));
                Store.readDescriptor(measurements(name)).ifPresent(pool::restore);
                pools.put(name, pool);
                pool.ensureMinimum();
            } catch (RuntimeException e) {
                System.err.println("Skipping stored function '" + name + "': " + e.getMessage());
            }
        }
    }

    private void removeOtherGenerations(String name, Path keep) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(store.functionDir(name), "g*")) {
            for (Path d : dirs) {
                if (!d.equals(keep) && Files.isDirectory(d)) {
                    Store.deleteTree(d);
                }
            }
        }
    }

    /** Builds a generation from a stored or uploaded unit descriptor, checking its settings. */
    static Generation generation(Map<String, Object> unit, int number, Path dir) {
        String name = String.valueOf(unit.get("name"));
        if (!(unit.get("function") instanceof Map<?, ?> fn)) {
            throw new IllegalArgumentException("Unit '" + name + "' has no 'function' object, perhaps you should deploy "
                    + "it with the Faasport local provider");
        }
        Object handler = fn.get("handler");
        if (!(handler instanceof String h) || h.isBlank()) {
            throw new IllegalArgumentException("Function '" + name + "' has no handler, perhaps you should set its "
                    + "handler class");
        }
        String kind = "http";
        Map<String, Object> trigger = new LinkedHashMap<>();
        if (fn.get("trigger") instanceof Map<?, ?> t) {
            t.forEach((k, v) -> trigger.put(String.valueOf(k), v));
            if (t.get("kind") instanceof String k) {
                kind = k;
            }
        }
        Schedule schedule = checkTrigger(name, kind, trigger);
        int memory = intField(fn, "memoryMb", 256, name);
        int timeout = intField(fn, "timeoutSeconds", 30, name);
        int max = intField(fn, "maxConcurrency", 0, name);
        int min = Math.max(0, intField(fn, "minInstances", 0, name));
        if (memory <= 0) {
            throw new IllegalArgumentException("Function '" + name + "' has memoryMb " + memory
                    + ", perhaps you should set a positive memory size");
        }
        if (timeout <= 0) {
            throw new IllegalArgumentException("Function '" + name + "' has timeoutSeconds " + timeout
                    + ", perhaps you should set a positive timeout");
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (fn.get("environment") instanceof Map<?, ?> e) {
            e.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        if (fn.get("secrets") instanceof Map<?, ?> e) {
            e.forEach((k, v) -> secrets.put(String.valueOf(k), String.valueOf(v)));
        }
        return new Generation(number, dir, unit, h, kind, memory, timeout, max <= 0 ? DEFAULT_MAX_CONCURRENCY : max, min, env,
                trigger, schedule, secrets);
    }

    /**
     * Checks an event trigger's settings at deploy time.
     *
     * @return the parsed schedule of a schedule trigger, else null
     */
    static Schedule checkTrigger(String name, String kind, Map<String, Object> trigger) {
        switch (kind) {
            case "http":
                return null;
            case "storage": {
                Object bucket = trigger.get("bucket");
                try {
                    Buckets.checkBucket(bucket == null ? null : String.valueOf(bucket));
                } catch (RequestException e) {
                    throw new IllegalArgumentException("Function '" + name + "' has a storage trigger whose bucket: "
                            + e.getMessage());
                }
                if (trigger.get("events") instanceof List<?> events) {
                    for (Object e : events) {
                        if (!"CREATED".equals(e) && !"DELETED".equals(e)) {
                            throw new IllegalArgumentException("Function '" + name + "' has a storage trigger with the event '"
                                    + e + "', perhaps you should use CREATED or DELETED");
                        }
                    }
                }
                return null;
            }
            case "queue": {
                Object queue = trigger.get("queue");
                if (queue == null || !Events.QUEUE.matcher(String.valueOf(queue)).matches()) {
                    throw new IllegalArgumentException("Function '" + name + "' has a queue trigger with the queue name '"
                            + queue + "', perhaps you should use 1 to 76 letters, digits, '-' or '_'");
                }
                for (String f : List.of("batchSize", "maxAttempts")) {
                    Object v = trigger.get(f);
                    if (v != null && (!(v instanceof Number n) || n.intValue() < 0 || n.intValue() > 10_000)) {
                        throw new IllegalArgumentException("Function '" + name + "' has a queue trigger with " + f + " '"
                                + v + "', perhaps you should give a whole number from 1 to 10000 (0 for the default)");
                    }
                }
                return null;
            }
            case "schedule":
                try {
                    return Schedule.parse(trigger.get("expression") == null ? null
                            : String.valueOf(trigger.get("expression")));
                } catch (Schedule.Refused r) {
                    throw new IllegalArgumentException(r.problem(name) + ", " + r.suggestion());
                }
            default:
                throw new IllegalArgumentException("Function '" + name + "' has the trigger kind '" + kind
                        + "', perhaps you should use http, storage, queue or schedule");
        }
    }

    private static int intField(Map<?, ?> fn, String field, int fallback, String name) {
        Object v = fn.get(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        throw new IllegalArgumentException("Function '" + name + "' has a non-numeric " + field + " '" + v
                + "', perhaps you should give a whole number");
    }

    /**
     * Deploys (or redeploys) one function from its unit descriptor and LOCAL_ZIP bytes.
     *
     * @return the stored unit descriptor
     */
    Map<String, Object> deploy(Map<String, Object> unit, InputStream zip) throws IOException {
        String name = Store.checkName(String.valueOf(unit.get("name")));
        checkOwner(name, unit.get("set") == null ? null : String.valueOf(unit.get("set")), "deploy");
        FunctionPool pool = pools.computeIfAbsent(name, n -> new FunctionPool(n, this));
        synchronized (pool) {
            Generation previous = pool.current();
            int number = 1;
            if (previous != null) {
                number = previous.number + 1;
            } else {
                Object g = Store.readDescriptor(store.unitFile(name)).map(u -> u.get("generation")).orElse(null);
                number = g instanceof Number n ? n.intValue() + 1 : 1;
            }
            Path dir = store.functionDir(name).resolve("g" + number);
            Store.deleteTree(dir);
            Map<String, Object> stored = new LinkedHashMap<>(unit);
            stored.put("generation", number);
            stored.put("deployedAt", Instant.now().toString());
            Generation next = generation(stored, number, dir);
            MessageDigest sha = sha256();
            try {
                DigestInputStream in = new DigestInputStream(zip, sha);
                Store.unzip(in, dir);
                in.transferTo(java.io.OutputStream.nullOutputStream());
                String actual = HexFormat.of().formatHex(sha.digest());
                Object expected = unit.get("artifactSha256");
                if (expected instanceof String e && !e.isBlank() && !e.equalsIgnoreCase(actual)) {
                    throw new IllegalArgumentException("Function '" + name + "': the uploaded archive has SHA-256 " + actual
                            + " but the unit says " + e + ", perhaps you should package and deploy again");
                }
                stored.put("artifactSha256", actual);
                checkHandlerPresent(name, next.handler, dir);
                Store.writeAtomically(store.unitFile(name), Json.writePretty(stored));
            } catch (IOException | RuntimeException e) {
                Store.deleteTree(dir);
                if (previous == null && !Files.exists(store.unitFile(name))) {
                    pools.remove(name, pool);
                }
                throw e;
            }
            pool.deploy(next);
            logLine(name, "deployed generation " + number + " (sha256 " + stored.get("artifactSha256") + ")");
            pool.ensureMinimum();
            if (events != null) {
                events.subscriptionsChanged();
            }
            return stored;
        }
    }

    /** Refuses a package that does not contain its handler class, before anything is served. */
    private static void checkHandlerPresent(String name, String handlerString, Path dir) throws IOException {
        String handler = dev.faasport.runtime.Shapes.handlerClass(handlerString); // Class or Class::method
        String entry = handler.replace('.', '/') + ".class";
        if (Files.isRegularFile(dir.resolve(entry))) {
            return;
        }
        Path lib = dir.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "*.jar")) {
                for (Path jar : jars) {
                    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar.toFile())) {
                        if (z.getEntry(entry) != null) {
                            return;
                        }
                    }
                }
            }
        }
        throw new IllegalArgumentException("Function '" + name + "': handler class " + handler + " is not in the "
                + "package, perhaps you should check the handler name and that the class is compiled into the project");
    }

    /** Removes a function: new calls get 404, calls in flight finish. */
    /**
     * One runtime serves every set on this machine, so function names are shared: a set may neither replace nor remove
     * a function another set deployed (as AWS, Azure and Knative refuse a resource another set manages).
     *
     * @param set the set asking, or null for the owner's own tools (which act on any set)
     */
    void checkOwner(String name, String set, String action) throws IOException {
        if (set == null) {
            return;
        }
        Object owner = Store.readDescriptor(store.unitFile(name)).map(u -> u.get("set")).orElse(null);
        if (owner != null && !owner.equals(set)) {
            throw new OwnerConflict("Function '" + name + "' on the local runtime belongs to set '" + owner
                    + "', so set '" + set + "' may not " + action + " it, perhaps you should " + (action.equals("deploy")
                    ? "rename the function in set '" + set + "', or remove set '" + owner + "' first"
                    : "remove it from set '" + owner + "'") + " (mvn faas:remove in that set's project)");
        }
    }

    /** A request of one set for a function another set owns (answered 409). */
    static final class OwnerConflict extends IllegalArgumentException {
        OwnerConflict(String message) {
            super(message);
        }
    }

    boolean remove(String name, String set) throws IOException {
        Store.checkName(name);
        checkOwner(name, set, "remove");
        FunctionPool pool = pools.remove(name);
        if (pool != null) {
            synchronized (pool) {
                pool.remove();
            }
        }
        boolean existed = pool != null || Files.exists(store.unitFile(name));
        try {
            Files.deleteIfExists(store.unitFile(name));
        } catch (IOException ignored) {
            // the generation directory goes with the last worker
        }
        if (pool == null) {
            Store.deleteTree(store.functionDir(name));
        }
        if (events != null) {
            events.subscriptionsChanged();
        }
        return existed;
    }

    /** @return the stored descriptors of every deployed function, with their URLs and metrics */
    List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        pools.values().stream().sorted((a, b) -> a.name.compareTo(b.name)).forEach(pool -> {
            Generation g = pool.current();
            if (g == null) {
                return;
            }
            Map<String, Object> m = new LinkedHashMap<>(g.unit);
            m.put("url", functionUri(pool.name).toString());
            Map<String, Object> metrics = pool.metrics();
            metrics.put("events", events.stats(pool.name, g));
            m.put("metrics", metrics);
            out.add(m);
        });
        return out;
    }

    /** @return every function's metrics by name ({@code GET /_faas/metrics}) */
    Map<String, Object> metrics() {
        Map<String, Object> fns = new java.util.TreeMap<>();
        for (Map<String, Object> f : list()) {
            fns.put(String.valueOf(f.get("name")), f.get("metrics"));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", Instant.now().toString());
        m.put("functions", fns);
        return m;
    }

    Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", ProcessHandle.current().pid());
        m.put("port", port);
        m.put("home", store.home.toString());
        m.put("uptimeMillis", System.currentTimeMillis() - startedAt);
        m.put("idleSeconds", idleSeconds);
        m.put("workers", workers.size());
        m.put("java", System.getProperty("java.version"));
        m.put("functions", list());
        return m;
    }

    /** Shuts down from a control request, after its response was sent. */
    void shutdownLater() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            close();
        }, "faasport-local-stop");
        t.setDaemon(false);
        t.start();
    }

    private void writeDaemonFile() throws IOException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pid", ProcessHandle.current().pid());
        d.put("port", port);
        d.put("home", store.home.toString());
        d.put("startedAt", Instant.ofEpochMilli(startedAt).toString());
        Store.writeAtomically(store.daemonFile(), Json.writePretty(d));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the worker class path: the package root (classes, resources, descriptor) and every jar in lib/ */
    static String classpathOf(Generation g) {
        return g.dir + File.pathSeparator + g.dir.resolve("lib") + File.separator + "*";
    }
}
