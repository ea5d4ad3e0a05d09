package dev.faasport.core;

import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.deploy.DeployReport;
import dev.faasport.core.deploy.ProgressListener;
import dev.faasport.core.deploy.RetryPolicy;
import dev.faasport.core.session.Target;
import dev.faasport.spi.DeployUnit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The deploy benchmark every provider issue asks for, run the same way for each target: deploy N new units, deploy
 * again with nothing changed, deploy with one unit changed; each with the given parallelism and sequentially, in
 * the same run, from an empty target. Units are packaged by the caller (real archives for a real provider).
 */
public final class DeployBenchmark {

    private DeployBenchmark() {
    }

    /**
     * One scenario at one parallelism.
     *
     * @param scenario     "new", "unchanged" or "one changed"
     * @param parallelism  units changed at once
     * @param median       median wall time of the deploy (list, plan and apply)
     * @param changedUnits units the engine called the provider for (0 expected when unchanged)
     */
    public record Timing(String scenario, int parallelism, Duration median, long changedUnits) {
    }

    /** All timings, parallel and sequential side by side. */
    public record Result(String targetName, int units, List<Timing> timings) {

        /** @return a Markdown table with the parallel/sequential ratio per scenario */
        public String markdown() {
            StringBuilder sb = new StringBuilder("| scenario (" + units + " units, " + targetName + ") | parallel | "
                    + "sequential | ratio | units changed |\n|---|---|---|---|---|\n");
            for (int i = 0; i + 1 < timings.size(); i += 2) {
                Timing p = timings.get(i);
                Timing s = timings.get(i + 1);
                double ratio = s.median().toNanos() == 0 ? 0 : (double) p.median().toNanos() / s.median().toNanos();
                sb.append(String.format(Locale.ROOT, "| %s | %d ms (x%d) | %d ms | %.2f | %d |%n", p.scenario(),
                        p.median().toMillis(), p.parallelism(), s.median().toMillis(), ratio, p.changedUnits()));
            }
            return sb.toString();
        }
    }

    /**
     * Runs the three scenarios at {@code parallelism} and at 1, removing the set before each series.
     *
     * @param initial     the units to create
     * @param oneChanged  the same units with exactly one changed (another artifact or config hash)
     * @param repetitions runs per scenario; the median is reported
     */
    public static Result run(Faasport faasport, Target target, String setName, List<DeployUnit> initial,
                             List<DeployUnit> oneChanged, int parallelism, RetryPolicy retry, int repetitions) {
        List<Timing> parallel = series(faasport, target, setName, initial, oneChanged,
                new DeployOptions(parallelism, retry), repetitions);
        List<Timing> sequential = series(faasport, target, setName, initial, oneChanged,
                new DeployOptions(1, retry), repetitions);
        List<Timing> all = new ArrayList<>();
        for (int i = 0; i < parallel.size(); i++) {
            all.add(parallel.get(i));
            all.add(sequential.get(i));
        }
        return new Result(target.providerId(), initial.size(), all);
    }

    private static List<Timing> series(Faasport faasport, Target target, String setName, List<DeployUnit> initial,
                                       List<DeployUnit> oneChanged, DeployOptions options, int repetitions) {
        List<List<Duration>> times = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        long[] changed = new long[3];
        Requests.Remove clean = new Requests.Remove(target, setName, options, ProgressListener.NONE);
        for (int r = 0; r < Math.max(1, repetitions); r++) {
            faasport.remove(clean);
            List<List<DeployUnit>> steps = List.of(initial, initial, oneChanged);
            for (int s = 0; s < steps.size(); s++) {
                long start = System.nanoTime();
                DeployReport report = faasport.deployUnits(target, setName, steps.get(s), options, ProgressListener.NONE);
                times.get(s).add(Duration.ofNanos(System.nanoTime() - start));
                changed[s] = report.results().stream().filter(u -> u.attempts() > 0).count();
            }
        }
        faasport.remove(clean);
        List<String> names = List.of("new", "unchanged", "one changed");
        List<Timing> out = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            List<Duration> sorted = times.get(s).stream().sorted().toList();
            out.add(new Timing(names.get(s), options.parallelism(), sorted.get(sorted.size() / 2), changed[s]));
        }
        return out;
    }
}
