import dev.faasport.image.FunctionImages;
import dev.faasport.image.ImageBuilder;
import dev.faasport.image.ImageRequest;
import dev.faasport.image.ImageResult;
import dev.faasport.image.Layer;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Image build + push benchmark (issue 10): one function image (2 platforms, generic HTTP layout) pushed to a local
 * docker-registry, full build into a fresh repository (no layer reuse) against a rebuild after a code-only change and
 * a rebuild with nothing changed, in the same run. Args: workdir, dependency classpath file, classes directory.
 */
public class ImageBench {
    static final int RUNS = 5;

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        List<Path> deps = Arrays.stream(Files.readString(Path.of(args[1])).trim().split(":"))
                .map(Path::of).filter(p -> p.toString().endsWith(".jar")).toList();
        Path userClasses = Path.of(args[2]);
        long depBytes = 0;
        for (Path d : deps) {
            depBytes += Files.size(d);
        }
        Process registry = startRegistry(work);
        try {
            int port = Integer.parseInt(Files.readString(work.resolve("port")).trim());
            String host = "127.0.0.1:" + port;
            ImageBuilder builder = new ImageBuilder();
            // a base image with a 16 MB layer (random bytes, so it does not compress), for both platforms
            Path baseFile = work.resolve("base.bin");
            byte[] noise = new byte[16 * 1024 * 1024];
            new Random(42).nextBytes(noise);
            Files.write(baseFile, noise);
            String base = host + "/bench/base:1";
            builder.build(new ImageRequest("scratch", base, List.of(Layer.files("base", List.of(baseFile), "/opt")),
                    null, null, Map.of(), List.of("linux/amd64", "linux/arm64"), true, null, work.resolve("cache-base")));

            Path classes = work.resolve("classes");
            copyTree(userClasses, classes);
            Path changed = classes.resolve("bench/Changed.class");
            Files.createDirectories(changed.getParent());
            Files.writeString(changed, "v0");
            Path runtimeJar = work.resolve("faasport-runtime.jar");
            Files.write(runtimeJar, Arrays.copyOf(noise, 300_000));
            Path descriptor = Files.writeString(work.resolve("faasport-functions.json"),
                    "{\"set\":\"bench\",\"functions\":[{\"name\":\"hello\",\"handler\":\"bench.Hello\",\"shape\":\"HTTP\"}]}");
            FunctionImages.FunctionContent content = new FunctionImages.FunctionContent("hello", deps, List.of(runtimeJar),
                    classes, descriptor);
            List<String> platforms = List.of("linux/amd64", "linux/arm64");

            System.out.printf("dependencies: %d jars, %.1f MB; classes: %s; platforms: %s%n", deps.size(), depBytes / 1e6,
                    userClasses, platforms);
            // warm-up (JIT, HTTP connections), not measured
            builder.build(FunctionImages.http(content, base, host + "/bench/warmup:1", FunctionImages.javaEntrypoint("x.Main"),
                    null, Map.of(), platforms, true).withCacheDirectory(work.resolve("cache-warmup")));

            long[] fullCold = new long[RUNS];
            long[] fullWarm = new long[RUNS];
            long[] codeOnly = new long[RUNS];
            long[] unchanged = new long[RUNS];
            ImageResult lastFull = null;
            ImageResult lastWarm = null;
            ImageResult lastCode = null;
            ImageResult lastSame = null;
            Path warmCache = work.resolve("cache-warm");
            for (int i = 0; i < RUNS; i++) {
                ImageRequest fresh = FunctionImages.http(content, base, host + "/bench/full-cold-" + i + ":1",
                        FunctionImages.javaEntrypoint("x.Main"), null, Map.of(), platforms, true)
                        .withCacheDirectory(work.resolve("cache-cold-" + i));
                long t0 = System.nanoTime();
                lastFull = builder.build(fresh);
                fullCold[i] = System.nanoTime() - t0;

                ImageRequest warm = fresh.withTargetImage(host + "/bench/full-warm-" + i + ":1").withCacheDirectory(warmCache);
                t0 = System.nanoTime();
                lastWarm = builder.build(warm);
                fullWarm[i] = System.nanoTime() - t0;

                ImageRequest incremental = fresh.withTargetImage(host + "/bench/incremental:latest").withCacheDirectory(warmCache);
                if (i == 0) {
                    builder.build(incremental);
                }
                Files.writeString(changed, "v" + (i + 1));
                t0 = System.nanoTime();
                lastCode = builder.build(incremental);
                codeOnly[i] = System.nanoTime() - t0;

                t0 = System.nanoTime();
                lastSame = builder.build(incremental);
                unchanged[i] = System.nanoTime() - t0;
            }
            System.out.println();
            System.out.println("| build + push (2 platforms) | median ms | min ms | layers uploaded / reused |");
            System.out.println("|---|---|---|---|");
            row("full, fresh repository, cold local cache (no reuse)", fullCold, lastFull);
            row("full, fresh repository, warm local cache", fullWarm, lastWarm);
            row("after a code-only change (same repository)", codeOnly, lastCode);
            row("nothing changed", unchanged, lastSame);
            System.out.printf("%nimage size (compressed, largest platform): %.1f MB; application files: %.1f MB%n",
                    lastFull.totalBytes() / 1e6, lastFull.applicationUncompressedBytes() / 1e6);
            System.out.printf("speed-up of a code-only change over a full rebuild (medians): %.1fx%n",
                    (double) median(fullCold) / median(codeOnly));
        } finally {
            registry.destroy();
            registry.waitFor();
        }
    }

    static void row(String name, long[] nanos, ImageResult r) {
        System.out.printf("| %s | %d | %d | %d / %d |%n", name, median(nanos) / 1_000_000, Arrays.stream(nanos).min().getAsLong() / 1_000_000,
                r.pushedLayers(), r.reusedLayers());
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static Process startRegistry(Path work) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(work.resolve("port"), Integer.toString(port));
        Path config = work.resolve("registry.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: "
                + Files.createDirectories(work.resolve("registry")) + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        Process p = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("registry.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 200; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return p;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroy();
        throw new IllegalStateException("docker-registry did not start, see " + work.resolve("registry.log"));
    }
}
