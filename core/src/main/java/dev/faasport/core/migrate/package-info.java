/**
 * faas:migrate: moves a function set between any two providers through the SPI alone.
 *
 * <ol>
 *   <li><b>Inventory</b>: one {@code list()} on the source; {@code DeployedUnit.functions()} gives the live
 *       memory, timeout, environment, concurrency and trigger, the unit's attributes the version and alias.</li>
 *   <li><b>Map</b> ({@code TargetMapper}): the project's configuration is mapped to the
 *       target with the packaging module's limit data ({@code dev.faasport.limits.LimitTable}, plan from
 *       {@code <id>.plan} or {@code gcp.generation}): memory rounded up to an allowed value, concurrency, warm
 *       instances and queue batches capped, timeouts above the maximum blocking (or capped with
 *       {@code capTimeouts}), schedules converted exactly ({@link dev.faasport.core.migrate.ScheduleConversion}),
 *       the source's environment carried over with secret-looking variables flagged. The mapped set is then packaged
 *       for the target and checked against its limits, so size problems block too.</li>
 *   <li><b>Report</b> ({@link dev.faasport.core.migrate.MigrationReport}): {@code migration-report.md} and
 *       {@code .html} in the output directory, and the build log; rewritten at every later stop. Environment values
 *       are never written. A dry run stops here; blockers stop here with a
 *       {@link dev.faasport.core.migrate.MigrationFailedException} naming the report.</li>
 *   <li><b>Deploy</b>: {@code Faasport.deploy} with the target provider and a copy of the project whose
 *       configuration declares every mapped function explicitly: the same sources and dependencies, repackaged for
 *       the target. Where the live source and the project disagree, the project wins and the report says so; that
 *       is how a user resolves a blocker: by changing the configuration.</li>
 *   <li><b>Verify</b>: each function is invoked on both sides with the same request
 *       ({@link dev.faasport.core.migrate.SamplePayloads}); status and body must match (JSON compared as values),
 *       and two 5xx answers do not count as a match.</li>
 *   <li><b>Cut over</b>, only when asked and every comparison passed: {@code Faasport.remove} on the source. Until
 *       then the source sees only {@code list} and {@code invoke}.</li>
 * </ol>
 */
package dev.faasport.core.migrate;
