package dev.faasport.provider.aws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LambdaTestServer refuses what AWS's Lambda service model refuses, with Lambda's ValidationException. */
class LambdaServiceModelTest {

    static final String ROLE = "arn:aws:iam::" + LambdaTestServer.ACCOUNT + ":role/faasport-test-role";

    LambdaTestServer server;
    LambdaClient lambda;

    @BeforeEach
    void start() throws Exception {
        server = new LambdaTestServer().transitions(Duration.ofMillis(10), Duration.ofMillis(10)).role(ROLE);
        lambda = LambdaClient.builder().endpointOverride(server.endpoint()).region(Region.of(LambdaTestServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKE", "fake")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterEach
    void stop() {
        lambda.close();
        server.close();
    }

    private void create(String name) {
        lambda.createFunction(b -> b.functionName(name).role(ROLE).runtime("java17").handler("a.B::handleRequest")
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip()))));
    }

    private static byte[] zip() {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(bytes)) {
                z.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
                z.write(1);
            }
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void refused(Runnable call, String... parts) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LambdaException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.getMessage()).contains(parts);
        });
    }

    @Test
    void aFunctionNameOutsideTheModelsPatternIsRefused() {
        refused(() -> create("bad name!"), "1 validation error detected: Value 'bad name!' at 'functionName' failed to "
                + "satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?");
    }

    @Test
    void memoryOutOfTheModelsRangeIsRefused() {
        refused(() -> lambda.createFunction(b -> b.functionName("f").role(ROLE).runtime("java17").handler("a.B::h")
                .memorySize(64).code(c -> c.zipFile(SdkBytes.fromByteArray(zip())))),
                "Value '64' at 'memorySize'", "Member must have value greater than or equal to 128");
        create("f");
        refused(() -> lambda.updateFunctionConfiguration(b -> b.functionName("f").memorySize(20480)),
                "Value '20480' at 'memorySize'", "Member must have value less than or equal to 10240");
    }

    @Test
    void anUnknownEnumValueIsRefused() {
        refused(() -> lambda.createFunction(b -> b.functionName("f").role(ROLE).runtime("java17").handler("a.B::h")
                .packageType("Jar").code(c -> c.zipFile(SdkBytes.fromByteArray(zip())))),
                "Value 'Jar' at 'packageType'", "Member must satisfy enum value set: [Zip, Image]");
        create("f");
        refused(() -> lambda.createFunctionUrlConfig(b -> b.functionName("f").authType("OPEN")),
                "Value 'OPEN' at 'authType'", "[NONE, AWS_IAM]");
        refused(() -> lambda.createEventSourceMapping(b -> b.functionName("f").batchSize(10)
                        .eventSourceArn("arn:aws:sqs:us-east-1:123456789012:q").functionResponseTypesWithStrings("Partial")),
                "at 'functionResponseTypes.1.member'", "[ReportBatchItemFailures]");
    }

    @Test
    void permissionsTagsAndMappingsFollowTheModelToo() {
        create("f");
        refused(() -> lambda.addPermission(b -> b.functionName("f").statementId("has space").action("lambda:InvokeFunction")
                .principal("s3.amazonaws.com")), "Value 'has space' at 'statementId'");
        refused(() -> lambda.addPermission(b -> b.functionName("f").statementId("ok").action("InvokeFunction")
                .principal("s3.amazonaws.com")), "Value 'InvokeFunction' at 'action'");
        refused(() -> lambda.createEventSourceMapping(b -> b.functionName("f").batchSize(0)
                .eventSourceArn("arn:aws:sqs:us-east-1:123456789012:q")), "Value '0' at 'batchSize'");
        refused(() -> lambda.publishLayerVersion(b -> b.layerName("bad/layer")
                .content(c -> c.zipFile(SdkBytes.fromByteArray(zip())))), "at 'layerName'");
    }

    @Test
    void everyViolationIsCountedAndNamed() {
        refused(() -> lambda.createFunction(b -> b.functionName("f").role("not-a-role").runtime("java17").handler("a b")
                .timeout(0).code(c -> c.zipFile(SdkBytes.fromByteArray(zip())))),
                "3 validation errors detected", "Value 'not-a-role' at 'role'", "Value 'a b' at 'handler'",
                "Value '0' at 'timeout'");
    }

    @Test
    void nestedMembersListsAndMapsAreChecked() {
        LambdaServiceModel model = LambdaServiceModel.get();
        List<String> v = model.violations("CreateFunction", "/2015-03-31/functions", Map.of(), Map.of(
                "FunctionName", "f", "Role", ROLE, "Code", Map.of(),
                "Architectures", List.of("x86_64", "arm64"),
                "Environment", Map.of("Variables", Map.of("1BAD", "x"))));
        assertThat(v).anyMatch(s -> s.contains("at 'architectures'") && s.contains("less than or equal to 1"))
                .anyMatch(s -> s.contains("Value '1BAD' at 'environment.variables.key'")
                        && s.contains("[a-zA-Z]([a-zA-Z0-9_])+"));
        assertThat(model.violations("CreateFunction", "/2015-03-31/functions", Map.of(), Map.of("Role", ROLE)))
                .contains("Value null at 'functionName' failed to satisfy constraint: Member must not be null",
                        "Value null at 'code' failed to satisfy constraint: Member must not be null");
        // URI and query-string members are read through the operation's requestUri
        assertThat(model.violations("GetFunction", "/2015-03-31/functions/f%20g", Map.of("Qualifier", "a b"), Map.of()))
                .anyMatch(s -> s.startsWith("Value 'f g' at 'functionName'"))
                .anyMatch(s -> s.startsWith("Value 'a b' at 'qualifier'"));
        assertThat(model.violations("GetFunction", "/2015-03-31/functions/f", Map.of("Qualifier", "live"), Map.of())).isEmpty();
    }
}
