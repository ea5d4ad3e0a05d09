package dev.faasport.local;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Raw bytes to the local runtime's HTTP/1.1 front, as any program on this machine may send them: each connection gets
 * well-formed answers (or none, when the bytes are not a request) and is closed, and the front keeps answering.
 */
class HttpFrontFuzzTest {

    static Path home;
    static LocalRuntime runtime;

    @BeforeAll
    static void start() throws IOException {
        home = Files.createTempDirectory("faasport-fuzz");
        runtime = LocalRuntime.start(0, home.resolve("home"), 60);
    }

    @AfterAll
    static void stop() {
        runtime.close();
        Store.deleteTree(home);
    }

    @FuzzTest(maxDuration = "20s")
    void rawRequests(@NotNull byte[] request) throws IOException {
        // Jazzer's SSRF detector flags every connection; this test only ever calls the runtime on loopback
        try (SilentCloseable loopbackOnly = BugDetectors.allowNetworkConnections(
                (host, port) -> (host.equals("127.0.0.1") || host.equals("localhost")) && port == runtime.port())) {
            exchange(request);
        }
    }

    private static void exchange(byte[] request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", runtime.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request);
            s.shutdownOutput(); // end of input: the front must answer what it has and close
            String answer = readAll(s.getInputStream());
            for (String part : answer.split("(?=HTTP/1\\.[01] )")) {
                if (!part.isEmpty()) {
                    assertThat(part).matches("(?s)HTTP/1\\.[01] [1-5]\\d\\d .*");
                }
            }
        } catch (SocketTimeoutException e) {
            fail("the front neither answered nor closed within 10 s after the input ended");
        } catch (java.net.SocketException reset) {
            // a reset after an error answer is a close
        }
        try (Socket s = new Socket("127.0.0.1", runtime.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /fn/none HTTP/1.1\r\nHost: 127.0.0.1:" + runtime.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 404 ");
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
