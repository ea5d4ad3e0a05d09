package dev.faasport.maven;

import dev.faasport.core.Inventory;
import dev.faasport.core.Requests;
import dev.faasport.cost.CostCalculator;
import dev.faasport.cost.PlanEstimate;
import dev.faasport.cost.Prices;
import dev.faasport.cost.Workload;
import dev.faasport.runtime.json.Json;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Estimates the set's monthly cost per vendor and plan (AWS x86_64/arm64, Azure Consumption/Flex, Google 1st/2nd
 * gen) from the durations and memory the local runtime measured (deploy and invoke first), or from
 * {@code -Dfaas.durationMs} and {@code -Dfaas.memoryMb}, at {@code -Dfaas.invocationsPerMonth} calls per function.
 */
@Mojo(name = "cost", threadSafe = true)
public class CostMojo extends AbstractFaasMojo {

    /** Invocations per month of each function. */
    @Parameter(property = "faas.invocationsPerMonth", defaultValue = "1000000")
    private long invocationsPerMonth;

    /** Mean duration in ms of every function, instead of the measured one. */
    @Parameter(property = "faas.durationMs")
    private Double durationMs;

    /** Memory in MB of every function, instead of the configured one. */
    @Parameter(property = "faas.memoryMb")
    private Integer memoryMb;

    /** Plans to show, comma separated (aws-x86, aws-arm64, azure-consumption, azure-flex, gcp-gen1, gcp-gen2); all by default. */
    @Parameter(property = "faas.costPlans")
    private String plans;

    /** Where the estimate is written as JSON. */
    @Parameter(property = "faas.costOutput", defaultValue = "${project.build.directory}/faas/cost.json")
    private File costOutput;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        if (invocationsPerMonth < 0) {
            throw new MojoFailureException("faas.invocationsPerMonth is " + invocationsPerMonth
                    + ", perhaps you should give a number of calls per month such as 1000000");
        }
        List<Workload> workloads = new ArrayList<>();
        boolean given = durationMs != null && memoryMb != null;
        if (!given) {
            Inventory inventory = faasport().info(new Requests.Info(target(singleProvider()), setName));
            for (DeployedUnit unit : inventory.units()) {
                Map<String, String> a = unit.attributes();
                for (FunctionSpec spec : unit.functions()) {
                    double measured = number(a.get("durationMeanMs"));
                    if (durationMs == null && number(a.get("invocations")) <= 0) {
                        getLog().warn("faas: function '" + spec.name() + "' has no measured duration (never invoked), "
                                + "left out; perhaps you should call it with faas:invoke first or pass -Dfaas.durationMs");
                        continue;
                    }
                    workloads.add(new Workload(spec.name(), invocationsPerMonth, durationMs != null ? durationMs : measured,
                            memoryMb != null ? memoryMb : spec.memoryMb(), Math.max(0, number(a.get("maxMemoryUsedMb")))));
                }
            }
        } else {
            workloads.add(new Workload(setName, invocationsPerMonth, durationMs, memoryMb, 0));
        }
        if (workloads.isEmpty()) {
            throw new MojoFailureException("faas:cost has no measured function of set '" + setName + "', perhaps you "
                    + "should run faas:deploy and faas:invoke first, or pass -Dfaas.durationMs=<ms> -Dfaas.memoryMb=<MB>");
        }
        Prices prices = Prices.builtIn();
        List<PlanEstimate> estimates = new CostCalculator(prices).estimateAll(workloads);
        if (plans != null && !plans.isBlank()) {
            List<String> wanted = Arrays.stream(plans.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            for (String w : wanted) {
                try {
                    prices.plan(w);
                } catch (IllegalArgumentException e) {
                    throw new MojoFailureException("faas.costPlans: " + e.getMessage());
                }
            }
            estimates = estimates.stream().filter(e -> wanted.contains(e.plan().id())).toList();
        }
        getLog().info("faas: monthly cost at " + invocationsPerMonth + " invocations per function ("
                + (given ? durationMs + " ms, " + memoryMb + " MB as given" : "durations and memory measured on the local runtime")
                + "):\n" + CostCalculator.render(estimates, prices.asOf()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("set", setName);
        json.put("asOf", prices.asOf());
        json.put("workloads", workloads.stream().map(w -> Map.of("function", w.function(), "invocationsPerMonth",
                w.invocationsPerMonth(), "durationMs", w.durationMs(), "memoryMb", w.memoryMb(),
                "measuredMemoryMb", w.measuredMemoryMb())).toList());
        json.put("estimates", estimates.stream().map(PlanEstimate::toJson).toList());
        try {
            Files.createDirectories(costOutput.toPath().toAbsolutePath().getParent());
            Files.writeString(costOutput.toPath(), Json.writePretty(json));
        } catch (IOException e) {
            throw new MojoExecutionException("Writing " + costOutput + " failed: " + e.getMessage(), e);
        }
        getLog().info("faas: estimate written to " + costOutput);
    }

    private static double number(String s) {
        try {
            return s == null ? -1 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    protected String goal() {
        return "cost";
    }
}
