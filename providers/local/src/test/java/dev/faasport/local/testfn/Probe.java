package dev.faasport.local.testfn;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;

import java.util.ArrayList;
import java.util.List;

/** A test function whose behaviour is chosen by the request path. */
public class Probe implements HttpFunction {

    private static final List<byte[]> HOARD = new ArrayList<>();

    /** A slow initialisation when PROBE_INIT_MS is set: init time must not count against the call's timeout. */
    public Probe() throws InterruptedException {
        String init = System.getenv("PROBE_INIT_MS");
        if (init != null) {
            Thread.sleep(Long.parseLong(init));
        }
    }

    @Override
    public HttpResponse handle(HttpRequest request, Context context) throws Exception {
        String version = context.environment().getOrDefault("VERSION", "1");
        switch (request.path()) {
            case "/pid":
                return HttpResponse.ok(Long.toString(ProcessHandle.current().pid()));
            case "/sleep":
                Thread.sleep(Long.parseLong(request.queryParam("ms").orElse("1000")));
                return HttpResponse.ok("slept v" + version);
            case "/exit":
                System.exit(Integer.parseInt(request.queryParam("status").orElse("7")));
                return null;
            case "/oom":
                while (true) {
                    HOARD.add(new byte[1 << 20]);
                }
            case "/digest": {
                // a value derived from a secret, never the secret: the first 12 hex digits of its SHA-256
                String value = context.environment().get(request.queryParam("var").orElse("DB_PASSWORD"));
                if (value == null) {
                    return HttpResponse.ok("unset");
                }
                byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return HttpResponse.ok("digest " + java.util.HexFormat.of().formatHex(d).substring(0, 12));
            }
            case "/throw":
                throw new IllegalStateException("boom");
            case "/print":
                System.out.println("printed by " + context.functionName() + " " + request.queryParam("text").orElse(""));
                context.logger().info("logged via context");
                return HttpResponse.ok("printed");
            default:
                return HttpResponse.ok("hello " + request.method() + " " + request.path() + " v" + version
                        + " q=" + request.queryParam("q").orElse("") + " h=" + request.header("x-test").orElse(""));
        }
    }
}
