package dev.faasport.local;

import dev.faasport.local.TriggerFixtures.Fn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A local runtime with a small set for the dashboard tests: an HTTP, a storage, a queue and a schedule function. */
final class DashboardFixture implements AutoCloseable {

    static final Fn HELLO = new Fn("hello", LocalRuntimeTest.PROBE, "HTTP", Map.of("kind", "http"));
    static final Fn ON_UPLOAD = new Fn("on-upload", TriggerFixtures.STORAGE, "STORAGE", Map.of("kind", "storage",
            "bucket", "photos", "events", List.of("CREATED")));
    static final Fn ORDERS = new Fn("orders-fn", TriggerFixtures.QUEUE, "QUEUE", Map.of("kind", "queue",
            "queue", "orders", "batchSize", 1, "maxAttempts", 2));
    static final Fn NIGHTLY = new Fn("nightly", TriggerFixtures.SCHEDULE, "SCHEDULE", Map.of("kind", "schedule",
            "expression", "rate(1 day)"));

    final LocalRuntime runtime;
    final DaemonClient control;
    final Path zip;

    DashboardFixture(Path tmp) throws Exception {
        runtime = LocalRuntime.start(0, tmp.resolve("home"), 60, new RuntimeOptions(1 << 20, 256 << 10, 50, 2));
        control = new DaemonClient(runtime.port(), Files.readString(tmp.resolve("home/token")).trim());
        zip = TriggerFixtures.build(tmp.resolve("zips"), List.of(HELLO, ON_UPLOAD, ORDERS, NIGHTLY));
        for (Fn f : List.of(HELLO, ON_UPLOAD, NIGHTLY)) {
            deploy(f, Map.of());
        }
        deploy(ORDERS, Map.of());
    }

    void deploy(Fn f, Map<String, String> env) throws Exception {
        control.deploy(f.name(), TriggerFixtures.unit(f, 2, env), zip);
    }

    /** @return the depth of a queue, through the runtime's own queue API */
    int depth(String queue) {
        return (Integer) runtime.events.inspect(queue, 0).get("depth");
    }

    @Override
    public void close() {
        runtime.close();
    }
}
