package dev.faasport.maven;

import dev.faasport.core.Requests;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Calls one deployed function with a payload and prints the response. */
@Mojo(name = "invoke", requiresProject = true, threadSafe = true)
public class InvokeMojo extends AbstractFaasMojo {

    /** The function to call. */
    @Parameter(property = "faas.function", required = true)
    private String function;

    /** The request body (HTTP functions) or neutral event JSON (event functions). */
    @Parameter(property = "faas.payload")
    private String payload;

    /** A file holding the payload. */
    @Parameter(property = "faas.payloadFile")
    private File payloadFile;

    /** HTTP method; default GET without a payload, POST with one. */
    @Parameter(property = "faas.method")
    private String method;

    /** Path below the function's URL. */
    @Parameter(property = "faas.path", defaultValue = "/")
    private String path;

    /** Query string, e.g. {@code name=Ada}. */
    @Parameter(property = "faas.query")
    private String query;

    /** Content type of the payload. */
    @Parameter(property = "faas.contentType", defaultValue = "application/json")
    private String contentType;

    /** Also write the response body to this file. */
    @Parameter(property = "faas.outputFile")
    private File outputFile;

    /** Fail the build when the status is 400 or more. */
    @Parameter(property = "faas.failOnError", defaultValue = "true")
    private boolean failOnError;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        byte[] body = new byte[0];
        if (payloadFile != null) {
            try {
                body = Files.readAllBytes(payloadFile.toPath());
            } catch (IOException e) {
                throw new MojoFailureException("Reading faas.payloadFile " + payloadFile + " failed (" + e.getMessage()
                        + "), perhaps you should check the path");
            }
        } else if (payload != null) {
            body = payload.getBytes(StandardCharsets.UTF_8);
        }
        String m = method != null ? method : (body.length == 0 ? "GET" : "POST");
        String p = (path == null || path.isEmpty() ? "/" : path) + (query == null || query.isEmpty() ? "" : "?" + query);
        Map<String, String> headers = new LinkedHashMap<>();
        if (body.length > 0) {
            headers.put("content-type", contentType);
        }
        InvocationResult result = faasport().invoke(new Requests.Invoke(target(singleProvider()), setName, function,
                new Invocation(m, p, headers, body)));
        getLog().info("faas: " + function + " answered HTTP " + result.status());
        result.headers().forEach((k, v) -> getLog().debug(k + ": " + v));
        getLog().info(result.bodyAsString());
        result.logTail().forEach(line -> getLog().info("  | " + line));
        if (outputFile != null) {
            try {
                Files.createDirectories(outputFile.toPath().toAbsolutePath().getParent());
                Files.write(outputFile.toPath(), result.body());
            } catch (IOException e) {
                throw new MojoExecutionException("Writing " + outputFile + " failed: " + e.getMessage(), e);
            }
        }
        if (failOnError && result.status() >= 400) {
            throw new MojoFailureException("Function '" + function + "' answered HTTP " + result.status()
                    + ", perhaps you should look at its logs with mvn faas:logs -Dfaas.function=" + function);
        }
    }

    @Override
    protected String goal() {
        return "invoke";
    }
}
