package dev.faasport.provider.aws;

import dev.faasport.testing.Jdks;
import dev.faasport.testing.LambdaJavaRuntime;
import dev.faasport.testing.LambdaRuntimeApi;
import dev.faasport.testing.PackageFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs deployed Lambda zips under AWS's own runtime code: one {@link LambdaJavaRuntime} (AWS's runtime interface client
 * in a JVM of the function's runtime, {@code java17} on a Java 17 JDK, {@code java25} on a 25 one) per function
 * version, started on its first invocation, kept warm and reused, and stopped when the version's code or
 * configuration changes, when the function is deleted, and on close.
 */
public final class RicRuntime implements LambdaTestServer.Runtime, AutoCloseable {

    private static final String AWS_LAMBDA = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final Path workDir;
    private final Map<String, Warm> warm = new ConcurrentHashMap<>();
    private volatile List<Path> runtimeClassPath;
    private volatile Path jni;

    private record Warm(String key, LambdaJavaRuntime runtime) {
    }

    public RicRuntime(Path workDir) {
        this.workDir = workDir;
    }

    /** @return the JDK home of a Lambda runtime id, or empty when this machine has none */
    public static java.util.Optional<Path> jdk(String runtimeId) {
        return Jdks.find(Jdks.feature(runtimeId));
    }

    @Override
    public LambdaTestServer.Invoked invoke(String qualifiedName, byte[] zip, Map<String, String> environment,
                                           byte[] payload) {
        throw new UnsupportedOperationException("the runtime interface client needs the whole call");
    }

    @Override
    public LambdaTestServer.Invoked invoke(LambdaTestServer.Call call) {
        if (call.zip() == null) {
            throw new IllegalStateException("function " + call.functionName() + " is a container image: its image is "
                    + "not run here");
        }
        String qualified = call.functionName() + ":" + call.version();
        String key = qualified + "@" + fingerprint(call);
        Warm w = warm.compute(qualified, (k, old) -> {
            if (old != null && old.key.equals(key) && old.runtime.alive()) {
                return old;
            }
            if (old != null) {
                old.runtime.close();
            }
            return new Warm(key, start(call, key));
        });
        try {
            LambdaJavaRuntime.Invocation inv = w.runtime.invoke(new LambdaRuntimeApi.Event(call.payload(),
                    Duration.ofSeconds(call.timeoutSeconds()), call.clientContext(), null), Duration.ofSeconds(60));
            LambdaRuntimeApi.Result r = inv.result();
            if (r.initError() || !w.runtime.alive()) {
                warm.remove(qualified, w); // the next invocation starts a new environment, as Lambda does
            }
            return new LambdaTestServer.Invoked(r.payload(), r.errorType() == null ? null : "Unhandled", inv.log());
        } catch (IOException e) {
            throw new IllegalStateException("invoking " + qualified + " under the runtime interface client: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while invoking " + qualified, e);
        }
    }

    @Override
    public void stop(String functionName) {
        warm.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(functionName + ":")) {
                e.getValue().runtime.close();
                return true;
            }
            return false;
        });
    }

    private LambdaJavaRuntime start(LambdaTestServer.Call call, String key) {
        Path javaHome = jdk(call.runtime()).orElseThrow(() -> new IllegalStateException("function "
                + call.functionName() + " runs on " + call.runtime() + ", but this machine has no Java "
                + Jdks.feature(call.runtime()) + " JDK (looked in java.home and /usr/lib/jvm); .ci/run installs the "
                + "JDKs the tests need"));
        try {
            Path root = PackageFiles.directory(workDir, key);
            Path task = root.resolve("task");
            if (!Files.isDirectory(task)) {
                PackageFiles.unzip(call.zip(), Files.createDirectories(task), n -> false);
            }
            Path opt = null;
            if (!call.layers().isEmpty()) {
                opt = root.resolve("opt");
                if (!Files.isDirectory(opt)) {
                    Files.createDirectories(opt);
                    for (byte[] layer : call.layers()) {
                        PackageFiles.unzip(layer, opt, n -> false); // later layers win, as on Lambda
                    }
                }
            }
            return LambdaJavaRuntime.start(new LambdaJavaRuntime.Spec(javaHome, runtimeClassPath(), jni(), task, opt,
                    call.handler(), call.runtime(), call.functionName(), call.version(), call.memoryMb(),
                    LambdaTestServer.REGION, call.functionArn(), call.environment()));
        } catch (IOException e) {
            throw new IllegalStateException("starting the runtime interface client for " + call.functionName() + ": "
                    + e, e);
        }
    }

    /** The RIC and its dependencies, from the test class path (on Lambda: /var/runtime/lib). */
    private List<Path> runtimeClassPath() {
        List<Path> cp = runtimeClassPath;
        if (cp == null) {
            cp = new ArrayList<>();
            for (String marker : List.of(AWS_LAMBDA, "com.amazonaws.services.lambda.runtime.Context",
                    "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
                    "software.amazon.awssdk.utilslite.SdkInternalThreadLocal")) {
                cp.add(codeSource(marker));
            }
            runtimeClassPath = cp = List.copyOf(cp);
        }
        return cp;
    }

    /** The RIC's JNI library for this machine, unpacked once into the work directory (not the RIC's shared /tmp path). */
    private synchronized Path jni() throws IOException {
        Path lib = jni;
        if (lib == null) {
            String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
            String name = "jni/libaws-lambda-jni.linux-" + arch + ".so";
            lib = Files.createDirectories(workDir).resolve("libaws-lambda-jni.so");
            // not initialised: AWSLambda's static block changes TLS and trust-store settings of the JVM that loads it
            try (InputStream in = Class.forName(AWS_LAMBDA, false, RicRuntime.class.getClassLoader())
                    .getResourceAsStream("/" + name)) {
                Files.copy(Objects.requireNonNull(in, name + " is not in the runtime interface client's jar"), lib,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            jni = lib;
        }
        return lib;
    }

    private static Path codeSource(String className) {
        try {
            return Path.of(Class.forName(className, false, RicRuntime.class.getClassLoader()).getProtectionDomain()
                    .getCodeSource().getLocation().toURI());
        } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
            throw new IllegalStateException("the runtime interface client is not on the test class path (" + className
                    + "): " + e, e);
        }
    }

    private static String fingerprint(LambdaTestServer.Call call) {
        try {
            var sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(call.zip());
            for (byte[] l : call.layers()) {
                sha.update(l);
            }
            sha.update((call.handler() + "|" + call.runtime() + "|" + call.memoryMb() + "|" + call.timeoutSeconds()
                    + "|" + new java.util.TreeMap<>(call.environment())).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        warm.values().forEach(w -> w.runtime.close());
        warm.clear();
    }
}
