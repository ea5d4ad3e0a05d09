package dev.faasport.provider.azure;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds Azure app zips (host.json, one folder per function.json, a jar) and deploy units for the tests. */
final class TestApps {
    private TestApps() {
    }

    /** An app with an HTTP function behind a function key, an anonymous HTTP function and a timer function. */
    static DeployUnit unit(Path dir, String set, String unitName, String codeVersion, Map<String, String> env) throws IOException {
        return unit(dir, set, unitName, codeVersion, env, Map.of());
    }

    /**
     * As {@link #unit(Path, String, String, String, Map)} with the unit settings packaging writes (java.runtime...)
     * and, for each extra name, one more anonymous HTTP function in code and package.
     */
    static DeployUnit unit(Path dir, String set, String unitName, String codeVersion, Map<String, String> env,
                           Map<String, String> settings, String... extraHttp) throws IOException {
        List<FunctionSpec> functions = new java.util.ArrayList<>(List.of(
                fn("hello", new Trigger.Http(List.of("GET", "POST"), false), env),
                fn("open", new Trigger.Http(List.of(), true), env),
                fn("tick", new Trigger.Schedule("rate(5 minutes)"), env)));
        for (String extra : extraHttp) {
            functions.add(fn(extra, new Trigger.Http(List.of(), true), env));
        }
        Path zip = dir.resolve(unitName + "-" + codeVersion + ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            put(z, "host.json", "{\"version\":\"2.0\",\"functionTimeout\":\"00:05:00\"}");
            put(z, "hello/function.json", "{\"scriptFile\":\"../app.jar\",\"entryPoint\":\"com.example.Hello.run\",\"bindings\":["
                    + "{\"type\":\"httpTrigger\",\"direction\":\"in\",\"name\":\"req\",\"authLevel\":\"function\",\"methods\":[\"get\",\"post\"]},"
                    + "{\"type\":\"http\",\"direction\":\"out\",\"name\":\"$return\"}]}");
            put(z, "open/function.json", "{\"scriptFile\":\"../app.jar\",\"entryPoint\":\"com.example.Open.run\",\"bindings\":["
                    + "{\"type\":\"httpTrigger\",\"direction\":\"in\",\"name\":\"req\",\"authLevel\":\"anonymous\"},"
                    + "{\"type\":\"http\",\"direction\":\"out\",\"name\":\"$return\"}]}");
            put(z, "tick/function.json", "{\"scriptFile\":\"../app.jar\",\"entryPoint\":\"com.example.Tick.run\",\"bindings\":["
                    + "{\"type\":\"timerTrigger\",\"direction\":\"in\",\"name\":\"timer\",\"schedule\":\"0 */5 * * * *\"}]}");
            for (String extra : extraHttp) {
                put(z, extra + "/function.json", "{\"scriptFile\":\"../app.jar\",\"entryPoint\":\"com.example.Open.run\",\"bindings\":["
                        + "{\"type\":\"httpTrigger\",\"direction\":\"in\",\"name\":\"req\",\"authLevel\":\"anonymous\"},"
                        + "{\"type\":\"http\",\"direction\":\"out\",\"name\":\"$return\"}]}");
            }
            put(z, "app.jar", "not really a jar, version " + codeVersion);
            String release = settings.get("test.classFileJava");
            if (release != null) {
                // a jar with one class header compiled for that Java release (major version = release + 44)
                java.io.ByteArrayOutputStream jar = new java.io.ByteArrayOutputStream();
                try (ZipOutputStream j = new ZipOutputStream(jar)) {
                    j.putNextEntry(new ZipEntry("com/example/Hello.class"));
                    int major = Integer.parseInt(release) + 44;
                    j.write(new byte[]{(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, (byte) (major >> 8), (byte) major});
                    j.closeEntry();
                }
                ZipEntry e = new ZipEntry("faasport-app.jar");
                e.setTime(0);
                z.putNextEntry(e);
                z.write(jar.toByteArray());
                z.closeEntry();
            }
        }
        return new DeployUnit(set, unitName, functions, artifact(zip), "cfg-" + env.hashCode() + "-" + settings.hashCode(), settings);
    }

    /**
     * An app with one blob function, as packaging writes it: path {@code images/in/{name}.png} on AzureWebJobsStorage,
     * {@code "source": "EventGrid"} when {@code flex} (Flex Consumption runs no polling blob trigger).
     */
    static DeployUnit blobUnit(Path dir, String set, String codeVersion, boolean flex) throws IOException {
        Trigger.Storage trigger = new Trigger.Storage("images", null, "in/", ".png");
        List<FunctionSpec> functions = List.of(new FunctionSpec("thumb", "com.example.Thumb", FunctionShape.STORAGE, trigger, 512, 60,
                Map.of(), 0, 0, null, Map.of()));
        Path zip = dir.resolve(set + "-blob-" + codeVersion + ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            put(z, "host.json", "{\"version\":\"2.0\"}");
            put(z, "thumb/function.json", "{\"scriptFile\":\"../app.jar\",\"entryPoint\":\"com.example.Thumb.run\",\"bindings\":["
                    + "{\"type\":\"blobTrigger\",\"direction\":\"in\",\"name\":\"content\",\"path\":\"images/in/{name}.png\","
                    + "\"connection\":\"AzureWebJobsStorage\"" + (flex ? ",\"source\":\"EventGrid\"" : "") + "}]}");
            put(z, "app.jar", "not really a jar, version " + codeVersion);
        }
        return new DeployUnit(set, set, functions, artifact(zip), "cfg-blob-" + codeVersion, Map.of());
    }

    private static Artifact artifact(Path zip) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new Artifact(PackageFormat.AZURE_APP_ZIP, zip, sha, bytes.length, bytes.length, null);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static FunctionSpec fn(String name, Trigger trigger, Map<String, String> env) {
        FunctionShape shape = trigger instanceof Trigger.Http ? FunctionShape.HTTP : FunctionShape.SCHEDULE;
        return new FunctionSpec(name, "com.example." + name, shape, trigger, 512, 60, env, 0, 0, null, Map.of());
    }

    private static void put(ZipOutputStream z, String name, String content) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0);
        z.putNextEntry(e);
        z.write(content.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }

    /**
     * The change the core's plan would send for a unit against what list() returned.
     *
     * @throws IllegalStateException when the unit is unchanged: the core sends nothing then
     */
    static UnitUpdate change(DeployUnit desired, DeployedUnit current) {
        if (current == null) {
            return new UnitUpdate(UnitUpdate.Kind.CREATE, desired, null);
        }
        boolean code = !desired.artifact().sha256().equals(current.artifactSha256());
        boolean config = !desired.configHash().equals(current.configHash());
        if (!code && !config) {
            throw new IllegalStateException("unit '" + desired.name() + "' is unchanged: the core sends it nowhere");
        }
        UnitUpdate.Kind kind = code && config ? UnitUpdate.Kind.UPDATE : code ? UnitUpdate.Kind.UPDATE_CODE
                : UnitUpdate.Kind.UPDATE_CONFIG;
        return new UnitUpdate(kind, desired, current);
    }

    /** @return whether the core's plan would find the unit unchanged (same package, same configuration) */
    static boolean unchanged(DeployUnit desired, DeployedUnit current) {
        return current != null && desired.artifact().sha256().equals(current.artifactSha256())
                && desired.configHash().equals(current.configHash());
    }

    /** What the core's retry loop does: retry retryable failures a bounded number of times, backing off. */
    static DeployedUnit applyWithRetries(ProviderSession session, UnitUpdate change, int attempts) throws ProviderException {
        ProviderException last = null;
        for (int i = 0; i < attempts; i++) {
            try {
                return session.apply(change);
            } catch (ProviderException e) {
                if (!e.retryable()) {
                    throw e;
                }
                last = e;
                long backoff = e.retryAfter() != null && !e.retryAfter().isZero() ? e.retryAfter().toMillis()
                        : Math.min(1000, 50L << Math.min(i, 5));
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }
}
