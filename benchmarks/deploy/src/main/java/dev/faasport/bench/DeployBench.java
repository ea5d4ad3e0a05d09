package dev.faasport.bench;

import dev.faasport.core.Faasport;
import dev.faasport.core.session.Target;
import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.deploy.DeployReport;
import dev.faasport.core.deploy.ProgressListener;
import dev.faasport.core.deploy.RetryPolicy;
import dev.faasport.packaging.Dependency;
import dev.faasport.packaging.PackageRequest;
import dev.faasport.packaging.Packager;
import dev.faasport.provider.aws.LambdaTestServer;
import dev.faasport.provider.azure.testing.ArmTestServer;
import dev.faasport.provider.azure.testing.AzuriteProcess;
import dev.faasport.provider.gcp.FakeCloudFunctions;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.Trigger;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deploy benchmark of issues 5, 6 and 7, through the core engine ({@link Faasport#deployUnits}) against each
 * provider's test server with a fixed latency per call: 20 new units, the same 20 again (nothing changed), then one
 * changed; once at {@code bench.parallelism} and once sequentially, each series on a fresh server, in one run.
 * Units are real packages built by {@link Packager} from a tiny classes directory and the runtime jars.
 */
public final class DeployBench {

    static final int UNITS = 20;
    static final int CHANGED = 7;
    static final String SET = "bench";
    static final String ROLE = "arn:aws:iam::" + LambdaTestServer.ACCOUNT + ":role/faasport-bench";

    private DeployBench() {
    }

    /** One provider's test server(s), the target pointing at them and its counters (cumulative). */
    interface Harness extends AutoCloseable {
        Target target();

        Map<String, Long> counters();

        /** @return the counters that must stay zero when nothing changed */
        List<String> writes();

        @Override
        void close();
    }

    record Phase(String scenario, int parallelism, long millis, long unitsChanged, Map<String, Long> counters) {
    }

    public static void main(String[] args) throws Exception {
        long latency = Long.getLong("bench.latencyMillis", 100);
        int parallelism = Integer.getInteger("bench.parallelism", 8);
        List<String> providers = List.of(System.getProperty("bench.providers", "aws,gcp,azure").split(","));
        Path out = Path.of(System.getProperty("bench.out", "RESULTS.md")).toAbsolutePath();
        Path work = Path.of(System.getProperty("bench.work", "target/bench")).toAbsolutePath();
        // obviously fake static keys for the in-process AWS test server; the SDK's default chain reads them
        System.setProperty("aws.accessKeyId", "AKIDBENCHMARKFAKE");
        System.setProperty("aws.secretAccessKey", "benchmark-fake-secret");
        System.setProperty("aws.region", LambdaTestServer.REGION);
        Faasport faasport = new Faasport(warningsOnly(), DeployBench.class.getClassLoader());

        StringBuilder md = new StringBuilder();
        md.append("# Deploy benchmarks (issues 5, 6, 7)\n\n")
                .append("Command (from the repository root; the providers, core and packaging must be installed):\n\n")
                .append("```\nmvn -B -q -f benchmarks/deploy/pom.xml compile exec:exec\n```\n\n")
                .append("Knobs: `-Dbench.latencyMillis=").append(latency).append(" -Dbench.parallelism=")
                .append(parallelism).append(" -Dbench.providers=").append(String.join(",", providers)).append("`.\n\n")
                .append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores. ").append(UNITS).append(" units, each deployed through the core engine ")
                .append("(`Faasport.deployUnits`: list, plan, bounded parallel apply with retries); every series starts ")
                .append("on a fresh test server with ").append(latency).append(" ms added to every call. Scenarios: ")
                .append("*new* (empty target), *unchanged* (the same packages again), *one changed* (function ")
                .append(String.format(Locale.ROOT, "%02d", CHANGED)).append(" gets another environment value: ")
                .append("its configuration hash changes; a provider uploads again only when its package embeds the ")
                .append("value). Ratio = parallel / sequential wall time. Counters are read from the test servers ")
                .append("before and after each deploy; the goals below are checked from them, and the run exits ")
                .append("non-zero when one is missed.\n\n")
                .append("Reading the table: the engine's parallelism applies to the changes; listing what is ")
                .append("deployed is the provider's own business and is the same in both columns (AWS reads its ")
                .append("functions with 8 concurrent readers, Google lists them in one call), so *unchanged* ")
                .append("has a ratio near 1 by construction.\n\n");
        boolean allGoals = true;
        for (String p : providers) {
            String id = p.trim();
            System.out.println("== " + id);
            List<Phase> par = series(faasport, id, latency, parallelism, work.resolve(id + "-p"));
            List<Phase> seq = series(faasport, id, latency, 1, work.resolve(id + "-s"));
            allGoals &= render(md, id, latency, par, seq);
        }
        md.append("\nAll goals met: **").append(allGoals ? "yes" : "NO").append("**\n");
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        System.out.println(md);
        System.out.println("written to " + out);
        if (!allGoals) {
            System.exit(1);
        }
    }

    static List<Phase> series(Faasport faasport, String provider, long latency, int parallelism, Path work)
            throws Exception {
        Files.createDirectories(work);
        try (Harness h = harness(provider, latency, work)) {
            List<DeployUnit> initial = units(provider, work.resolve("v1"), false);
            List<DeployUnit> changed = units(provider, work.resolve("v2"), true);
            DeployOptions options = new DeployOptions(parallelism, RetryPolicy.DEFAULT);
            List<Phase> phases = new ArrayList<>();
            phases.add(phase(faasport, h, "new", initial, options));
            phases.add(phase(faasport, h, "unchanged", initial, options));
            phases.add(phase(faasport, h, "one changed", changed, options));
            phases.forEach(ph -> System.out.println("  " + ph));
            return phases;
        }
    }

    static Phase phase(Faasport faasport, Harness h, String scenario, List<DeployUnit> units, DeployOptions options) {
        Map<String, Long> before = h.counters();
        long start = System.nanoTime();
        DeployReport report = faasport.deployUnits(h.target(), SET, units, options, ProgressListener.NONE);
        long ms = (System.nanoTime() - start) / 1_000_000;
        Map<String, Long> after = h.counters();
        Map<String, Long> delta = new LinkedHashMap<>();
        after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0L)));
        long changed = report.results().stream().filter(r -> r.attempts() > 0).count();
        return new Phase(scenario, options.parallelism(), ms, changed, delta);
    }

    /** @return whether every goal was met */
    static boolean render(StringBuilder md, String provider, long latency, List<Phase> par, List<Phase> seq) {
        md.append("## ").append(switch (provider) {
            case "aws" -> "AWS Lambda (LambdaTestServer)";
            case "gcp" -> "Google Cloud Functions (FakeCloudFunctions)";
            case "azure" -> "Azure Functions (ArmTestServer + Azurite), one single-function app per unit";
            default -> provider;
        }).append("\n\n| scenario | parallel (x").append(par.get(0).parallelism()).append(") | sequential | ratio ")
                .append("| units applied (par/seq) | counters parallel | counters sequential |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < par.size(); i++) {
            Phase p = par.get(i);
            Phase s = seq.get(i);
            md.append(String.format(Locale.ROOT, "| %s | %d ms | %d ms | %.2f | %d / %d | %s | %s |%n", p.scenario(),
                    p.millis(), s.millis(), s.millis() == 0 ? 0.0 : (double) p.millis() / s.millis(),
                    p.unitsChanged(), s.unitsChanged(), counters(p.counters()), counters(s.counters())));
        }
        List<String> writes = writes(provider);
        List<String> goals = new ArrayList<>();
        boolean ok = true;
        for (List<Phase> run : List.of(par, seq)) {
            String label = run == par ? "parallel" : "sequential";
            Phase unchanged = run.get(1);
            long writesUnchanged = writes.stream().mapToLong(w -> unchanged.counters().getOrDefault(w, 0L)).sum();
            boolean u = writesUnchanged == 0 && unchanged.unitsChanged() == 0;
            goals.add(check(u, label + " unchanged: " + writes + " all 0 and 0 units applied"));
            ok &= u;
            Phase one = run.get(2);
            boolean o = one.unitsChanged() == 1;
            goals.add(check(o, label + " one changed: exactly 1 unit applied (" + one.unitsChanged() + ")"));
            ok &= o;
        }
        boolean fast = par.get(1).millis() < 2000;
        goals.add(check(fast, "parallel unchanged under 2 s (" + par.get(1).millis() + " ms)"));
        ok &= fast;
        md.append("\nGoals (asserted from the test server's counters):\n\n");
        goals.forEach(g -> md.append("- ").append(g).append('\n'));
        md.append('\n');
        return ok;
    }

    private static String check(boolean ok, String what) {
        return (ok ? "PASS " : "FAIL ") + what;
    }

    private static String counters(Map<String, Long> c) {
        StringBuilder sb = new StringBuilder();
        c.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }

    static List<String> writes(String provider) {
        return switch (provider) {
            case "aws" -> List.of("CreateFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration",
                    "PublishVersion", "PublishLayerVersion");
            case "gcp" -> List.of("creates", "updates", "uploads");
            case "azure" -> List.of("appCreates", "appUpdates", "settingsUpdates", "oneDeploys", "uploads");
            default -> List.of();
        };
    }

    // ------------------------------------------------------------------ harnesses

    static Harness harness(String provider, long latency, Path work) throws Exception {
        return switch (provider) {
            case "aws" -> aws(latency);
            case "gcp" -> gcp(latency);
            case "azure" -> azure(latency);
            default -> throw new IllegalArgumentException("unknown provider '" + provider
                    + "', perhaps you should pass -Dbench.providers=aws,gcp,azure");
        };
    }

    static Harness aws(long latency) throws IOException {
        LambdaTestServer server = new LambdaTestServer(Duration.ofMillis(latency)).role(ROLE);
        Target target = new Target("aws", server.providerProperties(ROLE, 100), null);
        return new Harness() {
            public Target target() {
                return target;
            }

            public Map<String, Long> counters() {
                Map<String, Long> c = new LinkedHashMap<>();
                for (String op : List.of("CreateFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration",
                        "PublishVersion", "PublishLayerVersion", "GetFunction", "GetAlias")) {
                    c.put(op, (long) server.calls(op));
                }
                return c;
            }

            public List<String> writes() {
                return DeployBench.writes("aws");
            }

            public void close() {
                server.close();
            }
        };
    }

    static Harness gcp(long latency) throws IOException {
        FakeCloudFunctions server = new FakeCloudFunctions();
        server.latencyMillis = latency;
        server.operationDelayMillis = 500; // a function build, as in the provider's own benchmark
        Map<String, String> props = new TreeMap<>();
        props.put("gcp.project", "faasport-bench");
        props.put("gcp.region", "europe-west1");
        props.put("gcp.endpoint", server.endpoint());
        props.put("gcp.noCredentials", "true");
        props.put("gcp.pollMillis", "100");
        Target target = new Target("gcp", props, null);
        return new Harness() {
            public Target target() {
                return target;
            }

            public Map<String, Long> counters() {
                Map<String, Long> c = new LinkedHashMap<>();
                c.put("creates", (long) server.creates.get());
                c.put("updates", (long) server.updates.get());
                c.put("uploads", (long) server.uploads.get());
                c.put("apiCalls", (long) server.apiCalls.get());
                return c;
            }

            public List<String> writes() {
                return DeployBench.writes("gcp");
            }

            public void close() {
                server.close();
            }
        };
    }

    static Harness azure(long latency) throws Exception {
        AzuriteProcess azurite = new AzuriteProcess();
        ArmTestServer arm;
        try {
            arm = new ArmTestServer().latency(Duration.ofMillis(latency));
        } catch (IOException | RuntimeException e) {
            azurite.close();
            throw e;
        }
        Target target = new Target("azure", arm.providerProperties("00000000-0000-0000-0000-0000000be4c4", azurite,
                "rg-bench", 100), null);
        Map<String, String> blobs = new TreeMap<>();
        long[] uploads = {0};
        return new Harness() {
            public Target target() {
                return target;
            }

            public Map<String, Long> counters() {
                // a blob that is new or has a new ETag since the last look is one upload
                Map<String, String> now = azurite.blobs("deployments");
                now.forEach((k, v) -> {
                    if (!v.equals(blobs.get(k))) {
                        uploads[0]++;
                    }
                });
                blobs.clear();
                blobs.putAll(now);
                Map<String, Long> c = new LinkedHashMap<>();
                c.put("appCreates", (long) arm.appCreates.get());
                c.put("appUpdates", (long) arm.appUpdates.get());
                c.put("settingsUpdates", (long) arm.settingsUpdates.get());
                c.put("oneDeploys", (long) arm.oneDeploys.get());
                c.put("uploads", uploads[0]);
                c.put("requests", (long) arm.requests.get());
                return c;
            }

            public List<String> writes() {
                return DeployBench.writes("azure");
            }

            public void close() {
                arm.close();
                azurite.close();
            }
        };
    }

    // ------------------------------------------------------------------ packages

    /** Packages the 20 units for a provider with the real packager; {@code changed} alters function CHANGED only. */
    static List<DeployUnit> units(String provider, Path dir, boolean changed) throws Exception {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("bench"));
        Files.writeString(classes.resolve("bench/hello.txt"), "the same user code in every package\n");
        List<FunctionSpec> specs = new ArrayList<>();
        for (int i = 0; i < UNITS; i++) {
            String value = changed && i == CHANGED ? "changed" : "v1";
            specs.add(new FunctionSpec(String.format(Locale.ROOT, "bench-fn-%02d", i), "bench.Hello", FunctionShape.HTTP,
                    new Trigger.Http(List.of(), true), 256, 30, Map.of("BENCH_VALUE", value), 0, 0,
                    FunctionSpec.PackageType.ZIP, Map.of()));
        }
        Packager packager = new Packager();
        List<Dependency> deps = List.of(new Dependency("com.google.code.gson:gson", jar("gson-")));
        return switch (provider) {
            case "aws" -> packager.pack(request(specs, classes, deps, PackageFormat.LAMBDA_ZIP,
                    List.of("faasport-runtime-aws-", "aws-lambda-java-core-"), dir.resolve("out"), true, Map.of()),
                    "aws", PackageFormat.LAMBDA_ZIP).units();
            case "gcp" -> packager.pack(request(specs, classes, deps, PackageFormat.GCF_SOURCE_ZIP,
                    List.of("faasport-runtime-gcp-"), dir.resolve("out"), false, Map.of()),
                    "gcp", PackageFormat.GCF_SOURCE_ZIP).units();
            case "azure" -> {
                // Azure groups functions per app; one app per function makes 20 units the engine can apply at once
                List<DeployUnit> units = new ArrayList<>();
                for (FunctionSpec f : specs) {
                    String app = f.name().replace("-fn-", "-app-");
                    units.addAll(packager.pack(request(List.of(f), classes, deps, PackageFormat.AZURE_APP_ZIP,
                            List.of("faasport-runtime-azure-"), dir.resolve("out-" + app), false,
                            Map.of("azure.app", app)), "azure", PackageFormat.AZURE_APP_ZIP).units());
                }
                yield units;
            }
            default -> throw new IllegalArgumentException(provider);
        };
    }

    private static PackageRequest request(List<FunctionSpec> specs, Path classes, List<Dependency> deps,
                                          PackageFormat format, List<String> adapters, Path out, boolean layer,
                                          Map<String, String> settings) {
        List<Path> jars = new ArrayList<>();
        for (String a : adapters) {
            jars.add(jar(a));
        }
        jars.add(jar("faasport-runtime-common-"));
        jars.add(jar("faasport-json-"));
        jars.add(jar("faasport-runtime-api-"));
        return new PackageRequest(SET, specs, classes, deps, Map.of(format, jars), out,
                Instant.parse("2026-01-01T00:00:00Z"), layer, settings);
    }

    /** @return the jar on the classpath whose file name starts with the prefix */
    static Path jar(String prefix) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName() != null && p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".jar") && !p.getFileName().toString().contains("-tests")) {
                return p;
            }
        }
        throw new IllegalStateException("No " + prefix + "*.jar on the classpath, perhaps you should run through "
                + "benchmarks/deploy/pom.xml (exec:exec)");
    }

    private static ProviderConfig.Log warningsOnly() {
        return new ProviderConfig.Log() {
            public void info(String m) { }

            public void warn(String m) {
                System.err.println("[warn] " + m);
            }

            public void debug(String m) { }
        };
    }
}
