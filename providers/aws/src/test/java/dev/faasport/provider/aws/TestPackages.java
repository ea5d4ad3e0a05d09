package dev.faasport.provider.aws;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;

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

/** Builds small Lambda zips and deploy units for the tests. */
final class TestPackages {

    private TestPackages() {
    }

    /** A zip holding a descriptor whose content differs per {@code version}, plus {@code padding} random bytes. */
    static Artifact zip(Path dir, String name, String version, int padding) throws IOException {
        Path zip = dir.resolve(name + "-" + version + ".zip");
        long unzipped = 0;
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            byte[] descriptor = ("{\"set\":\"demo\",\"version\":\"" + version + "\"}").getBytes(StandardCharsets.UTF_8);
            out.putNextEntry(new ZipEntry("faasport-functions.json"));
            out.write(descriptor);
            unzipped += descriptor.length;
            if (padding > 0) {
                // random bytes do not compress, so the zip really is this large
                byte[] noise = new byte[padding];
                new java.util.Random(version.hashCode()).nextBytes(noise);
                out.putNextEntry(new ZipEntry("lib/padding.bin"));
                out.write(noise);
                unzipped += padding;
            }
        }
        return artifact(zip, unzipped);
    }

    /** A small zip that unzips to {@code unzippedBytes} of zeros. */
    static Artifact bomb(Path dir, long unzippedBytes) throws IOException {
        Path zip = dir.resolve("bomb-" + unzippedBytes + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.setLevel(java.util.zip.Deflater.BEST_SPEED); // zeros compress well at any level; this one is fastest
            out.putNextEntry(new ZipEntry("lib/zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            OutputStream o = out;
            for (long left = unzippedBytes; left > 0; left -= zeros.length) {
                o.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        }
        return artifact(zip, unzippedBytes);
    }

    /**
     * A real LAMBDA_ZIP: the descriptor and the fixture class at the root, the adapter and its dependencies under
     * lib/, taken from the test classpath (jars from the local repository, or class folders in a reactor build).
     */
    static Artifact realPackage(Path dir) throws Exception {
        Path zip = dir.resolve("greet-real.zip");
        String descriptor = "{\"set\":\"demo\",\"functions\":[{\"name\":\"greet\","
                + "\"handler\":\"dev.faasport.provider.aws.fixture.Greet\",\"shape\":\"HTTP\","
                + "\"trigger\":{\"kind\":\"http\"},\"memoryMb\":256,\"timeoutSeconds\":30,\"environment\":{}}]}";
        long unzipped = 0;
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("faasport-functions.json"));
            out.write(descriptor.getBytes(StandardCharsets.UTF_8));
            String classFile = "dev/faasport/provider/aws/fixture/Greet.class";
            byte[] greet;
            try (var in = TestPackages.class.getClassLoader().getResourceAsStream(classFile)) {
                greet = in.readAllBytes();
            }
            out.putNextEntry(new ZipEntry(classFile));
            out.write(greet);
            unzipped += descriptor.length() + greet.length;
            String[] types = {"dev.faasport.runtime.aws.LambdaHandler", "dev.faasport.runtime.json.Json",
                    "dev.faasport.runtime.FunctionRegistry",
                    "dev.faasport.api.HttpFunction", "com.amazonaws.services.lambda.runtime.Context"};
            for (int i = 0; i < types.length; i++) {
                byte[] jar = jarOf(Class.forName(types[i]));
                out.putNextEntry(new ZipEntry("lib/dep" + i + ".jar"));
                out.write(jar);
                unzipped += jar.length;
            }
        }
        return artifact(zip, unzipped);
    }

    private static byte[] jarOf(Class<?> type) throws Exception {
        Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(source)) {
            return Files.readAllBytes(source);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream jar = new ZipOutputStream(bytes); var files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                jar.putNextEntry(new ZipEntry(source.relativize(p).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(p));
            }
        }
        return bytes.toByteArray();
    }

    static Artifact artifact(Path zip, long unzipped) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new Artifact(PackageFormat.LAMBDA_ZIP, zip, sha, bytes.length, unzipped, null);
    }

    static FunctionSpec http(String name, int memory, int timeout, boolean publicAccess) {
        return new FunctionSpec(name, "com.example." + name, FunctionShape.HTTP,
                new Trigger.Http(List.of(), publicAccess), memory, timeout, Map.of("GREETING", "hi"), 0, 0, null, null);
    }

    static FunctionSpec queue(String name) {
        return new FunctionSpec(name, "com.example." + name, FunctionShape.QUEUE, new Trigger.Queue("orders", 10, 3),
                256, 30, Map.of(), 0, 0, null, null);
    }

    static DeployUnit unit(FunctionSpec f, Artifact a, String configHash) {
        return new DeployUnit("demo", f.name(), List.of(f), a, configHash, Map.of());
    }
}
