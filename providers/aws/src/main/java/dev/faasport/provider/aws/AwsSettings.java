package dev.faasport.provider.aws;

import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AWS provider's settings, read from {@link ProviderConfig#properties()} and validated before any remote call.
 *
 * @param setName              the function set
 * @param region               {@code aws.region}; empty means the SDK's default region chain
 * @param profile              {@code aws.profile}; empty means the SDK's default credentials chain
 * @param endpoint             {@code aws.endpoint}: one endpoint for every client (emulators), or null
 * @param s3Endpoint           {@code aws.s3Endpoint}: S3 only (an S3 emulator beside a Lambda one), or null
 * @param role                 {@code aws.role}: execution role ARN, or null
 * @param createRole           {@code aws.createRole}: create a minimal logging role when no role is given
 * @param alias                {@code aws.alias}: the alias callers use, moved after each successful update
 * @param bucket               {@code aws.bucket}: deployment bucket for packages above the direct-upload limit, or
 *                             null for {@code faasport-<account>-<region>}
 * @param architecture         {@code aws.architecture}: x86_64 or arm64
 * @param runtime              {@code aws.runtime}: the Lambda Java runtime id
 * @param directUploadMaxBytes {@code aws.directUploadMaxBytes}: largest zip sent inline in CreateFunction
 * @param pollInterval         {@code aws.pollMillis}: how often a state wait polls
 * @param maxWait              {@code aws.waitSeconds}: how long a state wait lasts before it gives up
 * @param http                 {@code aws.http}: {@code url} (function URLs) or {@code apigateway} (an HTTP API per
 *                             function) for HTTP triggers
 * @param ecrRepositories      {@code aws.ecrRepositories}: ECR repositories (names or image references, comma
 *                             separated) that faas:doctor creates before the first image push
 * @param callTimeout          {@code aws.timeoutSeconds} (default 60): how long one AWS API call may go unanswered
 *                             before it fails, naming the endpoint (uploads get more in proportion to their size,
 *                             an invocation the function's own timeout on top)
 */
record AwsSettings(String setName, Optional<String> region, Optional<String> profile, URI endpoint, URI s3Endpoint,
                   String role, boolean createRole, String alias, String bucket, String architecture,
                   String runtime, long directUploadMaxBytes, Duration pollInterval, Duration maxWait,
                   String http, java.util.List<String> ecrRepositories, Duration callTimeout) {

    /** Zipped size Lambda accepts inline (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html, 2026-11). */
    static final long DIRECT_UPLOAD_LIMIT_BYTES = 50L * 1024 * 1024;

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-zA-Z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern ALIAS = Pattern.compile("(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    static final Pattern RUNTIME = Pattern.compile("java\\d+(\\.al2(023)?)?");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    static AwsSettings from(ProviderConfig config) throws ProviderException {
        if (config.setName() == null || config.setName().isBlank()) {
            throw ProviderException.permanent("The AWS provider was opened without a function set name",
                    "set <setName> in the faas plugin configuration");
        }
        Optional<String> region = config.property("aws.region");
        if (region.isPresent() && !REGION.matcher(region.get()).matches()) {
            throw invalid("aws.region", region.get(), "pass a region id such as eu-west-1");
        }
        URI endpoint = uri(config, "aws.endpoint");
        URI s3Endpoint = uri(config, "aws.s3Endpoint");
        String role = config.property("aws.role").orElse(null);
        if (role != null && !ROLE_ARN.matcher(role).matches()) {
            throw invalid("aws.role", role, "pass an IAM role ARN such as arn:aws:iam::123456789012:role/my-lambda-role");
        }
        boolean createRole = bool(config, "aws.createRole", false);
        String alias = config.property("aws.alias").orElse("live");
        if (!ALIAS.matcher(alias).matches()) {
            throw invalid("aws.alias", alias, "use 1-128 letters, digits, '-' or '_', not only digits");
        }
        String bucket = config.property("aws.bucket").orElse(null);
        if (bucket != null && !BUCKET.matcher(bucket).matches()) {
            throw invalid("aws.bucket", bucket, "use a valid S3 bucket name (3-63 lower-case letters, digits, '.', '-')");
        }
        String arch = config.property("aws.architecture").orElse("x86_64").toLowerCase(Locale.ROOT);
        if (!arch.equals("x86_64") && !arch.equals("arm64")) {
            throw invalid("aws.architecture", arch, "use x86_64 or arm64");
        }
        String runtime = config.property("aws.runtime").orElse("java17");
        if (!RUNTIME.matcher(runtime).matches()) {
            throw invalid("aws.runtime", runtime, "use a Lambda Java runtime such as java17, java21 or java25");
        }
        long direct = number(config, "aws.directUploadMaxBytes", DIRECT_UPLOAD_LIMIT_BYTES);
        long poll = number(config, "aws.pollMillis", 1000);
        long wait = number(config, "aws.waitSeconds", 300);
        long timeout = number(config, "aws.timeoutSeconds", 60);
        String http = config.property("aws.http").orElse("url").toLowerCase(Locale.ROOT);
        if (!http.equals("url") && !http.equals("apigateway")) {
            throw invalid("aws.http", http, "use url (function URLs) or apigateway (an API Gateway HTTP API)");
        }
        return new AwsSettings(config.setName(), region, config.property("aws.profile"), endpoint, s3Endpoint, role,
                createRole, alias, bucket, arch, runtime, direct, Duration.ofMillis(poll), Duration.ofSeconds(wait), http,
                java.util.Arrays.stream(config.property("aws.ecrRepositories").orElse("").split(","))
                        .map(String::trim).filter(r -> !r.isEmpty()).toList(), Duration.ofSeconds(timeout));
    }

    /** Checked by apply() before its first remote call: deploying needs a role, listing does not. */
    void requireRoleSource() throws ProviderException {
        if (role == null && !createRole) {
            throw ProviderException.permanent("No execution role for the Lambda functions of set '" + setName
                            + "' (aws.role is not set and aws.createRole is false)",
                    "set -Dfaas.aws.role=arn:aws:iam::<account>:role/<name> or -Dfaas.aws.createRole=true");
        }
    }

    private static URI uri(ProviderConfig config, String key) throws ProviderException {
        Optional<String> v = config.property(key);
        if (v.isEmpty()) {
            return null;
        }
        try {
            URI u = new URI(v.get());
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw invalid(key, v.get(), "pass an absolute http(s) URL such as http://127.0.0.1:4566");
            }
            return u;
        } catch (URISyntaxException e) {
            throw invalid(key, v.get(), "pass an absolute http(s) URL such as http://127.0.0.1:4566");
        }
    }

    private static boolean bool(ProviderConfig config, String key, boolean fallback) throws ProviderException {
        Optional<String> v = config.property(key);
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, v.get(), "use true or false");
        };
    }

    private static long number(ProviderConfig config, String key, long fallback) throws ProviderException {
        Optional<String> v = config.property(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.get());
            if (n <= 0) {
                throw invalid(key, v.get(), "use a positive number");
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(key, v.get(), "use a positive number");
        }
    }

    private static ProviderException invalid(String key, String value, String fix) {
        return ProviderException.permanent("Invalid AWS provider setting " + key + "='" + value + "'", fix);
    }
}
