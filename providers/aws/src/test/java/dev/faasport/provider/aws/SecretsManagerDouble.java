package dev.faasport.provider.aws;

import dev.faasport.runtime.json.Json;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayInputStream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS Secrets Manager for the Lambda test server, the part a function's cold start uses: GetSecretValue and
 * DescribeSecret over the JSON protocol (target prefix {@code secretsmanager}), requests checked against AWS's own
 * service model (botocore {@code secretsmanager/2017-10-17/service-2.json}, the same way as Lambda's). What it claims
 * about the service, each from the document named beside the code (read 2026-12):
 * <ul>
 *   <li>Signature Version 4: a request signed by an execution role's temporary credentials is checked by recomputing
 *       the signature with the AWS SDK's own signer ({@code Aws4Signer}); a wrong one is
 *       {@code InvalidSignatureException}, an unknown access key {@code UnrecognizedClientException} ("Common
 *       Errors", Secrets Manager API Reference)</li>
 *   <li>authorization: the role's inline policies must allow {@code secretsmanager:GetSecretValue} on the secret's
 *       ARN, else {@code AccessDeniedException} "User: ... is not authorized to perform: ..." ("Troubleshoot AWS
 *       Secrets Manager", "Access denied")</li>
 *   <li>a secret's ARN ends in its name, '-' and six random characters ("What's in a Secrets Manager secret?");
 *       SecretId is the name or the full ARN; an unknown one is {@code ResourceNotFoundException} "Secrets Manager
 *       can't find the specified secret." (API_GetSecretValue)</li>
 * </ul>
 * Callers that are not execution roles (the provider's own SDK clients, signed with the test's credentials) are
 * treated as the account's administrator: the double checks what functions do, not the test's own calls.
 */
final class SecretsManagerDouble {
    static final Path MODEL = Path.of("/usr/lib/python3/dist-packages/botocore/data/secretsmanager/2017-10-17/service-2.json");
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private record Secret(String name, String arn, String value, String versionId) {
    }

    /** The temporary credentials the test server gave one execution role's functions. */
    record RoleCredentials(String roleArn, String accessKeyId, String secretAccessKey, String sessionToken) {
    }

    private final String region;
    private final String account;
    private final RolePolicies policies;
    private final Map<String, Secret> byName = new ConcurrentHashMap<>();
    private final Map<String, RoleCredentials> byAccessKey = new ConcurrentHashMap<>();
    private final java.util.Random random = new java.util.Random(20);
    private volatile LambdaServiceModel model;

    SecretsManagerDouble(String region, String account, RolePolicies policies) {
        this.region = region;
        this.account = account;
        this.policies = policies;
    }

    /** Stores a secret as CreateSecret would (SecretString); returns its ARN. */
    String put(String name, String value) {
        StringBuilder suffix = new StringBuilder();
        synchronized (random) {
            for (int i = 0; i < 6; i++) {
                suffix.append(SUFFIX_CHARS.charAt(random.nextInt(SUFFIX_CHARS.length())));
            }
        }
        String arn = "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + name + "-" + suffix;
        byName.put(name, new Secret(name, arn, value, UUID.randomUUID().toString()));
        return arn;
    }

    /**
     * The credentials Lambda gives a function of this role (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
     * AWS_SESSION_TOKEN: "Defined runtime environment variables", Lambda Developer Guide): STS temporary
     * credentials, whose key ids start with ASIA.
     */
    RoleCredentials credentials(String roleArn) {
        for (RoleCredentials c : byAccessKey.values()) {
            if (c.roleArn().equals(roleArn)) {
                return c;
            }
        }
        String hex = HexFormat.of().formatHex(sha256(roleArn)).toUpperCase(java.util.Locale.ROOT);
        RoleCredentials c = new RoleCredentials(roleArn, "ASIA" + hex.substring(0, 16),
                java.util.Base64.getEncoder().encodeToString(sha256("secret " + roleArn)).substring(0, 40),
                "IQoJb3JpZ2luX2VjE" + hex.substring(16, 48));
        byAccessKey.put(c.accessKeyId(), c);
        return c;
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Thrown as Secrets Manager answers: status, __type and Message. */
    static final class Error extends RuntimeException {
        final int status;
        final String type;

        Error(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }

    /**
     * @param headers the request's headers (names as sent)
     * @return the JSON answer of a 200
     */
    String handle(String op, Map<String, String> headers, byte[] body) {
        Map<String, Object> in = body.length == 0 ? Map.of() : Json.parseObject(new String(body, StandardCharsets.UTF_8));
        RoleCredentials role = authenticate(headers, body);
        LambdaServiceModel m = model;
        if (m == null) {
            model = m = LambdaServiceModel.load(MODEL);
        }
        if (!m.knows(op) || !(op.equals("GetSecretValue") || op.equals("DescribeSecret"))) {
            throw new Error(400, "UnknownOperationException", "unknown operation " + op);
        }
        List<String> violations = m.violations(op, "/", Map.of(), in);
        if (!violations.isEmpty()) {
            throw new Error(400, "ValidationException", violations.size() + " validation error"
                    + (violations.size() == 1 ? "" : "s") + " detected: " + String.join("; ", violations));
        }
        String id = String.valueOf(in.get("SecretId"));
        Secret s = byName.values().stream().filter(x -> x.name().equals(id) || x.arn().equals(id)).findFirst().orElse(null);
        String action = "secretsmanager:" + op;
        // IAM evaluates the caller's policies before the service looks the secret up: a caller without the right
        // learns nothing about which secrets exist
        String resource = s != null ? s.arn() : "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + id;
        if (role != null && !policies.allows(role.roleArn(), action, resource)) {
            String roleName = role.roleArn().substring(role.roleArn().lastIndexOf('/') + 1);
            throw new Error(400, "AccessDeniedException", "User: arn:aws:sts::" + account + ":assumed-role/" + roleName
                    + "/function is not authorized to perform: " + action + " on resource: " + id
                    + " because no identity-based policy allows the " + action + " action");
        }
        if (s == null) {
            throw new Error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ARN", s.arn());
        out.put("Name", s.name());
        if (op.equals("GetSecretValue")) {
            out.put("VersionId", s.versionId());
            out.put("SecretString", s.value());
            out.put("VersionStages", List.of("AWSCURRENT"));
        }
        out.put("CreatedDate", 1.7649792E9);
        return Json.write(out);
    }

    /** @return the execution role that signed the request, or null for other callers */
    private RoleCredentials authenticate(Map<String, String> headers, byte[] body) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        Matcher a = h.get("Authorization") == null ? null : AUTHORIZATION.matcher(h.get("Authorization"));
        if (a == null || !a.matches()) {
            throw new Error(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        RoleCredentials role = byAccessKey.get(a.group(1));
        if (role == null) {
            if (a.group(1).startsWith("ASIA")) {
                throw new Error(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
            }
            return null;
        }
        if (!a.group(3).equals(region) || !a.group(4).equals("secretsmanager")) {
            throw new Error(400, "InvalidSignatureException", "Credential should be scoped to a valid region and"
                    + " service: " + a.group(3) + "/" + a.group(4));
        }
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + h.get("Host") + "/")).contentStreamProvider(() -> new ByteArrayInputStream(body));
        for (String name : a.group(5).split(";")) {
            if (!name.equals("host") && !name.equals("x-amz-date") && !name.equals("x-amz-security-token")) {
                request.putHeader(name, h.getOrDefault(name, ""));
            }
        }
        Instant at = Instant.from(AMZ_DATE.parse(h.getOrDefault("X-Amz-Date", "19700101T000000Z")));
        // the SDK's SigV4 signer as the SDK's own JSON-protocol clients use it (no x-amz-content-sha256 header, which
        // only S3 requires)
        String expected = Aws4Signer.create().sign(request.build(), Aws4SignerParams.builder()
                        .awsCredentials(AwsSessionCredentials.create(role.accessKeyId(), role.secretAccessKey(),
                                h.getOrDefault("X-Amz-Security-Token", "")))
                        .signingName("secretsmanager").signingRegion(Region.of(region))
                        .signingClockOverride(Clock.fixed(at, ZoneOffset.UTC)).build())
                .firstMatchingHeader("Authorization").orElse("");
        if (!expected.equals(h.get("Authorization")) || !role.sessionToken().equals(h.get("X-Amz-Security-Token"))) {
            throw new Error(400, "InvalidSignatureException", "The request signature we calculated does not match the"
                    + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
                    + " documentation for details.");
        }
        return role;
    }
}
