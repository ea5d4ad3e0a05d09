package dev.faasport.provider.aws;

import dev.faasport.spi.FunctionSpec;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** maxConcurrency is the function's reserved concurrency; minInstances is provisioned concurrency on the alias. */
final class LambdaScaling {

    private final AwsClients clients;
    private final AwsSettings settings;

    LambdaScaling(AwsClients clients, AwsSettings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    /** Sets both, or removes what a function deployed before asked for and no longer does. */
    void reconcile(String name, FunctionSpec f, boolean created) {
        if (f.maxConcurrency() > 0) {
            lambda().putFunctionConcurrency(b -> b.functionName(name).reservedConcurrentExecutions(f.maxConcurrency()));
        } else if (!created
                && lambda().getFunctionConcurrency(b -> b.functionName(name)).reservedConcurrentExecutions() != null) {
            lambda().deleteFunctionConcurrency(b -> b.functionName(name));
        }
        if (f.minInstances() > 0) {
            lambda().putProvisionedConcurrencyConfig(b -> b.functionName(name).qualifier(settings.alias())
                    .provisionedConcurrentExecutions(f.minInstances()));
        } else if (!created) {
            try {
                lambda().deleteProvisionedConcurrencyConfig(b -> b.functionName(name).qualifier(settings.alias()));
            } catch (RuntimeException e) {
                if (!AwsErrors.notFound(e)) {
                    throw e;
                }
            }
        }
    }

    /** @return the provisioned concurrency requested on the alias, 0 when none */
    int provisioned(String name) {
        try {
            Integer n = lambda().getProvisionedConcurrencyConfig(b -> b.functionName(name).qualifier(settings.alias()))
                    .requestedProvisionedConcurrentExecutions();
            return n == null ? 0 : n;
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e) || AwsErrors.code(e).equals("ProvisionedConcurrencyConfigNotFoundException")) {
                return 0;
            }
            throw e;
        }
    }

    private LambdaClient lambda() {
        return clients.lambda();
    }
}
