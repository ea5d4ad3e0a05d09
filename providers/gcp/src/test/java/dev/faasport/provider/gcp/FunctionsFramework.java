package dev.faasport.provider.gcp;

import dev.faasport.testing.PackageFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Google's Functions Framework invoker ({@code com.google.cloud.functions.invoker:java-function-invoker}, the fat jar
 * Google publishes on Maven Central) run as a process, the way Google's Java functions buildpack starts a function
 * uploaded as a pre-built jar (GoogleCloudPlatform/buildpacks, {@code cmd/java/functions_framework/lib/lib.go} and
 * {@code launch.sh}, read 2026-12):
 * <ul>
 *   <li>the upload is the working directory ({@code /workspace}); with neither {@code pom.xml} nor {@code build.gradle}
 *       the root must hold exactly one {@code *.jar}, which alone is the {@code --classpath} ("It should be
 *       self-contained"; Faasport's thin jar reaches {@code libs/*.jar} through its manifest Class-Path);</li>
 *   <li>the web process is {@code java -jar <invoker> --classpath <that jar>} with {@code FUNCTION_TARGET} (the entry
 *       point) and {@code FUNCTION_SIGNATURE_TYPE} in the launch environment, and {@code PORT}, {@code K_SERVICE},
 *       {@code K_REVISION}, {@code K_CONFIGURATION} from Cloud Run (Cloud Run container contract);</li>
 *   <li>the launcher sets {@code JAVA_TOOL_OPTIONS=-XX:MaxRAM=<memory>m -XX:MaxRAMPercentage=70} from the memory hint.</li>
 * </ul>
 * The buildpack installs invoker 1.4.1 by default and 2.0.1 when {@code USE_JAVA_FF_2} is set; 2.0.1 is not served by
 * the Maven repository these tests reach, so 2.0.0 stands for the 2.x line. The invoker has no option for its listen
 * address: its Jetty connector gets only a port, so it listens on every interface (0.0.0.0) while it runs; tests call
 * it on 127.0.0.1 only.
 */
public final class FunctionsFramework {
    /** The invoker version Google's Java buildpack installs when the function does not vendor one. */
    public static final String BUILDPACK_DEFAULT = "1.4.1";
    /** The 2.x invoker (Jetty 12) that resolves here. */
    public static final String V2 = "2.0.0";

    /** Invokers still running; a test JVM that ends without closing them (a crash, a kill) takes them along. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private FunctionsFramework() {
    }

    /**
     * @return the invoker jar: from {@code -Dfaasport.gcf.invokers} (a directory the module's build copies them to),
     *         else from the local Maven repository the test class path comes from
     */
    public static Path invokerJar(String version) {
        String file = "java-function-invoker-" + version + ".jar";
        String dir = System.getProperty("faasport.gcf.invokers");
        if (dir != null && Files.isRegularFile(Path.of(dir, file))) {
            return Path.of(dir, file);
        }
        Path repo = localRepository();
        Path jar = repo == null ? null : repo.resolve("com/google/cloud/functions/invoker/java-function-invoker/"
                + version + "/" + file);
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalStateException("The Functions Framework invoker " + version + " is not in " + repo
                    + ", perhaps you should build providers/gcp first (its build copies it) or run mvn dependency:get"
                    + " -Dartifact=com.google.cloud.functions.invoker:java-function-invoker:" + version);
        }
        return jar;
    }

    /** The local repository holds gson's jar as com/google/code/gson/gson/VERSION/gson-VERSION.jar. */
    private static Path localRepository() {
        try {
            Path p = Path.of(com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (int i = 0; i < 7 && p != null; i++) {
                p = p.getParent();
            }
            return p;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * @param runtime a Cloud Functions runtime id ({@code java17}, {@code java21}, {@code java25})
     * @return the JDK that runs it here: {@code -Dfaasport.jdk.<N>}, the JVM running the tests when it is that
     *         version, else a JDK of that version under /usr/lib/jvm (Debian's openjdk, Temurin)
     */
    public static Path javaHome(String runtime) {
        String feature = runtime.replaceAll("\\D", "");
        String configured = System.getProperty("faasport.jdk." + feature);
        if (configured != null) {
            return Path.of(configured);
        }
        if (Integer.toString(Runtime.version().feature()).equals(feature)) {
            return Path.of(System.getProperty("java.home"));
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(p -> p.getFileName().toString().matches("(java-|temurin-|openjdk-)" + feature + "\\b.*"))
                    .filter(p -> Files.isExecutable(p.resolve("bin/java"))).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("No JDK " + feature + " for runtime " + runtime
                            + " under /usr/lib/jvm, perhaps you should install one (.ci/run installs what the tests"
                            + " use) or set -Dfaasport.jdk." + feature));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the invoker on an unpacked upload and waits until it accepts connections.
     *
     * @param signatureType {@code http} or {@code cloudevent}, as the platform sets FUNCTION_SIGNATURE_TYPE
     * @param environment   the function's environment variables (serviceConfig.environmentVariables)
     */
    public static Instance start(Path invokerJar, Path javaHome, Path source, String target, String signatureType,
                                 String service, int memoryMb, Map<String, String> environment) throws IOException {
        List<Path> jars;
        try (Stream<Path> root = Files.list(source)) {
            jars = root.filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
        }
        if (jars.size() != 1) {
            // the buildpack's own refusals: "function has no pom.xml and more than one jar file", "neither pom.xml ..."
            throw new IllegalStateException("The upload must hold exactly one jar at its root for Google's buildpack, "
                    + "found " + jars);
        }
        for (int attempt = 1; ; attempt++) {
            Instance instance = launch(invokerJar, javaHome, source, jars.get(0), target, signatureType, service,
                    memoryMb, environment);
            if (instance != null) return instance;
            if (attempt == 3) {
                throw new IllegalStateException("The Functions Framework invoker found its port taken three times");
            }
        }
    }

    /** @return the running invoker, or null when another process took its port between choosing and binding it */
    private static Instance launch(Path invokerJar, Path javaHome, Path source, Path jar, String target,
                                   String signatureType, String service, int memoryMb,
                                   Map<String, String> environment) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-jar",
                invokerJar.toString(), "--classpath", jar.getFileName().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(source.toFile())
                .redirectErrorStream(true).redirectOutput(source.resolveSibling(source.getFileName() + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.putAll(environment);
        env.put("PORT", Integer.toString(port));
        env.put("FUNCTION_TARGET", target);
        env.put("FUNCTION_SIGNATURE_TYPE", signatureType);
        env.put("K_SERVICE", service);
        env.put("K_REVISION", service + "-00001-abc");
        env.put("K_CONFIGURATION", service);
        env.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAM=" + memoryMb + "m -XX:MaxRAMPercentage=70");
        Instance instance = new Instance(pb.start(), URI.create("http://127.0.0.1:" + port), source);
        RUNNING.add(instance.process());
        if (!awaitPort(instance, port)) {
            instance.close();
            return null;
        }
        return instance;
    }

    /**
     * A running invoker: one instance of one revision.
     *
     * @param url where it answers, on 127.0.0.1
     */
    public record Instance(Process process, URI url, Path source) implements AutoCloseable {
        /** @return the end of the invoker's output (stdout and stderr) */
        public String log() {
            try {
                String s = Files.readString(source.resolveSibling(source.getFileName() + ".log"), StandardCharsets.UTF_8);
                return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        /** Stops the invoker: SIGTERM, as Cloud Run does, then a kill after 10 s. */
        @Override
        public void close() {
            RUNNING.remove(process);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits until the invoker's Jetty says it started its connector (a connect alone could reach another process that
     * took the port meanwhile: the machine runs other tests).
     *
     * @return true when it listens, false when its port was taken (Jetty's "Failed to bind")
     */
    private static boolean awaitPort(Instance instance, int port) {
        Process p = instance.process();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        Instant connectedSince = null;
        while (Instant.now().isBefore(deadline)) {
            String log = instance.log();
            if (log.contains("Failed to bind")) return false;
            if (!p.isAlive()) {
                throw new IllegalStateException("The Functions Framework invoker exited with " + p.exitValue()
                        + " before listening: " + log);
            }
            // Jetty 9 (invoker 1.x) logs "Started ServerConnector@...", Jetty 12 (invoker 2.x) "Started oejs.ServerConnector@..."
            boolean started = log.contains("Started ServerConnector") || log.contains("Started oejs.ServerConnector");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                // without Jetty's "Started" line, an answer may come from another process: trust it after a while
                if (started || connectedSince != null && Instant.now().isAfter(connectedSince.plusSeconds(10))) {
                    return true;
                }
                if (connectedSince == null) connectedSince = Instant.now();
            } catch (IOException notYet) {
                // not listening yet
            }
            sleep(100);
        }
        instance.close();
        throw new IllegalStateException("The Functions Framework invoker did not listen on " + port + " within 90 s: "
                + instance.log());
    }

    /** Unpacks an upload as Cloud Build's source step does, into {@code dir}. */
    public static Path unpack(byte[] zip, Path dir) throws IOException {
        PackageFiles.unzip(zip, dir, name -> false);
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
