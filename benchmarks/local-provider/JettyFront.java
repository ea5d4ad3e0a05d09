package dev.faasport.local;

import dev.faasport.runtime.local.Wire;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Jetty 12 front for benchmarks/local-provider/run.sh: starts the local runtime as {@code LocalRuntime.main} does
 * (its own {@link HttpFront} on --port, control API included) and, in the same JVM, a Jetty 12 server on 127.0.0.1
 * --jetty-port whose {@code /fn/<function>/<rest>} calls the same {@link Gateway#invoke} on the same function pools,
 * so both fronts reach the very same workers and the alternating rounds compare the front servers alone.
 *
 * <p>It lives in the runtime's package (on the class path, beside the provider jar) only to reach the package-private
 * {@code Gateway}; it is benchmark code, not shipped. The Jetty side is Jetty's core API (no servlets), as Google's
 * Functions Framework invoker 2.0.0 uses it, with a thread pool as large as the runtime's (1,024 threads) and the
 * call answered on the handler's thread, as {@code HttpFront} answers on the connection's. Calls keep the runtime's
 * Host check: the Host of a call is rewritten to the runtime's own (the check compares it with the runtime's port).
 *
 * <p>Usage: {@code JettyFront --port P --jetty-port Q [--netty-port R] --home DIR --idle-seconds S [runtime options...]};
 * with --netty-port it also starts {@link NettyFront} on the same gateway.
 */
public final class JettyFront {

    private JettyFront() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        int jettyPort = 0;
        int nettyPort = -1;
        Path home = LocalRuntime.defaultHome();
        int idle = LocalRuntime.DEFAULT_IDLE_SECONDS;
        RuntimeOptions options = RuntimeOptions.defaults();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--jetty-port" -> jettyPort = Integer.parseInt(args[i + 1]);
                case "--netty-port" -> nettyPort = Integer.parseInt(args[i + 1]);
                case "--home" -> home = Path.of(args[i + 1]);
                case "--idle-seconds" -> idle = Integer.parseInt(args[i + 1]);
                default -> {
                    RuntimeOptions o = options.with(args[i], args[i + 1]);
                    if (o == null) {
                        throw new IllegalArgumentException("Unknown option " + args[i]);
                    }
                    options = o;
                }
            }
        }
        LocalRuntime runtime = LocalRuntime.start(port, home, idle, options);
        Gateway gateway = new Gateway(runtime);
        String host = "127.0.0.1:" + runtime.port();

        QueuedThreadPool threads = new QueuedThreadPool(1024, 8);
        threads.setName("faasport-jetty");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Jetty's own choice by default (on 2 cores: 1 acceptor, 1 selector); -Dbench.jetty.selectors=N to try others
        ServerConnector connector = new ServerConnector(server, -1, Integer.getInteger("bench.jetty.selectors", -1),
                new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(jettyPort);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(new Calls(gateway, host));
        server.start();
        if (nettyPort >= 0) {
            nettyPort = NettyFront.start(gateway, host, nettyPort);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                // exiting anyway
            }
            runtime.close();
        }, "faasport-jetty-shutdown"));
        System.out.println("Faasport local runtime on " + runtime.baseUri() + ", Jetty front on http://127.0.0.1:"
                + connector.getLocalPort() + "/fn/" + (nettyPort >= 0 ? ", Netty front on http://127.0.0.1:" + nettyPort
                + "/fn/" : "") + " (home " + runtime.home() + ")");
        System.out.flush();
        runtime.awaitShutdown();
        server.stop();
        System.exit(0);
    }

    /** {@code /fn/<function>/<rest>} as {@code HttpFront.function}: read the body, call a worker, answer at once. */
    static final class Calls extends Handler.Abstract {
        private final Gateway gateway;
        private final String host;

        Calls(Gateway gateway, String host) {
            this.gateway = gateway;
            this.host = host;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String rawPath = request.getHttpURI().getPath();
            if (!rawPath.startsWith("/fn/")) {
                Response.writeError(request, response, callback, 404);
                return true;
            }
            String path = request.getHttpURI().getDecodedPath();
            int slash = rawPath.indexOf('/', 4);
            String name = slash < 0 ? rawPath.substring(4) : rawPath.substring(4, slash);
            String rest = slash < 0 || path.indexOf('/', 4) < 0 ? "/" : path.substring(path.indexOf('/', 4));
            String rawQuery = request.getHttpURI().getQuery();
            long length = request.getLength();
            byte[] body;
            if (length == 0) {
                body = new byte[0];
            } else if (length > Gateway.MAX_BODY) {
                body = null;
            } else {
                try (InputStream in = Content.Source.asInputStream(request)) {
                    body = in.readNBytes(Gateway.MAX_BODY + 1);
                }
            }
            Wire.Response r;
            if (body == null || body.length > Gateway.MAX_BODY) {
                r = gateway.tooLarge(name);
            } else {
                HttpFields fields = request.getHeaders();
                List<String> headers = new ArrayList<>(fields.size() * 2);
                for (HttpField f : fields) {
                    String n = f.getLowerCaseName();
                    headers.add(n);
                    headers.add(n.equals("host") ? host : f.getValue());
                }
                r = gateway.invoke(name, request.getMethod(), rest, rawQuery == null ? "" : rawQuery, headers, body);
            }
            response.setStatus(r.status());
            HttpFields.Mutable out = response.getHeaders();
            List<String> h = r.headers();
            for (int i = 0; i + 1 < h.size(); i += 2) {
                String n = h.get(i);
                if (!n.equalsIgnoreCase("content-length") && !n.equalsIgnoreCase("transfer-encoding")
                        && !n.equalsIgnoreCase("connection")) {
                    out.add(n, h.get(i + 1));
                }
            }
            byte[] b = r.body();
            boolean noBody = r.status() == 204 || r.status() == 304 || r.status() < 200;
            if (!noBody) {
                out.put(HttpHeader.CONTENT_LENGTH, b.length);
            }
            if (noBody || "HEAD".equals(request.getMethod()) || b.length == 0) {
                response.write(true, null, callback);
            } else {
                response.write(true, ByteBuffer.wrap(b), callback);
            }
            return true;
        }
    }
}
