package dev.faasport.provider.aws;

import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The execution role the set's functions run with: {@code aws.role}, or one Faasport creates for the set with
 * Lambda's basic logging policy (and SQS reads once a function reads a queue) when {@code aws.createRole} is true.
 */
final class ExecutionRole {

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final AwsClients clients;
    private final AwsSettings settings;
    private final ProviderConfig.Log log;
    private final String roleName;
    private final Object lock = new Object();
    private volatile String arn;
    private volatile boolean queuePolicyAttached;

    ExecutionRole(AwsClients clients, AwsSettings settings, ProviderConfig.Log log, LambdaMapping mapping) {
        this.clients = clients;
        this.settings = settings;
        this.log = log;
        this.roleName = mapping.roleName();
        this.arn = settings.role();
    }

    /** @return the name of the role Faasport creates when no aws.role is given */
    String createdName() {
        return roleName;
    }

    /** @return the role's ARN, creating the set's role on first use when no aws.role is given */
    String arn() throws ProviderException {
        if (arn != null) {
            return arn;
        }
        synchronized (lock) {
            if (arn != null) {
                return arn;
            }
            try {
                try {
                    arn = clients.iam().getRole(b -> b.roleName(roleName)).role().arn();
                } catch (RuntimeException e) {
                    if (!AwsErrors.notFound(e)) {
                        throw e;
                    }
                    arn = clients.iam().createRole(b -> b.roleName(roleName).assumeRolePolicyDocument(TRUST)
                            .description("Lambda execution role created by Faasport for set " + settings.setName())
                            .tags(Tag.builder().key(LambdaMapping.TAG_SET).value(settings.setName()).build()))
                            .role().arn();
                    log.info("Created the execution role " + arn);
                }
                // attaching twice is a no-op, so a killed run that created the role but not the policy converges
                clients.iam().attachRolePolicy(b -> b.roleName(roleName)
                        .policyArn("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
            } catch (RuntimeException e) {
                throw AwsErrors.map("Preparing the execution role " + roleName, null, e);
            }
            return arn;
        }
    }

    /** A created role gets SQS read rights only once a function of the set reads a queue. */
    void allowQueueReads() {
        if (!queuePolicyAttached) {
            clients.iam().attachRolePolicy(b -> b.roleName(roleName)
                    .policyArn("arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"));
            queuePolicyAttached = true;
        }
    }
}
