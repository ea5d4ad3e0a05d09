package dev.faasport.core.deploy;

import dev.faasport.core.error.FaasportException;


/** Some units failed to deploy; the others were deployed. Carries the full report. */
public class DeployFailedException extends FaasportException {

    private final transient DeployReport report;

    public DeployFailedException(String message, DeployReport report) {
        super(message);
        this.report = report;
    }

    public DeployReport report() {
        return report;
    }
}
