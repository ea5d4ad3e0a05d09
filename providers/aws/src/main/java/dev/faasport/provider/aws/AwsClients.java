package dev.faasport.provider.aws;

import dev.faasport.spi.ProviderException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one place SDK clients are built: one HTTP client, one credentials provider, one region, and the endpoint
 * override applied to every service. Clients are created on first use and closed with the session.
 */
final class AwsClients implements AutoCloseable {

    private final AwsSettings settings;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    /** Time to open a connection (within the call's own timeout). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The slowest upload rate a call's time allows for (256 KiB/s): a 50 MB zip gets 200 s on top of the timeout. */
    private static final long SLOWEST_UPLOAD_BYTES_PER_SECOND = 256 * 1024;

    private final SdkHttpClient http;
    private final SdkHttpClient invokeHttp;
    private final Supplier<LambdaClient> invoker;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private final Supplier<LambdaClient> lambda;
    private final Supplier<S3Client> s3;
    private final Supplier<IamClient> iam;
    private final Supplier<software.amazon.awssdk.services.secretsmanager.SecretsManagerClient> secrets;
    private final Supplier<StsClient> sts;
    private final Supplier<CloudWatchLogsClient> logs;
    private final Supplier<SqsClient> sqs;
    private final Supplier<EventBridgeClient> events;
    private final Supplier<ApiGatewayV2Client> apigw;
    private final Supplier<software.amazon.awssdk.services.ecr.EcrClient> ecr;

    AwsClients(AwsSettings settings) throws ProviderException {
        this.settings = settings;
        this.region = resolveRegion(settings);
        this.credentials = settings.profile().isPresent()
                ? ProfileCredentialsProvider.create(settings.profile().get())
                : DefaultCredentialsProvider.builder().build();
        Duration timeout = settings.callTimeout();
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(min(CONNECT_TIMEOUT, timeout))
                .socketTimeout(timeout)
                .build();
        // an invocation waits for the function: up to Lambda's longest timeout without a byte, bounded per call below
        this.invokeHttp = UrlConnectionHttpClient.builder()
                .connectionTimeout(min(CONNECT_TIMEOUT, timeout))
                .socketTimeout(LambdaLimits.get().maxTimeout().plus(timeout))
                .build();
        this.lambda = once(() -> configure(LambdaClient.builder(), settings.endpoint(), http).build());
        this.invoker = once(() -> configure(LambdaClient.builder(), settings.endpoint(), invokeHttp).build());
        this.iam = once(() -> configure(IamClient.builder(), settings.endpoint(), http).region(Region.AWS_GLOBAL).build());
        this.sts = once(() -> configure(StsClient.builder(), settings.endpoint(), http).build());
        this.secrets = once(() -> configure(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder(),
                settings.endpoint(), http).build());
        this.logs = once(() -> configure(CloudWatchLogsClient.builder(), settings.endpoint(), http).build());
        this.sqs = once(() -> configure(SqsClient.builder(), settings.endpoint(), http).build());
        this.events = once(() -> configure(EventBridgeClient.builder(), settings.endpoint(), http).build());
        this.apigw = once(() -> configure(ApiGatewayV2Client.builder(), settings.endpoint(), http).build());
        this.ecr = once(() -> configure(software.amazon.awssdk.services.ecr.EcrClient.builder(), settings.endpoint(), http).build());
        this.s3 = once(() -> {
            URI endpoint = settings.s3Endpoint() != null ? settings.s3Endpoint() : settings.endpoint();
            var b = configure(S3Client.builder(), endpoint, http);
            if (endpoint != null) {
                // emulators serve path-style only and store aws-chunked bodies verbatim
                b.serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true)
                                .chunkedEncodingEnabled(false).build())
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            }
            return b.build();
        });
    }

    Region region() {
        return region;
    }

    LambdaClient lambda() {
        return lambda.get();
    }

    /** @return the Lambda client for Invoke, whose connections wait as long as a function may run */
    LambdaClient invoker() {
        return invoker.get();
    }

    /** @return the time one call uploading {@code bytes} may take: the call timeout plus the upload at a slow rate */
    AwsRequestOverrideConfiguration upload(long bytes) {
        return AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(settings.callTimeout().plusSeconds(bytes / SLOWEST_UPLOAD_BYTES_PER_SECOND)).build();
    }

    /** @return the time one invocation may take: the function's timeout plus the call timeout */
    AwsRequestOverrideConfiguration invocation(int functionTimeoutSeconds) {
        Duration function = functionTimeoutSeconds > 0 ? Duration.ofSeconds(functionTimeoutSeconds) : LambdaLimits.get().maxTimeout();
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(function.plus(settings.callTimeout())).build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    S3Client s3() {
        return s3.get();
    }

    IamClient iam() {
        return iam.get();
    }

    software.amazon.awssdk.services.secretsmanager.SecretsManagerClient secretsManager() {
        return secrets.get();
    }

    StsClient sts() {
        return sts.get();
    }

    /** @return the account of the caller's credentials (STS GetCallerIdentity) */
    String accountId() throws ProviderException {
        try {
            return sts().getCallerIdentity().account();
        } catch (RuntimeException e) {
            throw AwsErrors.map("Finding the AWS account (STS GetCallerIdentity)", null, e);
        }
    }

    CloudWatchLogsClient logs() {
        return logs.get();
    }

    SqsClient sqs() {
        return sqs.get();
    }

    EventBridgeClient events() {
        return events.get();
    }

    ApiGatewayV2Client apigw() {
        return apigw.get();
    }

    software.amazon.awssdk.services.ecr.EcrClient ecr() {
        return ecr.get();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint, SdkHttpClient client) {
        builder.region(region)
                .credentialsProvider(credentials)
                // the core engine owns retries; a second layer here would multiply attempts and hide throttling
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(settings.callTimeout())
                        .addExecutionInterceptor(new NamesUnansweredEndpoint(settings.callTimeout()))
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(client);
        }
        return builder;
    }

    private <T extends AutoCloseable> Supplier<T> once(Supplier<T> factory) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                synchronized (AwsClients.this) {
                    if (value == null) {
                        value = factory.get();
                        opened.add(value);
                    }
                    return value;
                }
            }
        };
    }

    private static Region resolveRegion(AwsSettings settings) throws ProviderException {
        if (settings.region().isPresent()) {
            return Region.of(settings.region().get());
        }
        try {
            return settings.profile().isPresent()
                    ? new AwsProfileRegionProvider(ProfileFile::defaultProfileFile, settings.profile().get()).getRegion()
                    : DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw ProviderException.permanent("No AWS region found for set '" + settings.setName()
                            + "' (neither aws.region nor the SDK's region chain gives one)",
                    "set -Dfaas.aws.region=<region>, AWS_REGION, or a region in your AWS profile");
        }
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort: a failed close must not hide the build's result
            }
        }
        opened.clear();
        http.close();
        invokeHttp.close();
        if (credentials instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // same as above
            }
        }
    }
}
