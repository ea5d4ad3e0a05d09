package dev.faasport.provider.aws;

import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.Trigger;
import software.amazon.awssdk.services.apigatewayv2.model.Api;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.CreateApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetApisResponse;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.apigatewayv2.model.Route;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP triggers through an API Gateway HTTP API ({@code aws.http=apigateway}) instead of a function URL: one API per
 * function, made by quick create (an AWS_PROXY integration to the alias with payload format 2.0, which is the
 * function URL event format the adapter reads, a catch-all {@code $default} route and an auto-deployed
 * {@code $default} stage), found again by its name and {@code faasport-set} tag.
 */
final class HttpApis {

    static final String PERMISSION = "faasport-apigw";

    private final AwsClients clients;
    private final AwsSettings settings;
    private final ProviderConfig.Log log;

    HttpApis(AwsClients clients, AwsSettings settings, ProviderConfig.Log log) {
        this.clients = clients;
        this.settings = settings;
        this.log = log;
    }

    /** API names allow 128 characters. */
    static String apiName(String name) {
        String api = "faasport-" + name;
        return api.length() > 128 ? api.substring(0, 128) : api;
    }

    /** @return this set's API of the function, if any */
    Optional<Api> find(String name) {
        String token = null;
        do {
            String t = token;
            GetApisResponse page = clients.apigw().getApis(b -> b.nextToken(t));
            for (Api a : page.items()) {
                if (apiName(name).equals(a.name()) && a.tags() != null
                        && settings.setName().equals(a.tags().get(LambdaMapping.TAG_SET))) {
                    return Optional.of(a);
                }
            }
            token = page.nextToken();
        } while (token != null);
        return Optional.empty();
    }

    /**
     * Makes the function's API match: created when missing, route authorization NONE (public) or AWS_IAM, and the
     * invoke permission for API Gateway on the alias; with {@code http == null} the API and the permission go.
     *
     * @return the API's endpoint when there is one
     */
    Optional<String> reconcile(String name, String function, String aliasArn, Trigger.Http http) {
        Optional<Api> existing = find(name);
        if (http == null) {
            existing.ifPresent(a -> {
                clients.apigw().deleteApi(b -> b.apiId(a.apiId()));
                log.info("Deleted the HTTP API " + a.apiId() + " of '" + name + "'");
            });
            LambdaPermissions.remove(clients.lambda(), name, settings.alias(), PERMISSION);
            return Optional.empty();
        }
        String apiId;
        String endpoint;
        if (existing.isPresent()) {
            apiId = existing.get().apiId();
            endpoint = existing.get().apiEndpoint();
        } else {
            CreateApiResponse created = clients.apigw().createApi(b -> b.name(apiName(name))
                    .protocolType(ProtocolType.HTTP).target(aliasArn)
                    .description("Faasport HTTP API of " + function + " (set " + settings.setName() + ")")
                    .tags(Map.of(LambdaMapping.TAG_SET, settings.setName(), LambdaMapping.TAG_FUNCTION, function)));
            apiId = created.apiId();
            endpoint = created.apiEndpoint();
            // a statement left by an earlier API names that API's ARN: replace it
            LambdaPermissions.remove(clients.lambda(), name, settings.alias(), PERMISSION);
            log.info("Created the HTTP API " + apiId + " for '" + name + "'");
        }
        AuthorizationType wanted = http.publicAccess() ? AuthorizationType.NONE : AuthorizationType.AWS_IAM;
        for (Route r : clients.apigw().getRoutes(b -> b.apiId(apiId)).items()) {
            if (r.authorizationType() != wanted) {
                // UpdateRoute is a PATCH, which the JDK URLConnection client cannot send: replace the route instead
                clients.apigw().deleteRoute(b -> b.apiId(apiId).routeId(r.routeId()));
                clients.apigw().createRoute(b -> b.apiId(apiId).routeKey(r.routeKey()).target(r.target())
                        .authorizationType(wanted));
            }
        }
        String[] arn = aliasArn.split(":");
        LambdaPermissions.add(clients.lambda(), name, settings.alias(), PERMISSION,
                b -> b.action("lambda:InvokeFunction").principal("apigateway.amazonaws.com")
                        .sourceArn("arn:aws:execute-api:" + arn[3] + ":" + arn[4] + ":" + apiId + "/*"));
        return Optional.ofNullable(endpoint);
    }

    /** @return the live HTTP trigger (public when every route is unauthenticated) and the endpoint */
    Optional<Map.Entry<Trigger.Http, String>> read(String name) {
        Optional<Api> api = find(name);
        if (api.isEmpty()) {
            return Optional.empty();
        }
        List<Route> routes = clients.apigw().getRoutes(b -> b.apiId(api.get().apiId())).items();
        boolean open = !routes.isEmpty() && routes.stream().allMatch(r -> r.authorizationType() == AuthorizationType.NONE
                || r.authorizationType() == null);
        return Optional.of(Map.entry(new Trigger.Http(List.of(), open), api.get().apiEndpoint()));
    }
}
