package dev.faasport.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker variables, the throwaway credentials and the loopback rules of the vendor storage endpoints. */
class StorageEndpointsTest {

    @TempDir
    Path tmp;

    @Test
    void workersGetWhatTheSdksReadUnlessTheFunctionSetsItItself() throws Exception {
        StorageEndpoints storage = StorageEndpoints.load(tmp);
        Map<String, String> env = storage.workerEnvironment(8765, Map.of());
        assertThat(env).containsEntry("AWS_REGION", "us-east-1").containsEntry("AWS_DEFAULT_REGION", "us-east-1")
                .containsEntry("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:8765/_s3")
                .containsEntry("AWS_ACCESS_KEY_ID", storage.awsAccessKeyId)
                .containsEntry("AWS_SECRET_ACCESS_KEY", storage.awsSecretAccessKey)
                .containsEntry("STORAGE_EMULATOR_HOST", "http://127.0.0.1:8765")
                .containsEntry("GOOGLE_CLOUD_PROJECT", "faasport-local");
        assertThat(env.get("AzureWebJobsStorage")).isEqualTo("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                + "AccountKey=" + storage.azureAccountKey + ";BlobEndpoint=http://127.0.0.1:8765/devstoreaccount1;");
        assertThat(storage.awsAccessKeyId).matches("FPLOCAL[A-Z2-7]{13}");
        assertThat(storage.awsSecretAccessKey).hasSize(40);
        assertThat(java.util.Base64.getDecoder().decode(storage.azureAccountKey)).hasSize(64);

        assertThat(env).containsEntry("GOOGLE_APPLICATION_CREDENTIALS", tmp.resolve("google-credentials.json").toString());

        Map<String, String> own = storage.workerEnvironment(8765, Map.of("AWS_REGION", "eu-west-1", "AzureWebJobsStorage", "x"));
        assertThat(own).doesNotContainKeys("AWS_REGION", "AzureWebJobsStorage").containsKey("AWS_DEFAULT_REGION");
    }

    @Test
    void workersSendGooglesStorageHostsThroughTheRuntimeUnlessTheFunctionChoosesItsStorageEndpoint() throws Exception {
        StorageEndpoints storage = StorageEndpoints.load(tmp);
        assertThat(storage.workerJvmOptions(8765, Map.of("GOOGLE_CLOUD_PROJECT", "mine"))).containsExactly(
                "-Dfaasport.local.proxy=127.0.0.1:8765",
                "-Dfaasport.local.proxyHosts=storage.googleapis.com,oauth2.googleapis.com",
                "-Djavax.net.ssl.trustStore=" + tmp.resolve("storage-truststore.p12"),
                "-Djavax.net.ssl.trustStorePassword=changeit");
        assertThat(storage.workerJvmOptions(8765, Map.of("STORAGE_EMULATOR_HOST", "https://storage.googleapis.com"))).isEmpty();
        // a function with its own Google credentials gets its tokens from Google, for Google's other services
        assertThat(storage.workerJvmOptions(8765, Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/keys/mine.json")))
                .contains("-Dfaasport.local.proxyHosts=storage.googleapis.com");
    }

    @Test
    void credentialsAreGeneratedOncePerHomeAndReadableByItsOwnerOnly() throws Exception {
        StorageEndpoints first = StorageEndpoints.load(tmp);
        StorageEndpoints again = StorageEndpoints.load(tmp);
        StorageEndpoints other = StorageEndpoints.load(tmp.resolve("other-home"));
        assertThat(again.awsAccessKeyId).isEqualTo(first.awsAccessKeyId);
        assertThat(again.azureAccountKey).isEqualTo(first.azureAccountKey);
        assertThat(other.awsAccessKeyId).isNotEqualTo(first.awsAccessKeyId);
        assertThat(other.awsSecretAccessKey).isNotEqualTo(first.awsSecretAccessKey);
        assertThat(Files.getPosixFilePermissions(tmp.resolve("storage-credentials.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void theEndpointsKeepTheRuntimesHostRulesAndRefuseUnsignedRequests() throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(0, tmp.resolve("home"), 60)) {
            int port = runtime.port();
            for (String path : new String[]{"/_s3/photos/k", "/devstoreaccount1/docs/k", "/storage/v1/b/shots/o/k?alt=media"}) {
                // a page on another site, through a rebound DNS name or cross-origin, gets nothing
                assertThat(TriggerFixtures.rawStatus("GET " + path + " HTTP/1.1\r\nHost: evil.example:" + port
                        + "\r\nConnection: close\r\n\r\n", port)).as(path).isEqualTo(403);
                assertThat(TriggerFixtures.rawStatus("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n", port)).as(path).isEqualTo(403);
            }
            var unsigned = TriggerFixtures.send("GET", java.net.URI.create(runtime.baseUri() + "/_s3/photos/k"), null);
            assertThat(unsigned.statusCode()).isEqualTo(403);
            assertThat(unsigned.body()).contains("<Code>AccessDenied</Code>").contains("perhaps you should");
            var noKey = TriggerFixtures.send("GET", java.net.URI.create(runtime.baseUri() + "/devstoreaccount1/docs/k"), null);
            assertThat(noKey.statusCode()).isEqualTo(403);
            assertThat(noKey.headers().firstValue("x-ms-error-code")).hasValue("AuthenticationFailed");
            // Cloud Storage clients send no credentials to an emulator: the bucket is simply not there
            var gcs = TriggerFixtures.send("GET", java.net.URI.create(runtime.baseUri() + "/storage/v1/b/shots/o/k"), null);
            assertThat(gcs.statusCode()).isEqualTo(404);
            assertThat(gcs.body()).contains("\"reason\":\"notFound\"");
        }
    }
}
