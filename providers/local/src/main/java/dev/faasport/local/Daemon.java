package dev.faasport.local;

import dev.faasport.api.HttpFunction;
import dev.faasport.runtime.Invoker;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.local.Wire;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;

import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds the local runtime of a home directory, or starts it as a detached background process. */
final class Daemon {

    private Daemon() {
    }

    /** @return a client of the runtime recorded in home's daemon file, when its process is alive and answers */
    static Optional<DaemonClient> find(Path home) throws IOException {
        Store store = new Store(home);
        if (!Files.exists(store.daemonFile()) || !Files.exists(store.tokenFile())) {
            return Optional.empty();
        }
        Map<String, Object> d;
        try {
            d = Json.parseObject(Files.readString(store.daemonFile()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (!(d.get("pid") instanceof Number pid) || !(d.get("port") instanceof Number port)) {
            return Optional.empty();
        }
        if (!ProcessHandle.of(pid.longValue()).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.empty();
        }
        DaemonClient client = new DaemonClient(port.intValue(), Store.readOrCreateToken(store.home));
        return client.ping() ? Optional.of(client) : Optional.empty();
    }

    /**
     * Returns a client of the running runtime, starting one when none runs.
     *
     * @throws ProviderException when the port is taken by another program or the runtime does not come up
     */
    static DaemonClient ensureRunning(Path home, int port, boolean portGiven, int idleSeconds, ProviderConfig.Log log)
            throws ProviderException {
        return ensureRunning(home, port, portGiven, idleSeconds, RuntimeOptions.defaults(), log);
    }

    /** As above, starting a runtime with the given limits and event settings. */
    static DaemonClient ensureRunning(Path home, int port, boolean portGiven, int idleSeconds, RuntimeOptions options,
                                      ProviderConfig.Log log) throws ProviderException {
        try {
            Optional<DaemonClient> running = find(home);
            if (running.isPresent()) {
                if (portGiven && port != 0 && running.get().port != port) {
                    log.warn("The local runtime of " + home + " already runs on port " + running.get().port
                            + ", not " + port + "; using it (stop it with faas:stop to change the port)");
                }
                return running.get();
            }
            Store store = new Store(home);
            if (port != 0) {
                Optional<DaemonClient> repaired = repair(store, port);
                if (repaired.isPresent()) {
                    log.warn("Repaired " + store.daemonFile() + " from the local runtime that runs on port " + port);
                    return repaired.get();
                }
            }
            Store.readOrCreateToken(store.home);
            if (port != 0) {
                checkPortFree(port);
            }
            Process p = spawn(store, port, idleSeconds, options);
            log.info("Started the local runtime (pid " + p.pid() + ", home " + store.home + ")");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                Optional<DaemonClient> up = find(home);
                if (up.isPresent() && (port == 0 || up.get().port == port)) {
                    return up.get();
                }
                if (!p.isAlive()) {
                    throw ProviderException.permanent("The local runtime did not start (exit status " + p.exitValue()
                            + "): " + String.join(" | ", Store.tail(store.daemonLog(), 5)),
                            "read " + store.daemonLog() + " and fix the cause, or choose another port with -Dfaas.local.port=<port>");
                }
                Thread.sleep(25);
            }
            p.destroyForcibly();
            throw new ProviderException("The local runtime did not answer within 30 s", "read " + store.daemonLog(),
                    true, null, null);
        } catch (IOException e) {
            throw new ProviderException("Cannot start the local runtime in " + home + ": " + e.getMessage(),
                    "check that the directory is writable", false, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Interrupted while starting the local runtime", null, false, null, e);
        }
    }

    /**
     * The daemon file was unreadable or gone, or the token changed, while a runtime may still serve this home on the
     * port: asks it. One that accepts the home's token gets its daemon file written anew; one that refuses it is a
     * Faasport runtime whose token file was deleted or replaced, which is said as such, not as "another program".
     *
     * @return a client of the runtime on the port when it is this home's
     */
    private static Optional<DaemonClient> repair(Store store, int port) throws IOException, ProviderException {
        if (!Files.exists(store.tokenFile())) {
            if (DaemonClient.answersAsRuntime(port)) {
                throw tokenLost(store, port);
            }
            return Optional.empty();
        }
        DaemonClient client = new DaemonClient(port, Store.readOrCreateToken(store.home));
        Map<String, Object> ping;
        try {
            ping = client.pingInfo();
        } catch (DaemonClient.ControlException e) {
            if (e.status == 401) {
                throw tokenLost(store, port);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // nothing, or not a Faasport runtime, listens there
        }
        if (!(ping.get("pid") instanceof Number pid) || !(ping.get("port") instanceof Number p) || p.intValue() != port) {
            return Optional.empty();
        }
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("pid", pid.longValue());
        d.put("port", port);
        d.put("home", store.home.toString());
        Store.writeAtomically(store.daemonFile(), Json.writePretty(d));
        return Optional.of(client);
    }

    private static ProviderException tokenLost(Store store, int port) {
        return ProviderException.permanent("A Faasport local runtime runs on 127.0.0.1:" + port + " but does not accept "
                + "the token in " + store.tokenFile() + " (the file was deleted or replaced while it ran)",
                "end that runtime's process (pkill -f " + LocalRuntime.class.getName() + ") and deploy again: its "
                        + "functions are kept in " + store.home.resolve("functions") + " and come back when it starts");
    }

    /** @throws ProviderException naming the port and the fix when another program listens on it */
    static void checkPortFree(int port) throws ProviderException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            throw ProviderException.permanent("The local runtime cannot listen on 127.0.0.1:" + port
                    + " because another program uses that port",
                    "stop that program or choose another port with -Dfaas.local.port=<port> (provider property local.port)");
        } catch (IOException e) {
            throw ProviderException.permanent("Cannot check port " + port + ": " + e.getMessage(),
                    "choose another port with -Dfaas.local.port=<port>");
        }
    }

    /** Starts the runtime detached: own session, no inherited stdio, output appended to home/daemon.log. */
    private static Process spawn(Store store, int port, int idleSeconds, RuntimeOptions options) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            // a new session: no SIGHUP from the terminal that ran Maven
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        cmd.add("-Dsun.net.httpserver.nodelay=true");
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(LocalRuntime.class.getName());
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        cmd.add("--home");
        cmd.add(store.home.toString());
        cmd.add("--idle-seconds");
        cmd.add(Integer.toString(idleSeconds));
        cmd.addAll(options.args());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(store.home.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(store.daemonLog().toFile()));
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /** @return the jars (or class directories) of this provider and the modules the runtime needs */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(LocalRuntime.class, Provider.class, Json.class, Invoker.class, HttpFunction.class, Wire.class,
                dev.faasport.cost.CostCalculator.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("Cannot locate the jar of " + c.getName()
                        + ", perhaps you should run Faasport from its Maven plugin", e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Stops the runtime of a home directory. @return whether one was running */
    static boolean stop(Path home) throws IOException {
        Optional<DaemonClient> running = find(home);
        if (running.isEmpty()) {
            return false;
        }
        Map<String, Object> d = Json.parseObject(Files.readString(new Store(home).daemonFile()));
        long pid = ((Number) d.get("pid")).longValue();
        running.get().shutdown();
        long deadline = System.nanoTime() + 10_000_000_000L;
        Optional<ProcessHandle> ph = ProcessHandle.of(pid);
        // a runtime in this very JVM (faas:run in-process) cannot be awaited through its process handle
        while (System.nanoTime() < deadline) {
            boolean down = pid == ProcessHandle.current().pid() ? !running.get().ping()
                    : ph.map(h -> !h.isAlive()).orElse(true);
            if (down) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        if (pid != ProcessHandle.current().pid()) {
            ph.ifPresent(ProcessHandle::destroyForcibly);
        }
        return true;
    }
}
