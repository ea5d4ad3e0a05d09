package dev.faasport.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import dev.faasport.runtime.local.Wire;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The runtime's HTTP/1.1 server on 127.0.0.1: one thread per connection, blocking I/O, keep-alive. A function call
 * ({@code /fn/}) is parsed, sent to a worker and answered on the connection's own thread, with no hand-off between
 * threads and one socket write per response. Every other path goes to the handler registered for it with
 * {@link #createContext} (as on the JDK's server: the control API {@code /_faas/} and the 404 answer of
 * {@link Gateway}) through an {@link HttpExchange} adapter, so their Host, Origin and token checks are unchanged.
 *
 * <p>It replaces the JDK's {@code com.sun.net.httpserver} server, which hands every request from its dispatcher
 * thread to an executor thread and back, and capped the gateway well below the JDK server's own hello.
 */
final class HttpFront implements AutoCloseable {

    /** Longest request line plus headers. */
    static final int MAX_HEAD = 64 << 10;
    /** A connection that waits this long for its next request is closed (as the JDK server's idle interval). */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** A request body that stalls this long between two reads is answered 408 (a slow-loris client). */
    static final int BODY_READ_MILLIS = 10_000;
    /** A request body not read whole within this time closes the connection, however slowly it trickles in. */
    static final long BODY_NANOS = TimeUnit.SECONDS.toNanos(60);
    /**
     * Connections kept at once, below the gateway's 1,024 threads (one per connection): past it the connection that
     * has waited longest for its next request is closed, so that idle clients cannot starve a new one.
     */
    static final int MAX_CONNECTIONS = 1_000;
    /** An unread request body up to this size is read and dropped after the answer, to keep the connection. */
    static final int DRAIN_BYTES = 64 << 10;

    private final ServerSocket server;
    private final Set<Conn> conns = ConcurrentHashMap.newKeySet();
    private volatile Gateway gateway;
    /** Handlers by path prefix, as {@code HttpServer.createContext}: the longest prefix of the path wins. */
    private final Map<String, HttpHandler> contexts = new ConcurrentHashMap<>();
    /** Hosts whose TLS the front terminates after a CONNECT, by name. */
    private final Map<String, Tunnel> tunnels = new ConcurrentHashMap<>();
    private volatile ThreadPoolExecutor executor;
    private volatile boolean closed;
    private Thread acceptor;

    private HttpFront(ServerSocket server) {
        this.server = server;
    }

    /** Binds 127.0.0.1 (loopback only) at once, so that a taken port fails before anything else starts. */
    static HttpFront bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new HttpFront(s);
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Serves requests whose path starts with {@code prefix} (and no longer registered prefix) with a handler written
     * for the JDK's {@code HttpServer}, on the connection's thread. {@code /fn/} is the front's own: function calls.
     */
    void createContext(String prefix, HttpHandler handler) {
        contexts.put(prefix, handler);
    }

    /** The exchange attribute naming the host of the TLS tunnel a request came through, absent outside tunnels. */
    static final String TUNNEL_HOST = "dev.faasport.local.tunnelHost";

    /** A host's TLS (a certificate for it) and the handlers, by path prefix, served inside its tunnels. */
    record Tunnel(SSLContext tls, Map<String, HttpHandler> contexts) {
    }

    /**
     * Answers {@code CONNECT host:443} by terminating TLS with {@code tls} and serving, inside, the requests whose path
     * starts with a prefix of {@code contexts} (and nothing else); every other CONNECT is refused.
     */
    void tunnel(String host, SSLContext tls, Map<String, HttpHandler> contexts) {
        tunnels.put(host.toLowerCase(Locale.ROOT), new Tunnel(tls, Map.copyOf(contexts)));
    }

    private static HttpHandler handlerFor(Map<String, HttpHandler> contexts, String path) {
        String best = null;
        for (String prefix : contexts.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : contexts.get(best);
    }

    /** Starts accepting; each connection gets a thread of the executor for its lifetime. */
    void start(Gateway gateway, ThreadPoolExecutor executor) {
        this.gateway = gateway;
        this.executor = executor;
        acceptor = new Thread(this::acceptLoop, "faasport-local-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // e.g. out of file descriptors: do not spin
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                continue;
            }
            if (conns.size() >= MAX_CONNECTIONS && !closeLongestIdle()) {
                refuseBusy(s);
                continue;
            }
            Conn c = new Conn(s);
            conns.add(c);
            if (closed) {
                c.close();
                return;
            }
            try {
                executor.execute(c);
            } catch (RejectedExecutionException e) {
                c.close();
            }
        }
    }

    /**
     * Closes connections that wait for a next request for longer than the idle interval, and those whose request body
     * has not arrived whole within {@link #BODY_NANOS}.
     */
    void reapIdle() {
        long now = System.nanoTime();
        for (Conn c : conns) {
            long body = c.bodySince;
            if ((c.waiting && now - c.waitingSince > IDLE_NANOS) || (body != 0 && now - body > BODY_NANOS)) {
                c.close();
            }
        }
    }

    /** @return whether an idle connection was closed to make room for a new one */
    private boolean closeLongestIdle() {
        Conn oldest = null;
        for (Conn c : conns) {
            if (c.waiting && (oldest == null || c.waitingSince - oldest.waitingSince < 0)) {
                oldest = c;
            }
        }
        if (oldest == null) {
            return false;
        }
        conns.remove(oldest);
        oldest.close();
        return true;
    }

    /** Every connection is busy with a request: a short 503 from the accepting thread, then close. */
    private static void refuseBusy(Socket s) {
        try (s) {
            s.setSoLinger(true, 0);
            String body = "Every connection of the local runtime is busy, perhaps you should retry in a moment\n";
            s.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nRetry-After: 1\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException ignored) {
            // the client went away
        }
    }

    /** Stops accepting and closes every connection (calls in flight lose their answer, as with the JDK server). */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Conn c : conns) {
            c.close();
        }
    }

    // ---- one connection

    /** A malformed request: answered with the status, then the connection is closed. */
    static final class BadRequest extends IOException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** A parsed request head. Header names are kept as sent and lower-cased. */
    static final class Head {
        String method;
        String target;
        boolean http10;
        final List<String> names = new ArrayList<>(16);
        final List<String> lower = new ArrayList<>(16);
        final List<String> values = new ArrayList<>(16);
        long contentLength = -1;
        boolean chunked;
        boolean close;
        boolean keepAlive10;
        boolean expectContinue;
    }

    final class Conn implements Runnable {
        private final Socket socket;
        private InputStream in;
        private OutputStream out;
        private byte[] buf = new byte[8192];
        private int pos;
        private int lim;
        private final byte[] outBuf = new byte[16 << 10];
        volatile boolean waiting = true;
        volatile long waitingSince = System.nanoTime();
        /** When the current request's body started to be read, 0 when none is */
        volatile long bodySince;
        /** The host and TLS of the tunnel this connection became after a CONNECT, null before */
        private String tunnelHost;
        private Tunnel tunnel;

        Conn(Socket socket) {
            this.socket = socket;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        @Override
        public void run() {
            try {
                socket.setTcpNoDelay(true);
                in = socket.getInputStream();
                out = socket.getOutputStream();
                while (!closed) {
                    waitingSince = System.nanoTime();
                    waiting = true;
                    Head h;
                    try {
                        h = readHead();
                    } catch (BadRequest e) {
                        plain(e.status, e.getMessage());
                        lingerClose();
                        break;
                    }
                    waiting = false;
                    if (h == null || !serve(h)) {
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!(e instanceof SocketException || e instanceof EOFException || e instanceof BadRequest
                        || e instanceof SSLException) && !closed) {
                    e.printStackTrace();
                }
            } finally {
                conns.remove(this);
                close();
            }
        }

        /**
         * Closes after an error answer without losing it: stops sending, then reads what the client still sends for
         * a moment, so that unread bytes do not make the close a reset that could drop the answer.
         */
        private void lingerClose() {
            try {
                socket.shutdownOutput();
                socket.setSoTimeout(200);
                byte[] skip = new byte[8192];
                long total = 0;
                while (total < (1 << 20) && in.read(skip) >= 0) {
                    total += skip.length;
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        /** @return false when the connection must close */
        private boolean serve(Head h) throws IOException {
            if (h.method.equals("CONNECT")) {
                return connect(h);
            }
            boolean keep = !h.close && (!h.http10 || h.keepAlive10);
            String target = h.target;
            String rawPath;
            String path;
            String rawQuery;
            URI uri = null;
            if (target.startsWith("/") && usableAsIs(target)) {
                int q = target.indexOf('?');
                rawPath = q < 0 ? target : target.substring(0, q);
                path = rawPath;
                rawQuery = q < 0 ? null : target.substring(q + 1);
            } else {
                try {
                    uri = new URI(target);
                } catch (URISyntaxException e) {
                    plain(400, "Bad request target");
                    return false;
                }
                rawPath = uri.getRawPath();
                path = uri.getPath();
                rawQuery = uri.getRawQuery();
                if (rawPath == null || path == null) {
                    plain(400, "Bad request target");
                    return false;
                }
            }
            if (tunnel == null && path.startsWith("/fn/")) {
                return function(h, keep, rawPath, path, rawQuery);
            }
            if (uri == null) {
                uri = URI.create(target);
            }
            HttpHandler handler = handlerFor(tunnel == null ? contexts : tunnel.contexts(), path);
            if (handler == null) {
                plain(404, "Nothing at " + path + (tunnel == null ? "" : " of " + tunnelHost + " on the local runtime"));
                return false;
            }
            Exchange ex = new Exchange(h, uri, keep);
            if (tunnel != null) {
                ex.setAttribute(TUNNEL_HOST, tunnelHost);
            }
            try {
                handler.handle(ex);
            } finally {
                ex.close();
            }
            return ex.keepAlive();
        }

        /**
         * {@code CONNECT host:443} (RFC 9110 section 9.3.6): for a host with a {@link Tunnel}, answers 200, terminates
         * the TLS that follows with the tunnel's certificate and serves the requests inside on this connection. Any
         * other host or port, a CONNECT inside a tunnel and one with an {@code Origin} (no web page sends one) are
         * refused with 403: the runtime is no proxy to anywhere else.
         */
        private boolean connect(Head h) throws IOException {
            String target = h.target.toLowerCase(Locale.ROOT);
            int colon = target.lastIndexOf(':');
            String host = colon < 0 ? target : target.substring(0, colon);
            Tunnel t = colon >= 0 && target.substring(colon + 1).equals("443") ? tunnels.get(host) : null;
            if (t == null || tunnel != null || h.lower.contains("origin")) {
                plain(403, "CONNECT " + h.target + " is refused: the local runtime terminates TLS only for "
                        + String.join(", ", new java.util.TreeSet<>(tunnels.keySet())) + " on port 443, for its workers, "
                        + "perhaps you should connect to other hosts directly");
                lingerClose();
                return false;
            }
            if (pos != lim) {
                plain(400, "Bytes sent after CONNECT before its answer, perhaps you should wait for the 200");
                return false;
            }
            out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            SSLSocket tls = (SSLSocket) t.tls().getSocketFactory().createSocket(socket, host, 443, true);
            tls.setUseClientMode(false);
            socket.setSoTimeout(BODY_READ_MILLIS); // a client that stalls in the handshake does not hold the thread
            tls.startHandshake();
            socket.setSoTimeout(0);
            in = tls.getInputStream();
            out = tls.getOutputStream();
            tunnel = t;
            tunnelHost = host;
            return true;
        }

        /** {@code /fn/<function>/<rest>}: read the body, call a worker on this thread, answer in one write. */
        private boolean function(Head h, boolean keep, String rawPath, String path, String rawQuery) throws IOException {
            int slash = rawPath.indexOf('/', 4);
            String name = slash < 0 ? rawPath.substring(4) : rawPath.substring(4, slash);
            String rest = slash < 0 ? "/" : path.substring(path.indexOf('/', 4));
            byte[] body;
            if (h.contentLength <= Gateway.MAX_BODY) {
                continueIfExpected(h);
            }
            bodySince = System.nanoTime();
            socket.setSoTimeout(BODY_READ_MILLIS);
            try {
                if (h.chunked) {
                    body = new BodyIn(h).readNBytes(Gateway.MAX_BODY + 1);
                } else if (h.contentLength > Gateway.MAX_BODY) {
                    body = null;
                } else if (h.contentLength > 0) {
                    body = new byte[(int) h.contentLength];
                    readFully(body);
                } else {
                    body = new byte[0];
                }
            } catch (BadRequest e) {
                plain(e.status, e.getMessage() + " in the body of a call to function '" + name + "'");
                lingerClose();
                return false;
            } catch (SocketTimeoutException e) {
                plain(408, "The body of a call to function '" + name + "' stalled for " + BODY_READ_MILLIS / 1000
                        + " s, perhaps you should send the whole body (Content-Length: " + h.contentLength + ")");
                return false;
            } finally {
                bodySince = 0;
                socket.setSoTimeout(0);
            }
            Wire.Response r;
            if (body == null || body.length > Gateway.MAX_BODY) {
                r = gateway.tooLarge(name);
                keep = false; // the rest of the body is not read
            } else {
                List<String> headers = new ArrayList<>(h.lower.size() * 2);
                for (int i = 0; i < h.lower.size(); i++) {
                    headers.add(h.lower.get(i));
                    headers.add(h.values.get(i));
                }
                r = gateway.invoke(name, h.method, rest, rawQuery == null ? "" : rawQuery, headers, body);
            }
            respond(r.status(), r.headers(), r.body(), "HEAD".equals(h.method), keep, h.http10);
            if (body == null || body.length > Gateway.MAX_BODY) {
                lingerClose();
            }
            return keep;
        }

        /** Writes a whole response; head and a small body in one socket write. */
        private void respond(int status, List<String> headers, byte[] body, boolean head, boolean keep, boolean http10)
                throws IOException {
            Ascii a = new Ascii(outBuf);
            a.statusLine(status).header("Date", HttpDate.now());
            for (int i = 0; i + 1 < headers.size(); i += 2) {
                String n = headers.get(i);
                if (!n.equalsIgnoreCase("content-length") && !n.equalsIgnoreCase("transfer-encoding")
                        && !n.equalsIgnoreCase("connection")) {
                    a.header(n, headers.get(i + 1));
                }
            }
            boolean noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
            if (!noBody) {
                a.header("Content-Length", Integer.toString(body.length));
            }
            if (!keep) {
                a.header("Connection", "close");
            } else if (http10) {
                a.header("Connection", "keep-alive");
            }
            a.crlf();
            boolean sendBody = !noBody && !head && body.length > 0;
            if (sendBody && a.fits(body.length)) {
                a.bytes(body);
                out.write(a.buf, 0, a.len);
            } else {
                out.write(a.buf, 0, a.len);
                if (sendBody) {
                    out.write(body);
                }
            }
        }

        /** A short text/plain answer to a request that could not be parsed; the connection then closes. */
        private void plain(int status, String message) throws IOException {
            byte[] b = (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            respond(status, List.of("Content-Type", "text/plain; charset=utf-8"), b, false, false, false);
        }

        private void continueIfExpected(Head h) throws IOException {
            if (h.expectContinue && !h.http10) {
                h.expectContinue = false;
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }

        // ---- reading

        /** @return false at end of stream */
        private boolean fill() throws IOException {
            if (pos == lim) {
                pos = 0;
                lim = 0;
            }
            if (lim == buf.length) {
                if (pos > 0) {
                    System.arraycopy(buf, pos, buf, 0, lim - pos);
                    lim -= pos;
                    pos = 0;
                } else {
                    if (buf.length >= MAX_HEAD) {
                        throw new BadRequest(431, "Request header fields too large");
                    }
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
            }
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                return false;
            }
            lim += n;
            return true;
        }

        private void readFully(byte[] b) throws IOException {
            int off = 0;
            int avail = Math.min(lim - pos, b.length);
            System.arraycopy(buf, pos, b, 0, avail);
            pos += avail;
            off += avail;
            while (off < b.length) {
                int n = in.read(b, off, b.length - off);
                if (n < 0) {
                    throw new EOFException("request body ended early");
                }
                off += n;
            }
        }

        /** @return one line without its CRLF (or LF), or null at end of stream before any byte of it */
        private String readLine(int max) throws IOException {
            int scanFrom = pos;
            while (true) {
                for (int i = scanFrom; i < lim; i++) {
                    if (buf[i] == '\n') {
                        int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                        String line = new String(buf, pos, end - pos, java.nio.charset.StandardCharsets.ISO_8859_1);
                        pos = i + 1;
                        return line;
                    }
                }
                int have = lim - pos;
                if (have > max) {
                    throw new BadRequest(431, "Request header fields too large");
                }
                if (!fill()) {
                    if (lim - pos == 0) {
                        return null;
                    }
                    throw new EOFException("request head ended early");
                }
                scanFrom = pos + have; // fill() may have moved the unread bytes to the front
            }
        }

        /** @return the next request head, or null when the client closed the connection between requests */
        private Head readHead() throws IOException {
            String line;
            int blank = 0;
            do {
                line = readLine(MAX_HEAD);
                if (line == null) {
                    return null;
                }
            } while (line.isEmpty() && ++blank < 8);
            Head h = new Head();
            int sp1 = line.indexOf(' ');
            int sp2 = line.lastIndexOf(' ');
            if (sp1 <= 0 || sp2 <= sp1 + 1) {
                throw new BadRequest(400, "Bad request line");
            }
            h.method = line.substring(0, sp1);
            h.target = line.substring(sp1 + 1, sp2);
            String version = line.substring(sp2 + 1);
            if (version.equals("HTTP/1.0")) {
                h.http10 = true;
            } else if (!version.equals("HTTP/1.1")) {
                throw new BadRequest(version.startsWith("HTTP/") ? 505 : 400, "Unsupported HTTP version");
            }
            for (int i = 0; i < h.method.length(); i++) {
                char c = h.method.charAt(i);
                if (c <= ' ' || c >= 127) {
                    throw new BadRequest(400, "Bad request method");
                }
            }
            int total = line.length();
            boolean sawLength = false;
            while (true) {
                String hl = readLine(MAX_HEAD);
                if (hl == null) {
                    throw new EOFException("request head ended early");
                }
                if (hl.isEmpty()) {
                    break;
                }
                total += hl.length();
                if (total > MAX_HEAD || h.names.size() > 500) {
                    throw new BadRequest(431, "Request header fields too large");
                }
                int colon = hl.indexOf(':');
                if (colon <= 0 || hl.charAt(colon - 1) == ' ' || hl.charAt(colon - 1) == '\t'
                        || hl.charAt(0) == ' ' || hl.charAt(0) == '\t') {
                    throw new BadRequest(400, "Bad header line");
                }
                String name = hl.substring(0, colon);
                if (!Ascii.token(name)) {
                    throw new BadRequest(400, "Bad header name");
                }
                String value = hl.substring(colon + 1).strip();
                String lower = name.toLowerCase(Locale.ROOT);
                h.names.add(name);
                h.lower.add(lower);
                h.values.add(value);
                switch (lower) {
                    case "content-length" -> {
                        long n;
                        try {
                            n = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new BadRequest(400, "Bad Content-Length");
                        }
                        if (n < 0 || (sawLength && n != h.contentLength)) {
                            throw new BadRequest(400, "Bad Content-Length");
                        }
                        sawLength = true;
                        h.contentLength = n;
                    }
                    case "transfer-encoding" -> {
                        if (!value.equalsIgnoreCase("chunked")) {
                            throw new BadRequest(501, "Unsupported Transfer-Encoding");
                        }
                        h.chunked = true;
                    }
                    case "connection" -> {
                        for (String t : value.split(",")) {
                            String token = t.strip();
                            if (token.equalsIgnoreCase("close")) {
                                h.close = true;
                            } else if (token.equalsIgnoreCase("keep-alive")) {
                                h.keepAlive10 = true;
                            }
                        }
                    }
                    case "expect" -> h.expectContinue = value.equalsIgnoreCase("100-continue");
                    default -> {
                    }
                }
            }
            if (h.chunked && sawLength) {
                throw new BadRequest(400, "Both Content-Length and Transfer-Encoding");
            }
            return h;
        }

        /** The request body: fixed length or chunked, read from the connection's buffer and socket. */
        final class BodyIn extends InputStream {
            private long remaining;
            private final boolean chunked;
            private boolean done;

            BodyIn(Head h) {
                this.chunked = h.chunked;
                this.remaining = h.chunked ? 0 : Math.max(0, h.contentLength);
                this.done = !h.chunked && remaining == 0;
            }

            boolean finished() {
                return done;
            }

            /** @return whether the unread rest is small enough to be read and dropped after the answer */
            boolean drainable() {
                return done || (!chunked && remaining <= DRAIN_BYTES);
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (done) {
                    return -1;
                }
                if (remaining == 0) {
                    // chunked: next chunk size (a fixed-length body is done when remaining reaches 0)
                    String size = readLine(4096);
                    if (size == null) {
                        throw new EOFException("chunked body ended early");
                    }
                    int semi = size.indexOf(';');
                    try {
                        remaining = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                    } catch (NumberFormatException e) {
                        throw new BadRequest(400, "Bad chunk size");
                    }
                    if (remaining < 0) {
                        throw new BadRequest(400, "Bad chunk size");
                    }
                    if (remaining == 0) {
                        String trailer;
                        do {
                            trailer = readLine(MAX_HEAD);
                        } while (trailer != null && !trailer.isEmpty());
                        done = true;
                        return -1;
                    }
                }
                int n;
                if (pos < lim) {
                    n = (int) Math.min(Math.min(len, remaining), lim - pos);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                } else {
                    n = in.read(b, off, (int) Math.min(len, remaining));
                    if (n < 0) {
                        throw new EOFException("request body ended early");
                    }
                }
                remaining -= n;
                if (remaining == 0) {
                    if (chunked) {
                        String crlf = readLine(16);
                        if (crlf == null || !crlf.isEmpty()) {
                            throw new BadRequest(400, "Bad chunk end");
                        }
                    } else {
                        done = true;
                    }
                }
                return n;
            }
        }

        /** The JDK {@link HttpExchange} view of one request, for the control API and the 404 answer. */
        final class Exchange extends HttpExchange {
            private final Head head;
            private final URI uri;
            private final Headers requestHeaders = new Headers();
            private final Headers responseHeaders = new Headers();
            private final BodyIn body;
            private InputStream bodyView;
            private OutputStream responseView;
            private ResponseOut response;
            private boolean keep;
            private int status = -1;
            private Map<String, Object> attributes;
            private boolean finished;

            Exchange(Head head, URI uri, boolean keep) {
                this.head = head;
                this.uri = uri;
                this.keep = keep;
                for (int i = 0; i < head.names.size(); i++) {
                    requestHeaders.add(head.names.get(i), head.values.get(i));
                }
                this.body = new BodyIn(head);
                this.bodyView = body;
            }

            boolean keepAlive() {
                return keep;
            }

            @Override
            public Headers getRequestHeaders() {
                return requestHeaders;
            }

            @Override
            public Headers getResponseHeaders() {
                return responseHeaders;
            }

            @Override
            public URI getRequestURI() {
                return uri;
            }

            @Override
            public String getRequestMethod() {
                return head.method;
            }

            @Override
            public HttpContext getHttpContext() {
                return null;
            }

            @Override
            public void close() {
                if (finished) {
                    return;
                }
                finished = true;
                try {
                    if (response == null) {
                        if (status < 0) {
                            keep = false; // no answer was sent: the client sees the connection close
                        }
                    } else {
                        response.close();
                        if (!response.complete()) {
                            keep = false;
                        }
                    }
                    if (keep && !body.finished()) {
                        // drain a small unread rest of the body, else close rather than read a large upload
                        byte[] skip = new byte[8192];
                        long drained = 0;
                        while (drained < DRAIN_BYTES && !body.finished()) {
                            int n = body.read(skip, 0, skip.length);
                            if (n < 0) {
                                break;
                            }
                            drained += n;
                        }
                        if (!body.finished()) {
                            keep = false;
                        }
                    }
                } catch (IOException e) {
                    keep = false;
                }
            }

            @Override
            public InputStream getRequestBody() {
                if (!body.finished()) {
                    try {
                        continueIfExpected(head);
                    } catch (IOException e) {
                        keep = false;
                    }
                }
                return bodyView;
            }

            @Override
            public OutputStream getResponseBody() {
                if (responseView != null) {
                    return responseView;
                }
                return response != null ? response : OutputStream.nullOutputStream();
            }

            @Override
            public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
                if (status >= 0) {
                    throw new IOException("headers already sent");
                }
                status = rCode;
                if (!body.drainable()) {
                    keep = false; // answered before a large body was read: say so, or the client reuses the connection
                }
                boolean noBody = "HEAD".equals(head.method) || rCode == 204 || rCode == 304;
                List<String> flat = new ArrayList<>();
                for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
                    for (String v : e.getValue()) {
                        flat.add(e.getKey());
                        flat.add(v);
                    }
                }
                Ascii a = new Ascii(new byte[1024]);
                a.statusLine(rCode).header("Date", HttpDate.now());
                for (int i = 0; i + 1 < flat.size(); i += 2) {
                    String n = flat.get(i);
                    if (!n.equalsIgnoreCase("content-length") && !n.equalsIgnoreCase("transfer-encoding")
                            && !n.equalsIgnoreCase("connection")) {
                        a.header(n, flat.get(i + 1));
                    }
                }
                long fixed;
                if (noBody) {
                    if ("HEAD".equals(head.method)) {
                        // the length a GET would have: given here, or set by the handler (as the JDK server allows)
                        String set = responseHeaders.getFirst("Content-Length");
                        if (responseLength > 0) {
                            a.header("Content-Length", Long.toString(responseLength));
                        } else if (set != null && set.strip().chars().allMatch(Character::isDigit) && !set.isBlank()) {
                            a.header("Content-Length", set.strip());
                        }
                    }
                    fixed = 0;
                } else if (responseLength > 0) {
                    a.header("Content-Length", Long.toString(responseLength));
                    fixed = responseLength;
                } else if (responseLength == 0) {
                    if (head.http10) {
                        keep = false; // HTTP/1.0 has no chunked encoding: the body ends with the connection
                    } else {
                        a.header("Transfer-Encoding", "chunked");
                    }
                    fixed = -1;
                } else {
                    a.header("Content-Length", "0");
                    fixed = 0;
                }
                if (!keep) {
                    a.header("Connection", "close");
                } else if (head.http10) {
                    a.header("Connection", "keep-alive");
                }
                a.crlf();
                response = new ResponseOut(new BufferedOutputStream(out, 8192), noBody ? -2 : fixed, fixed < 0 && !head.http10);
                response.raw(a.buf, a.len);
            }

            @Override
            public InetSocketAddress getRemoteAddress() {
                return (InetSocketAddress) socket.getRemoteSocketAddress();
            }

            @Override
            public int getResponseCode() {
                return status;
            }

            @Override
            public InetSocketAddress getLocalAddress() {
                return (InetSocketAddress) socket.getLocalSocketAddress();
            }

            @Override
            public String getProtocol() {
                return head.http10 ? "HTTP/1.0" : "HTTP/1.1";
            }

            @Override
            public Object getAttribute(String name) {
                return attributes == null ? null : attributes.get(name);
            }

            @Override
            public void setAttribute(String name, Object value) {
                if (attributes == null) {
                    attributes = new HashMap<>();
                }
                attributes.put(name, value);
            }

            @Override
            public void setStreams(InputStream i, OutputStream o) {
                if (i != null) {
                    bodyView = i;
                }
                if (o != null) {
                    responseView = o;
                }
            }

            @Override
            public HttpPrincipal getPrincipal() {
                return null;
            }
        }
    }

    /**
     * A response body: fixed length (extra bytes refused), chunked, until the connection closes (-1), or none at all
     * (-2: HEAD, 204, 304; bytes written are dropped).
     */
    static final class ResponseOut extends OutputStream {
        private final OutputStream out;
        private final long fixed;
        private final boolean chunked;
        private long written;
        private boolean closed;

        ResponseOut(OutputStream out, long fixed, boolean chunked) {
            this.out = out;
            this.fixed = fixed;
            this.chunked = chunked;
        }

        void raw(byte[] b, int len) throws IOException {
            out.write(b, 0, len);
        }

        boolean complete() {
            return fixed < 0 || written == fixed;
        }

        private boolean discard() {
            return fixed == -2;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("response body closed");
            }
            if (len == 0 || discard()) {
                return;
            }
            if (fixed >= 0 && written + len > fixed) {
                throw new IOException("too many bytes for the response's Content-Length " + fixed);
            }
            if (chunked) {
                out.write((Integer.toHexString(len) + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                out.write(b, off, len);
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b, off, len);
            }
            written += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            out.flush();
        }
    }

    /** Builds a response head as bytes; header names and values with CR, LF or non-token names are dropped. */
    static final class Ascii {
        byte[] buf;
        int len;

        Ascii(byte[] buf) {
            this.buf = buf;
        }

        boolean fits(int n) {
            return len + n <= buf.length;
        }

        Ascii statusLine(int status) {
            str("HTTP/1.1 ");
            str(Integer.toString(status));
            put(' ');
            str(reason(status));
            crlf();
            return this;
        }

        Ascii header(String name, String value) {
            if (!token(name) || value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                return this;
            }
            str(name);
            put(':');
            put(' ');
            str(value);
            crlf();
            return this;
        }

        void crlf() {
            put('\r');
            put('\n');
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        private void put(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        private void str(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                buf[len++] = (byte) (c < 256 ? c : '?');
            }
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        private static boolean token(String name) {
            if (name == null || name.isEmpty()) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c >= 127 || c == ':' || c == '(' || c == ')' || c == ',' || c == ';' || c == '"'
                        || c == '/' || c == '[' || c == ']' || c == '?' || c == '=' || c == '{' || c == '}' || c == '\\'
                        || c == '<' || c == '>' || c == '@') {
                    return false;
                }
            }
            return true;
        }

        static String reason(int status) {
            return switch (status) {
                case 100 -> "Continue";
                case 200 -> "OK";
                case 201 -> "Created";
                case 202 -> "Accepted";
                case 204 -> "No Content";
                case 301 -> "Moved Permanently";
                case 302 -> "Found";
                case 304 -> "Not Modified";
                case 308 -> "Permanent Redirect";
                case 400 -> "Bad Request";
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 405 -> "Method Not Allowed";
                case 409 -> "Conflict";
                case 413 -> "Payload Too Large";
                case 416 -> "Range Not Satisfiable";
                case 429 -> "Too Many Requests";
                case 431 -> "Request Header Fields Too Large";
                case 500 -> "Internal Server Error";
                case 501 -> "Not Implemented";
                case 502 -> "Bad Gateway";
                case 503 -> "Service Unavailable";
                case 504 -> "Gateway Timeout";
                case 505 -> "HTTP Version Not Supported";
                default -> "";
            };
        }
    }

    /** The Date header, formatted at most once a second. */
    static final class HttpDate {
        private record Stamp(long second, String text) {
        }

        private static volatile Stamp last = new Stamp(-1, "");

        static String now() {
            long s = System.currentTimeMillis() / 1000;
            Stamp st = last;
            if (st.second() != s) {
                st = new Stamp(s, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(s), ZoneOffset.UTC)));
                last = st;
            }
            return st.text();
        }
    }

    /** @return whether a request target can be used as is: no percent-escapes and only characters URIs allow */
    static boolean usableAsIs(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
