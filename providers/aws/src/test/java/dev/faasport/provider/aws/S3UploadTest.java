package dev.faasport.provider.aws;

import dev.faasport.spi.Artifact;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.UnitUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Packages above the direct-upload threshold go through an S3 deployment bucket, here the s3rver emulator. */
class S3UploadTest {

    static S3rverEmulator s3;
    static Path s3Data;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        System.setProperty("aws.accessKeyId", "S3RVER");
        System.setProperty("aws.secretAccessKey", "S3RVER");
        s3Data = Files.createTempDirectory("s3rver");
        s3 = S3rverEmulator.start(s3Data);
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void smallPackagesGoInlineAndLargeOnesThroughTheBucketWhichIsCreatedOnce() throws Exception {
        try (LambdaTestServer server = new LambdaTestServer().transitions(Duration.ofMillis(50), Duration.ofMillis(50))
                .role(LambdaSessionTest.ROLE).s3Endpoint(s3.endpoint())) {
            ProviderSession session = new AwsProvider().open(new ProviderConfig("demo", Map.of(
                    "aws.region", LambdaTestServer.REGION, "aws.endpoint", server.endpoint().toString(),
                    "aws.s3Endpoint", s3.endpoint().toString(), "aws.role", LambdaSessionTest.ROLE,
                    "aws.pollMillis", "20", "aws.directUploadMaxBytes", "20000"), dir, null));
            try (session) {
                // the server accepts inline uploads of at most 20,000 bytes too: a wrong threshold would fail with 413
                server.directUploadLimit(20_000);
                FunctionSpec small = TestPackages.http("small", 256, 30, true);
                Artifact smallZip = TestPackages.zip(dir, "small", "v1", 1_000);
                session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, TestPackages.unit(small, smallZip, "c"), null));

                FunctionSpec big = TestPackages.http("big", 256, 30, true);
                Artifact bigZip = TestPackages.zip(dir, "big", "v1", 30_000);
                assertThat(bigZip.zippedBytes()).isGreaterThan(20_000);
                DeployedUnit u = session.apply(new UnitUpdate(UnitUpdate.Kind.CREATE, TestPackages.unit(big, bigZip, "c"), null));
                assertThat(u.artifactSha256()).isEqualTo(bigZip.sha256());
                assertThat(server.code("big")).isEqualTo(Files.readAllBytes(bigZip.path()));

                Artifact bigV2 = TestPackages.zip(dir, "big", "v2", 30_000);
                session.apply(new UnitUpdate(UnitUpdate.Kind.UPDATE_CODE, TestPackages.unit(big, bigV2, "c"), u));
                assertThat(server.code("big")).isEqualTo(Files.readAllBytes(bigV2.path()));

                // the bucket is named after the account and region, and the objects after the archives' hashes
                String bucket = "faasport-" + LambdaTestServer.ACCOUNT + "-" + LambdaTestServer.REGION;
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> listing = http.send(HttpRequest.newBuilder(
                        URI.create(s3.endpoint() + "/" + bucket + "?prefix=faasport/demo/big/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(listing.statusCode()).isEqualTo(200);
                assertThat(listing.body()).contains("faasport/demo/big/" + bigZip.sha256() + ".zip",
                        "faasport/demo/big/" + bigV2.sha256() + ".zip").doesNotContain("small");
                assertThat(server.code("small")).isEqualTo(Files.readAllBytes(smallZip.path()));
            }
        }
    }
}
