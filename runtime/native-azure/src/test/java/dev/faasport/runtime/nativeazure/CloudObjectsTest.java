package dev.faasport.runtime.nativeazure;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

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
        List<String> authorizations = new CopyOnWriteArrayList<>();
        List<SdkHttpRequest> received = new CopyOnWriteArrayList<>();
        HttpServer s3 = objectServer("a photo", ex -> {
            SdkHttpRequest.Builder r = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                    .uri(URI.create("http://" + ex.getRequestHeaders().getFirst("Host") + ex.getRequestURI().getRawPath()));
            for (String h : List.of("Host", "X-amz-content-sha256", "X-amz-date", "X-amz-security-token")) {
                r.putHeader(h.toLowerCase(), ex.getRequestHeaders().getFirst(h));
            }
            received.add(r.build());
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
        });
        try {
            Map<String, String> lambda = Map.of("AWS_REGION", "us-east-2", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                    "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "AWS_SESSION_TOKEN", "session-token",
                    "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + s3.getAddress().getPort());
            assertThat(CloudObjects.readable(lambda)).isTrue();
            Instant at = Instant.parse("2026-12-08T01:00:00Z");
            byte[] content = CloudObjects.s3("photos", "in/cat 1+2.png", lambda, at);
            assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("a photo");

            SdkHttpRequest request = received.get(0);
            assertThat(request.encodedPath()).isEqualTo("/photos/in/cat%201%2B2.png");
            // the same request signed by the AWS SDK's own SigV4 signer at the same instant
            SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.request(request)
                    .identity(AwsSessionCredentialsIdentity.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token"))
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-2")
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
            assertThat(authorizations.get(0)).isEqualTo(signed.firstMatchingHeader("Authorization").orElseThrow());
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
