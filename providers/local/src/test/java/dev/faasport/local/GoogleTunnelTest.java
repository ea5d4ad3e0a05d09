package dev.faasport.local;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.WriteChannel;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runtime's TLS tunnel for the workers' default Cloud Storage client: CONNECT only to Google's storage hosts, a
 * certificate only the workers' trust store accepts, for those hosts only, and the token endpoint of the throwaway
 * service account, driven with the JDK's HTTPS client and Google's own auth library.
 */
class GoogleTunnelTest {

    @TempDir
    static Path tmp;
    static LocalRuntime runtime;
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        home = tmp.resolve("home");
        runtime = LocalRuntime.start(0, home, 60);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void theCaTheTrustStoreAndTheServiceAccountKeyAreTheOwnersOnlyAndKeptPerHome() throws Exception {
        for (String file : List.of(LocalCa.CA_FILE, LocalCa.TRUST_STORE_FILE, GoogleOAuth.KEY_FILE)) {
            assertThat(Files.getPosixFilePermissions(home.resolve(file))).as(file).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(LocalCa.load(home).certificate()).isEqualTo(runtime.storage.ca.certificate());
        assertThat(LocalCa.load(tmp.resolve("other")).certificate()).isNotEqualTo(runtime.storage.ca.certificate());
        // the home keeps one key, the intermediate's: the root's own key (it signed itself) is gone
        LocalCa ca = runtime.storage.ca;
        assertThat(Files.readString(home.resolve(LocalCa.CA_FILE)).split("BEGIN PRIVATE KEY", -1)).hasSize(2);
        ca.certificate().verify(ca.root().getPublicKey());
        ca.root().verify(ca.root().getPublicKey());
        assertThatThrownBy(() -> ca.root().verify(ca.certificate().getPublicKey())).isInstanceOf(java.security.SignatureException.class);
        KeyStore jdk = KeyStore.getInstance(Path.of(System.getProperty("java.home"), "lib/security/cacerts").toFile(), "changeit".toCharArray());
        KeyStore trust = trustStore();
        assertThat(trust.size()).isEqualTo(jdk.size() + 1);
        assertThat(trust.getCertificate("faasport-local-ca")).isEqualTo(runtime.storage.ca.root());
    }

    @Test
    void aConnectToAnyOtherHostOrPortOrFromAWebPageIsRefused() throws Exception {
        int port = runtime.port();
        for (String target : List.of("example.com:443", "storage.googleapis.com:80", "www.googleapis.com:443",
                "127.0.0.1:" + port, "metadata.google.internal:80", "storage.googleapis.com")) {
            assertThat(TriggerFixtures.rawStatus("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n", port))
                    .as(target).isEqualTo(403);
        }
        assertThat(TriggerFixtures.rawStatus("CONNECT storage.googleapis.com:443 HTTP/1.1\r\nHost: storage.googleapis.com:443"
                + "\r\nOrigin: http://evil.example\r\n\r\n", port)).isEqualTo(403);
    }

    @Test
    void theWorkersTrustStoreAcceptsTheTunnelWhereOnlyTheCloudStorageApiIsServed() throws Exception {
        assertThat(TriggerFixtures.send("PUT", java.net.URI.create(runtime.baseUri() + "/_buckets/shots/a.txt"),
                "hello".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        SSLContext workers = SSLContext.getInstance("TLS");
        workers.init(null, trustManagers(trustStore()), null);
        HttpsURLConnection get = open("https://storage.googleapis.com/storage/v1/b/shots/o/a.txt?alt=media", workers);
        assertThat(get.getResponseCode()).isEqualTo(200);
        try (InputStream in = get.getInputStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
        HttpsURLConnection metadata = open("https://storage.googleapis.com/storage/v1/b/shots/o/a.txt", workers);
        try (InputStream in = metadata.getInputStream()) {
            // links name the origin the client called
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("\"mediaLink\":\"https://storage.googleapis.com/download/storage/v1/b/shots/o/a.txt?");
        }
        // nothing but the storage API inside: not the control API, functions or the plain buckets
        for (String path : List.of("/_faas/metrics", "/fn/anything", "/_buckets/shots/a.txt", "/token")) {
            assertThat(open("https://storage.googleapis.com" + path, workers).getResponseCode()).as(path).isEqualTo(404);
        }
        // a client with the JDK's own trust store (not a worker) does not accept the certificate
        SSLContext jdk = SSLContext.getInstance("TLS");
        jdk.init(null, null, null);
        assertThatThrownBy(() -> open("https://storage.googleapis.com/storage/v1/b/shots", jdk).getResponseCode())
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theCaVouchesForGooglesStorageHostsOnly() throws Exception {
        X509TrustManager trust = (X509TrustManager) trustManagers(trustStore())[0];
        LocalCa ca = runtime.storage.ca;
        KeyPair leaf = LocalCa.keyPair();
        X509Certificate storage = LocalCa.x509(LocalCa.certificate("storage.googleapis.com", leaf.getPublic(),
                LocalCa.CA_NAME, ca.caKey, Duration.ofDays(1), LocalCa.HOSTS, false));
        trust.checkServerTrusted(new X509Certificate[]{storage, ca.certificate(), ca.root()}, "ECDHE_ECDSA");
        // signed with the key the home keeps, a certificate for another host is refused by the intermediate's constraints
        X509Certificate other = LocalCa.x509(LocalCa.certificate("bank.example", leaf.getPublic(),
                LocalCa.CA_NAME, ca.caKey, Duration.ofDays(1), List.of("bank.example"), false));
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[]{other, ca.certificate(), ca.root()}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void theTokenEndpointGrantsAssertionsSignedWithTheHomesKeyOnly() throws Exception {
        NetHttpTransport transport = workerTransport();
        ServiceAccountCredentials own = credentials(home, transport);
        assertThat(own.getClientEmail()).isEqualTo(GoogleOAuth.CLIENT_EMAIL);
        assertThat(own.createScoped("https://www.googleapis.com/auth/devstorage.full_control").refreshAccessToken().getTokenValue())
                .startsWith("ya29.faasport-local.");
        // the key of another home (a key the runtime did not make) is refused as Google refuses a bad signature
        GoogleOAuth.load(tmp.resolve("stranger"));
        ServiceAccountCredentials stranger = credentials(tmp.resolve("stranger"), transport);
        assertThatThrownBy(() -> stranger.createScoped("https://www.googleapis.com/auth/devstorage.full_control").refreshAccessToken())
                .isInstanceOf(IOException.class).hasMessageContaining("invalid_grant").hasMessageContaining("perhaps you should");
        // an assertion that is no JWT at all
        SSLContext workers = SSLContext.getInstance("TLS");
        workers.init(null, trustManagers(trustStore()), null);
        HttpsURLConnection post = open("https://oauth2.googleapis.com/token", workers);
        post.setRequestMethod("POST");
        post.setDoOutput(true);
        post.getOutputStream().write("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=garbage"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(post.getResponseCode()).isEqualTo(400);
        try (InputStream in = post.getErrorStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"error\":\"invalid_grant\"")
                    .contains("not a JWT (header.claims.signature)").contains("perhaps you should");
        }
    }

    @Test
    void googlesClientAsAWorkerHasItUploadsResumablyAndReadsThroughTheTunnel() throws Exception {
        NetHttpTransport transport = workerTransport();
        ServiceAccountCredentials credentials = credentials(home, transport);
        // the default host, https://storage.googleapis.com: the worker's proxy selector is this transport's proxy
        try (Storage storage = StorageOptions.newBuilder().setProjectId(StorageEndpoints.GOOGLE_PROJECT).setCredentials(credentials)
                .setTransportOptions(HttpTransportOptions.newBuilder().setHttpTransportFactory(() -> transport).build())
                .build().getService()) {
            byte[] bytes = new byte[600 << 10];
            new java.util.Random(7).nextBytes(bytes);
            try (WriteChannel w = storage.writer(BlobInfo.newBuilder("reels", "big.bin").build())) {
                w.setChunkSize(256 << 10); // a resumable session: its Location must lead back into the tunnel
                w.write(java.nio.ByteBuffer.wrap(bytes));
            }
            assertThat(storage.readAllBytes(BlobId.of("reels", "big.bin"))).isEqualTo(bytes);
            assertThat(storage.get(BlobId.of("reels", "big.bin")).getMediaLink()).startsWith("https://storage.googleapis.com/download/");
        }
    }

    /** google-http-client's transport as in a worker: through the runtime, with the workers' trust store. */
    static NetHttpTransport workerTransport() throws Exception {
        return new NetHttpTransport.Builder().trustCertificates(trustStore())
                .setProxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", runtime.port()))).build();
    }

    static ServiceAccountCredentials credentials(Path home, NetHttpTransport transport) throws IOException {
        try (InputStream in = Files.newInputStream(home.resolve(GoogleOAuth.KEY_FILE))) {
            return ServiceAccountCredentials.fromStream(in, () -> transport);
        }
    }

    static KeyStore trustStore() throws Exception {
        return KeyStore.getInstance(home.resolve(LocalCa.TRUST_STORE_FILE).toFile(), LocalCa.TRUST_STORE_PASSWORD.toCharArray());
    }

    static javax.net.ssl.TrustManager[] trustManagers(KeyStore ks) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    /** An HTTPS connection through the runtime as a worker makes it: proxied, with the JDK's hostname verification. */
    static HttpsURLConnection open(String url, SSLContext tls) throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) new URL(url)
                .openConnection(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", runtime.port())));
        c.setSSLSocketFactory(tls.getSocketFactory());
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        return c;
    }
}
