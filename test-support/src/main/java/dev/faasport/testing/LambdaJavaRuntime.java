package dev.faasport.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One warm execution environment of a Lambda Java managed runtime: a JVM running AWS's runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}, given as {@code runtimeClassPath}) against a
 * {@link LambdaRuntimeApi}, started the way Lambda's Java runtime starts it:
 * <ul>
 *   <li>the working directory is the task root (the RIC takes {@code user.dir} as the task root and loads the
 *       handler from it, its {@code lib/*.jar} and {@code /opt/java/lib/*.jar}: RIC's {@code AWSLambda} and
 *       {@code CustomerClassLoader}, aws-lambda-java-libs, read 2026-12);</li>
 *   <li>the handler string is the only argument, as the managed runtime's bootstrap passes {@code $_HANDLER};</li>
 *   <li>tiered compilation stopped at level 1, which the Java 17+ runtimes set by default ("Customize Java runtime
 *       startup behavior", docs.aws.amazon.com/lambda/latest/dg/java-customization.html, read 2026-12); serial GC and
 *       a heap capped below the function's memory are our choices (AWS does not publish the bootstrap's other flags;
 *       the execution environment's memory limit caps the heap there); a function's {@code JAVA_TOOL_OPTIONS} reaches
 *       the JVM as on Lambda;</li>
 *   <li>the environment Lambda defines ("Defined runtime environment variables",
 *       docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html, read 2026-12), plus the function's own
 *       variables; no credentials.</li>
 * </ul>
 * A layer directory (the unpacked layer zips, holding {@code java/lib/*.jar}) is mounted on {@code /opt} in a mount
 * namespace of the runtime's own ({@code unshare}, as root), so the RIC finds it where Lambda puts layers; where that
 * is not permitted its jars go on the JVM's class path instead ({@link #layersMounted()} says which).
 */
public final class LambdaJavaRuntime implements AutoCloseable {

    /** The JNI library the RIC would otherwise unpack to one fixed path in /tmp, shared (and raced) by every JVM. */
    private static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /**
     * What to start.
     *
     * @param javaHome         the JDK of the runtime ({@code java17}: a Java 17 JDK, {@code java25}: a 25 one, ...)
     * @param runtimeClassPath the RIC and its dependencies (what {@code /var/runtime/lib} holds on Lambda)
     * @param jniLibrary       the RIC's {@code libaws-lambda-jni.linux-x86_64.so}, unpacked once by the caller
     * @param taskRoot         the unzipped function package
     * @param layerRoot        the unzipped layers ({@code java/lib/*.jar}), or null
     * @param handler          the handler string of CreateFunction
     * @param runtimeId        e.g. {@code java25}; becomes {@code AWS_EXECUTION_ENV=AWS_Lambda_java25}
     * @param functionName     {@code AWS_LAMBDA_FUNCTION_NAME}
     * @param version          the executed version ({@code $LATEST} or a number)
     * @param memoryMb         {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}
     * @param region           {@code AWS_REGION}
     * @param functionArn      the invoked ARN
     * @param environment      the function's own variables
     */
    public record Spec(Path javaHome, List<Path> runtimeClassPath, Path jniLibrary, Path taskRoot, Path layerRoot,
                       String handler, String runtimeId, String functionName, String version, int memoryMb,
                       String region, String functionArn, Map<String, String> environment) {
    }

    private final Spec spec;
    private final LambdaRuntimeApi api;
    private final Process process;
    private final Path logFile;
    private final boolean layersMounted;

    private LambdaJavaRuntime(Spec spec, LambdaRuntimeApi api, Process process, Path logFile, boolean layersMounted) {
        this.spec = spec;
        this.api = api;
        this.process = process;
        this.logFile = logFile;
        this.layersMounted = layersMounted;
    }

    /** Starts the runtime; its init phase runs in the background and is awaited by the first {@link #invoke}. */
    public static LambdaJavaRuntime start(Spec spec) throws IOException {
        Path javaBin = spec.javaHome().resolve("bin/java");
        if (!Files.isExecutable(javaBin)) {
            throw new IOException("no JDK for " + spec.runtimeId() + " at " + spec.javaHome());
        }
        LambdaRuntimeApi api = new LambdaRuntimeApi(spec.functionArn());
        boolean mount = spec.layerRoot() != null && canMount();
        List<String> cp = new ArrayList<>();
        spec.runtimeClassPath().forEach(p -> cp.add(p.toString()));
        if (spec.layerRoot() != null && !mount) {
            cp.add(spec.layerRoot().resolve("java/lib/*").toString());
        }
        long heapMb = Math.max(64, spec.memoryMb() * 85L / 100);
        List<String> command = new ArrayList<>();
        if (mount) {
            command.addAll(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "mount --bind \"$0\" /opt && exec \"$@\"", spec.layerRoot().toString()));
        }
        command.addAll(List.of(javaBin.toString(), "-XX:MaxHeapSize=" + heapMb + "m", "-XX:+UseSerialGC",
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Djava.net.preferIPv4Stack=true", "-D" + JNI_PROPERTY + "=" + spec.jniLibrary(),
                "-classpath", String.join(java.io.File.pathSeparator, cp),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", spec.handler()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(spec.taskRoot().toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.putAll(spec.environment());
        env.putAll(lambdaVariables(spec, api.address()));
        Path log = Files.createTempFile(spec.taskRoot().getParent(), spec.functionName() + "-", ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        LambdaJavaRuntime runtime = new LambdaJavaRuntime(spec, api, p, log, mount);
        p.onExit().thenRun(() -> api.fail("Runtime.ExitError", "RequestId: - Error: Runtime exited with error: "
                + "exit status " + p.exitValue() + "\n" + runtime.tail()));
        return runtime;
    }

    /** The variables Lambda defines for a Java function (configuration-envvars.html, read 2026-12). */
    static Map<String, String> lambdaVariables(Spec spec, String runtimeApi) {
        Map<String, String> env = new TreeMap<>();
        env.put("_HANDLER", spec.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + spec.runtimeId());
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", spec.version());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(spec.memoryMb()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/07/[" + spec.version() + "]" + Long.toHexString(System.nanoTime()));
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_REGION", spec.region());
        env.put("AWS_DEFAULT_REGION", spec.region());
        env.put("LAMBDA_TASK_ROOT", spec.taskRoot().toString());
        env.put("LAMBDA_RUNTIME_DIR", "/var/runtime");
        return env;
    }

    /** @return true when the layers are mounted on /opt (as on Lambda), false when they were put on the class path */
    public boolean layersMounted() {
        return layersMounted;
    }

    /** @return whether the process still runs */
    public boolean alive() {
        return process.isAlive();
    }

    /**
     * Runs one invocation and collects what the runtime logged meanwhile; one at a time, as in one execution
     * environment of Lambda (concurrent callers wait). An invocation that outlives its timeout
     * ends the environment, as Lambda does ("Task timed out after ...").
     *
     * @param initWait how long a cold start's init phase may take on top of the timeout
     */
    public synchronized Invocation invoke(LambdaRuntimeApi.Event event, Duration initWait)
            throws IOException, InterruptedException {
        long from = Files.size(logFile);
        int nextCalls = api.nextCalls();
        LambdaRuntimeApi.Result result;
        try {
            result = api.invoke(event, initWait);
        } catch (TimeoutException e) {
            close();
            String message = "Task timed out after " + event.timeout().toSeconds() + " seconds";
            return new Invocation(new LambdaRuntimeApi.Result(("{\"errorMessage\":\"" + message
                    + "\",\"errorType\":\"Sandbox.Timedout\"}").getBytes(StandardCharsets.UTF_8), "Sandbox.Timedout",
                    false), lines(from));
        }
        // the runtime logs before it answers; once it asks for the next event its lines are in the file
        if (!result.initError()) {
            api.awaitNext(Math.max(nextCalls, 1) + 1, Duration.ofSeconds(5));
        } else {
            process.waitFor(5, TimeUnit.SECONDS);
        }
        return new Invocation(result, lines(from));
    }

    /** What one invocation answered and logged. */
    public record Invocation(LambdaRuntimeApi.Result result, List<String> log) {
    }

    private List<String> lines(long from) throws IOException {
        byte[] all = Files.readAllBytes(logFile);
        if (from >= all.length) {
            return List.of();
        }
        String text = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    private String tail() {
        try {
            List<String> l = lines(0);
            return String.join("\n", l.subList(Math.max(0, l.size() - 20), l.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }

    @Override
    public String toString() {
        return "LambdaJavaRuntime(" + spec.functionName() + ":" + spec.version() + " on " + spec.runtimeId() + ")";
    }

    private static volatile Boolean mountable;

    /** @return whether this process may mount in a private mount namespace (root, and a kernel that lets it) */
    public static boolean canMount() {
        Boolean m = mountable;
        if (m == null) {
            try {
                Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
                        "mount --bind / /mnt && umount /mnt").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                m = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException | InterruptedException e) {
                m = false;
            }
            mountable = m;
        }
        return m;
    }
}
