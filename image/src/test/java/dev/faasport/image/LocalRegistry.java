package dev.faasport.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real OCI registry (Debian's {@code docker-registry}, the CNCF distribution registry) on 127.0.0.1 and an
 * ephemeral port, for tests. Stopped by {@link #close()}.
 */
public final class LocalRegistry implements AutoCloseable {

    public static final String MANIFEST_ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a registry storing into {@code dir}; fails (does not skip) when the binary is missing. */
    public static LocalRegistry start(Path dir) throws Exception {
        String binary = findBinary();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Path storage = Files.createDirectories(dir.resolve("storage-" + attempt));
            Path config = dir.resolve("config-" + attempt + ".yml");
            Files.writeString(config, String.join("\n",
                    "version: 0.1",
                    "log:",
                    "  level: error",
                    "storage:",
                    "  filesystem:",
                    "    rootdirectory: " + storage,
                    "  delete:",
                    "    enabled: true",
                    "http:",
                    "  addr: 127.0.0.1:" + port,
                    ""));
            Process process = new ProcessBuilder(binary, "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("registry-" + attempt + ".log").toFile())
                    .start();
            LocalRegistry registry = new LocalRegistry(process, port, dir.resolve("registry-" + attempt + ".log"));
            if (registry.awaitReady(Duration.ofSeconds(15))) {
                return registry;
            }
            registry.close();
            last = new IOException("docker-registry did not answer on port " + port + ": "
                    + Files.readString(dir.resolve("registry-" + attempt + ".log")));
        }
        throw last;
    }

    private static String findBinary() {
        String configured = System.getenv("DOCKER_REGISTRY_BIN");
        List<String> candidates = configured != null ? List.of(configured)
                : List.of("/usr/bin/docker-registry", "/usr/local/bin/docker-registry");
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String path = System.getenv("PATH");
        if (path != null && configured == null) {
            for (String dir : path.split(":")) {
                if (Files.isExecutable(Path.of(dir, "docker-registry"))) {
                    return Path.of(dir, "docker-registry").toString();
                }
            }
        }
        return fail("The docker-registry binary was not found, perhaps you should install it: "
                + "apt-get install -y docker-registry (Debian package docker-registry, the CNCF distribution registry)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v2/")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** @return {@code 127.0.0.1:port} */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public URI uri(String path) {
        return URI.create("http://" + host() + path);
    }

    /**
     * Pushes the tests' base image: one marker file under {@code /etc} on scratch, for linux/amd64 and linux/arm64,
     * with entry point {@code /bin/sh} and CMD {@code jshell} as a JRE image might have, and no JDK. Tests push it
     * first so that nothing is pulled from the internet.
     *
     * @param repositoryAndTag e.g. {@code test/base:1}
     * @param workDir          where the marker file and Jib's cache go
     * @return the pushed reference, {@code 127.0.0.1:<port>/<repositoryAndTag>}
     */
    public String pushBaseImage(String repositoryAndTag, Path workDir) throws Exception {
        Path marker = Files.writeString(Files.createDirectories(workDir).resolve("base-marker.txt"),
                "faasport test base image\n");
        String base = host() + "/" + repositoryAndTag;
        new ImageBuilder().build(new ImageRequest("scratch", base, List.of(Layer.files("base", List.of(marker), "/etc")),
                List.of("/bin/sh"), List.of("jshell"), java.util.Map.of(), List.of("linux/amd64", "linux/arm64"), true,
                null, workDir.resolve("jib-cache")));
        return base;
    }

    /** GET /v2/NAME/manifests/REF with the OCI and Docker accept headers. */
    public Manifest manifest(String name, String reference) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/v2/" + name + "/manifests/" + reference))
                .header("Accept", MANIFEST_ACCEPT).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET manifest " + name + ":" + reference + " answered " + r.statusCode());
        }
        return new Manifest(r.headers().firstValue("Content-Type").orElse(""),
                r.headers().firstValue("Docker-Content-Digest").orElse(""), JSON.readTree(r.body()));
    }

    /** GET /v2/NAME/blobs/DIGEST */
    public byte[] blob(String name, String digest) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/v2/" + name + "/blobs/" + digest)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET blob " + name + "@" + digest + " answered " + r.statusCode());
        }
        return r.body();
    }

    public JsonNode json(String name, String digest) throws Exception {
        return JSON.readTree(blob(name, digest));
    }

    /** @return the repositories the registry holds */
    public List<String> catalog() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/v2/_catalog")).build(), HttpResponse.BodyHandlers.ofByteArray());
        List<String> names = new ArrayList<>();
        JSON.readTree(r.body()).path("repositories").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** @return how many requests the registry has served so far, from its access log (written even at level error) */
    public long requestCount() throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.matches(".*\"[A-Z]+ /v2/.*")).count();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** A manifest as the registry served it. */
    public record Manifest(String mediaType, String digest, JsonNode json) {
    }
}
