package dev.faasport.runtime.nativeazure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Microsoft's Azurite blob and queue emulators (installed by npm ci in providers/azure/src/test/azurite), on free
 * ports of 127.0.0.1; it checks Shared Key signatures as Azure Storage does.
 */
final class Azurite implements AutoCloseable {

    /** Azurite's documented development account ("Use the Azurite emulator"); its key is public, for emulators only. */
    static final String ACCOUNT = "devstoreaccount1";
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final List<Process> processes = new ArrayList<>();
    private final Path workspace;
    final int blobPort;
    final int queuePort;

    Azurite() throws IOException, InterruptedException {
        Path dir = locate();
        workspace = Files.createTempDirectory("faasport-azurite");
        blobPort = freePort();
        queuePort = freePort();
        start(dir, "azurite-blob", "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(blobPort));
        start(dir, "azurite-queue", "--queueHost", "127.0.0.1", "--queuePort", Integer.toString(queuePort));
        await(blobPort);
        await(queuePort);
    }

    /** @return an account-key connection string with Azurite's endpoints, as an app setting would hold it */
    String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint=http://127.0.0.1:"
                + blobPort + "/" + ACCOUNT + ";QueueEndpoint=http://127.0.0.1:" + queuePort + "/" + ACCOUNT + ";";
    }

    private void start(Path dir, String bin, String... args) throws IOException {
        Path exe = dir.resolve("node_modules/.bin/" + bin);
        if (!Files.isExecutable(exe)) {
            throw new IllegalStateException("Azurite is not installed at " + exe + ", perhaps you should run `npm ci` in " + dir);
        }
        List<String> cmd = new ArrayList<>(List.of(exe.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--silent", "--loose", "--skipApiVersionCheck", "--disableTelemetry", "--location",
                workspace.resolve(bin).toString()));
        processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(workspace.resolve(bin + ".log").toFile()).start());
    }

    private static Path locate() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("providers/azure/src/test/azurite");
            if (Files.isDirectory(candidate.resolve("node_modules"))) return candidate;
        }
        throw new IllegalStateException("no providers/azure/src/test/azurite/node_modules above " + Path.of("").toAbsolutePath()
                + ", perhaps you should run `npm ci` in providers/azure/src/test/azurite");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private void await(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("Azurite did not start on port " + port);
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
