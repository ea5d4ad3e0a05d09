package dev.faasport.runtime.aws;

import dev.faasport.runtime.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a function's secret references at cold start: each {@value #PREFIX}{@code <VARIABLE>=<secret name or ARN>}
 * that the provider set becomes {@code <VARIABLE>} in the function's environment, read with Secrets Manager's
 * GetSecretValue (JSON protocol, "AWS Secrets Manager API Reference", read 2026-12) under the execution role's
 * credentials, which Lambda puts into AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. The endpoint is
 * {@code https://secretsmanager.<AWS_REGION>.amazonaws.com}, or AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL
 * (the SDKs' service-specific endpoint variables, "AWS SDKs and Tools Reference Guide", read 2026-12).
 */
final class SecretsManagerReader {
    /** The prefix of the variables naming the secrets to read; set by the AWS provider. */
    static final String PREFIX = "FAASPORT_SECRET_";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private SecretsManagerReader() {
    }

    /**
     * @param env the process environment
     * @return variable name to secret value; empty when the function references no secret
     * @throws IllegalStateException naming the secret that could not be read, with AWS's error and a fix
     */
    static Map<String, String> resolve(Map<String, String> env) {
        Map<String, String> references = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(PREFIX) && k.length() > PREFIX.length()) {
                references.put(k.substring(PREFIX.length()), v);
            }
        });
        Map<String, String> values = new TreeMap<>();
        if (references.isEmpty()) {
            return values;
        }
        String region = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
        String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_SECRETS_MANAGER", env.getOrDefault("AWS_ENDPOINT_URL",
                "https://secretsmanager." + region + ".amazonaws.com"));
        SigV4.Credentials credentials = new SigV4.Credentials(env.get("AWS_ACCESS_KEY_ID"),
                env.get("AWS_SECRET_ACCESS_KEY"), env.get("AWS_SESSION_TOKEN"));
        if (region == null || credentials.accessKeyId() == null || credentials.secretAccessKey() == null) {
            throw new IllegalStateException("Faasport: cannot read secrets " + references.values() + ": AWS_REGION or"
                    + " the execution role's credentials are missing from the environment, perhaps you should run the"
                    + " function on AWS Lambda, which sets them");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        for (Map.Entry<String, String> r : references.entrySet()) {
            values.put(r.getKey(), read(http, URI.create(endpoint), region, credentials, r.getValue(), r.getKey()));
        }
        return values;
    }

    private static String read(HttpClient http, URI endpoint, String region, SigV4.Credentials credentials,
                               String secretId, String variable) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("SecretId", secretId);
        byte[] body = Json.write(request).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>();
        headers.put("Content-Type", "application/x-amz-json-1.1");
        headers.put("X-Amz-Target", "secretsmanager.GetSecretValue");
        String host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        SigV4.sign(host, region, "secretsmanager", headers, body, credentials, Instant.now()).forEach(b::header);
        String what = "Faasport: secret '" + secretId + "' (environment variable " + variable + ")";
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(what + " could not be read from " + endpoint + " (" + e
                    + "), perhaps you should give the function a route to Secrets Manager (a NAT gateway or a VPC"
                    + " endpoint when it runs in a VPC)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
        Map<String, Object> out;
        try {
            out = Json.parseObject(response.body());
        } catch (RuntimeException e) {
            out = Map.of();
        }
        if (response.statusCode() != 200) {
            String type = String.valueOf(out.getOrDefault("__type", "HTTP " + response.statusCode()));
            type = type.substring(type.lastIndexOf('#') + 1);
            String fix = switch (type) {
                case "ResourceNotFoundException" -> "create it (aws secretsmanager create-secret --name " + secretId
                        + " --secret-string file://<file>) in the function's region";
                // with a grant on named secrets only, Secrets Manager answers AccessDenied for one that does not exist
                case "AccessDeniedException" -> "create the secret if it does not exist (aws secretsmanager"
                        + " create-secret --name " + secretId + " --secret-string file://<file>), else deploy again with"
                        + " faas:deploy, which grants the function's role secretsmanager:GetSecretValue on the secrets"
                        + " it references";
                default -> "check the secret in the Secrets Manager console";
            };
            throw new IllegalStateException(what + " could not be read: " + type + ": "
                    + out.getOrDefault("Message", out.getOrDefault("message", "")) + ", perhaps you should " + fix);
        }
        if (!(out.get("SecretString") instanceof String value)) {
            throw new IllegalStateException(what + " holds binary data (SecretBinary), perhaps you should store it"
                    + " as text (SecretString), e.g. base64-encoded");
        }
        return value;
    }
}
