package dev.faasport.provider.azure.testing;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.common.StorageSharedKeyCredential;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts Azurite's blob service (from the install {@link #locate()} finds) on 127.0.0.1 and a free port, in a temporary
 * workspace, and stops it (by its own process handle) on close. Fails, never skips, when Azurite is not installed.
 */
public final class AzuriteProcess implements AutoCloseable {
    public static final String ACCOUNT = "devstoreaccount1";
    private final Process process;
    private final Path workspace;
    private final int port;

    /** The system property (or, as FAASPORT_AZURITE_DIR, environment variable) naming the directory Azurite is installed in. */
    public static final String DIR_PROPERTY = "faasport.azurite.dir";

    /** Starts Azurite from {@link #locate()}: usable from this module's tests and from modules that use its test-jar. */
    public AzuriteProcess() throws IOException, InterruptedException {
        this(locate());
    }

    /** @param dir the directory whose node_modules/.bin holds azurite-blob (npm ci there installs it) */
    public AzuriteProcess(Path dir) throws IOException, InterruptedException {
        dir = dir.toAbsolutePath().normalize();
        Path bin = dir.resolve("node_modules/.bin/azurite-blob");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("Azurite is not installed at " + bin + ", perhaps you should run `npm ci` (or "
                    + "`npm install`) in " + dir);
        }
        workspace = Files.createTempDirectory("faasport-azurite");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        process = new ProcessBuilder(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
                "--silent", "--loose", "--skipApiVersionCheck", "--disableTelemetry", "--location", workspace.toString())
                .redirectErrorStream(true)
                .redirectOutput(workspace.resolve("azurite.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = Files.exists(workspace.resolve("azurite.log")) ? Files.readString(workspace.resolve("azurite.log")) : "";
                    close();
                    throw new IllegalStateException("Azurite did not start on port " + port + ": " + log);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Where Azurite is installed: -Dfaasport.azurite.dir, else FAASPORT_AZURITE_DIR, else the nearest
     * providers/azure/src/test/azurite from the working directory up (this module's own src/test/azurite first), so
     * other modules of the reactor (benchmarks, migration tests) find the same install.
     */
    public static Path locate() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("FAASPORT_AZURITE_DIR");
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path own = cwd.resolve("src/test/azurite");
        if (Files.isDirectory(own.resolve("node_modules"))) {
            return own;
        }
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path candidate = p.resolve("providers/azure/src/test/azurite");
            if (Files.isDirectory(candidate.resolve("node_modules"))) {
                return candidate;
            }
        }
        return own;
    }

    /** @return the blob endpoint including the account, as azure.storageEndpoint takes it */
    public String blobEndpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /**
     * @return blob name to ETag in a container of the emulator's account (empty when the container does not exist):
     *         a new or changed ETag between two snapshots is an upload, which is how tests and benchmarks count them
     */
    public Map<String, String> blobs(String container) {
        BlobContainerClient c = new BlobServiceClientBuilder().endpoint(blobEndpoint())
                .credential(new StorageSharedKeyCredential(ACCOUNT, ArmTestServer.AZURITE_KEY))
                .buildClient().getBlobContainerClient(container);
        Map<String, String> out = new TreeMap<>();
        if (c.exists()) {
            for (BlobItem b : c.listBlobs()) {
                out.put(b.getName(), b.getProperties().getETag());
            }
        }
        return out;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(workspace)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
