package dev.faasport.runtime.aws;

import dev.faasport.runtime.FunctionRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Drives LambdaHandler with a given registry, as the Lambda Java runtime would; public for the native modules' tests. */
public final class AwsPlatform {

    private AwsPlatform() {
    }

    /** Invokes the function named by FAASPORT_FUNCTION with raw event JSON; returns what the handler wrote. */
    public static String invoke(FunctionRegistry registry, String function, String event, FakeLambdaContext lambda)
            throws IOException {
        return invoke(registry, function, event, lambda, Map.of());
    }

    /** As {@link #invoke(FunctionRegistry, String, String, FakeLambdaContext)}, with more environment variables. */
    public static String invoke(FunctionRegistry registry, String function, String event, FakeLambdaContext lambda,
                                Map<String, String> environment) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("FAASPORT_FUNCTION", function);
        new LambdaHandler(registry, env).handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, lambda);
        return out.toString(StandardCharsets.UTF_8);
    }
}
