package dev.faasport.local;

import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.RuntimeHost;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The local provider: a small FaaS on 127.0.0.1 ({@link LocalRuntime}) that runs every function in its own worker
 * JVMs. {@link #open} finds the runtime of {@code local.home} or starts it as a background daemon that outlives the
 * build. Properties: {@code local.port} (default 8765), {@code local.home} (default {@code ~/.faasport/local}),
 * {@code local.idleSeconds} (default 300), and the limits of {@link #options}: {@code local.maxObjectMb} (100),
 * {@code local.maxMessageKb} (256), {@code local.retryBaseMillis} (1000), {@code local.eventConcurrency} (4).
 */
public final class LocalProvider implements Provider, RuntimeHost, dev.faasport.spi.SecretWriter {

    /** The provider id. */
    public static final String ID = "local";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Local runtime";
    }

    /** What this provider's properties read; any other local.* key is refused as a misspelling. */
    @Override
    public java.util.Set<String> knownProperties() {
        return java.util.Set.of("local.eventConcurrency", "local.home", "local.idleSeconds", "local.maxMessageKb",
                "local.maxObjectMb", "local.port", "local.retryBaseMillis");
    }

    @Override
    public java.util.Optional<String> secretStore(String secret) {
        return java.util.Optional.of("the local secrets file (" + LocalSecrets.FILE + " under local.home): "
                + LocalSecrets.addCommand(LocalRuntime.defaultHome(), secret));
    }

    @Override
    public String putSecret(ProviderConfig config, String name, byte[] value) throws ProviderException {
        Path home = home(config.properties());
        try {
            LocalSecrets.put(home, name, new String(value, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ProviderException.permanent("Could not store secret '" + name + "' in " + LocalSecrets.file(home)
                    + ": " + e.getMessage(), "check that " + home + " is writable by you");
        }
        return LocalSecrets.file(home).toString();
    }

    @Override
    public PackageFormat packageFormat() {
        return PackageFormat.LOCAL_ZIP;
    }

    @Override
    public UnitGrouping grouping() {
        return UnitGrouping.PER_FUNCTION;
    }

    @Override
    public ProviderSession open(ProviderConfig config) throws ProviderException {
        Path home = home(config.properties());
        int port = port(config.properties());
        int idle = idleSeconds(config.properties());
        ProviderConfig.Log log = config.log() == null ? ProviderConfig.Log.silent() : config.log();
        boolean portGiven = config.property("local.port").isPresent();
        // the runtime starts when a call needs it (deploy, invoke, logs...), not for faas:plan or faas:info,
        // which only read and must not leave a background process behind
        return new LocalSession(config, () -> Daemon.ensureRunning(home, port, portGiven, idle, options(config.properties()), log),
                home, port);
    }

    @Override
    public boolean stopRuntime(ProviderConfig config) throws ProviderException {
        return stopDaemon(config.properties());
    }

    @Override
    public boolean runtimeRunning(ProviderConfig config) {
        return runningDaemon(config.properties()).isPresent();
    }

    @Override
    public java.net.URI dashboardLogin(ProviderConfig config) throws ProviderException {
        Path home = home(config.properties());
        try {
            java.util.Optional<DaemonClient> client = Daemon.find(home);
            if (client.isEmpty()) {
                throw ProviderException.permanent("No local runtime runs for " + home,
                        "start it with mvn faas:deploy (or faas:run in another terminal)");
            }
            return client.get().dashboardLogin();
        } catch (IOException e) {
            throw ProviderException.permanent("The local runtime of " + home + " gave no dashboard login: " + e.getMessage(),
                    "restart it with mvn faas:stop then faas:deploy");
        }
    }

    @Override
    public Upload upload(ProviderConfig config, String bucket, String key, Path file) throws ProviderException {
        Path home = home(config.properties());
        java.util.Optional<DaemonClient> client;
        try {
            client = Daemon.find(home);
        } catch (IOException e) {
            client = java.util.Optional.empty();
        }
        if (client.isEmpty()) {
            throw ProviderException.permanent("No local runtime runs for " + home + " (no port in "
                    + home.resolve("daemon.json") + ")", "start it with mvn faas:deploy or faas:run");
        }
        try {
            Map<String, Object> m = client.get().upload(bucket, key, file);
            return new Upload(bucket, key, m.get("size") instanceof Number n ? n.longValue() : -1,
                    String.valueOf(m.get("etag")), m.get("triggered") instanceof Number t ? t.intValue() : 0);
        } catch (DaemonClient.ControlException e) {
            throw ProviderException.permanent("Uploading " + file + " to bucket '" + bucket + "' failed with HTTP "
                    + e.status + ": " + e.getMessage(), "check the bucket name and the key");
        } catch (IOException e) {
            throw ProviderException.permanent("Uploading " + file + " to bucket '" + bucket + "' failed (" + e + ")",
                    "start the local runtime with faas:deploy or faas:run");
        }
    }

    @Override
    public void runInForeground(ProviderConfig config) throws ProviderException {
        runForeground(config.properties(), config.log() == null ? ProviderConfig.Log.silent() : config.log());
    }

    /**
     * Stops the local runtime of {@code local.home} ({@code faas:stop}).
     *
     * @return whether a runtime was running
     */
    public static boolean stopDaemon(Map<String, String> properties) throws ProviderException {
        try {
            return Daemon.stop(home(properties));
        } catch (IOException e) {
            throw ProviderException.permanent("Could not stop the local runtime: " + e.getMessage(),
                    "end its process (pid in " + home(properties).resolve("daemon.json") + ")");
        }
    }

    /**
     * Runs the local runtime in this JVM until it is shut down ({@code faas:run}): Ctrl-C, or {@code faas:stop} from
     * another terminal.
     *
     * @throws ProviderException when a runtime already runs for this home or the port is taken
     */
    public static void runForeground(Map<String, String> properties, ProviderConfig.Log log) throws ProviderException {
        Path home = home(properties);
        try {
            if (Daemon.find(home).isPresent()) {
                throw ProviderException.permanent("A local runtime already runs for " + home,
                        "stop it first with mvn faas:stop, or use another local.home");
            }
            LocalRuntime runtime = LocalRuntime.start(port(properties), home, idleSeconds(properties), options(properties));
            Thread hook = new Thread(runtime::close, "faasport-local-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            log.info("Local runtime listening on " + runtime.baseUri() + " (home " + home + "); Ctrl-C stops it");
            runtime.awaitShutdown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting
            }
        } catch (LocalRuntime.PortInUseException e) {
            throw ProviderException.permanent(e.getMessage(), "choose another port with -Dfaas.local.port=<port>");
        } catch (IOException e) {
            throw ProviderException.permanent("Could not run the local runtime: " + e.getMessage(),
                    "check that " + home + " is writable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return the base URL of the local runtime of {@code local.home} when one runs and answers ({@code faas:info})
     */
    public static java.util.Optional<java.net.URI> runningDaemon(Map<String, String> properties) {
        try {
            return Daemon.find(home(properties)).map(c -> c.base);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** @return the home directory from {@code local.home}, else {@code ~/.faasport/local} */
    public static Path home(Map<String, String> properties) {
        String h = properties.get("local.home");
        return h == null || h.isBlank() ? LocalRuntime.defaultHome() : Path.of(h.trim()).toAbsolutePath();
    }

    static int port(Map<String, String> properties) throws ProviderException {
        return intProperty(properties, "local.port", LocalRuntime.DEFAULT_PORT, 0, 65535);
    }

    /**
     * @return the runtime's limits from {@code local.maxObjectMb}, {@code local.maxMessageKb},
     *         {@code local.retryBaseMillis} and {@code local.eventConcurrency}; used when the provider starts it
     */
    static RuntimeOptions options(Map<String, String> p) throws ProviderException {
        RuntimeOptions d = RuntimeOptions.defaults();
        return new RuntimeOptions(
                intProperty(p, "local.maxObjectMb", (int) (d.maxObjectBytes() >> 20), 1, 1 << 20) * (1L << 20),
                intProperty(p, "local.maxMessageKb", d.maxMessageBytes() >> 10, 1, 32 << 10) << 10,
                intProperty(p, "local.retryBaseMillis", (int) d.retryBaseMillis(), 1, 3_600_000),
                intProperty(p, "local.eventConcurrency", d.eventConcurrency(), 1, 1000));
    }

    static int idleSeconds(Map<String, String> properties) throws ProviderException {
        return intProperty(properties, "local.idleSeconds", LocalRuntime.DEFAULT_IDLE_SECONDS, 1, Integer.MAX_VALUE);
    }

    private static int intProperty(Map<String, String> p, String key, int fallback, int min, int max) throws ProviderException {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw ProviderException.permanent("Provider property " + key + " is '" + v + "', not a number from " + min
                    + " to " + max, "set -Dfaas." + key + "=<number>");
        }
    }
}
