package dev.faasport.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.faasport.local.HttpFrontTest.readResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests a hostile web page or a careless client sends to function URLs: each must get a clear answer and leave
 * the runtime serving everyone else.
 */
class HostileRequestsTest {

    @TempDir
    static Path tmp;
    static LocalRuntime runtime;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        runtime = TestPackages.startWithHello(tmp);
        token = Files.readString(tmp.resolve("home/token")).trim();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static String local() {
        return "127.0.0.1:" + runtime.port();
    }

    private static Socket connect() throws IOException {
        return TestPackages.connect(runtime, 60_000);
    }

    private static String exchange(String request) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return readResponse(s.getInputStream());
        }
    }

    @Test
    void aFunctionCallWithAForeignHostIsRefused() throws Exception {
        // DNS rebinding: evil.example resolves to 127.0.0.1, and the browser sends its own name as Host
        String r = exchange("GET /fn/hello HTTP/1.1\r\nHost: evil.example\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 403").contains("evil.example").contains("DNS rebinding");
        assertThat(exchange("GET /fn/hello HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 403");
    }

    @Test
    void aCrossSiteFunctionCallIsRefused() throws Exception {
        String r = exchange("POST /fn/hello HTTP/1.1\r\nHost: " + local() + "\r\nOrigin: http://evil.example\r\n"
                + "Content-Length: 2\r\n\r\n{}");
        assertThat(r).startsWith("HTTP/1.1 403").contains("http://evil.example");
        String same = exchange("POST /fn/hello HTTP/1.1\r\nHost: " + local() + "\r\nOrigin: http://" + local()
                + "\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(same).startsWith("HTTP/1.1 200");
    }

    @Test
    void aMalformedChunkedBodyIsAnswered400() throws Exception {
        String r = exchange("POST /fn/hello HTTP/1.1\r\nHost: " + local() + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\nabc\r\n0\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400").contains("chunk");
    }

    @Test
    void aStalledBodyIsAnswered408AndClosed() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /fn/hello HTTP/1.1\r\nHost: " + local() + "\r\nContent-Length: 100\r\n\r\n123456789")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 408");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void idleConnectionsBeyondTheThreadPoolDoNotStarveANormalCall() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1_100; i++) {
                idle.add(new Socket("127.0.0.1", runtime.port()));
            }
            String r = exchange("GET /fn/hello HTTP/1.1\r\nHost: " + local() + "\r\n\r\n");
            assertThat(r).startsWith("HTTP/1.1 200");
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void aControlQueryThatIsNotANumberIsA400NamingTheParameter() throws Exception {
        String r = exchange("GET /_faas/functions/hello/logs?lines=abc HTTP/1.1\r\nHost: " + local()
                + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400").contains("'lines'").contains("'abc'").doesNotContain("For input string");
    }

    @Test
    void aDeployWhoseDescriptorIsNotJsonIsA400() throws Exception {
        byte[] garbage = "not json at all".getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        new java.io.DataOutputStream(body).writeInt(garbage.length);
        body.write(garbage);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /_faas/functions/broken HTTP/1.1\r\nHost: " + local() + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Length: " + body.size() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body.toByteArray());
            out.flush();
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 400").contains("not a JSON object")
                    .doesNotContain("JsonException");
        }
    }
}
