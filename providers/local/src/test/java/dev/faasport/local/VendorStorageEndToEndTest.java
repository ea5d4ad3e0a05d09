package dev.faasport.local;

import dev.faasport.runtime.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipOutputStream;

import static dev.faasport.local.TriggerFixtures.await;
import static dev.faasport.local.TriggerFixtures.keysQuietly;
import static dev.faasport.local.TriggerFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unmodified vendor-style functions (com.example.vendor), run through the native adapters on the local runtime, read
 * the uploaded object with their vendor's own storage client and write a result object: configured by nothing but
 * the environment the runtime gives its workers.
 */
class VendorStorageEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;
    static LocalRuntime runtime;
    static DaemonClient control;
    static Path zip;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.start(0, tmp.resolve("home"), 60);
        control = new DaemonClient(runtime.port(), Files.readString(tmp.resolve("home/token")));
        zip = vendorPackage(tmp.resolve("zips"), List.of(
                fn("aws-thumbnailer", "com.example.vendor.S3Thumbnailer", "STORAGE", Map.of("kind", "storage", "bucket", "uploads")),
                fn("gcp-thumbnailer", "com.example.vendor.GcsThumbnailer", "STORAGE", Map.of("kind", "storage", "bucket", "gcs-uploads")),
                fn("blob-reader", "com.example.vendor.BlobReader", "HTTP", Map.of("kind", "http"))));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aLambdaS3HandlerReadsTheUploadAndWritesAResultWithADefaultS3Client() throws Exception {
        deploy("aws-thumbnailer", "com.example.vendor.S3Thumbnailer", "STORAGE", Map.of("kind", "storage", "bucket", "uploads"));
        assertThat(send("PUT", object("uploads", "cat.png"), "meow".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        await("the AWS function's result object", WAIT, () -> keysQuietly(runtime.baseUri(), "results", "aws/").contains("aws/cat.png.txt"));
        assertThat(send("GET", object("results", "aws/cat.png.txt"), null).body()).isEqualTo("MEOW (ObjectCreated:Put)");
        // the function's own log line (written after its result object)
        await("the AWS function's log line", WAIT, () -> logged("aws-thumbnailer", "thumbnailed uploads/cat.png"));
    }

    @Test
    void aGoogleStorageCloudEventsFunctionReadsTheUploadAndWritesAResult() throws Exception {
        deploy("gcp-thumbnailer", "com.example.vendor.GcsThumbnailer", "STORAGE", Map.of("kind", "storage", "bucket", "gcs-uploads"));
        assertThat(send("PUT", object("gcs-uploads", "sun.jpg"), "bright".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        try {
            await("the Google function's result object", WAIT, () -> keysQuietly(runtime.baseUri(), "results", "gcp/").contains("gcp/sun.jpg.txt"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ", the function's log:\n"
                    + String.join("\n", Store.tail(runtime.store.logFile("gcp-thumbnailer"), 30)), e);
        }
        assertThat(send("GET", object("results", "gcp/sun.jpg.txt"), null).body())
                .isEqualTo("BRIGHT (google.cloud.storage.object.v1.finalized)");
    }

    @Test
    void anAzureHttpFunctionReadsABlobWithTheAppsConnectionString() throws Exception {
        deploy("blob-reader", "com.example.vendor.BlobReader", "HTTP", Map.of("kind", "http"));
        assertThat(send("PUT", object("docs", "report.txt"), "quarterly".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        HttpResponse<String> r = send("GET", URI.create(runtime.functionUri("blob-reader") + "?name=report.txt"), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("read 9 bytes");
        assertThat(send("GET", object("results", "azure/report.txt.txt"), null).body()).isEqualTo("QUARTERLY");
    }

    static boolean logged(String function, String text) {
        try {
            return Store.tail(runtime.store.logFile(function), 200).stream().anyMatch(l -> l.contains(text));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static URI object(String bucket, String key) {
        return URI.create(runtime.baseUri() + "/_buckets/" + bucket + "/" + key);
    }

    static void deploy(String name, String handler, String shape, Map<String, Object> trigger) throws Exception {
        control.deploy(name, TriggerFixtures.unit(new TriggerFixtures.Fn(name, handler, shape, trigger), 2, Map.of()), zip);
    }

    static Map<String, Object> fn(String name, String handler, String shape, Map<String, Object> trigger) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("handler", handler);
        m.put("shape", shape);
        m.put("trigger", trigger);
        return m;
    }

    /**
     * A LOCAL_ZIP as the packager lays out a vendor project: its classes (com/example/vendor) and descriptor at the
     * root, its dependencies (the vendors' SDKs and function libraries) and Faasport's runtime and native adapters
     * under lib/, taken from this test's class path.
     */
    static Path vendorPackage(Path dir, List<Map<String, Object>> functions) throws Exception {
        Files.createDirectories(dir);
        Path out = dir.resolve("vendor.zip");
        Path classes = TestPackages.codeSource(VendorStorageEndToEndTest.class);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            zip.setLevel(0);
            try (Stream<Path> files = Files.walk(classes.resolve("com/example/vendor"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    TestPackages.put(zip, classes.relativize(f).toString(), Files.readAllBytes(f));
                }
            }
            TestPackages.put(zip, "faasport-functions.json", Json.write(Map.of("set", "test-set", "functions", functions))
                    .getBytes(StandardCharsets.UTF_8));
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                String name = p.getFileName().toString();
                if (p.equals(classes) || name.startsWith("junit-") || name.startsWith("assertj-") || name.startsWith("opentest4j")
                        || name.startsWith("surefire") || name.startsWith("faasport-provider-")) {
                    continue;
                }
                byte[] bytes = Files.isDirectory(p) ? TestPackages.jar(p) : Files.readAllBytes(p);
                TestPackages.put(zip, "lib/" + (n++) + "-" + (Files.isDirectory(p) ? "classes.jar" : name), bytes);
            }
        }
        return out;
    }
}
