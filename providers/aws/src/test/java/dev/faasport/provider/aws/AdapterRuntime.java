package dev.faasport.provider.aws;

import dev.faasport.testing.PackageFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs an uploaded Lambda zip in-process the way the Java runtime does: a class loader over the zip root and
 * {@code lib/*.jar} (parent: the platform loader, so nothing leaks in from the test classpath), the handler
 * {@code dev.faasport.runtime.aws.LambdaHandler} called with the raw event and a {@code Context}.
 */
final class AdapterRuntime implements LambdaTestServer.Runtime, AutoCloseable {

    private final Path workDir;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    private record Loaded(URLClassLoader loader, Object handler, Method handle, Class<?> contextType,
                          Class<?> loggerType) {
    }

    AdapterRuntime(Path workDir) {
        this.workDir = workDir;
    }

    @Override
    public LambdaTestServer.Invoked invoke(String qualifiedName, byte[] zip, Map<String, String> environment,
                                           byte[] payload) {
        try {
            Loaded l = loaded.computeIfAbsent(qualifiedName + "@" + sha(zip), k -> load(k, zip, environment));
            List<String> log = new ArrayList<>();
            Object context = Proxy.newProxyInstance(l.loader, new Class<?>[] {l.contextType}, (p, m, a) -> switch (m.getName()) {
                case "getFunctionName" -> qualifiedName.substring(0, qualifiedName.indexOf(':'));
                case "getFunctionVersion" -> qualifiedName.substring(qualifiedName.indexOf(':') + 1);
                case "getAwsRequestId" -> UUID.randomUUID().toString();
                case "getRemainingTimeInMillis" -> 30_000;
                case "getMemoryLimitInMB" -> 256;
                case "getLogger" -> Proxy.newProxyInstance(l.loader, new Class<?>[] {l.loggerType}, (lp, lm, la) -> {
                    if (lm.getName().equals("log") && la != null && la.length > 0) {
                        String text = la[0] instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(la[0]);
                        log.addAll(text.strip().lines().toList());
                    }
                    return null;
                });
                case "toString" -> "Context(" + qualifiedName + ")";
                default -> null;
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(l.loader);
            try {
                l.handle.invoke(l.handler, new ByteArrayInputStream(payload), out, context);
            } catch (InvocationTargetException e) {
                Throwable t = e.getCause();
                String error = "{\"errorMessage\":\"" + String.valueOf(t.getMessage()).replace("\"", "'")
                        + "\",\"errorType\":\"" + t.getClass().getName() + "\"}";
                return new LambdaTestServer.Invoked(error.getBytes(StandardCharsets.UTF_8), "Unhandled", log);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
            return new LambdaTestServer.Invoked(out.toByteArray(), null, log);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run the adapter: " + e, e);
        }
    }

    private Loaded load(String key, byte[] zip, Map<String, String> environment) {
        try {
            Path root = PackageFiles.directory(workDir, key);
            List<URL> urls = new ArrayList<>();
            urls.add(root.toUri().toURL());
            urls.addAll(PackageFiles.unzip(zip, root, name -> name.startsWith("lib/") && name.endsWith(".jar")));
            URLClassLoader loader = PackageFiles.classLoader(urls);
            Class<?> handlerType = loader.loadClass("dev.faasport.runtime.aws.LambdaHandler");
            Class<?> registryType = loader.loadClass("dev.faasport.runtime.FunctionRegistry");
            Constructor<?> c = handlerType.getDeclaredConstructor(registryType, Map.class);
            c.setAccessible(true);
            Object handler = c.newInstance(null, Map.copyOf(environment));
            Class<?> contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
            Class<?> loggerType = loader.loadClass("com.amazonaws.services.lambda.runtime.LambdaLogger");
            Method handle = handlerType.getMethod("handleRequest", InputStream.class, OutputStream.class, contextType);
            return new Loaded(loader, handler, handle, contextType, loggerType);
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the uploaded package: " + e, e);
        }
    }

    private static String sha(byte[] zip) {
        return HexFormat.of().formatHex(LambdaTestServer.sha256(zip)).substring(0, 16);
    }

    @Override
    public void close() throws IOException {
        for (Loaded l : loaded.values()) {
            l.loader.close();
        }
    }
}
