package dev.faasport.maven;

import dev.faasport.runtime.json.Json;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Puts a file into a bucket of the running local runtime, which invokes the functions subscribed to that bucket:
 * {@code mvn faas:upload -Dfaas.bucket=photos -Dfaas.file=cat.png [-Dfaas.key=in/cat.png]}. Same as
 * {@code curl -T cat.png http://127.0.0.1:8765/_buckets/photos/in/cat.png}.
 */
@Mojo(name = "upload", requiresProject = false, threadSafe = true)
public class UploadMojo extends AbstractFaasMojo {

    /** The local bucket. */
    @Parameter(property = "faas.bucket", required = true)
    private String bucket;

    /** The object key; the file's name by default. */
    @Parameter(property = "faas.key")
    private String key;

    /** The file to upload. */
    @Parameter(property = "faas.file", required = true)
    private File file;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        if (!"local".equals(singleProvider())) {
            throw new MojoFailureException("faas:upload puts files into the local runtime's buckets, but faas.provider is '"
                    + provider + "', perhaps you should use the vendor's own tool (aws s3 cp, az storage blob upload, gcloud storage cp)");
        }
        if (file == null || !Files.isRegularFile(file.toPath())) {
            throw new MojoFailureException("faas.file " + file + " is not a file, perhaps you should check the path");
        }
        String k = key == null || key.isBlank() ? file.getName() : key;
        int port = runtimePort();
        String encodedKey = java.util.Arrays.stream(k.split("/", -1))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")).collect(Collectors.joining("/"));
        URI uri = URI.create("http://127.0.0.1:" + port + "/_buckets/" + URLEncoder.encode(bucket, StandardCharsets.UTF_8)
                + "/" + encodedKey);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                    .PUT(HttpRequest.BodyPublishers.ofFile(file.toPath())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new MojoFailureException("Uploading " + file + " to " + uri + " failed (" + e + "), perhaps you should "
                    + "start the local runtime with faas:deploy or faas:run");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted", e);
        }
        Object body = r.body().isBlank() ? Map.of() : Json.parse(r.body());
        if (r.statusCode() != 200) {
            String error = body instanceof Map<?, ?> m && m.get("error") != null ? String.valueOf(m.get("error")) : r.body();
            throw new MojoFailureException("Uploading " + file + " to bucket '" + bucket + "' failed with HTTP "
                    + r.statusCode() + ": " + error);
        }
        Map<?, ?> m = (Map<?, ?>) body;
        getLog().info("faas: uploaded " + file + " to " + bucket + "/" + k + " (" + m.get("size") + " bytes, etag "
                + m.get("etag") + "), triggered " + m.get("triggered") + " function(s)");
    }

    /** @return the gateway port from the runtime's daemon file ({@code local.home}, default ~/.faasport/local) */
    private int runtimePort() throws MojoFailureException {
        String h = providerProperties().get("local.home");
        Path home = h == null || h.isBlank() ? Path.of(System.getProperty("user.home"), ".faasport", "local")
                : Path.of(h.trim()).toAbsolutePath();
        Path daemon = home.resolve("daemon.json");
        try {
            Object port = Json.parseObject(Files.readString(daemon)).get("port");
            if (port instanceof Number n) {
                return n.intValue();
            }
        } catch (IOException | RuntimeException e) {
            // reported below
        }
        throw new MojoFailureException("No local runtime runs for " + home + " (no port in " + daemon + "), perhaps you "
                + "should start it with mvn faas:deploy or faas:run");
    }

    @Override
    protected String goal() {
        return "upload";
    }
}
