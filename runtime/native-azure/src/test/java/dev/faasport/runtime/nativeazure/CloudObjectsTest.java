package dev.faasport.runtime.nativeazure;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The blob trigger's content read on AWS (S3, SigV4) and Google (Cloud Storage, metadata-server token). */
class CloudObjectsTest {

    /** @return a started server on 127.0.0.1 answering every request 200 with the body, after showing it to {@code seen} */
    static HttpServer objectServer(String body, java.util.function.Consumer<com.sun.net.httpserver.HttpExchange> seen)
            throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            seen.accept(ex);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        return server;
    }

    @Test
    void theS3RequestIsSignedAsAwssOwnSignerSignsIt() throws Exception {
        List<AzureOutputsOnAwsAndGoogleTest.Seen> received = new CopyOnWriteArrayList<>();
        HttpServer s3 = objectServer("a photo", ex -> received.add(AzureOutputsOnAwsAndGoogleTest.seen(ex)));
        try {
            Map<String, String> lambda = Map.of("AWS_REGION", "us-east-2", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                    "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "AWS_SESSION_TOKEN", "session-token",
                    "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + s3.getAddress().getPort());
            assertThat(CloudObjects.readable(lambda)).isTrue();
            byte[] content = CloudObjects.s3("photos", "in/cat 1+2.png", lambda, Instant.parse("2026-12-08T01:00:00Z"));
            assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("a photo");

            assertThat(received.get(0).path()).isEqualTo("/photos/in/cat%201%2B2.png");
            assertThat(received.get(0).headers()).containsEntry("x-amz-date", "20261208T010000Z");
            AzureOutputsOnAwsAndGoogleTest.signedAsAwsSigns(received.get(0), "s3");
        } finally {
            s3.stop(0);
        }
    }

    @Test
    void cloudStorageIsReadWithTheMetadataServersToken() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer google = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        google.createContext("/computeMetadata/v1/instance/service-accounts/default/token", ex -> {
            seen.add("token flavor=" + ex.getRequestHeaders().getFirst("Metadata-Flavor"));
            byte[] body = "{\"access_token\":\"ya29.test\",\"expires_in\":3599,\"token_type\":\"Bearer\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        google.createContext("/storage/v1/b/", ex -> {
            seen.add(ex.getRequestURI().getRawPath() + "?" + ex.getRequestURI().getRawQuery() + " "
                    + ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = {1, 2, 3};
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        google.start();
        try {
            String host = "127.0.0.1:" + google.getAddress().getPort();
            Map<String, String> cloudRun = Map.of("K_SERVICE", "inspect", "GCE_METADATA_HOST", host,
                    "STORAGE_EMULATOR_HOST", "http://" + host);
            assertThat(CloudObjects.read("photos", "in/cat 1.png", cloudRun)).containsExactly(1, 2, 3);
            assertThat(seen).containsExactly("token flavor=Google", "/storage/v1/b/photos/o/in%2Fcat%201.png?alt=media Bearer ya29.test");
        } finally {
            google.stop(0);
        }
        assertThat(CloudObjects.readable(Map.of())).isFalse();
    }
}
