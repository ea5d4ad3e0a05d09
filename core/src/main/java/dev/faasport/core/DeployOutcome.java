package dev.faasport.core;

import dev.faasport.core.deploy.DeployReport;
import dev.faasport.core.plan.DeployPlan;
import dev.faasport.packaging.PackageResult;

/**
 * What faas:deploy did.
 *
 * @param packaged the packages deployed
 * @param check    the limit check (null when skipped)
 * @param plan     the plan applied
 * @param report   per-unit results and URLs
 */
public record DeployOutcome(PackageResult packaged, CheckOutcome check, DeployPlan plan, DeployReport report) {
}
