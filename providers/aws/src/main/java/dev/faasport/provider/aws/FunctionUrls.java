package dev.faasport.provider.aws;

import dev.faasport.spi.Trigger;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;

import java.util.Optional;

/** The function URL on the alias that exposes an HTTP trigger when aws.http is url, with its public permissions. */
final class FunctionUrls {

    private static final String URL_PERMISSION = "faasport-url";
    private static final String URL_INVOKE_PERMISSION = "faasport-url-invoke";

    private final AwsClients clients;
    private final AwsSettings settings;

    FunctionUrls(AwsClients clients, AwsSettings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    /** @return the URL's configuration, empty when the alias has none */
    Optional<GetFunctionUrlConfigResponse> config(String name) {
        try {
            return Optional.of(lambda().getFunctionUrlConfig(b -> b.functionName(name).qualifier(settings.alias())));
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Creates or updates the URL of an HTTP trigger, removes it (and its permissions) for anything else. */
    void reconcile(String name, Trigger trigger) {
        Optional<GetFunctionUrlConfigResponse> current = config(name);
        if (trigger instanceof Trigger.Http http) {
            FunctionUrlAuthType auth = http.publicAccess() ? FunctionUrlAuthType.NONE : FunctionUrlAuthType.AWS_IAM;
            if (current.isEmpty()) {
                lambda().createFunctionUrlConfig(b -> b.functionName(name).qualifier(settings.alias()).authType(auth));
            } else if (current.get().authType() != auth) {
                lambda().updateFunctionUrlConfig(b -> b.functionName(name).qualifier(settings.alias()).authType(auth));
            }
            if (http.publicAccess()) {
                // since 2025-10 a public URL needs both statements: InvokeFunctionUrl and InvokeFunction via the URL
                LambdaPermissions.add(lambda(), name, settings.alias(), URL_PERMISSION, b -> b.action("lambda:InvokeFunctionUrl").principal("*")
                        .functionUrlAuthType(FunctionUrlAuthType.NONE));
                LambdaPermissions.add(lambda(), name, settings.alias(), URL_INVOKE_PERMISSION, b -> b.action("lambda:InvokeFunction").principal("*")
                        .invokedViaFunctionUrl(true));
            } else {
                removePermissions(name);
            }
        } else if (current.isPresent()) {
            lambda().deleteFunctionUrlConfig(b -> b.functionName(name).qualifier(settings.alias()));
            removePermissions(name);
        }
    }

    /** Deletes the URL of a function about to be deleted (its permissions go with the function). */
    void delete(String name) {
        try {
            lambda().deleteFunctionUrlConfig(b -> b.functionName(name).qualifier(settings.alias()));
        } catch (RuntimeException e) {
            if (!AwsErrors.notFound(e)) {
                throw e;
            }
        }
    }

    private void removePermissions(String name) {
        LambdaPermissions.remove(lambda(), name, settings.alias(), URL_PERMISSION);
        LambdaPermissions.remove(lambda(), name, settings.alias(), URL_INVOKE_PERMISSION);
    }

    private LambdaClient lambda() {
        return clients.lambda();
    }
}
