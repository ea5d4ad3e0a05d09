package dev.faasport.provider.aws;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The third-party S3 emulator s3rver (npm, MIT), installed once into target/test-support and started on 127.0.0.1 with
 * an ephemeral port for one test class; stopped by {@link #close()} through its own process handle.
 */
final class S3rverEmulator implements AutoCloseable {

    private static final String VERSION = "3.7.1";
    private static final Pattern LISTENING = Pattern.compile("listening on [0-9.]+:(\\d+)");

    private final Process process;
    private final URI endpoint;

    private S3rverEmulator(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static S3rverEmulator start(Path dataDir) throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed for the s3rver emulator");
        Path support = Path.of("target", "test-support").toAbsolutePath();
        Path script = support.resolve("node_modules/s3rver/bin/s3rver.js");
        if (!Files.exists(script)) {
            Files.createDirectories(support);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix",
                    support.toString(), "s3rver@" + VERSION).redirectErrorStream(true)
                    .redirectOutput(support.resolve("npm-install.log").toFile()).start();
            if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0 || !Files.exists(script)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm install s3rver@" + VERSION + " failed, see " + support
                        + "/npm-install.log");
            }
        }
        Files.createDirectories(dataDir);
        Process p = new ProcessBuilder("node", script.toString(), "--address", "127.0.0.1", "--port", "0",
                "--directory", dataDir.toString()).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("s3rver exited before listening"));
        }, "s3rver-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new S3rverEmulator(p, URI.create("http://127.0.0.1:" + port.get(30, TimeUnit.SECONDS)));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    URI endpoint() {
        return endpoint;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
