package dev.faasport.provider.aws;

import dev.faasport.runtime.json.Json;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Read access for a function's secret references: an inline policy {@code faasport-secrets-<function>} on its execution
 * role that allows {@code secretsmanager:GetSecretValue} on exactly the secrets the function references, put before
 * the function is created or updated and deleted with it. A secret's ARN ends in '-' and six random characters, so
 * each is granted as {@code arn:...:secret:<name>-??????} ("Permissions policy examples", Secrets Manager User Guide,
 * read 2026-12). The role is shared by the set's functions, so on AWS the set's functions can read each other's
 * referenced secrets (one role per set).
 */
final class SecretGrants {
    static final String POLICY_PREFIX = "faasport-secrets-";

    private final AwsClients clients;
    private final ProviderConfig.Log log;

    SecretGrants(AwsClients clients, ProviderConfig.Log log) {
        this.clients = clients;
        this.log = log;
    }

    /** Puts (or replaces) the function's policy: read access to exactly these secrets. */
    void grant(String roleArn, String function, java.util.Collection<String> secrets, String region, String account)
            throws ProviderException {
        String roleName = roleName(roleArn);
        String document = policy(secrets, region, account);
        try {
            clients.iam().putRolePolicy(b -> b.roleName(roleName).policyName(POLICY_PREFIX + function)
                    .policyDocument(document));
        } catch (RuntimeException e) {
            throw AwsErrors.map("Granting role " + roleName + " read access to secrets " + new TreeSet<>(secrets)
                    + " (iam:PutRolePolicy)", function, e);
        }
        log.info("Role " + roleName + " may read secrets " + new TreeSet<>(secrets) + " for '" + function + "'");
    }

    /** Deletes the function's policy; a missing one (never granted, or deleted by hand) is fine. */
    void revoke(String roleArn, String function) throws ProviderException {
        String roleName = roleName(roleArn);
        try {
            clients.iam().deleteRolePolicy(b -> b.roleName(roleName).policyName(POLICY_PREFIX + function));
            log.info("Role " + roleName + " no longer reads secrets for '" + function + "'");
        } catch (RuntimeException e) {
            if (!AwsErrors.notFound(e)) {
                throw AwsErrors.map("Taking back role " + roleName + "'s access to the secrets of '" + function
                        + "' (iam:DeleteRolePolicy)", function, e);
            }
        }
    }

    /** Fails before anything is deployed when a referenced secret does not exist in the functions' region. */
    void requireExists(String function, String variable, String secret) throws ProviderException {
        if (!exists(secret)) {
            throw ProviderException.permanent("Function '" + function + "' references secret '" + secret
                    + "' (environment variable " + variable + "), which AWS Secrets Manager does not hold in this"
                    + " region", "create it: aws secretsmanager create-secret --name " + secret
                    + " --secret-string file://<file holding the value>");
        }
    }

    /** @return whether Secrets Manager holds the secret (DescribeSecret, with the deployer's credentials) */
    boolean exists(String secret) throws ProviderException {
        try {
            clients.secretsManager().describeSecret(b -> b.secretId(secret));
            return true;
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return false;
            }
            throw AwsErrors.map("Looking up secret '" + secret + "' (secretsmanager:DescribeSecret)", null, e);
        }
    }

    /** @return the policy document: GetSecretValue on each named secret of this region and account */
    static String policy(java.util.Collection<String> secrets, String region, String account) {
        List<Object> resources = new ArrayList<>();
        new TreeSet<>(secrets).forEach(s -> resources.add("arn:aws:secretsmanager:" + region + ":" + account
                + ":secret:" + s + "-??????"));
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Action", "secretsmanager:GetSecretValue");
        statement.put("Resource", resources);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", List.of(statement));
        return Json.write(doc);
    }

    /** @return the role's name: the last segment of its ARN (roles may have a path) */
    static String roleName(String roleArn) {
        return roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }
}
