package dev.faasport.core.migrate;

import dev.faasport.core.deploy.DeployReport;
import dev.faasport.lockin.LockIn;
import dev.faasport.spi.DeployedUnit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What faas:migrate did, and the report it wrote.
 *
 * @param status        how far it got
 * @param setName       the function set
 * @param sourceId      the source provider
 * @param targetId      the target provider
 * @param targetPlan    the target plan checked against, or null when the target has no limit table
 * @param functions     per function: what carries over, what changes, what blocks
 * @param setBlockers   blockers that concern the whole set (nothing on the source, packaging failed, limit check)
 * @param deployReport  the target deploy, or null when it did not run or failed before applying
 * @param failure       the message of the step that failed, or null
 * @param verifications one per function, when verification ran
 * @param targetUnits   what the target holds for the set at the end (as listed; empty when it could not be read)
 * @param targetListed  whether {@code targetUnits} was read after the last step
 * @param cutoverReport the removal of the source, or null when there was no cutover
 * @param markdown      {@code target/faas/migration-report.md}
 * @param html          {@code target/faas/migration-report.html}
 * @param lockIn        the vendor services each function calls, found before anything is deployed
 */
public record MigrationOutcome(Status status, String setName, String sourceId, String targetId, String targetPlan,
                               List<FunctionMigration> functions, List<String> setBlockers, DeployReport deployReport,
                               String failure, List<Verification> verifications, List<DeployedUnit> targetUnits,
                               boolean targetListed, DeployReport cutoverReport, Path markdown, Path html,
                               LockIn lockIn) {

    public MigrationOutcome {
        Objects.requireNonNull(status, "status");
        functions = List.copyOf(functions);
        setBlockers = setBlockers == null ? List.of() : List.copyOf(setBlockers);
        verifications = verifications == null ? List.of() : List.copyOf(verifications);
        targetUnits = targetUnits == null ? List.of() : List.copyOf(targetUnits);
        Objects.requireNonNull(lockIn, "lockIn");
    }

    /** How far a migration got. */
    public enum Status {
        /** dry run: the plan and report were written, nothing was deployed */
        PLANNED,
        /** blockers stopped it before any deploy */
        BLOCKED,
        /** the target deploy failed; the source is intact */
        DEPLOY_FAILED,
        /** deployed and every function answered the same on both sides; the source is intact */
        VERIFIED,
        /** deployed, but some functions answered differently; the source is intact */
        VERIFICATION_FAILED,
        /** verified, and the source deployment was removed */
        CUT_OVER,
        /** verified, but removing the source failed part way */
        CUTOVER_FAILED
    }

    /** @return every blocker, of the set and of each function, as messages */
    public List<String> blockers() {
        List<String> all = new java.util.ArrayList<>(setBlockers);
        functions.forEach(f -> f.blockers().forEach(b -> all.add(b.message())));
        return all;
    }

    /** @return whether every compared function passed (skipped ones do not count against it) */
    public boolean verified() {
        return !verifications.isEmpty() && verifications.stream().noneMatch(v -> v.result() == Verification.Result.FAILED);
    }
}
