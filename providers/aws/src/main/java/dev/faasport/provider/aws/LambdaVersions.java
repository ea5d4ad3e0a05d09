package dev.faasport.provider.aws;

import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Published versions and the alias callers use (default {@code live}): publish, move the alias, roll it back. */
final class LambdaVersions {

    private final AwsClients clients;
    private final AwsSettings settings;
    private final ProviderConfig.Log log;

    LambdaVersions(AwsClients clients, AwsSettings settings, ProviderConfig.Log log) {
        this.clients = clients;
        this.settings = settings;
        this.log = log;
    }

    /** @return the version published from $LATEST */
    String publish(String name) {
        // Lambda returns the existing version when nothing changed since the last publish, so a rerun adds none
        return lambda().publishVersion(b -> b.functionName(name)
                .description("published by Faasport for set " + settings.setName())).version();
    }

    void moveAlias(String name, String version) {
        Optional<AliasConfiguration> alias = alias(name);
        if (alias.isPresent()) {
            if (!version.equals(alias.get().functionVersion())) {
                lambda().updateAlias(b -> b.functionName(name).name(settings.alias()).functionVersion(version));
            }
        } else {
            lambda().createAlias(b -> b.functionName(name).name(settings.alias()).functionVersion(version)
                    .description("moved by Faasport after each successful deploy"));
        }
    }

    /** @return the alias, empty before the first successful deploy */
    Optional<AliasConfiguration> alias(String name) {
        try {
            var r = lambda().getAlias(b -> b.functionName(name).name(settings.alias()));
            return Optional.of(AliasConfiguration.builder().name(r.name()).functionVersion(r.functionVersion())
                    .aliasArn(r.aliasArn()).build());
        } catch (RuntimeException e) {
            if (AwsErrors.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Moves the alias of an owned function to {@code toVersion}, or to the published version before the current one.
     *
     * @param arn the function's ARN, whose hash tags are reset so the next deploy does not skip it
     */
    List<String> rollback(String name, String arn, String toVersion) throws ProviderException {
        try {
            Optional<AliasConfiguration> alias = alias(name);
            if (alias.isEmpty()) {
                throw ProviderException.permanent("Lambda function '" + name + "' has no alias '" + settings.alias()
                        + "' to move back", "run faas:deploy first, or set -Dfaas.aws.alias to the alias you use");
            }
            String current = alias.get().functionVersion();
            List<Integer> versions = new ArrayList<>();
            for (FunctionConfiguration v : lambda().listVersionsByFunctionPaginator(b -> b.functionName(name)).versions()) {
                if (v.version() != null && v.version().matches("\\d+")) {
                    versions.add(Integer.parseInt(v.version()));
                }
            }
            versions.sort(null);
            String target;
            if (toVersion != null && !toVersion.isBlank()) {
                target = toVersion.trim();
                if (!target.matches("\\d+") || !versions.contains(Integer.parseInt(target))) {
                    throw ProviderException.permanent("Lambda function '" + name + "' has no version '" + target
                            + "' (published: " + versions + ")", "pass one of the published versions with -Dfaas.version");
                }
            } else {
                int now = current.matches("\\d+") ? Integer.parseInt(current) : Integer.MAX_VALUE;
                Optional<Integer> previous = versions.stream().filter(v -> v < now).reduce((a, b) -> b);
                if (previous.isEmpty()) {
                    throw ProviderException.permanent("Lambda function '" + name + "' has no version before "
                            + current + " to roll back to", "deploy a fixed version instead (faas:deploy)");
                }
                target = String.valueOf(previous.get());
            }
            if (target.equals(current)) {
                return List.of("Lambda function '" + name + "': alias " + settings.alias() + " already at version "
                        + current);
            }
            String to = target;
            lambda().updateAlias(b -> b.functionName(name).name(settings.alias()).functionVersion(to));
            // the recorded hashes describe $LATEST, which the alias no longer runs: the next deploy must not skip it
            lambda().tagResource(b -> b.resource(arn).tags(Map.of(LambdaMapping.TAG_CODE, LambdaMapping.PENDING,
                    LambdaMapping.TAG_CONFIG, LambdaMapping.PENDING)));
            String line = "Lambda function '" + name + "': alias " + settings.alias() + " moved from version "
                    + current + " to " + to;
            log.info(line);
            return List.of(line);
        } catch (RuntimeException e) {
            throw AwsErrors.map("Rolling back Lambda function '" + name + "'", name, e);
        }
    }

    private LambdaClient lambda() {
        return clients.lambda();
    }
}
