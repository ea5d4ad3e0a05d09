package dev.faasport.local;

import dev.faasport.api.HttpFunction;
import dev.faasport.local.testfn.Probe;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.local.WorkerMain;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds LOCAL_ZIP packages of the test functions the way the packager lays them out. */
final class TestPackages {

    private TestPackages() {
    }

    /** @return a LOCAL_ZIP with the test functions at the root and the runtime jars under lib/ */
    static Path build(Path dir, String descriptorJson) throws IOException {
        Files.createDirectories(dir);
        Path zip = dir.resolve("fn-" + System.nanoTime() + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            Path classes = codeSource(Probe.class);
            Path fnDir = classes.resolve("dev/faasport/local/testfn");
            try (Stream<Path> files = Files.walk(fnDir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    put(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
            put(out, "faasport-functions.json", descriptorJson.getBytes(StandardCharsets.UTF_8));
            for (Class<?> c : List.of(HttpFunction.class, Json.class, dev.faasport.runtime.Invoker.class, WorkerMain.class)) {
                Path src = codeSource(c);
                String jarName = "lib/" + c.getPackageName().replace('.', '-') + ".jar";
                put(out, jarName, Files.isDirectory(src) ? jar(src) : Files.readAllBytes(src));
            }
        }
        return zip;
    }

    static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] jar(Path classesDir) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(classesDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                put(out, classesDir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        return bytes.toByteArray();
    }

    static void put(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    /** @return a unit descriptor as the provider sends it */
    static Map<String, Object> unit(String name, String handler, String triggerKind, int memoryMb, int timeoutSeconds,
                                    int maxConcurrency, Map<String, String> env) {
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("name", name);
        fn.put("handler", handler);
        fn.put("shape", handler.endsWith("Upper") ? "TYPED" : "HTTP");
        fn.put("trigger", triggerKind.equals("storage") ? Map.of("kind", triggerKind, "bucket", "uploads") : Map.of("kind", triggerKind));
        fn.put("memoryMb", memoryMb);
        fn.put("timeoutSeconds", timeoutSeconds);
        fn.put("environment", env);
        fn.put("maxConcurrency", maxConcurrency);
        Map<String, Object> unit = new LinkedHashMap<>();
        unit.put("set", "test-set");
        unit.put("name", name);
        unit.put("configHash", "cfg-" + name);
        unit.put("function", fn);
        return unit;
    }

    /** Names of the test functions the packages' descriptor lists (the worker picks its entry by name). */
    static final List<String> ALL_NAMES = List.of("hello", "narrow", "sleepy", "fragile", "steady", "versioned",
            "idler", "warm", "doomed", "kept", "upper", "stored", "typed-event", "slowstart", "by-method");

    /** @return a descriptor listing the test functions, as the packager writes it */
    static String descriptor(List<String> names) {
        List<Object> fns = new java.util.ArrayList<>();
        for (String n : names) {
            String handler = n.equals("upper") || n.equals("typed-event") ? "dev.faasport.local.testfn.Upper"
                    : n.equals("stored") ? "dev.faasport.local.testfn.OnStored" : LocalRuntimeTest.PROBE;
            String kind = n.equals("stored") ? "storage" : "http";
            Map<String, Object> fn = new LinkedHashMap<>();
            fn.put("name", n);
            fn.put("handler", handler);
            fn.put("shape", handler.endsWith("Upper") ? "TYPED" : handler.endsWith("OnStored") ? "STORAGE" : "HTTP");
            fn.put("trigger", n.equals("stored") ? Map.of("kind", kind, "bucket", "uploads") : Map.of("kind", kind));
            fns.add(fn);
        }
        return Json.write(Map.of("set", "test-set", "functions", fns));
    }

    /** @return a runtime under {@code tmp/home} on a free port with the Probe deployed as HTTP function 'hello' */
    static LocalRuntime startWithHello(Path tmp) throws IOException {
        LocalRuntime runtime = LocalRuntime.start(0, tmp.resolve("home"), 60);
        DaemonClient control = new DaemonClient(runtime.port(), Files.readString(tmp.resolve("home/token")).trim());
        Path zip = build(tmp.resolve("zips"), descriptor(ALL_NAMES));
        control.deploy("hello", unit("hello", LocalRuntimeTest.PROBE, "http", 128, 30, 10, Map.of()), zip);
        return runtime;
    }

    /** @return a raw connection to the runtime that gives up reading after {@code timeoutMillis} */
    static java.net.Socket connect(LocalRuntime runtime, int timeoutMillis) throws IOException {
        java.net.Socket s = new java.net.Socket("127.0.0.1", runtime.port());
        s.setSoTimeout(timeoutMillis);
        return s;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
