package dev.faasport.core;

import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.deploy.ProgressListener;
import dev.faasport.core.error.FaasportException;
import dev.faasport.core.error.HelpfulSuggestions;
import dev.faasport.core.model.Project;
import dev.faasport.core.session.Providers;
import dev.faasport.core.session.Target;
import dev.faasport.spi.Invocation;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The immutable requests the facade {@link Faasport} takes, one per goal. */
public final class Requests {

    private Requests() {
    }

    /** What makes a check or a deploy fail. */
    public enum FailOn {
        /** only limit violations (the default) */
        VIOLATION,
        /** warnings too ({@code -Dfaas.failOn=warning}) */
        WARNING;

        /** Parses {@code violation} or {@code warning} (any case); null or blank means {@link #VIOLATION}. */
        public static FailOn parse(String value) {
            if (value == null || value.isBlank()) {
                return VIOLATION;
            }
            try {
                return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new FaasportException(HelpfulSuggestions.unknownFailOn(value));
            }
        }
    }

    /**
     * faas:package.
     *
     * @param providerIds providers to package for; empty means the default provider
     */
    public record PackageSet(Project project, List<String> providerIds) {
        public PackageSet {
            Objects.requireNonNull(project, "project");
            providerIds = providerIds == null || providerIds.isEmpty() ? List.of(Providers.DEFAULT_ID) : List.copyOf(providerIds);
        }
    }

    /**
     * faas:check.
     *
     * @param providerIds providers to check against; empty means the default provider
     * @param target      properties for the checked providers ({@code azure.plan}, {@code gcp.generation}) and, when
     *                    {@code live}, how to reach them; its provider id is ignored
     * @param failOn      what fails the check
     * @param live        read the account's live limits where the provider can (needs credentials)
     */
    public record Check(Project project, List<String> providerIds, Target target, FailOn failOn, boolean live) {
        public Check {
            Objects.requireNonNull(project, "project");
            providerIds = providerIds == null || providerIds.isEmpty() ? List.of(Providers.DEFAULT_ID) : List.copyOf(providerIds);
            target = target == null ? new Target(null, null, project.outputDir()) : target;
            failOn = failOn == null ? FailOn.VIOLATION : failOn;
        }
    }

    /** faas:plan: package, read the target, diff; changes nothing. */
    public record Plan(Project project, Target target) {
        public Plan {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * faas:deploy.
     *
     * @param skipCheck do not fail on limit violations ({@code -Dfaas.skipCheck})
     * @param listener  progress per unit; null logs one line per unit to the facade's log
     */
    public record Deploy(Project project, Target target, DeployOptions options, boolean skipCheck, FailOn failOn,
                         ProgressListener listener) {
        public Deploy {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(target, "target");
            options = options == null ? DeployOptions.defaults() : options;
            failOn = failOn == null ? FailOn.VIOLATION : failOn;
        }
    }

    /** faas:invoke. */
    public record Invoke(Target target, String setName, String function, Invocation invocation) {
        public Invoke {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(setName, "setName");
            Objects.requireNonNull(function, "function");
            invocation = invocation == null ? new Invocation(null, null, null, null) : invocation;
        }
    }

    /** faas:logs. */
    public record Logs(Target target, String setName, String function, int maxLines) {
        public Logs {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(setName, "setName");
            Objects.requireNonNull(function, "function");
            maxLines = maxLines <= 0 ? 100 : maxLines;
        }
    }

    /** faas:rollback: one function (all of the set when null) to its previous version, or to {@code version}. */
    public record Rollback(Target target, String setName, String function, String version) {
        public Rollback {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(setName, "setName");
            function = function == null || function.isBlank() ? null : function.trim();
            version = version == null || version.isBlank() ? null : version.trim();
        }
    }

    /**
     * faas:cost: monthly estimates at {@code invocationsPerMonth} calls per function, from the durations and memory
     * the target measured, or for one workload of {@code durationMs} and {@code memoryMb} when both are given (either
     * alone replaces the measured value); {@code plans} limits the plans shown (empty: all); written as JSON to
     * {@code output} when not null.
     */
    public record Cost(Target target, String setName, long invocationsPerMonth, Double durationMs, Integer memoryMb,
                       List<String> plans, Path output) {
        public Cost {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(setName, "setName");
            plans = plans == null ? List.of() : List.copyOf(plans);
        }
    }

    /** faas:upload: a file into a bucket of the runtime on this machine, under {@code key} (the file's name when null). */
    public record Upload(Target target, String bucket, String key, Path file) {
        public Upload {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(bucket, "bucket");
            key = key == null || key.isBlank() ? (file == null ? null : file.getFileName().toString()) : key;
        }
    }

    /** faas:info. */
    public record Info(Target target, String setName) {
        public Info {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(setName, "setName");
        }
    }

    /** faas:remove: delete every unit of the set on the target; a null listener logs one line per unit. */
    public record Remove(Target target, String setName, DeployOptions options, ProgressListener listener) {
        public Remove {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(setName, "setName");
            options = options == null ? DeployOptions.defaults() : options;
        }
    }
}
