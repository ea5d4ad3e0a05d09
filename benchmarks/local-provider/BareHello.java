import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The reference: a bare JDK com.sun.net.httpserver hello on 127.0.0.1. Run with -Dsun.net.httpserver.nodelay=true. */
public class BareHello {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 1024);
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(200, hello.length);
            ex.getResponseBody().write(hello);
            ex.close();
        });
        server.start();
    }
}
