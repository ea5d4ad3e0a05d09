package dev.faasport.core;

import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.deploy.ProgressListener;
import dev.faasport.spi.Invocation;

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
