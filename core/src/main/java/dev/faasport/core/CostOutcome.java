package dev.faasport.core;

import dev.faasport.cost.PlanEstimate;
import dev.faasport.cost.Workload;
import java.nio.file.Path;
import java.util.List;

/**
 * What faas:cost estimated.
 *
 * @param workloads the functions estimated (those never invoked are left out)
 * @param estimates one per plan shown
 * @param asOf      the date of the price table
 * @param written   the JSON file written, or null
 */
public record CostOutcome(List<Workload> workloads, List<PlanEstimate> estimates, String asOf, Path written) {

    public CostOutcome {
        workloads = List.copyOf(workloads);
        estimates = List.copyOf(estimates);
    }
}
