package dev.faasport.provider.aws;

import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * faas:doctor's permission check: asks IAM's policy simulator (SimulatePrincipalPolicy) whether the caller may call
 * what faas:deploy, faas:migrate and faas:remove call, and names each action it may not. The list is the minimal
 * policy of providers/aws/README.md; keep both in step.
 */
final class AwsPermissions {

    /** Action to the goals and features that need it (as in the README's policy). */
    static final Map<String, String> ACTIONS = actions();

    private final AwsClients clients;
    private final AwsSettings settings;

    AwsPermissions(AwsClients clients, AwsSettings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    private static Map<String, String> actions() {
        Map<String, String> m = new LinkedHashMap<>();
        String all = "faas:deploy, faas:migrate, faas:remove";
        for (String a : List.of("ListFunctions", "GetFunction", "GetFunctionConfiguration", "ListTags", "GetAlias",
                "GetFunctionUrlConfig", "GetProvisionedConcurrencyConfig", "ListEventSourceMappings")) {
            m.put("lambda:" + a, all);
        }
        String deploy = "faas:deploy, faas:migrate";
        for (String a : List.of("CreateFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration", "PublishVersion",
                "CreateAlias", "UpdateAlias", "TagResource", "GetAccountSettings", "GetFunctionConcurrency",
                "PutFunctionConcurrency", "DeleteFunctionConcurrency", "PutProvisionedConcurrencyConfig",
                "DeleteProvisionedConcurrencyConfig", "CreateFunctionUrlConfig", "UpdateFunctionUrlConfig",
                "AddPermission", "PublishLayerVersion", "ListLayerVersions", "GetLayerVersion",
                "CreateEventSourceMapping", "UpdateEventSourceMapping")) {
            m.put("lambda:" + a, deploy);
        }
        for (String a : List.of("DeleteFunctionUrlConfig", "RemovePermission", "DeleteEventSourceMapping")) {
            m.put("lambda:" + a, all);
        }
        m.put("lambda:DeleteFunction", "faas:remove, faas:migrate with cutover");
        m.put("lambda:InvokeFunction", "faas:migrate (verification)");
        m.put("iam:PassRole", deploy + " (the execution role)");
        m.put("sqs:GetQueueUrl", deploy + " (queue triggers)");
        m.put("sqs:GetQueueAttributes", deploy + " (queue triggers)");
        for (String a : List.of("DescribeRule", "ListTagsForResource", "ListTargetsByRule", "RemoveTargets", "DeleteRule")) {
            m.put("events:" + a, all + " (schedule triggers)");
        }
        for (String a : List.of("PutRule", "PutTargets", "TagResource")) {
            m.put("events:" + a, deploy + " (schedule triggers)");
        }
        m.put("s3:GetBucketNotification", all + " (storage triggers)");
        m.put("s3:PutBucketNotification", all + " (storage triggers)");
        for (String a : List.of("ListBucket", "CreateBucket", "PutBucketTagging", "PutObject", "GetObject")) {
            m.put("s3:" + a, deploy + " (packages above aws.directUploadMaxBytes, through the deployment bucket)");
        }
        return m;
    }

    /** @return the actions that apply with these settings: role creation, API Gateway and ECR only when used */
    private Map<String, String> wanted() {
        Map<String, String> m = new LinkedHashMap<>(ACTIONS);
        if (settings.role() == null && settings.createRole()) {
            for (String a : List.of("GetRole", "CreateRole", "TagRole", "AttachRolePolicy")) {
                m.put("iam:" + a, "faas:deploy, faas:migrate (aws.createRole)");
            }
        }
        if ("apigateway".equals(settings.http())) {
            for (String a : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                m.put("apigateway:" + a, "faas:deploy, faas:migrate, faas:remove (aws.http=apigateway)");
            }
        }
        if (!settings.ecrRepositories().isEmpty()) {
            for (String a : List.of("DescribeRepositories", "CreateRepository", "TagResource")) {
                m.put("ecr:" + a, "faas:doctor, faas:deploy (container images)");
            }
        }
        return m;
    }

    /**
     * @param callerArn the caller's ARN as STS GetCallerIdentity answers it
     * @return one line per missing action, or one line saying all are allowed or why the check was skipped
     */
    List<String> check(String callerArn) {
        String principal = principal(callerArn);
        if (principal == null) {
            return List.of("permissions: NOT CHECKED, IAM's policy simulator cannot simulate " + callerArn
                    + (callerArn.endsWith(":root") ? " (the account's root user may call everything; perhaps you "
                    + "should deploy as an IAM user or role with the policy in the AWS provider's README instead)" : ""));
        }
        Map<String, String> wanted = wanted();
        List<String> missing = new ArrayList<>();
        try {
            for (EvaluationResult r : clients.iam().simulatePrincipalPolicyPaginator(b -> b
                    .policySourceArn(principal).actionNames(wanted.keySet())).evaluationResults()) {
                if (r.evalDecision() != PolicyEvaluationDecisionType.ALLOWED) {
                    missing.add("permission " + r.evalActionName() + ": MISSING (" + r.evalDecisionAsString() + ", needed by "
                            + wanted.get(r.evalActionName()) + "), perhaps you should add it to the policy of " + principal
                            + " (the AWS provider's README lists the minimal policy)");
                }
            }
        } catch (RuntimeException e) {
            var pe = AwsErrors.map("iam:SimulatePrincipalPolicy for " + principal, null, e);
            return List.of("permissions: NOT CHECKED, " + pe.getMessage() + ", perhaps you should allow "
                    + "iam:SimulatePrincipalPolicy on " + principal + " so faas:doctor can check the others");
        }
        if (missing.isEmpty()) {
            return List.of("permissions: OK, " + principal + " may call all " + wanted.size() + " actions that "
                    + "faas:deploy, faas:migrate and faas:remove need (IAM policy simulator, resources *)");
        }
        return missing;
    }

    /**
     * @return the IAM user or role to simulate for the caller: an assumed role's session is simulated as its role
     *         (whose ARN, with its path, comes from iam:GetRole); null for the root user and federated users
     */
    private String principal(String callerArn) {
        String[] parts = callerArn.split(":", 6);
        if (parts.length < 6 || callerArn.endsWith(":root")) {
            return null;
        }
        String resource = parts[5];
        if (parts[2].equals("iam") && (resource.startsWith("user/") || resource.startsWith("role/"))) {
            return callerArn;
        }
        if (parts[2].equals("sts") && resource.startsWith("assumed-role/")) {
            String role = resource.split("/")[1];
            try {
                return clients.iam().getRole(b -> b.roleName(role)).role().arn();
            } catch (RuntimeException e) {
                // without iam:GetRole the path is unknown; most roles have none
                return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + role;
            }
        }
        return null;
    }
}
