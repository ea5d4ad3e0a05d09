package dev.faasport.maven;

import dev.faasport.core.Requests;
import java.io.File;
import java.util.Arrays;
import java.util.List;
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
        List<String> wanted = plans == null ? List.of()
                : Arrays.stream(plans.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        // figures given on the command line need no target to measure on
        String id = durationMs != null && memoryMb != null ? providerList().get(0) : singleProvider();
        faasport().cost(new Requests.Cost(target(id), setName, invocationsPerMonth, durationMs, memoryMb,
                wanted, costOutput.toPath()));
    }

    @Override
    protected String goal() {
        return "cost";
    }
}
