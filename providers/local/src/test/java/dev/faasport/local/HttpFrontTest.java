package dev.faasport.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's own HTTP/1.1 server, spoken to over raw sockets: keep-alive, pipelining, chunked bodies, errors. */
class HttpFrontTest {

    @TempDir
    static Path tmp;
    static LocalRuntime runtime;
    static DaemonClient control;

    @BeforeAll
    static void start() throws Exception {
        runtime = TestPackages.startWithHello(tmp);
        control = new DaemonClient(runtime.port(), Files.readString(tmp.resolve("home/token")));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** Reads one response: status line, headers, and a Content-Length body. */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            byte[] b = head.toByteArray();
            int n = b.length;
            if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                break;
            }
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return h + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    static String host() {
        return "127.0.0.1:" + runtime.port();
    }

    static Socket connect() throws IOException {
        return TestPackages.connect(runtime, 20_000);
    }

    @Test
    void keepsTheConnectionAliveAndAnswersPipelinedRequestsInOrder() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /fn/hello/a?q=1 HTTP/1.1\r\nHost: " + host() + "\r\n\r\n"
                    + "POST /fn/hello/b HTTP/1.1\r\nHost: " + host() + "\r\nX-Test: t2\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /fn/hello/c%20d HTTP/1.1\r\nHost: " + host() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String a = readResponse(in);
            assertThat(a).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nDate: ").endsWith("hello GET /a v1 q=1 h=");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ").endsWith("hello POST /b v1 q= h=t2");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ").endsWith("hello GET /c d v1 q= h=");
        }
    }

    @Test
    void readsChunkedBodiesAndAnswersExpectContinue() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("POST /fn/hello/x HTTP/1.1\r\nHost: " + host() + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ").endsWith("hello POST /x v1 q= h=");
            out.write(("POST /fn/hello/y HTTP/1.1\r\nHost: " + host() + "\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 100 Continue\r\n");
            out.write("ok".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ").endsWith("hello POST /y v1 q= h=");
        }
    }

    @Test
    void headAnswersWithoutABodyAndConnectionCloseCloses() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("HEAD /fn/hello/h HTTP/1.1\r\nHost: " + host() + "\r\n\r\nGET /fn/hello/z HTTP/1.1\r\nHost: "
                    + host() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all); // ends: the server closed after the second answer
            String text = all.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith("HTTP/1.1 200 OK\r\n");
            int second = text.indexOf("HTTP/1.1 200", 5);
            assertThat(second).isPositive();
            assertThat(text.substring(0, second)).endsWith("\r\n\r\n"); // HEAD: no body bytes
            assertThat(text.substring(second)).contains("\r\nConnection: close\r\n").endsWith("hello GET /z v1 q= h=");
        }
    }

    @Test
    void malformedRequestsGet4xxAndTheConnectionCloses() throws Exception {
        assertThat(raw("NONSENSE\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(raw("GET /fn/hello HTTP/1.1\r\nBad Header: x\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(raw("GET /fn/hello HTTP/2.0\r\n\r\n")).startsWith("HTTP/1.1 505 ");
        assertThat(raw("POST /fn/hello HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ");
        assertThat(raw("GET /fn/hello HTTP/1.1\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n")).startsWith("HTTP/1.1 431 ");
        assertThat(raw("POST /fn/hello HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length: 40000000\r\n\r\nabc"))
                .startsWith("HTTP/1.1 413 ").contains("\"type\":\"PayloadTooLarge\"");
        assertThat(raw("GET /nothing HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 404 ")
                .contains("perhaps you should call a function at /fn/");
        assertThat(raw("GET /_faas/info HTTP/1.1\r\nHost: 127.0.0.1:" + runtime.port() + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 401 ");
    }

    @Test
    void handlersWrittenForTheJdkServerWorkThroughTheExchangeAdapter() throws Exception {
        java.util.concurrent.ThreadPoolExecutor executor = new java.util.concurrent.ThreadPoolExecutor(0, 8, 10,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>());
        HttpFront front = HttpFront.bind(0);
        try {
            front.createContext("/t", ex -> {
                try (ex) {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    String q = ex.getRequestURI().getRawQuery();
                    ex.getResponseHeaders().set("X-Got", ex.getRequestMethod() + " " + ex.getRequestURI().getPath()
                            + " " + body.length + " " + ex.getRequestHeaders().getFirst("x-in"));
                    if ("HEAD".equals(ex.getRequestMethod())) {
                        ex.getResponseHeaders().set("Content-Length", "42");
                        ex.sendResponseHeaders(200, -1);
                    } else if ("chunked".equals(q)) {
                        ex.sendResponseHeaders(200, 0);
                        try (OutputStream os = ex.getResponseBody()) {
                            os.write("part1-".getBytes(StandardCharsets.UTF_8));
                            os.write("part2".getBytes(StandardCharsets.UTF_8));
                        }
                    } else {
                        ex.sendResponseHeaders(201, 3);
                        ex.getResponseBody().write("abc".getBytes(StandardCharsets.UTF_8));
                    }
                }
            });
            front.createContext("/t/deeper", ex -> {
                try (ex) {
                    ex.sendResponseHeaders(204, -1);
                }
            });
            front.start(null, executor);
            try (Socket s = new Socket("127.0.0.1", front.port())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write("PUT /t/x HTTP/1.1\r\nHost: x\r\nX-In: 1\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.ISO_8859_1));
                String put = readResponse(in);
                assertThat(put).startsWith("HTTP/1.1 201 Created\r\n").contains("\r\nX-got: PUT /t/x 5 1\r\n")
                        .contains("\r\nContent-Length: 3\r\n").endsWith("abc");
                out.write("HEAD /t/y HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                String head = readHead(in);
                assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-Length: 42\r\n");
                out.write("GET /t/z?chunked HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                String chunked = readHead(in);
                assertThat(chunked).contains("\r\nTransfer-Encoding: chunked\r\n");
                StringBuilder body = new StringBuilder();
                while (true) {
                    int size = Integer.parseInt(readLine(in), 16);
                    if (size == 0) {
                        readLine(in);
                        break;
                    }
                    body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                    readLine(in);
                }
                assertThat(body).hasToString("part1-part2");
                out.write("DELETE /t/deeper/q HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readHead(in)).startsWith("HTTP/1.1 204 No Content\r\n").doesNotContain("Content-Length");
                out.write("GET /other HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readResponse(in)).startsWith("HTTP/1.1 404 ");
            }
        } finally {
            front.close();
            executor.shutdownNow();
        }
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** @return everything the server sent before it closed the connection */
    static String raw(String request) throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            s.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
