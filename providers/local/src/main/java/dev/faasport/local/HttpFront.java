package dev.faasport.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import dev.faasport.runtime.local.Wire;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The runtime's HTTP/1.1 server on 127.0.0.1 and its link to the worker JVMs, on one event loop thread.
 *
 * <p>A warm function call ({@code /fn/} with a small body) never leaves the loop: the request is parsed from the
 * client's socket, written to an idle worker's Unix domain socket, and the worker's answer is written back to the
 * client, all with non-blocking I/O, so that one wake-up of the loop serves every socket that is ready. Nothing
 * waits on a thread per connection or per worker. A call that needs a new worker gets it started on an executor
 * thread (starting a JVM blocks) and continues on the loop once the worker has connected.
 *
 * <p>Everything else (the control API under {@code /_faas/}, other paths, chunked or large bodies, {@code Expect})
 * is served by blocking code on an executor thread, which borrows the connection from the loop for one request and
 * gives it back: {@link Gateway} sees it through an {@link HttpExchange} adapter, so its Host, Origin and token
 * checks are unchanged.
 *
 * <p>Workers connect to a Unix domain socket in a fresh directory only the user can open, and name themselves with a
 * nonce they got in their environment; a connection with an unknown nonce is closed.
 */
final class HttpFront implements AutoCloseable {

    /** Longest request line plus headers. */
    static final int MAX_HEAD = 64 << 10;
    /** Largest body a function call may have to be served on the loop; larger ones go to a thread. */
    static final int LOOP_BODY = 1 << 20;
    /** A connection that waits this long for its next request is closed (as the JDK server's idle interval). */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Largest worker response (the largest body plus headers). */
    static final int MAX_RESPONSE = Gateway.MAX_BODY + (8 << 20);

    private final ServerSocketChannel server;
    private final ServerSocketChannel workerServer;
    private final Path socketDir;
    private final Path socketPath;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<String, CompletableFuture<SocketChannel>> expected = new ConcurrentHashMap<>();
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final int port;
    private volatile Gateway gateway;
    private volatile ThreadPoolExecutor executor;
    private volatile boolean closed;
    private Thread loop;

    private HttpFront(ServerSocketChannel server, ServerSocketChannel workerServer, Path socketDir, Path socketPath,
                      Selector selector) throws IOException {
        this.server = server;
        this.workerServer = workerServer;
        this.socketDir = socketDir;
        this.socketPath = socketPath;
        this.selector = selector;
        this.port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Binds 127.0.0.1 (loopback only) at once, so that a taken port fails before anything else starts. */
    static HttpFront bind(int port) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        ServerSocketChannel w = null;
        Path dir = null;
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            // a new directory with owner-only permissions: no other user can connect to the workers' socket
            dir = Files.createTempDirectory("faasport-");
            Path sock = dir.resolve("w.sock");
            w = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            w.bind(UnixDomainSocketAddress.of(sock), 1024);
            Selector sel = Selector.open();
            s.configureBlocking(false);
            w.configureBlocking(false);
            s.register(sel, SelectionKey.OP_ACCEPT, "http");
            w.register(sel, SelectionKey.OP_ACCEPT, "workers");
            return new HttpFront(s, w, dir, sock, sel);
        } catch (IOException | RuntimeException e) {
            s.close();
            if (w != null) {
                w.close();
            }
            if (dir != null) {
                Store.deleteTree(dir);
            }
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** @return the socket workers connect to */
    Path workerSocket() {
        return socketPath;
    }

    /** Starts the event loop. */
    void start(Gateway gateway, ThreadPoolExecutor executor) {
        this.gateway = gateway;
        this.executor = executor;
        loop = new Thread(this::run, "faasport-local-loop");
        loop.setDaemon(true);
        loop.start();
    }

    /** Runs a task on the loop. */
    void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    boolean onLoop() {
        return Thread.currentThread() == loop;
    }

    private void run() {
        try {
            while (!closed) {
                selector.select(1000);
                Runnable t;
                while ((t = tasks.poll()) != null) {
                    try {
                        t.run();
                    } catch (RuntimeException e) {
                        e.printStackTrace();
                    }
                }
                Set<SelectionKey> ready = selector.selectedKeys();
                for (SelectionKey k : ready) {
                    ready(k);
                }
                ready.clear();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                System.err.println("faasport local runtime: the event loop failed: " + e);
                e.printStackTrace();
            }
        } finally {
            shutdownLoop();
        }
    }

    private void ready(SelectionKey k) {
        Object a = k.attachment();
        try {
            if (!k.isValid()) {
                return;
            }
            if ("http".equals(a)) {
                acceptClients();
            } else if ("workers".equals(a)) {
                acceptWorkers();
            } else if (a instanceof Client c) {
                c.ready(k);
            } else if (a instanceof Hello h) {
                h.read();
            } else if (a instanceof Worker w) {
                workerReady(w, k);
            }
        } catch (IOException | RuntimeException e) {
            if (a instanceof Client c) {
                c.close();
            } else if (a instanceof Worker w) {
                workerGone(w);
            } else if (a instanceof Hello h) {
                closeQuietly(h.ch);
            } else if (!closed) {
                e.printStackTrace();
            }
        }
    }

    private void acceptClients() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Client c = new Client(ch);
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                clients.add(c);
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    /** Closes connections that wait for a next request for longer than the idle interval. */
    void reapIdle() {
        submit(() -> {
            long now = System.nanoTime();
            for (Client c : clients) {
                if (!c.busy && now - c.idleSince > IDLE_NANOS) {
                    c.close();
                }
            }
        });
    }

    /** Stops the loop and closes every connection and the workers' socket. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        closeQuietly(server);
        closeQuietly(workerServer);
        for (Client c : clients) {
            closeQuietly(c.ch);
        }
        if (loop == null) {
            shutdownLoop();
        }
        Store.deleteTree(socketDir);
    }

    private void shutdownLoop() {
        closeQuietly(server);
        closeQuietly(workerServer);
        for (Client c : clients) {
            closeQuietly(c.ch);
        }
        try {
            for (SelectionKey k : selector.keys()) {
                if (k.attachment() instanceof Worker w) {
                    FunctionPool.Call call = w.call;
                    w.call = null;
                    closeQuietly(k.channel());
                    if (call != null) {
                        call.done().accept(call.pool().error(503, "The local runtime stopped during the call to function '"
                                + call.pool().name + "', perhaps you should start it again and retry", "RuntimeStopped"));
                    }
                } else {
                    closeQuietly(k.channel());
                }
            }
            selector.close();
        } catch (IOException | RuntimeException ignored) {
            // closing
        }
        for (CompletableFuture<SocketChannel> f : expected.values()) {
            f.completeExceptionally(new IOException("the local runtime is shutting down"));
        }
    }

    static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }

    // ---- workers

    /** @return a future completed with the connection of the worker that sends this nonce */
    CompletableFuture<SocketChannel> expectWorker(String nonce) {
        CompletableFuture<SocketChannel> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IOException("the local runtime is shutting down"));
            return f;
        }
        expected.put(nonce, f);
        return f;
    }

    void forgetWorker(String nonce) {
        expected.remove(nonce);
    }

    /** A worker's new connection, until it said its nonce. */
    private final class Hello {
        final SocketChannel ch;
        final SelectionKey key;
        ByteBuffer buf = ByteBuffer.allocate(4);
        boolean sized;

        Hello(SocketChannel ch) throws ClosedChannelException {
            this.ch = ch;
            this.key = ch.register(selector, SelectionKey.OP_READ, this);
        }

        void read() throws IOException {
            if (ch.read(buf) < 0) {
                throw new EOFException("worker closed before its nonce");
            }
            if (buf.hasRemaining()) {
                return;
            }
            if (!sized) {
                buf.flip();
                int n = buf.getInt();
                if (n <= 0 || n > 256) {
                    throw new IOException("bad worker nonce length " + n);
                }
                buf = ByteBuffer.allocate(n);
                sized = true;
                read();
                return;
            }
            String nonce = new String(buf.array(), StandardCharsets.UTF_8);
            CompletableFuture<SocketChannel> f = expected.remove(nonce);
            if (f == null) {
                throw new IOException("unknown worker nonce");
            }
            key.interestOps(0);
            key.attach(null);
            if (!f.complete(ch)) {
                closeQuietly(ch);
            }
        }
    }

    private void acceptWorkers() throws IOException {
        SocketChannel ch;
        while ((ch = workerServer.accept()) != null) {
            try {
                ch.configureBlocking(false);
                new Hello(ch);
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    /** Takes over a started worker's connection (any thread). */
    void adopt(Worker w) {
        submit(() -> {
            SelectionKey k = w.channel.keyFor(selector);
            if (k == null || !k.isValid()) {
                closeQuietly(w.channel);
                return;
            }
            w.key = k;
            k.attach(w);
            k.interestOps(SelectionKey.OP_READ);
        });
    }

    /** Sends a request to a worker and hands its answer (or its failure) to the call (any thread). */
    void send(Worker w, byte[] frame, FunctionPool.Call call) {
        if (onLoop()) {
            startCall(w, frame, call);
        } else {
            submit(() -> startCall(w, frame, call));
        }
    }

    private void startCall(Worker w, byte[] frame, FunctionPool.Call call) {
        w.call = call;
        if (w.key == null || !w.key.isValid() || !w.channel.isOpen()) {
            workerGone(w);
            return;
        }
        w.pendingOut = ByteBuffer.wrap(frame);
        w.in = ByteBuffer.allocate(4);
        w.readingBody = false;
        try {
            writeWorker(w);
        } catch (IOException e) {
            workerGone(w);
        }
    }

    private void writeWorker(Worker w) throws IOException {
        w.channel.write(w.pendingOut);
        if (w.pendingOut.hasRemaining()) {
            w.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            w.pendingOut = null;
            w.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void workerReady(Worker w, SelectionKey k) throws IOException {
        if (k.isWritable() && w.pendingOut != null) {
            writeWorker(w);
        }
        if (k.isValid() && k.isReadable()) {
            readWorker(w);
        }
    }

    private void readWorker(Worker w) throws IOException {
        while (true) {
            int n = w.channel.read(w.in);
            if (n < 0) {
                workerGone(w);
                return;
            }
            if (w.in.hasRemaining()) {
                return;
            }
            if (w.call == null) {
                throw new IOException("worker answered without a call");
            }
            if (!w.readingBody) {
                w.in.flip();
                int len = w.in.getInt();
                if (len < 12 || len > MAX_RESPONSE) {
                    throw new IOException("corrupt response frame of " + len + " bytes");
                }
                w.in = ByteBuffer.allocate(len);
                w.readingBody = true;
                continue;
            }
            FunctionPool.Call call = w.call;
            byte[] frame = w.in.array();
            w.call = null;
            w.in = ByteBuffer.allocate(4);
            w.readingBody = false;
            Wire.Response r = Wire.decodeResponse(frame);
            call.pool().answered(call, r);
            return;
        }
    }

    /** The worker's connection ended or failed: its call, if any, fails on a thread (finding out why may wait). */
    private void workerGone(Worker w) {
        if (w.key != null) {
            w.key.cancel();
        }
        closeQuietly(w.channel);
        FunctionPool.Call call = w.call;
        w.call = null;
        if (call != null) {
            try {
                executor.execute(() -> call.pool().failed(call));
            } catch (RejectedExecutionException e) {
                call.pool().failed(call);
            }
        }
    }

    // ---- request heads, shared by the loop and the threads

    /** @return the index after the blank line that ends the head in {@code b[from, to)}, or -1 */
    static int headEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                if (i + 1 < to && b[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** Parses a complete head (request line, headers, blank line), skipping empty lines before it. */
    static Head parseHead(byte[] b, int from, int end) throws BadRequest {
        List<String> lines = new ArrayList<>(16);
        int start = from;
        for (int i = from; i < end; i++) {
            if (b[i] == '\n') {
                int e = i > start && b[i - 1] == '\r' ? i - 1 : i;
                String line = new String(b, start, e - start, StandardCharsets.ISO_8859_1);
                start = i + 1;
                if (line.isEmpty()) {
                    if (lines.isEmpty()) {
                        continue; // CRLF before the request line
                    }
                    break;
                }
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            throw new BadRequest(400, "Bad request line");
        }
        String line = lines.get(0);
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
        if (lines.size() > 500) {
            throw new BadRequest(431, "Request header fields too large");
        }
        boolean sawLength = false;
        for (int li = 1; li < lines.size(); li++) {
            String hl = lines.get(li);
            int colon = hl.indexOf(':');
            if (colon <= 0 || hl.charAt(colon - 1) == ' ' || hl.charAt(colon - 1) == '\t'
                    || hl.charAt(0) == ' ' || hl.charAt(0) == '\t') {
                throw new BadRequest(400, "Bad header line");
            }
            String name = hl.substring(0, colon);
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

    /** The request's target split into the raw path, decoded path and raw query; null when it is not a valid URI. */
    record Target(String rawPath, String path, String rawQuery, URI uri) {
        static Target of(String target) {
            if (target.startsWith("/") && usableAsIs(target)) {
                int q = target.indexOf('?');
                String rawPath = q < 0 ? target : target.substring(0, q);
                return new Target(rawPath, rawPath, q < 0 ? null : target.substring(q + 1), null);
            }
            try {
                URI uri = new URI(target);
                if (uri.getRawPath() == null || uri.getPath() == null) {
                    return null;
                }
                return new Target(uri.getRawPath(), uri.getPath(), uri.getRawQuery(), uri);
            } catch (URISyntaxException e) {
                return null;
            }
        }

        URI toUri(String target) {
            return uri != null ? uri : URI.create(target);
        }
    }

    /** Renders a whole response: status line, Date, the given headers, Content-Length, Connection, body. */
    static Ascii render(byte[] into, int status, List<String> headers, byte[] body, boolean head, boolean keep,
                        boolean http10, boolean withBody) {
        Ascii a = new Ascii(into);
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
        if (withBody && !noBody && !head) {
            a.bytes(body);
        }
        return a;
    }

    // ---- a client connection on the loop

    final class Client {
        final SocketChannel ch;
        SelectionKey key;
        ByteBuffer in = ByteBuffer.allocate(8192);
        ByteBuffer out;
        /** A call in flight or the connection lent to a thread: read no further request. */
        boolean busy;
        boolean closeAfter;
        volatile boolean closedConn;
        long idleSince = System.nanoTime();

        Client(SocketChannel ch) {
            this.ch = ch;
        }

        void close() {
            closedConn = true;
            clients.remove(this);
            closeQuietly(ch);
        }

        void ready(SelectionKey k) throws IOException {
            if (k.isWritable() && out != null) {
                flush();
            }
            if (k.isValid() && k.isReadable()) {
                read();
            }
        }

        private void read() throws IOException {
            if (!in.hasRemaining()) {
                if (busy || in.capacity() >= MAX_HEAD + LOOP_BODY + 8192) {
                    key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
                    return;
                }
                in = grow(in, in.capacity() * 2);
            }
            int n = ch.read(in);
            if (n < 0) {
                close();
                return;
            }
            if (!busy && out == null) {
                next();
            }
        }

        private ByteBuffer grow(ByteBuffer b, int capacity) {
            ByteBuffer g = ByteBuffer.allocate(capacity);
            b.flip();
            g.put(b);
            return g;
        }

        /** Serves the next request in the buffer, if it is all there. */
        private void next() throws IOException {
            byte[] b = in.array();
            int len = in.position();
            int end = headEnd(b, 0, len);
            if (end < 0) {
                if (len > MAX_HEAD) {
                    answerAndClose(431, "Request header fields too large");
                }
                return;
            }
            Head h;
            try {
                h = parseHead(b, 0, end);
            } catch (BadRequest e) {
                answerAndClose(e.status, e.getMessage());
                return;
            }
            Target t = Target.of(h.target);
            boolean fn = t != null && t.path().startsWith("/fn/");
            if (!fn || h.chunked || h.expectContinue || h.contentLength > LOOP_BODY) {
                lend();
                return;
            }
            int bodyLen = (int) Math.max(0, h.contentLength);
            if (len < end + bodyLen) {
                if (in.capacity() < end + bodyLen) {
                    in = grow(in, end + bodyLen);
                }
                return; // the rest of the body is on its way
            }
            byte[] body = java.util.Arrays.copyOfRange(b, end, end + bodyLen);
            in.flip();
            in.position(end + bodyLen);
            in.compact();
            busy = true;
            boolean keep = !h.close && (!h.http10 || h.keepAlive10);
            boolean head = "HEAD".equals(h.method);
            boolean http10 = h.http10;
            String rawPath = t.rawPath();
            String path = t.path();
            int slash = rawPath.indexOf('/', 4);
            String name = slash < 0 ? rawPath.substring(4) : rawPath.substring(4, slash);
            String rest = slash < 0 ? "/" : path.substring(path.indexOf('/', 4));
            List<String> headers = new ArrayList<>(h.lower.size() * 2);
            for (int i = 0; i < h.lower.size(); i++) {
                headers.add(h.lower.get(i));
                headers.add(h.values.get(i));
            }
            gateway.invokeAsync(name, h.method, rest, t.rawQuery() == null ? "" : t.rawQuery(), headers, body, r -> {
                if (onLoop()) {
                    answer(r, head, keep, http10);
                } else {
                    submit(() -> answer(r, head, keep, http10));
                }
            });
        }

        private void answer(Wire.Response r, boolean head, boolean keep, boolean http10) {
            if (closedConn) {
                return;
            }
            Ascii a = render(new byte[256 + r.body().length], r.status(), r.headers(), r.body(), head, keep, http10, true);
            out = ByteBuffer.wrap(a.buf, 0, a.len);
            closeAfter = !keep;
            try {
                flush();
            } catch (IOException e) {
                close();
            }
        }

        private void answerAndClose(int status, String message) throws IOException {
            busy = true;
            byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
            Ascii a = render(new byte[256 + b.length], status, List.of("Content-Type", "text/plain; charset=utf-8"), b,
                    false, false, false, true);
            out = ByteBuffer.wrap(a.buf, 0, a.len);
            closeAfter = true;
            flush();
        }

        private void flush() throws IOException {
            ch.write(out);
            if (out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            out = null;
            if (closeAfter) {
                close();
                return;
            }
            busy = false;
            idleSince = System.nanoTime();
            key.interestOps(SelectionKey.OP_READ);
            if (in.position() > 0) {
                next(); // a pipelined request
            }
        }

        /** Lends the connection to a thread for one request served by blocking code, then takes it back. */
        private void lend() {
            busy = true;
            key.cancel();
            in.flip();
            byte[] pending = new byte[in.remaining()];
            in.get(pending);
            in.clear();
            try {
                executor.execute(() -> {
                    boolean keep = false;
                    byte[] left = null;
                    try {
                        while (ch.isRegistered()) {
                            LockSupport.parkNanos(50_000); // the loop deregisters it on its next select
                        }
                        ch.configureBlocking(true);
                        Conn c = new Conn(ch, pending);
                        keep = c.serveOne();
                        if (keep) {
                            left = c.leftover();
                            ch.configureBlocking(false);
                        }
                    } catch (IOException | RuntimeException e) {
                        if (!(e instanceof java.net.SocketException || e instanceof EOFException
                                || e instanceof java.nio.channels.ClosedChannelException) && !closed) {
                            e.printStackTrace();
                        }
                        keep = false;
                    }
                    if (!keep || closed) {
                        close();
                        return;
                    }
                    byte[] l = left;
                    submit(() -> back(l));
                });
            } catch (RejectedExecutionException e) {
                close();
            }
        }

        /** The connection is back from a thread, with the bytes it read past its request. */
        private void back(byte[] left) {
            if (closedConn || closed) {
                close();
                return;
            }
            try {
                if (in.capacity() < left.length) {
                    in = ByteBuffer.allocate(left.length + 8192);
                }
                in.put(left);
                key = ch.register(selector, SelectionKey.OP_READ, this);
                busy = false;
                idleSince = System.nanoTime();
                if (in.position() > 0) {
                    next();
                }
            } catch (IOException | RuntimeException e) {
                close();
            }
        }
    }

    // ---- one request served by blocking code on a thread

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

    /** One request on a connection lent by the loop, in blocking mode, with the bytes the loop had read. */
    final class Conn {
        private final SocketChannel ch;
        private final InputStream in;
        private final OutputStream out;
        private byte[] buf;
        private int pos;
        private int lim;
        private final byte[] outBuf = new byte[16 << 10];

        Conn(SocketChannel ch, byte[] pending) {
            this.ch = ch;
            this.in = Channels.newInputStream(ch);
            this.out = Channels.newOutputStream(ch);
            this.buf = java.util.Arrays.copyOf(pending, Math.max(8192, pending.length));
            this.lim = pending.length;
        }

        /** @return the bytes read past the request */
        byte[] leftover() {
            return java.util.Arrays.copyOfRange(buf, pos, lim);
        }

        /** @return whether the connection stays open for a next request */
        boolean serveOne() throws IOException {
            Head h;
            try {
                h = readHead();
            } catch (BadRequest e) {
                plain(e.status, e.getMessage());
                return false;
            }
            return h != null && serve(h);
        }

        /** @return false when the connection must close */
        private boolean serve(Head h) throws IOException {
            boolean keep = !h.close && (!h.http10 || h.keepAlive10);
            Target t = Target.of(h.target);
            if (t == null) {
                plain(400, "Bad request target");
                return false;
            }
            if (t.path().startsWith("/fn/")) {
                return function(h, keep, t.rawPath(), t.path(), t.rawQuery());
            }
            Exchange ex = new Exchange(h, t.toUri(h.target), keep);
            try {
                if (t.path().startsWith("/_faas/")) {
                    gateway.control(ex);
                } else {
                    gateway.notFound(ex);
                }
            } finally {
                ex.close();
            }
            return ex.keepAlive();
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
            return keep;
        }

        /** Writes a whole response; head and a small body in one socket write. */
        private void respond(int status, List<String> headers, byte[] body, boolean head, boolean keep, boolean http10)
                throws IOException {
            boolean small = body.length <= outBuf.length / 2;
            Ascii a = render(outBuf, status, headers, body, head, keep, http10, small);
            out.write(a.buf, 0, a.len);
            boolean noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
            if (!small && !noBody && !head) {
                out.write(body);
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

        /** @return the next request head, or null when the client closed the connection before sending one */
        private Head readHead() throws IOException {
            int scanned = pos;
            while (true) {
                int end = headEnd(buf, Math.max(pos, scanned - 3), lim);
                if (end >= 0) {
                    Head h = parseHead(buf, pos, end);
                    pos = end;
                    return h;
                }
                if (lim - pos > MAX_HEAD) {
                    throw new BadRequest(431, "Request header fields too large");
                }
                int have = lim - pos;
                if (!fill()) {
                    if (lim - pos == 0) {
                        return null;
                    }
                    throw new EOFException("request head ended early");
                }
                scanned = pos + have;
            }
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
                        while (drained < (64 << 10) && !body.finished()) {
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
                    if (responseLength > 0 && "HEAD".equals(head.method)) {
                        a.header("Content-Length", Long.toString(responseLength));
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
                try {
                    return (InetSocketAddress) ch.getRemoteAddress();
                } catch (IOException e) {
                    return null;
                }
            }

            @Override
            public int getResponseCode() {
                return status;
            }

            @Override
            public InetSocketAddress getLocalAddress() {
                try {
                    return (InetSocketAddress) ch.getLocalAddress();
                } catch (IOException e) {
                    return null;
                }
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
                case 400 -> "Bad Request";
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 405 -> "Method Not Allowed";
                case 409 -> "Conflict";
                case 413 -> "Payload Too Large";
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
