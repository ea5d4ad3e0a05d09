package dev.faasport.packaging;

import dev.faasport.runtime.json.Json;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackagerTest {
    @TempDir
    Path tmp;
    Fixtures fx;
    final Packager packager = new Packager();

    @BeforeEach
    void setUp() throws IOException {
        fx = new Fixtures(tmp);
    }

    /** @return the file entries, without directory entries */
    static List<String> names(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<String> out = new ArrayList<>();
            Collections.list(z.entries()).stream().filter(e -> !e.isDirectory()).forEach(e -> out.add(e.getName()));
            return out;
        }
    }

    static String text(Path zip, String entry) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry e = z.getEntry(entry);
            assertThat(e).as(entry + " in " + zip).isNotNull();
            return new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] bytes(Path zip, String entry) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.getInputStream(z.getEntry(entry)).readAllBytes();
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void anEnvironmentChangeChangesTheConfigurationButNotTheCode() throws Exception {
        DeployUnit before = packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP).units().get(0);
        FunctionSpec f = fx.functions.get(0);
        fx.functions.set(0, new FunctionSpec(f.name(), f.handler(), f.shape(), f.trigger(), f.memoryMb(),
                f.timeoutSeconds(), Map.of("GREETING", "changed"), f.maxConcurrency(), f.minInstances(),
                f.packageType(), f.options()));
        DeployUnit after = packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP).units().get(0);

        assertThat(after.name()).isEqualTo(before.name());
        assertThat(after.artifact().sha256()).isEqualTo(before.artifact().sha256());
        assertThat(after.configHash()).isNotEqualTo(before.configHash());
    }

    /** @return each target's package hash per unit, with the first function changed by {@code change} */
    private Map<String, String> hashes(java.util.function.UnaryOperator<FunctionSpec> change) throws Exception {
        FunctionSpec f = fx.functions.get(0);
        fx.functions.set(0, change.apply(f));
        Map<String, String> out = new java.util.TreeMap<>();
        for (var target : Map.of("local", PackageFormat.LOCAL_ZIP, "aws", PackageFormat.LAMBDA_ZIP,
                "azure", PackageFormat.AZURE_APP_ZIP, "gcp", PackageFormat.GCF_SOURCE_ZIP).entrySet()) {
            for (DeployUnit u : packager.pack(fx.request(), target.getKey(), target.getValue()).units()) {
                out.put(target.getKey() + "/" + u.name(), u.artifact().sha256());
            }
        }
        fx.functions.set(0, f);
        return out;
    }

    private static FunctionSpec with(FunctionSpec f, int memory, int timeout, Map<String, String> env) {
        return new FunctionSpec(f.name(), f.handler(), f.shape(), f.trigger(), memory, timeout, env,
                f.maxConcurrency(), f.minInstances(), f.packageType(), f.options());
    }

    @Test
    void whatOnlyConfiguresAFunctionNeverChangesItsPackage() throws Exception {
        // issue 16: the descriptor carried memoryMb, which no adapter reads: a memory change re-uploaded every package
        Map<String, String> small = hashes(f -> with(f, 256, f.timeoutSeconds(), f.environment()));
        Map<String, String> large = hashes(f -> with(f, 2048, f.timeoutSeconds(), f.environment()));
        assertThat(large).isEqualTo(small);

        // the timeout and the environment travel in the package only where an app holds them for all its functions
        Map<String, String> quick = hashes(f -> with(f, f.memoryMb(), 10, Map.of("GREETING", "hi")));
        Map<String, String> slow = hashes(f -> with(f, f.memoryMb(), 300, Map.of("GREETING", "bye")));
        quick.forEach((unit, sha) -> {
            if (unit.startsWith("azure/")) {
                assertThat(slow.get(unit)).as(unit).isNotEqualTo(sha);
            } else {
                assertThat(slow.get(unit)).as(unit).isEqualTo(sha);
            }
        });
    }

    @Test
    void localZipHasClassesAtRootJarsUnderLibAndTheDescriptor() throws Exception {
        PackageResult r = packager.pack(fx.request(), "local", PackageFormat.LOCAL_ZIP);

        assertThat(r.upToDate()).isFalse();
        assertThat(r.units()).extracting(DeployUnit::name).containsExactly("hello", "nightly", "thumbnail", "worker");
        Path zip = fx.out.resolve("local/hello.zip");
        assertThat(names(zip)).containsExactly("application.properties", "com/example/Hello.class",
                "com/example/Thumbnail.class", "faasport-functions.json", "lib/faasport-runtime-common-0.1.0-SNAPSHOT.jar",
                "lib/faasport-runtime-local-0.1.0-SNAPSHOT.jar", "lib/lib-a-1.0.jar", "lib/lib-b-2.1.jar");
        Map<String, Object> d = Json.parseObject(text(zip, "faasport-functions.json"));
        assertThat(d.get("set")).isEqualTo("hello-set");
        List<?> fns = (List<?>) d.get("functions");
        assertThat(fns).hasSize(1);
        Map<?, ?> f = (Map<?, ?>) fns.get(0);
        assertThat(f.get("name")).isEqualTo("hello");
        assertThat(f.get("shape")).isEqualTo("HTTP");
        assertThat(((Map<?, ?>) f.get("trigger")).get("kind")).isEqualTo("http");
        // the provider sets memory, timeout and environment, so they stay out of the code (a config update)
        assertThat(f.keySet().stream().map(String::valueOf).toList()).doesNotContain("memoryMb", "timeoutSeconds", "environment");
        // the jar is stored byte for byte
        assertThat(bytes(zip, "lib/lib-a-1.0.jar")).isEqualTo(Files.readAllBytes(fx.deps.get(0).file()));

        DeployUnit u = r.units().get(0);
        assertThat(u.artifact().path()).isEqualTo(zip);
        assertThat(u.artifact().sha256()).isEqualTo(sha256(zip));
        assertThat(u.artifact().zippedBytes()).isEqualTo(Files.size(zip));
        long unzipped = 0;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) unzipped += e.getSize();
        }
        assertThat(u.artifact().unzippedBytes()).isEqualTo(unzipped);
        assertThat(u.configHash()).isEqualTo(ConfigHash.of(List.of(u.function()), Map.of()));
    }

    @Test
    void entriesCarryTheFixedTimestampAndUnixPermissions() throws Exception {
        packager.pack(fx.request(), "local", PackageFormat.LOCAL_ZIP);
        Path zip = fx.out.resolve("local/hello.zip");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                assertThat(e.getTimeLocal()).isEqualTo(java.time.LocalDateTime.of(2026, 11, 27, 0, 0, 0));
                assertThat(e.getExtra()).isNull();
            }
        }
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
                Map.of("enablePosixFileAttributes", "true"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fs.getPath("/faasport-functions.json"))))
                    .isEqualTo("rw-r--r--");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fs.getPath("/com/example/Hello.class"))))
                    .isEqualTo("rw-r--r--");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fs.getPath("/com/example/"))))
                    .isEqualTo("rwxr-xr-x");
        }
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.getEntry("com/example/").isDirectory()).isTrue();
            assertThat(z.getEntry("lib/").isDirectory()).isTrue();
        }
    }

    @Test
    void lambdaZipRecordsTheHandlerAndCanShareDependenciesInALayer() throws Exception {
        PackageResult plain = packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP);
        assertThat(names(fx.out.resolve("aws/worker.zip"))).contains("lib/lib-a-1.0.jar",
                "lib/faasport-runtime-aws-0.1.0-SNAPSHOT.jar", "faasport-functions.json", "com/example/Hello.class");
        assertThat(plain.units().get(0).settings()).containsEntry("aws.handler", LambdaZipLayout.HANDLER);
        Map<String, Object> manifest = Json.parseObject(Files.readString(plain.manifest()));
        Map<?, ?> aws = (Map<?, ?>) ((Map<?, ?>) manifest.get("providers")).get("aws");
        Map<?, ?> unit = (Map<?, ?>) ((List<?>) aws.get("units")).get(0);
        assertThat(unit.get("handler")).isEqualTo(LambdaZipLayout.HANDLER);

        fx.sharedLayer = true;
        PackageResult layered = packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP);
        Path layer = fx.out.resolve("aws/hello-set-layer.zip");
        assertThat(names(layer)).containsExactly("java/lib/lib-a-1.0.jar", "java/lib/lib-b-2.1.jar");
        assertThat(names(fx.out.resolve("aws/worker.zip"))).doesNotContain("lib/lib-a-1.0.jar")
                .contains("lib/faasport-runtime-aws-0.1.0-SNAPSHOT.jar", "com/example/Hello.class");
        DeployUnit u = layered.units().get(0);
        assertThat(u.settings()).containsEntry("aws.layer.path", layer.toString())
                .containsEntry("aws.layer.sha256", sha256(layer))
                .containsEntry("aws.layer.unzippedBytes", Long.toString(Files.size(fx.deps.get(0).file())
                        + Files.size(fx.deps.get(1).file())));
        assertThat(layered.written()).contains(layer);
        // the layer is part of each function's configuration (Lambda attaches layers by UpdateFunctionConfiguration),
        // so a dependency-only change, which leaves the function zips alone, still reaches the functions
        assertThat(u.configHash()).isNotEqualTo(plain.units().get(0).configHash());
        Files.write(fx.deps.get(0).file(), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        DeployUnit changed = packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP).units().get(0);
        assertThat(changed.artifact().sha256()).isEqualTo(u.artifact().sha256());
        assertThat(changed.configHash()).isNotEqualTo(u.configHash());
    }

    @Test
    void azureAppHasHostJsonFunctionFoldersAndBindingsFromTheTriggers() throws Exception {
        fx.settings.put("azure.app", "hello-app");
        PackageResult r = packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP);

        assertThat(r.units()).hasSize(1);
        DeployUnit u = r.units().get(0);
        assertThat(u.name()).isEqualTo("hello-app");
        assertThat(u.functions()).hasSize(4);
        Path zip = fx.out.resolve("azure/hello-app.zip");
        assertThat(u.artifact().path()).isEqualTo(zip);
        assertThat(names(zip)).contains("host.json", "hello/function.json", "thumbnail/function.json",
                "worker/function.json", "nightly/function.json", "faasport-app.jar", "lib/faasport-descriptor.jar",
                "lib/lib-a-1.0.jar", "lib/faasport-runtime-azure-0.1.0-SNAPSHOT.jar");

        Map<String, Object> host = Json.parseObject(text(zip, "host.json"));
        assertThat(host.get("version")).isEqualTo("2.0");
        assertThat(((Map<?, ?>) host.get("extensionBundle")).get("id")).isEqualTo("Microsoft.Azure.Functions.ExtensionBundle");
        assertThat(((Map<?, ?>) ((Map<?, ?>) host.get("extensions")).get("queues")).get("batchSize")).isEqualTo(10L);

        Map<String, Object> http = Json.parseObject(text(zip, "hello/function.json"));
        assertThat(http.get("scriptFile")).isEqualTo("../faasport-app.jar");
        assertThat(http.get("entryPoint")).isEqualTo("dev.faasport.runtime.azure.AzureHandlers.http");
        List<?> hb = (List<?>) http.get("bindings");
        assertThat(((Map<?, ?>) hb.get(0)).get("type")).isEqualTo("httpTrigger");
        assertThat(((Map<?, ?>) hb.get(0)).get("authLevel")).isEqualTo("anonymous");
        assertThat(((Map<?, ?>) hb.get(0)).get("methods")).isEqualTo(List.of("get", "post"));
        assertThat(((Map<?, ?>) hb.get(0)).get("name")).isEqualTo("req");
        assertThat(((Map<?, ?>) hb.get(0)).get("dataType")).isEqualTo("binary");
        assertThat(((Map<?, ?>) hb.get(0)).get("route")).isEqualTo("hello/{*path}");
        assertThat(((Map<?, ?>) hb.get(1)).get("type")).isEqualTo("http");
        assertThat(((Map<?, ?>) hb.get(1)).get("name")).isEqualTo("$return");

        Map<?, ?> blob = (Map<?, ?>) ((List<?>) Json.parseObject(text(zip, "thumbnail/function.json")).get("bindings")).get(0);
        assertThat(blob.get("type")).isEqualTo("blobTrigger");
        assertThat(blob.get("path")).isEqualTo("uploads/in/{name}.png");
        assertThat(blob.get("name")).isEqualTo("content");
        assertThat(blob.get("connection")).isEqualTo("AzureWebJobsStorage");
        assertThat(blob.containsKey("source")).isFalse();
        Map<String, Object> queueFn = Json.parseObject(text(zip, "worker/function.json"));
        assertThat(queueFn.get("entryPoint")).isEqualTo("dev.faasport.runtime.azure.AzureHandlers.queue");
        assertThat(((Map<?, ?>) ((List<?>) queueFn.get("bindings")).get(0)).get("queueName")).isEqualTo("jobs");
        Map<?, ?> timer = (Map<?, ?>) ((List<?>) Json.parseObject(text(zip, "nightly/function.json")).get("bindings")).get(0);
        assertThat(timer.get("type")).isEqualTo("timerTrigger");
        assertThat(timer.get("schedule")).isEqualTo("0 0 2 * * *");
        // binding names are the parameter names of AzureHandlers' methods
        assertThat(timer.get("name")).isEqualTo("timerInfo");

        // the descriptor jar holds every function of the app
        Path descJar = tmp.resolve("desc.jar");
        Files.write(descJar, bytes(zip, "lib/faasport-descriptor.jar"));
        Map<String, Object> d = Json.parseObject(text(descJar, "faasport-functions.json"));
        assertThat((List<?>) d.get("functions")).hasSize(4);
        Path appJar = tmp.resolve("app.jar");
        Files.write(appJar, bytes(zip, "faasport-app.jar"));
        assertThat(names(appJar)).contains("com/example/Hello.class", "application.properties");
        assertThat(fx.out.resolve("azure/.work")).doesNotExist();
    }

    @Test
    void azureBlobTriggersUseEventGridOnFlexConsumption() throws Exception {
        fx.settings.put("azure.plan", "Flex Consumption");
        packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP);
        Map<?, ?> blob = (Map<?, ?>) ((List<?>) Json.parseObject(text(fx.out.resolve("azure/hello-set.zip"),
                "thumbnail/function.json")).get("bindings")).get(0);
        assertThat(blob.get("source")).isEqualTo("EventGrid");
    }

    @Test
    void azureRefusesWhatItsTriggersCannotExpress() {
        fx.functions.add(Fixtures.fn("cleanup", new Trigger.Storage("uploads", Set.of(Trigger.StorageEventKind.DELETED), "", "")));
        assertThatThrownBy(() -> packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP))
                .isInstanceOf(PackagingException.class).hasMessageContaining("'cleanup'").hasMessageContaining("perhaps you should");
        fx.functions.remove(fx.functions.size() - 1);
        fx.functions.add(Fixtures.fn("monthEnd", new Trigger.Schedule("cron(0 0 L * ? *)")));
        assertThatThrownBy(() -> packager.pack(fx.request(), "azure", PackageFormat.AZURE_APP_ZIP))
                .isInstanceOf(PackagingException.class).hasMessageContaining("'monthEnd'").hasMessageContaining("NCRONTAB");
    }

    @Test
    void gcfSourceZipHoldsAThinJarAtTheRootWithItsLibsOnTheClassPath() throws Exception {
        PackageResult r = packager.pack(fx.request(), "gcp", PackageFormat.GCF_SOURCE_ZIP);
        Path zip = fx.out.resolve("gcp/thumbnail.zip");
        List<String> names = names(zip);
        assertThat(names.stream().filter(n -> n.endsWith(".jar") && !n.contains("/"))).containsExactly("faasport-app.jar");
        assertThat(names).contains("libs/lib-a-1.0.jar", "libs/faasport-runtime-gcp-0.1.0-SNAPSHOT.jar", "libs/faasport-descriptor.jar");
        Path appJar = tmp.resolve("app.jar");
        Files.write(appJar, bytes(zip, "faasport-app.jar"));
        try (JarInputStream in = new JarInputStream(Files.newInputStream(appJar))) {
            String cp = in.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(cp.split(" ")).contains("libs/lib-a-1.0.jar", "libs/lib-b-2.1.jar",
                    "libs/faasport-runtime-gcp-0.1.0-SNAPSHOT.jar", "libs/faasport-descriptor.jar");
        }
        Map<String, DeployUnit> byName = new java.util.TreeMap<>();
        r.units().forEach(u -> byName.put(u.name(), u));
        assertThat(byName.get("hello").settings()).containsEntry("gcp.entryPoint", GoogleSourceLayout.HTTP_HANDLER);
        assertThat(byName.get("thumbnail").settings()).containsEntry("gcp.entryPoint", GoogleSourceLayout.EVENT_HANDLER);
        Path desc = tmp.resolve("desc.jar");
        Files.write(desc, bytes(zip, "libs/faasport-descriptor.jar"));
        Map<?, ?> only = (Map<?, ?>) ((List<?>) Json.parseObject(text(desc, "faasport-functions.json")).get("functions")).get(0);
        assertThat(only.get("name")).isEqualTo("thumbnail");
        Map<String, Object> manifest = Json.parseObject(Files.readString(r.manifest()));
        List<?> units = (List<?>) ((Map<?, ?>) ((Map<?, ?>) manifest.get("providers")).get("gcp")).get("units");
        assertThat(units).anySatisfy(u -> assertThat(((Map<?, ?>) u).get("entryPoint")).isEqualTo(GoogleSourceLayout.HTTP_HANDLER));
    }

    @Test
    void sameInputsGiveByteIdenticalArchives() throws Exception {
        for (PackageFormat f : List.of(PackageFormat.LOCAL_ZIP, PackageFormat.LAMBDA_ZIP, PackageFormat.AZURE_APP_ZIP,
                PackageFormat.GCF_SOURCE_ZIP)) {
            PackageResult a = packager.pack(fx.request(tmp.resolve("out1")), "p", f);
            // touch every input: mtimes must not leak into the archives
            try (var files = Files.walk(fx.classes)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
                }
            }
            PackageResult b = packager.pack(fx.request(tmp.resolve("out2")), "p", f);
            assertThat(b.upToDate()).isFalse();
            for (int i = 0; i < a.units().size(); i++) {
                Path pa = a.units().get(i).artifact().path();
                Path pb = b.units().get(i).artifact().path();
                assertThat(Files.readAllBytes(pb)).as(f + " " + pa.getFileName()).isEqualTo(Files.readAllBytes(pa));
                assertThat(b.units().get(i).artifact().sha256()).isEqualTo(a.units().get(i).artifact().sha256());
            }
        }
    }

    @Test
    void theMachinesTimeZoneDoesNotLeakIntoTheArchive() throws Exception {
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
            String utc = packager.pack(fx.request(tmp.resolve("tz1")), "azure", PackageFormat.AZURE_APP_ZIP).units().get(0).artifact().sha256();
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Auckland"));
            String nz = packager.pack(fx.request(tmp.resolve("tz2")), "azure", PackageFormat.AZURE_APP_ZIP).units().get(0).artifact().sha256();
            assertThat(nz).isEqualTo(utc);
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @Test
    void aDifferentTimestampOrContentChangesTheArchive() throws Exception {
        String before = packager.pack(fx.request(), "local", PackageFormat.LOCAL_ZIP).units().get(0).artifact().sha256();
        PackageRequest later = new PackageRequest("hello-set", fx.functions, fx.classes, fx.deps, fx.adapters,
                tmp.resolve("later"), Fixtures.TS.plusSeconds(3600), false, fx.settings);
        assertThat(packager.pack(later, "local", PackageFormat.LOCAL_ZIP).units().get(0).artifact().sha256()).isNotEqualTo(before);
        Fixtures.write(fx.classes.resolve("com/example/Hello.class"), "cafebabe hello v2");
        PackageResult r = packager.pack(fx.request(), "local", PackageFormat.LOCAL_ZIP);
        assertThat(r.upToDate()).isFalse();
        assertThat(r.units().get(0).artifact().sha256()).isNotEqualTo(before);
    }

    @Test
    void aSecondRunWithNothingChangedDoesNoWork() throws Exception {
        PackageResult first = packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP);
        Path zip = fx.out.resolve("aws/hello.zip");
        long mtime = Files.getLastModifiedTime(zip).toMillis();
        PackageResult second = packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP);
        assertThat(second.upToDate()).isTrue();
        assertThat(second.written()).isEmpty();
        assertThat(second.units()).isEqualTo(first.units());
        assertThat(Files.getLastModifiedTime(zip).toMillis()).isEqualTo(mtime);

        // a changed function configuration is a change too
        FunctionSpec old = fx.functions.remove(0);
        fx.functions.add(0, new FunctionSpec(old.name(), old.handler(), old.shape(), old.trigger(), 1024,
                old.timeoutSeconds(), old.environment(), 0, 0, null, Map.of()));
        assertThat(packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP).upToDate()).isFalse();
        // a deleted archive is rebuilt
        Files.delete(zip);
        assertThat(packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP).upToDate()).isFalse();
        assertThat(zip).exists();
    }

    @Test
    void aDamagedManifestIsWrittenAgainNotTrusted() throws Exception {
        packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP);
        Path manifest = fx.out.resolve(Packager.MANIFEST);
        String good = Files.readString(manifest);
        for (String damaged : List.of("garbage{", good.substring(0, good.length() / 2), "", "{}",
                "{\"set\": \"" + fx.request().setName() + "\", \"providers\": {}}")) {
            Files.writeString(manifest, damaged);
            assertThat(packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP).upToDate()).as(damaged).isFalse();
            assertThat(Files.readString(manifest)).isEqualTo(good);
        }
    }

    @Test
    void aRemovedFunctionsArchiveIsDeleted() throws Exception {
        packager.pack(fx.request(), "local", PackageFormat.LOCAL_ZIP);
        assertThat(fx.out.resolve("local/worker.zip")).exists();
        fx.functions.removeIf(f -> f.name().equals("worker"));
        packager.pack(fx.request(), "local", PackageFormat.LOCAL_ZIP);
        assertThat(fx.out.resolve("local/worker.zip")).doesNotExist();
        assertThat(fx.out.resolve("local/hello.zip")).exists();
    }

    @Test
    void theManifestRecordsEveryProviderWithHashesSizesJarsAndConfig() throws Exception {
        PackageResult aws = packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP);
        packager.pack(fx.request(), "gcp", PackageFormat.GCF_SOURCE_ZIP);
        Map<String, Object> m = Json.parseObject(Files.readString(fx.out.resolve("manifest.json")));
        Map<?, ?> providers = (Map<?, ?>) m.get("providers");
        assertThat(new ArrayList<Object>(providers.keySet())).containsExactly("aws", "gcp");
        Map<?, ?> unit = (Map<?, ?>) ((List<?>) ((Map<?, ?>) providers.get("aws")).get("units")).get(0);
        Map<?, ?> artifact = (Map<?, ?>) unit.get("artifact");
        DeployUnit u = aws.units().get(0);
        assertThat(artifact.get("sha256")).isEqualTo(u.artifact().sha256());
        assertThat(artifact.get("zippedBytes")).isEqualTo(u.artifact().zippedBytes());
        assertThat(artifact.get("unzippedBytes")).isEqualTo(u.artifact().unzippedBytes());
        assertThat(artifact.get("path")).isEqualTo("aws/hello.zip");
        assertThat((List<?>) artifact.get("jars")).anySatisfy(j -> {
            assertThat(((Map<?, ?>) j).get("coordinates")).isEqualTo("com.example:lib-a:1.0");
            assertThat(((Map<?, ?>) j).get("bytes")).isEqualTo(Files.size(fx.deps.get(0).file()));
        });
        assertThat(unit.get("configHash")).isEqualTo(u.configHash());
        Map<?, ?> fn = (Map<?, ?>) ((List<?>) unit.get("functions")).get(0);
        assertThat(fn.get("memoryMb")).isEqualTo(512L);
        assertThat(fn.get("environment")).isEqualTo(Map.of("GREETING", "hi"));
    }

    @Test
    void otherProvidersSettingsDoNotChangeTheConfigHash() throws Exception {
        String before = packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP).units().get(0).configHash();
        fx.settings.put("azure.plan", "premium");
        assertThat(packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP).units().get(0).configHash()).isEqualTo(before);
        fx.settings.put("aws.architecture", "arm64");
        assertThat(packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP).units().get(0).configHash()).isNotEqualTo(before);
    }

    @Test
    void anAdapterAlsoDeclaredAsDependencyIsPackagedOnce() throws Exception {
        Path api = Fixtures.jar(tmp.resolve("m2/faasport-runtime-api-0.1.0-SNAPSHOT.jar"), "dev/faasport/api/X.class", "api");
        fx.deps.add(new Dependency("dev.faasport:faasport-runtime-api:0.1.0-SNAPSHOT", api));
        fx.adapters.put(PackageFormat.LOCAL_ZIP, List.of(fx.adapters.get(PackageFormat.LOCAL_ZIP).get(0), api));
        packager.pack(fx.request(), "local", PackageFormat.LOCAL_ZIP);
        assertThat(names(fx.out.resolve("local/hello.zip")).stream().filter(n -> n.contains("runtime-api"))).hasSize(1);
    }

    @Test
    void requestsThatCannotBePackagedAreRefusedClearly() {
        fx.functions.clear();
        assertThatThrownBy(() -> packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP))
                .hasMessageContaining("no functions").hasMessageContaining("perhaps you should");
        fx.functions.add(Fixtures.fn("../evil", new Trigger.Http(List.of(), true)));
        assertThatThrownBy(() -> packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP))
                .hasMessageContaining("'../evil'");
        fx.functions.clear();
        fx.functions.add(Fixtures.fn("Hello", new Trigger.Http(List.of(), true)));
        fx.functions.add(Fixtures.fn("hello", new Trigger.Http(List.of(), true)));
        assertThatThrownBy(() -> packager.pack(fx.request(), "aws", PackageFormat.LAMBDA_ZIP))
                .hasMessageContaining("appears twice");
        // images need a registry to push to: the error names the setting to add
        fx.functions.remove(0);
        assertThatThrownBy(() -> packager.pack(fx.request(), "knative", PackageFormat.OCI_IMAGE))
                .hasMessageContaining("Function 'hello'").hasMessageContaining("no image registry is configured")
                .hasMessageContaining("perhaps you should set <image.registry>");
    }
}
