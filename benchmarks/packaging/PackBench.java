import dev.faasport.limits.CheckReport;
import dev.faasport.limits.CheckReports;
import dev.faasport.limits.LimitChecker;
import dev.faasport.packaging.Dependency;
import dev.faasport.packaging.PackageRequest;
import dev.faasport.packaging.PackageResult;
import dev.faasport.packaging.Packager;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Trigger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark driver (run by run.sh with the single-file source launcher): packages the generated project's 20
 * functions for aws, azure and gcp, then again with nothing changed, then with the shared Lambda layer.
 * Arguments: classesDir, a file with the dependency classpath, the output dir, the adapter jars (':'-separated).
 */
public class PackBench {
    public static void main(String[] args) throws Exception {
        Path classes = Path.of(args[0]);
        List<Dependency> deps = new ArrayList<>();
        for (String p : Files.readString(Path.of(args[1])).trim().split(":")) {
            if (p.isBlank()) continue;
            Path jar = Path.of(p);
            deps.add(new Dependency("bench:" + jar.getFileName().toString().replaceAll("\\.jar$", "") + ":0", jar));
        }
        Path out = Path.of(args[2]);
        List<Path> adapters = new ArrayList<>();
        if (args.length > 3) for (String a : args[3].split(":")) if (!a.isBlank()) adapters.add(Path.of(a));
        Map<PackageFormat, List<Path>> adapterJars = new java.util.TreeMap<>();
        for (PackageFormat f : java.util.List.of(PackageFormat.LOCAL_ZIP, PackageFormat.LAMBDA_ZIP, PackageFormat.AZURE_APP_ZIP, PackageFormat.GCF_SOURCE_ZIP, PackageFormat.OCI_IMAGE)) adapterJars.put(f, adapters);
        List<FunctionSpec> functions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            functions.add(new FunctionSpec(String.format("fn%02d", i), "bench.Fn" + i, FunctionShape.TYPED,
                    new Trigger.Http(List.of(), true), 512, 30, Map.of(), 0, 0, null, Map.of()));
        }
        long depBytes = 0;
        for (Dependency d : deps) depBytes += Files.size(d.file());
        Map<String, PackageFormat> targets = new LinkedHashMap<>();
        targets.put("aws", PackageFormat.LAMBDA_ZIP);
        targets.put("azure", PackageFormat.AZURE_APP_ZIP);
        targets.put("gcp", PackageFormat.GCF_SOURCE_ZIP);
        Packager packager = new Packager();

        for (boolean layer : new boolean[] {false, true}) {
            Path dir = out.resolve(layer ? "with-layer" : "no-layer");
            PackageRequest req = new PackageRequest("bench", functions, classes, deps, adapterJars, dir,
                    Instant.parse("2026-11-27T00:00:00Z"), layer, Map.of());
            long t0 = System.nanoTime();
            List<PackageResult> results = new ArrayList<>();
            for (var t : targets.entrySet()) results.add(packager.pack(req, t.getKey(), t.getValue()));
            long full = System.nanoTime() - t0;
            long written = 0;
            for (PackageResult r : results) for (Path p : r.written()) written += Files.size(p);
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long t1 = System.nanoTime();
                for (var t : targets.entrySet()) {
                    if (!packager.pack(req, t.getKey(), t.getValue()).upToDate()) throw new IllegalStateException("not up to date");
                }
                best = Math.min(best, System.nanoTime() - t1);
            }
            long t2 = System.nanoTime();
            List<CheckReport> reports = new ArrayList<>();
            int i = 0;
            for (var t : targets.entrySet()) reports.add(new LimitChecker().check(t.getKey(), null, results.get(i++).units(), Map.of()));
            long check = System.nanoTime() - t2;
            System.out.printf("faasport %-10s deps %.1f MB (%d jars): full package %d ms, unchanged %d ms, check %d ms, bytes written %.1f MB%n",
                    layer ? "with-layer" : "no-layer", depBytes / 1048576.0, deps.size(), full / 1_000_000,
                    best / 1_000_000, check / 1_000_000, written / 1048576.0);
            if (!layer) System.out.print(CheckReports.matrix(reports).lines().limit(4).reduce("", (a, b) -> a + "  " + b + "\n"));
        }
    }
}
