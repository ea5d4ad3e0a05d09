package dev.faasport.provider.gcp;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.spi.UnitUpdate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builders shared by the tests: real zip archives, units, sessions against the fake server. */
final class GcpTestSupport {
    private GcpTestSupport() {
    }

    static final List<String> WARNINGS = new CopyOnWriteArrayList<>();

    static ProviderConfig.Log log() {
        return new ProviderConfig.Log() {
            public void info(String m) { trace(m); }
            public void warn(String m) { WARNINGS.add(m); trace(m); }
            public void debug(String m) { trace(m); }
        };
    }

    private static void trace(String m) {
        if (Boolean.getBoolean("faasport.trace")) {
            System.out.println(java.time.LocalTime.now() + " " + m);
        }
    }

    static Map<String, String> props(FakeCloudFunctions server) {
        Map<String, String> p = new HashMap<>();
        p.put("gcp.project", "faasport-test");
        p.put("gcp.region", "europe-west1");
        p.put("gcp.endpoint", server.endpoint());
        p.put("gcp.noCredentials", "true");
        p.put("gcp.pollMillis", "20");
        return p;
    }

    static ProviderSession open(String set, Map<String, String> props) throws ProviderException {
        return new GcpProvider().open(new ProviderConfig(set, props, null, log()));
    }

    static Artifact zip(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name + "-" + Integer.toHexString(content.hashCode()) + ".zip");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            ZipEntry e = new ZipEntry("function.jar");
            e.setTime(0);
            z.putNextEntry(e);
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Files.write(file, bytes.toByteArray());
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
            return new Artifact(PackageFormat.GCF_SOURCE_ZIP, file, sha, bytes.size(), content.length(), null);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    static FunctionSpec http(String name, int memory, int timeout, Map<String, String> options) {
        return new FunctionSpec(name, "com.example.Hello", FunctionShape.HTTP, new Trigger.Http(List.of(), true),
                memory, timeout, Map.of("GREETING", "hi"), 0, 0, FunctionSpec.PackageType.ZIP, options);
    }

    static FunctionSpec withTrigger(String name, FunctionShape shape, Trigger trigger) {
        return new FunctionSpec(name, "com.example.Worker", shape, trigger, 512, 120, Map.of(), 0, 0,
                FunctionSpec.PackageType.ZIP, Map.of());
    }

    static DeployUnit unit(String set, FunctionSpec fn, Artifact artifact, String configHash) {
        return new DeployUnit(set, fn.name(), List.of(fn), artifact, configHash, Map.of());
    }

    static UnitUpdate create(DeployUnit u) {
        return new UnitUpdate(UnitUpdate.Kind.CREATE, u, null);
    }

    static UnitUpdate update(DeployUnit u, DeployedUnit current) {
        return new UnitUpdate(UnitUpdate.Kind.UPDATE, u, current);
    }

    /** What the core does: retry retryable failures a bounded number of times. */
    static DeployedUnit applyWithRetries(ProviderSession s, UnitUpdate c, List<ProviderException> seen)
            throws ProviderException {
        for (int attempt = 1; ; attempt++) {
            try {
                return s.apply(c);
            } catch (ProviderException e) {
                seen.add(e);
                if (!e.retryable() || attempt >= 25) {
                    throw e;
                }
            }
        }
    }
}
