import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cold-start probes for benchmarks/local-provider/run.sh.
 * cold-bare N PORT JAVA CP [JVM options...]: start the bare JDK hello N times, ms from process start to first 200 (polled every 5 ms)
 * cold-cmd N PORT LOG COMMAND...: the same probe for any server command that listens on PORT (output appended to LOG)
 * deploy PORT HOME NAME ZIP MAXCONCURRENCY: deploy a LOCAL_ZIP to a running local runtime
 * cold-local N PORT HOME NAME: N times: scale the function to zero, then ms from sending a request to its response
 */
public class Bench {
    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "cold-bare" -> coldBare(Integer.parseInt(a[1]), Integer.parseInt(a[2]), a[3], a[4], Arrays.copyOfRange(a, 5, a.length));
            case "cold-cmd" -> coldProcess(Integer.parseInt(a[1]), Integer.parseInt(a[2]),
                    List.of(Arrays.copyOfRange(a, 4, a.length)), ProcessBuilder.Redirect.appendTo(Path.of(a[3]).toFile()));
            case "deploy" -> deploy(Integer.parseInt(a[1]), Path.of(a[2]), a[3], Path.of(a[4]), Integer.parseInt(a[5]));
            case "cold-local" -> coldLocal(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Path.of(a[3]), a[4]);
            default -> throw new IllegalArgumentException(a[0]);
        }
    }

    static void coldBare(int n, int port, String java, String cp, String[] opts) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(List.of(opts));
        cmd.addAll(List.of("-cp", cp, "BareHello", Integer.toString(port)));
        coldProcess(n, port, cmd, ProcessBuilder.Redirect.INHERIT);
    }

    /** One probe for every reference server, so that their cold starts are measured alike. */
    static void coldProcess(int n, int port, List<String> cmd, ProcessBuilder.Redirect output) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectOutput(output).redirectError(output).start();
            while (true) {
                int status = -1;
                try {
                    status = get(port, "/");
                } catch (ConnectException e) {
                    // not listening yet
                }
                if (status == 200) break;
                if (!p.isAlive()) {
                    throw new IllegalStateException("cold start of " + cmd + " exited with " + p.exitValue()
                            + " before answering 200, perhaps you should read its output");
                }
                Thread.sleep(5);
            }
            ms.add((System.nanoTime() - t0) / 1e6);
            p.destroy();
            p.waitFor();
        }
        report(ms);
    }

    static void coldLocal(int n, int port, Path home, String name) throws Exception {
        String token = Files.readString(home.resolve("token")).trim();
        HttpClient http = HttpClient.newHttpClient();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            send(http, port, token, "POST", "functions/" + name + "/scale-to-zero");
            while (!send(http, port, token, "GET", "info").contains("\"workers\":0,")) {
                Thread.sleep(20);
            }
            Thread.sleep(100);
            long t0 = System.nanoTime();
            int status = get(port, "/fn/" + name);
            double t = (System.nanoTime() - t0) / 1e6;
            if (status != 200) throw new IllegalStateException("cold call answered " + status);
            ms.add(t);
        }
        report(ms);
    }

    static String send(HttpClient http, int port, String token, String method, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_faas/" + path))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(path + " answered " + r.statusCode() + " " + r.body());
        return r.body();
    }

    static void deploy(int port, Path home, String name, Path zip, int max) throws Exception {
        String token = Files.readString(home.resolve("token")).trim();
        String unit = "{\"set\":\"bench\",\"name\":\"" + name + "\",\"configHash\":\"bench\",\"function\":{\"name\":\"" + name
                + "\",\"handler\":\"bench.Hello\",\"shape\":\"HTTP\",\"trigger\":{\"kind\":\"http\"},\"memoryMb\":256,"
                + "\"timeoutSeconds\":30,\"maxConcurrency\":" + max + "}}";
        byte[] json = unit.getBytes(StandardCharsets.UTF_8);
        byte[] zipBytes = Files.readAllBytes(zip);
        byte[] body = ByteBuffer.allocate(4 + json.length + zipBytes.length).putInt(json.length).put(json).put(zipBytes).array();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_faas/functions/" + name))
                .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("deploy answered " + r.statusCode() + " " + r.body());
        System.out.println(r.body());
    }

    /** One GET on a fresh connection; @return the status. */
    static int get(int port, String path) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String head = all.toString(StandardCharsets.ISO_8859_1);
            return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
        }
    }

    static void report(List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        sorted.sort(null);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        StringBuilder sb = new StringBuilder();
        for (double d : ms) sb.append(String.format("%.0f ", d));
        System.err.println("  runs (ms): " + sb.toString().trim());
        System.out.printf("%.1f%n", median);
    }
}
