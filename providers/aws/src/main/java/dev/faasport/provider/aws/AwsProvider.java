package dev.faasport.provider.aws;

import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.Provider;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;
import dev.faasport.spi.ProviderSession;

/**
 * The AWS Lambda target ({@code aws}): one Lambda function per function of the set, a published version per change and
 * an alias moved after each successful update, a function URL for HTTP triggers. Settings are the {@code aws.*}
 * properties of docs/ARCHITECTURE.md; credentials and region come from the AWS SDK's default chains.
 */
public final class AwsProvider implements Provider {

    /** The id users select this provider by. */
    public static final String ID = "aws";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "AWS Lambda";
    }

    /** What AwsSettings and the function options read; any other aws.* key is refused as a misspelling. */
    @Override
    public java.util.Set<String> knownProperties() {
        return java.util.Set.of("aws.alias", "aws.architecture", "aws.bucket", "aws.createRole",
                "aws.directUploadMaxBytes", "aws.ecrRepositories", "aws.endpoint", "aws.http",
                "aws.layers", "aws.pollMillis", "aws.profile", "aws.region",
                "aws.role", "aws.runtime", "aws.s3Endpoint", "aws.snapStart",
                "aws.timeoutSeconds", "aws.waitSeconds");
    }

    @Override
    public java.util.Optional<String> secretStore(String secret) {
        return java.util.Optional.of("AWS Secrets Manager, in the functions' region: aws secretsmanager create-secret"
                + " --name " + secret + " --secret-string file://<file holding the value>"
                + " (or the console, https://console.aws.amazon.com/secretsmanager/newsecret)");
    }

    @Override
    public PackageFormat packageFormat() {
        return PackageFormat.LAMBDA_ZIP;
    }

    @Override
    public UnitGrouping grouping() {
        return UnitGrouping.PER_FUNCTION;
    }

    @Override
    public ProviderSession open(ProviderConfig config) throws ProviderException {
        AwsSettings settings = AwsSettings.from(config);
        AwsClients clients = new AwsClients(settings);
        return new LambdaSession(settings, clients, config.log(), config.workDir());
    }
}
