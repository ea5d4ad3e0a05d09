package dev.faasport.provider.aws;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AddPermissionRequest;

import java.util.function.Consumer;

/** Idempotent statements in a function's resource policy, on the alias Faasport moves. */
final class LambdaPermissions {

    private LambdaPermissions() {
    }

    /** Adds the statement unless an earlier run added it already. */
    static void add(LambdaClient lambda, String function, String alias, String statementId,
                    Consumer<AddPermissionRequest.Builder> statement) {
        try {
            lambda.addPermission(b -> {
                statement.accept(b);
                b.functionName(function).qualifier(alias).statementId(statementId);
            });
        } catch (RuntimeException e) {
            if (!(AwsErrors.code(e).equals("ResourceConflictException")
                    && String.valueOf(e.getMessage()).contains("already exists"))) {
                throw e;
            }
        }
    }

    /** Removes the statement if it is there. */
    static void remove(LambdaClient lambda, String function, String alias, String statementId) {
        try {
            lambda.removePermission(b -> b.functionName(function).qualifier(alias).statementId(statementId));
        } catch (RuntimeException e) {
            if (!AwsErrors.notFound(e)) {
                throw e;
            }
        }
    }
}
