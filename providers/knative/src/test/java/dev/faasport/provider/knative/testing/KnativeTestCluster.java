package dev.faasport.provider.knative.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test double of a Kubernetes cluster with Knative Serving: fabric8's Kubernetes mock server in CRUD mode stores the
 * resources, and a reconciler thread plays Knative Serving's controller, so that Knative Services really run.
 * <p>
 * For every {@code serving.knative.dev/v1} Service (any namespace) whose {@code spec.template} changed, it acts as
 * Knative does for a new revision ({@code <service>-0000N}, N the service's generation): it pulls the first
 * container's image from an allowed OCI registry over plain HTTP, unpacks its layers into
 * {@code <workDir>/<namespace>/<service>/<revision>/rootfs}, and starts the entry point (or the container's
 * {@code command}/{@code args}) as a process on this machine. The base images of Faasport's tests hold no JDK, so
 * {@code java} becomes this JVM's {@code java}, and absolute paths in the arguments (classpath elements included) are
 * rooted in the rootfs. The process gets Knative's runtime contract ({@code PORT}, {@code K_SERVICE},
 * {@code K_CONFIGURATION}, {@code K_REVISION}), the image's and the container's environment (the container's wins),
 * {@code FAASPORT_BIND=127.0.0.1}, and the container's memory limit as {@code JAVA_TOOL_OPTIONS=-XX:MaxRAM=...}, as a
 * container-aware JVM would see it. Readiness is Knative's default TCP probe on {@code PORT}. Then the status is
 * written as Knative writes it (observedGeneration, url, address, latest created and ready revision, traffic, and the
 * Ready, ConfigurationsReady and RoutesReady conditions), a Pod {@code <revision>-deployment-0} labelled with the
 * service and revision is created (its {@code log} subresource serves the process's output), and the previous
 * revision is stopped. A pull failure, a process that exits before it listens, or one that never listens makes the
 * service Ready=False with reason {@code RevisionFailed} (or {@code ProgressDeadlineExceeded}), while the previous
 * revision, if any, keeps serving. A deleted service's process and pod are removed.
 * <p>
 * What it does not do: no autoscaling and no scale to zero (one process per ready revision), no admission webhooks
 * (no defaulting or validation, no creator annotations), no traffic splitting or tags, no probes other than the TCP
 * one, no image pull secrets, no Kourier or Istio: each revision has its own URL {@code http://127.0.0.1:<PORT>}
 * instead of a stable route, so a service's URL changes with each revision. Processes run as this user, without
 * isolation, and bind 127.0.0.1 only.
 */
public final class KnativeTestCluster implements AutoCloseable {

    /** Knative Serving's Service resource. */
    public static final CustomResourceDefinitionContext SERVICES = new CustomResourceDefinitionContext.Builder()
            .withGroup("serving.knative.dev").withVersion("v1").withKind("Service").withPlural("services")
            .withScope("Namespaced").build();
    /** The name Knative gives the user's container in a revision's pods. */
    public static final String USER_CONTAINER = "user-container";
    /** The label Knative puts on a revision's pods naming their service. */
    public static final String SERVICE_LABEL = "serving.knative.dev/service";
    /** The label Knative puts on a revision's pods naming their revision. */
    public static final String REVISION_LABEL = "serving.knative.dev/revision";
    /** How long a revision's process may take to accept TCP connections on its port. */
    public static final Duration READINESS_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration POLL = Duration.ofMillis(50);
    private static final int LOG_TAIL = 10;
    private static final Pattern POD_LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(?:\\?(.*))?");
    // the mock server logs every request at INFO; an unreferenced logger would lose its level
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final Path workDir;
    private final ImagePuller puller;
    private final Set<String> allowedRegistryHosts;
    private final KubernetesMockServer server;
    private final KubernetesClient admin;
    private final ExecutorService workers;
    private final Thread reconciler;
    /** Per service ("namespace/name"): what the controller did for it. */
    private final Map<String, ServiceState> services = new ConcurrentHashMap<>();
    /** Services with a reconcile in progress: at most one at a time per service. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final List<Revision> revisions = new CopyOnWriteArrayList<>();
    /** The log file behind each pod ("namespace/pod"). */
    private final Map<String, Path> podLogs = new ConcurrentHashMap<>();
    /** Every process started and not yet known to be stopped, for close(). */
    private final Set<ProcessHandle> processes = ConcurrentHashMap.newKeySet();
    /** The last unexpected reconcile error per service, reported once on stderr. */
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * A revision whose process was started.
     *
     * @param namespace  the service's namespace
     * @param service    the service's name
     * @param name       the revision's name, {@code <service>-0000N}
     * @param generation the service generation it was created for
     * @param image      the image it runs, as the service names it
     * @param port       the port its process listens on ({@code PORT})
     * @param directory  its directory: {@code rootfs/} and {@code process.log}
     * @param process    its process (ended once the revision stopped or failed)
     */
    public record Revision(String namespace, String service, String name, long generation, String image, int port,
                           Path directory, ProcessHandle process) {

        /** @return the URL the revision is served at, {@code http://127.0.0.1:<port>} */
        public String url() {
            return "http://127.0.0.1:" + port;
        }

        /** @return the process's output (stdout and stderr) */
        public Path log() {
            return directory.resolve("process.log");
        }

        /** @return the unpacked image */
        public Path rootfs() {
            return directory.resolve("rootfs");
        }
    }

    /** What the controller keeps per service: the template it last acted on, its outcome, and the serving revision. */
    private static final class ServiceState {
        final String uid;
        volatile String templateHash;
        volatile long generation;
        volatile long lastRevisionNumber;
        volatile Map<String, Object> status;
        volatile Revision serving;

        ServiceState(String uid) {
            this.uid = uid;
        }
    }

    /** A revision that could not be made ready; the message is Knative's revision message. */
    private static final class RevisionFailure extends Exception {
        final String reason;

        RevisionFailure(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    private KnativeTestCluster(Path workDir, Set<String> allowedRegistryHosts) throws IOException {
        this.workDir = Files.createDirectories(workDir).toAbsolutePath().normalize();
        this.allowedRegistryHosts = Set.copyOf(allowedRegistryHosts);
        this.puller = new ImagePuller(this.allowedRegistryHosts);
        MOCK_LOG.setLevel(Level.WARNING);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                new Dispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        admin = server.createClient();
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "knative-test-revision-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        reconciler = new Thread(this::reconcileLoop, "knative-test-controller");
        reconciler.setDaemon(true);
        reconciler.start();
    }

    /**
     * Starts the API server (127.0.0.1, ephemeral port) and the controller.
     *
     * @param workDir              where revisions are unpacked and their logs written
     * @param allowedRegistryHosts the registries images may be pulled from ({@code 127.0.0.1:5000}); any other
     *                             image fails its revision, so nothing is ever pulled from the internet
     */
    public static KnativeTestCluster start(Path workDir, String... allowedRegistryHosts) throws IOException {
        return new KnativeTestCluster(workDir, new HashSet<>(Arrays.asList(allowedRegistryHosts)));
    }

    /** @return the API server's URL, {@code http://127.0.0.1:<port>}, for the provider's {@code knative.endpoint} */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** @return a client of the API server with full rights; closed by {@link #close()} */
    public KubernetesClient admin() {
        return admin;
    }

    /** @return the mock server, e.g. to add expectations (they take precedence over the stored resources) */
    public KubernetesMockServer server() {
        return server;
    }

    /** @return the revision serving a service's traffic, if one became ready */
    public Optional<Revision> revision(String namespace, String service) {
        ServiceState s = services.get(namespace + "/" + service);
        return Optional.ofNullable(s == null ? null : s.serving);
    }

    /** @return every revision whose process was started, in start order, running or not */
    public List<Revision> revisions() {
        return List.copyOf(revisions);
    }

    /** @return a service's revisions whose process was started, in start order, running or not */
    public List<Revision> revisions(String namespace, String service) {
        return revisions.stream().filter(r -> r.namespace().equals(namespace) && r.service().equals(service)).toList();
    }

    /** Stops the controller, every revision's process and the API server. */
    @Override
    public void close() {
        closed = true;
        reconciler.interrupt();
        try {
            reconciler.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle p : List.copyOf(processes)) {
            stop(p);
        }
        admin.close();
        server.destroy();
    }

    // ---- the controller ----

    private void reconcileLoop() {
        while (!closed) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                report("(listing)", e);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pollOnce() {
        List<GenericKubernetesResource> items = admin.genericKubernetesResources(SERVICES).inAnyNamespace().list().getItems();
        Set<String> present = new HashSet<>();
        for (GenericKubernetesResource r : items) {
            String key = r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
            present.add(key);
            if (needsWork(key, r)) {
                submit(key, () -> reconcile(key, r));
            }
        }
        for (String key : services.keySet()) {
            if (!present.contains(key)) {
                submit(key, () -> teardown(key));
            }
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private void submit(String key, Work work) {
        if (closed || !busy.add(key)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    work.run();
                    lastErrors.remove(key);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    // a 409 or a vanished service is retried on the next poll, like a controller's work queue
                    report(key, e);
                } finally {
                    busy.remove(key);
                }
            });
        } catch (RuntimeException rejected) {
            busy.remove(key); // closing
        }
    }

    private void report(String key, Exception e) {
        if (closed) {
            return;
        }
        String text = e.toString();
        if (!text.equals(lastErrors.put(key, text))) {
            System.err.println("KnativeTestCluster: reconciling " + key + " failed, retrying: " + text);
        }
    }

    private boolean needsWork(String key, GenericKubernetesResource r) {
        ServiceState s = services.get(key);
        if (s == null || !Objects.equals(s.uid, r.getMetadata().getUid())) {
            return true;
        }
        if (!templateHash(r).equals(s.templateHash) || generation(r) != s.generation) {
            return true;
        }
        // an update of the service replaces its status in the mock: publish the last one again
        Number observed = r.get("status", "observedGeneration");
        return observed == null || observed.longValue() != s.generation;
    }

    private void reconcile(String key, GenericKubernetesResource r) throws Exception {
        String namespace = r.getMetadata().getNamespace();
        String name = r.getMetadata().getName();
        ServiceState s = services.get(key);
        if (s != null && !Objects.equals(s.uid, r.getMetadata().getUid())) {
            teardown(key); // deleted and created again between two polls
            s = null;
        }
        if (s == null) {
            s = new ServiceState(r.getMetadata().getUid());
            services.put(key, s);
        }
        String hash = templateHash(r);
        long generation = generation(r);
        if (hash.equals(s.templateHash)) {
            // no new revision (a metadata or non-template change): the status follows the generation
            s.generation = generation;
            s.status.put("observedGeneration", generation);
            writeStatus(namespace, name, s.uid, s.status);
            return;
        }
        long number = Math.max(generation, s.lastRevisionNumber + 1);
        String revisionName = name + "-" + String.format(Locale.ROOT, "%05d", number);
        Map<String, Object> container = firstContainer(r);
        Revision previous = s.serving;
        Revision revision;
        try {
            revision = startRevision(namespace, name, revisionName, generation, container);
        } catch (RevisionFailure f) {
            s.lastRevisionNumber = number;
            s.templateHash = hash;
            s.generation = generation;
            s.status = failedStatus(generation, revisionName, previous, f);
            writeStatus(namespace, name, s.uid, s.status);
            return;
        }
        GenericKubernetesResource now = admin.genericKubernetesResources(SERVICES).inNamespace(namespace).withName(name).get();
        if (now == null || !Objects.equals(now.getMetadata().getUid(), s.uid)) {
            stop(revision.process()); // deleted while starting: the next poll tears the rest down
            return;
        }
        s.lastRevisionNumber = number;
        s.templateHash = hash;
        s.generation = generation;
        s.serving = revision;
        createPod(revision, String.valueOf(container.get("image")));
        s.status = readyStatus(generation, revision);
        writeStatus(namespace, name, s.uid, s.status);
        if (previous != null) {
            // traffic moved to the new revision: the old one scales down
            stop(previous.process());
            deletePod(previous);
        }
    }

    private void teardown(String key) {
        ServiceState s = services.remove(key);
        if (s != null && s.serving != null) {
            stop(s.serving.process());
            deletePod(s.serving);
        }
    }

    // ---- one revision ----

    private Revision startRevision(String namespace, String service, String revisionName, long generation,
                                   Map<String, Object> container) throws RevisionFailure, IOException, InterruptedException {
        if (container == null || container.get("image") == null) {
            throw new RevisionFailure("RevisionFailed", "Revision \"" + revisionName
                    + "\" failed with message: spec.template.spec.containers[0].image is missing.");
        }
        String image = String.valueOf(container.get("image"));
        Path dir = workDir.resolve(namespace).resolve(service).resolve(revisionName);
        ImagePuller.deleteRecursively(dir); // a service deleted and created again reuses its revision names
        Files.createDirectories(dir);
        Path rootfs = dir.resolve("rootfs");
        ImagePuller.ImageConfig config;
        try {
            config = puller.pull(image, rootfs);
        } catch (ImagePuller.PullException e) {
            throw new RevisionFailure("RevisionFailed", "Revision \"" + revisionName + "\" failed with message: Unable to fetch image \""
                    + image + "\": " + e.getMessage() + ".");
        }
        List<String> argv = commandLine(container, config, rootfs);
        if (argv.isEmpty()) {
            throw new RevisionFailure("RevisionFailed", "Revision \"" + revisionName
                    + "\" failed with message: Container " + USER_CONTAINER + " has no command: the image has no entry point or CMD.");
        }
        int port = freePort();
        Map<String, String> env = environment(config, container, service, revisionName, port);
        env.putAll(secretValues(namespace, revisionName, container));
        String workingDir = container.get("workingDir") instanceof String w ? w : config.workingDir();
        Path cwd = workingDir == null ? rootfs : rootfs.resolve(strip(workingDir)).normalize();
        if (!cwd.startsWith(rootfs)) {
            cwd = rootfs;
        }
        Files.createDirectories(cwd);
        Path log = dir.resolve("process.log");
        ProcessBuilder builder = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new RevisionFailure("RevisionFailed", "Revision \"" + revisionName + "\" failed with message: failed to start container \""
                    + USER_CONTAINER + "\": " + e.getMessage() + ".");
        }
        processes.add(process.toHandle());
        Revision revision = new Revision(namespace, service, revisionName, generation, image, port, dir, process.toHandle());
        revisions.add(revision);
        try {
            awaitListening(revision, process);
        } catch (RevisionFailure | InterruptedException | RuntimeException e) {
            stop(process.toHandle());
            throw e;
        }
        return revision;
    }

    /** Knative's default readiness probe: a TCP connect to the container's port. */
    private void awaitListening(Revision revision, Process process) throws RevisionFailure, InterruptedException {
        long deadline = System.nanoTime() + READINESS_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new RevisionFailure("RevisionFailed", "Revision \"" + revision.name()
                        + "\" failed with message: Container failed with: exit code " + process.exitValue()
                        + (tail(revision.log()).isEmpty() ? "" : ": " + tail(revision.log())) + ".");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), revision.port()), 200);
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (closed) {
                throw new InterruptedException("the test cluster is closing");
            }
            if (System.nanoTime() > deadline) {
                throw new RevisionFailure("ProgressDeadlineExceeded", "Revision \"" + revision.name()
                        + "\" failed with message: Initial scale was never achieved: container " + USER_CONTAINER
                        + " did not accept TCP connections on port " + revision.port() + " within "
                        + READINESS_TIMEOUT.toSeconds() + " s" + (tail(revision.log()).isEmpty() ? "" : "; its log ends: "
                        + tail(revision.log())) + ".");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Docker's rules (command replaces the entry point and drops CMD, args replace CMD), rooted in the rootfs. */
    @SuppressWarnings("unchecked")
    private static List<String> commandLine(Map<String, Object> container, ImagePuller.ImageConfig config, Path rootfs) {
        List<String> command = container.get("command") instanceof List<?> c ? (List<String>) c : null;
        List<String> args = container.get("args") instanceof List<?> a ? (List<String>) a : null;
        List<String> argv = new ArrayList<>();
        if (command != null && !command.isEmpty()) {
            argv.addAll(command);
            if (args != null) {
                argv.addAll(args);
            }
        } else {
            argv.addAll(config.entrypoint());
            argv.addAll(args != null ? args : config.cmd());
        }
        if (argv.isEmpty()) {
            return argv;
        }
        List<String> rooted = new ArrayList<>();
        String program = argv.get(0);
        if (program.equals("java") || program.endsWith("/java")) {
            rooted.add(javaBinary());
        } else {
            rooted.add(program.startsWith("/") ? rooted(rootfs, program) : program);
        }
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            String option = argv.get(i - 1);
            if (option.equals("-cp") || option.equals("-classpath") || option.equals("--class-path")) {
                List<String> elements = new ArrayList<>();
                for (String element : arg.split(":", -1)) {
                    elements.add(element.startsWith("/") ? rooted(rootfs, element) : element);
                }
                rooted.add(String.join(":", elements));
            } else {
                rooted.add(arg.startsWith("/") ? rooted(rootfs, arg) : arg);
            }
        }
        return rooted;
    }

    private static String rooted(Path rootfs, String absolute) {
        return rootfs + "/" + strip(absolute);
    }

    private static String strip(String path) {
        String s = path;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return s;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(ImagePuller.ImageConfig config, Map<String, Object> container,
                                                   String service, String revision, int port) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : List.of("PATH", "HOME", "JAVA_HOME")) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        for (String entry : config.env()) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        if (container.get("env") instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> e = (Map<String, Object>) o;
                if (e.get("name") != null && e.get("value") != null) {
                    env.put(String.valueOf(e.get("name")), String.valueOf(e.get("value")));
                }
            }
        }
        env.put("PORT", Integer.toString(port));
        env.put("K_SERVICE", service);
        env.put("K_CONFIGURATION", service);
        env.put("K_REVISION", revision);
        env.put("FAASPORT_BIND", "127.0.0.1");
        Object memory = GenericKubernetesResource.get(container, "resources", "limits", "memory");
        if (memory != null) {
            String maxRam = "-XX:MaxRAM=" + mebibytes(String.valueOf(memory)) + "m";
            String existing = env.get("JAVA_TOOL_OPTIONS");
            env.put("JAVA_TOOL_OPTIONS", existing == null || existing.isBlank() ? maxRam : maxRam + " " + existing);
        }
        return env;
    }

    /**
     * The values of the container's {@code valueFrom.secretKeyRef} variables, read from the namespace's Secrets as the
     * kubelet reads them when it starts the container ("Distribute Credentials Securely Using Secrets", kubernetes.io,
     * read 2026-12). A missing Secret or key keeps the container from starting (CreateContainerConfigError), which
     * Knative reports as the revision failing with the kubelet's message ("secret \"x\" not found", "couldn't find key
     * k in Secret ns/x"); {@code optional: true} leaves the variable unset instead.
     */
    @SuppressWarnings("unchecked")
    private Map<String, String> secretValues(String namespace, String revisionName, Map<String, Object> container)
            throws RevisionFailure {
        Map<String, String> env = new LinkedHashMap<>();
        if (!(container.get("env") instanceof List<?> list)) {
            return env;
        }
        for (Object o : list) {
            Map<String, Object> e = (Map<String, Object>) o;
            if (!(GenericKubernetesResource.get(e, "valueFrom", "secretKeyRef") instanceof Map<?, ?> ref)) {
                continue;
            }
            String name = String.valueOf(ref.get("name"));
            String key = String.valueOf(ref.get("key"));
            boolean optional = Boolean.TRUE.equals(ref.get("optional"));
            io.fabric8.kubernetes.api.model.Secret secret = admin.secrets().inNamespace(namespace).withName(name).get();
            String value = null;
            if (secret != null && secret.getData() != null && secret.getData().get(key) != null) {
                value = new String(java.util.Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
            } else if (secret != null && secret.getStringData() != null) {
                value = secret.getStringData().get(key);
            }
            if (value != null) {
                env.put(String.valueOf(e.get("name")), value);
            } else if (!optional) {
                throw new RevisionFailure("RevisionFailed", "Revision \"" + revisionName + "\" failed with message: "
                        + (secret == null ? "secret \"" + name + "\" not found"
                        : "couldn't find key " + key + " in Secret " + namespace + "/" + name) + ".");
            }
        }
        return env;
    }

    /** A Kubernetes memory quantity in MiB, rounded up: {@code 256Mi}, {@code 1Gi}, {@code 500M}, {@code 1G}, bytes. */
    static long mebibytes(String quantity) {
        String q = quantity.trim();
        String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
                {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"}};
        long factor = 1;
        for (String[] unit : units) {
            if (q.endsWith(unit[0])) {
                factor = Long.parseLong(unit[1]);
                q = q.substring(0, q.length() - unit[0].length());
                break;
            }
        }
        long bytes = (long) Math.ceil(Double.parseDouble(q) * factor);
        return Math.max(1, (bytes + (1 << 20) - 1) >> 20);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size())).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private void stop(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        processes.remove(process);
    }

    // ---- what Knative writes ----

    private void writeStatus(String namespace, String name, String uid, Map<String, Object> status) {
        GenericKubernetesResource current = admin.genericKubernetesResources(SERVICES).inNamespace(namespace).withName(name).get();
        if (current == null || !Objects.equals(current.getMetadata().getUid(), uid)) {
            return; // deleted meanwhile: the next poll tears down
        }
        current.setAdditionalProperty("status", status);
        // the status subresource: the mock keeps the spec and does not bump the generation
        admin.genericKubernetesResources(SERVICES).inNamespace(namespace).resource(current).updateStatus();
    }

    private static Map<String, Object> readyStatus(long generation, Revision revision) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", generation);
        status.put("url", revision.url());
        status.put("address", Map.of("url", revision.url()));
        status.put("latestCreatedRevisionName", revision.name());
        status.put("latestReadyRevisionName", revision.name());
        status.put("traffic", List.of(Map.of("revisionName", revision.name(), "latestRevision", true, "percent", 100)));
        String now = Instant.now().toString();
        status.put("conditions", List.of(
                condition("ConfigurationsReady", "True", null, null, now),
                condition("Ready", "True", null, null, now),
                condition("RoutesReady", "True", null, null, now)));
        return status;
    }

    private static Map<String, Object> failedStatus(long generation, String revisionName, Revision previous, RevisionFailure f) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", generation);
        status.put("latestCreatedRevisionName", revisionName);
        String now = Instant.now().toString();
        if (previous != null) {
            // the route keeps sending traffic to the last ready revision
            status.put("url", previous.url());
            status.put("address", Map.of("url", previous.url()));
            status.put("latestReadyRevisionName", previous.name());
            status.put("traffic", List.of(Map.of("revisionName", previous.name(), "latestRevision", true, "percent", 100)));
        }
        status.put("conditions", List.of(
                condition("ConfigurationsReady", "False", f.reason, f.getMessage(), now),
                condition("Ready", "False", f.reason, f.getMessage(), now),
                previous != null ? condition("RoutesReady", "True", null, null, now)
                        : condition("RoutesReady", "False", f.reason, "Configuration \"" + revisionName.replaceAll("-\\d{5}$", "")
                        + "\" does not have any ready Revision.", now)));
        return status;
    }

    private static Map<String, Object> condition(String type, String status, String reason, String message, String time) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", status);
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
        c.put("lastTransitionTime", time);
        return c;
    }

    private void createPod(Revision revision, String image) {
        String podName = podName(revision);
        Pod pod = new PodBuilder().withNewMetadata().withName(podName).withNamespace(revision.namespace())
                .addToLabels(SERVICE_LABEL, revision.service())
                .addToLabels("serving.knative.dev/configuration", revision.service())
                .addToLabels(REVISION_LABEL, revision.name())
                .withCreationTimestamp(Instant.now().toString()).endMetadata()
                .withNewSpec().addNewContainer().withName(USER_CONTAINER).withImage(image).endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.1").endStatus().build();
        podLogs.put(revision.namespace() + "/" + podName, revision.log());
        admin.pods().inNamespace(revision.namespace()).withName(podName).delete();
        admin.pods().inNamespace(revision.namespace()).resource(pod).create();
    }

    private void deletePod(Revision revision) {
        String podName = podName(revision);
        podLogs.remove(revision.namespace() + "/" + podName);
        try {
            admin.pods().inNamespace(revision.namespace()).withName(podName).delete();
        } catch (KubernetesClientException e) {
            report(revision.namespace() + "/" + revision.service(), e);
        }
    }

    private static String podName(Revision revision) {
        return revision.name() + "-deployment-0";
    }

    private static Map<String, Object> firstContainer(GenericKubernetesResource r) {
        List<Object> containers = r.get("spec", "template", "spec", "containers");
        if (containers == null || containers.isEmpty() || !(containers.get(0) instanceof Map<?, ?>)) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> container = (Map<String, Object>) containers.get(0);
        return container;
    }

    private static long generation(GenericKubernetesResource r) {
        Long g = r.getMetadata().getGeneration();
        return g == null ? 1 : g;
    }

    /** @return a hash of spec.template, independent of map order and number types */
    private static String templateHash(GenericKubernetesResource r) {
        Object template = r.get("spec", "template");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(canonical(template)).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object canonical(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(KnativeTestCluster::canonical).toList();
        }
        return value == null ? null : String.valueOf(value);
    }

    /** The CRUD dispatcher, plus the pods' log subresource served from the revisions' log files. */
    private final class Dispatcher extends KubernetesMixedDispatcher {

        Dispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
            super(responses, List.of(SERVICES));
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            Matcher m = POD_LOG.matcher(request.getPath());
            if ("GET".equals(request.getMethod()) && m.matches()) {
                Path log = podLogs.get(m.group(1) + "/" + m.group(2));
                if (log != null) {
                    return podLog(m.group(2), log, query(m.group(3)));
                }
            }
            return super.dispatch(request);
        }

        private MockResponse podLog(String pod, Path log, Map<String, String> query) {
            String container = query.get("container");
            if (container != null && !container.equals(USER_CONTAINER)) {
                return new MockResponse().setResponseCode(400).setBody("container " + container + " is not valid for pod " + pod);
            }
            List<String> lines;
            try {
                lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            } catch (IOException e) {
                return new MockResponse().setResponseCode(500).setBody("cannot read the log: " + e.getMessage());
            }
            if (query.containsKey("tailLines")) {
                int tail = Integer.parseInt(query.get("tailLines"));
                lines = lines.subList(Math.max(0, lines.size() - tail), lines.size());
            }
            StringBuilder body = new StringBuilder();
            lines.forEach(l -> body.append(l).append('\n'));
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body.toString());
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> values = new HashMap<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            return values;
        }
    }
}
