package dev.faasport.provider.azure.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs a function of an uploaded app zip in-process the way the Azure Functions Java worker does: a class loader over
 * {@code faasport-app.jar} and {@code lib/*.jar} plus the azure-functions-java-library the worker supplies (parent: the
 * platform loader, so nothing leaks in from the test class path), the {@code function.json} entry point's class
 * created with its no-argument constructor and its method called with request and context objects built here. An HTTP
 * function answers what it returned; one that throws answers 500, as the host does.
 */
final class AzurePackageHost implements AutoCloseable {

    private static final String LIBRARY = "com.microsoft.azure.functions.ExecutionContext";

    private final Path workDir;
    private final List<URL> library;
    private final Map<String, URLClassLoader> loaders = new ConcurrentHashMap<>();

    /** An answer of the function. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    AzurePackageHost(Path workDir) {
        this.workDir = workDir;
        this.library = List.of(jarOf(LIBRARY), jarOf("com.microsoft.azure.functions.annotation.HttpTrigger"));
    }

    private static URL jarOf(String className) {
        try {
            return Class.forName(className, false, AzurePackageHost.class.getClassLoader()).getProtectionDomain()
                    .getCodeSource().getLocation();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the test class path, perhaps you should add "
                    + "com.microsoft.azure.functions:azure-functions-java-library (test scope) to run packages", e);
        }
    }

    /** Calls an HTTP function's entry point with the request. */
    Answer http(String key, byte[] zip, String function, String entryPoint, String method, URI uri,
                Map<String, String> headers, byte[] body) {
        URLClassLoader l = loader(key, zip);
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int[] status = {200};
        Object[] responseBody = {null};
        try {
            Class<?> requestType = l.loadClass("com.microsoft.azure.functions.HttpRequestMessage");
            Class<?> builderType = l.loadClass("com.microsoft.azure.functions.HttpResponseMessage$Builder");
            Class<?> responseType = l.loadClass("com.microsoft.azure.functions.HttpResponseMessage");
            Class<?> statusType = l.loadClass("com.microsoft.azure.functions.HttpStatusType");
            Class<?> methodType = l.loadClass("com.microsoft.azure.functions.HttpMethod");
            Object httpMethod = methodType.getMethod("value", String.class).invoke(null, method);
            Map<String, String> query = new TreeMap<>();
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
            Object[] response = new Object[1];
            Object builder = proxy(l, builderType, (p, m, a) -> switch (m.getName()) {
                case "status" -> {
                    status[0] = (Integer) statusType.getMethod("value").invoke(a[0]);
                    yield p;
                }
                case "header" -> {
                    out.put((String) a[0], (String) a[1]);
                    yield p;
                }
                case "body" -> {
                    responseBody[0] = a[0];
                    yield p;
                }
                case "build" -> response[0];
                default -> unsupported(m);
            });
            response[0] = proxy(l, responseType, (p, m, a) -> switch (m.getName()) {
                case "getStatus" -> status(l, statusType, status[0]);
                case "getStatusCode" -> status[0];
                case "getHeader" -> out.get((String) a[0]);
                case "getBody" -> responseBody[0];
                default -> unsupported(m);
            });
            Object request = proxy(l, requestType, (p, m, a) -> switch (m.getName()) {
                case "getUri" -> uri;
                case "getHttpMethod" -> httpMethod;
                case "getHeaders" -> headers;
                case "getQueryParameters" -> query;
                case "getBody" -> Optional.of(body);
                case "createResponseBuilder" -> {
                    status[0] = (Integer) statusType.getMethod("value").invoke(a[0]);
                    yield builder;
                }
                default -> unsupported(m);
            });
            call(l, entryPoint, function, new Object[]{request});
            byte[] bytes = responseBody[0] == null ? new byte[0] : responseBody[0] instanceof byte[] b ? b
                    : String.valueOf(responseBody[0]).getBytes(StandardCharsets.UTF_8);
            return new Answer(status[0], out, bytes);
        } catch (InvocationTargetException e) {
            return failed(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run the Azure adapter: " + e, e);
        }
    }

    /**
     * Runs a non-HTTP function with the admin endpoint's {@code input}: the blob's content (named after the
     * function's sample key), the queue message, or the TimerInfo JSON.
     *
     * @return null when it ran, else the failure
     */
    Throwable event(String key, byte[] zip, String function, String entryPoint, String trigger, String input) {
        URLClassLoader l = loader(key, zip);
        Object[] args = switch (trigger) {
            case "blobTrigger" -> new Object[]{input.getBytes(StandardCharsets.UTF_8), "faasport-admin-input", null};
            case "queueTrigger" -> new Object[]{input, UUID.randomUUID().toString(), "1", null};
            default -> new Object[]{input};
        };
        try {
            call(l, entryPoint, function, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run the Azure adapter: " + e, e);
        }
    }

    /** Creates the entry point's class and calls its method; the ExecutionContext is the last argument. */
    private static void call(URLClassLoader l, String entryPoint, String function, Object[] args)
            throws ReflectiveOperationException {
        int dot = entryPoint.lastIndexOf('.');
        Class<?> type = l.loadClass(entryPoint.substring(0, dot));
        Method method = null;
        for (Method m : type.getMethods()) {
            if (m.getName().equals(entryPoint.substring(dot + 1))) {
                method = m;
            }
        }
        if (method == null) {
            throw new NoSuchMethodException(entryPoint);
        }
        Class<?> contextType = l.loadClass(LIBRARY);
        String invocationId = UUID.randomUUID().toString();
        Object context = proxy(l, contextType, (p, m, a) -> switch (m.getName()) {
            case "getLogger" -> Logger.getLogger("Function." + function);
            case "getInvocationId" -> invocationId;
            case "getFunctionName" -> function;
            default -> null;
        });
        Object[] full = new Object[method.getParameterCount()];
        System.arraycopy(args, 0, full, 0, Math.min(args.length, full.length - 1));
        full[full.length - 1] = context;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(l);
        try {
            method.invoke(type.getConstructor().newInstance(), full);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static Object status(ClassLoader l, Class<?> statusType, int code) throws ReflectiveOperationException {
        return statusType.getMethod("custom", int.class).invoke(null, code);
    }

    private static Answer failed(Throwable t) {
        String text = "Exception while executing function: " + t;
        return new Answer(500, Map.of("Content-Type", "text/plain"), text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static Object unsupported(Method m) {
        throw new UnsupportedOperationException("the test host does not implement " + m.getName());
    }

    private static Object proxy(ClassLoader loader, Class<?> type, InvocationHandler h) {
        return Proxy.newProxyInstance(loader, new Class<?>[]{type}, (p, m, a) -> {
            if (m.isDefault()) {
                return InvocationHandler.invokeDefault(p, m, a);
            }
            return switch (m.getName()) {
                case "toString" -> type.getSimpleName() + "(test host)";
                case "hashCode" -> System.identityHashCode(p);
                case "equals" -> p == a[0];
                default -> h.invoke(p, m, a);
            };
        });
    }

    private URLClassLoader loader(String key, byte[] zip) {
        return loaders.computeIfAbsent(key, k -> {
            try {
                Path root = Files.createDirectories(workDir.resolve(k.replaceAll("[^A-Za-z0-9]", "_")));
                List<URL> urls = new ArrayList<>();
                try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                    for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        Path target = root.resolve(e.getName()).normalize();
                        if (!target.startsWith(root)) {
                            throw new IOException("zip entry outside the root: " + e.getName());
                        }
                        if (e.isDirectory()) {
                            continue;
                        }
                        Files.createDirectories(target.getParent());
                        try (OutputStream o = Files.newOutputStream(target)) {
                            in.transferTo(o);
                        }
                        if (e.getName().endsWith(".jar")) {
                            urls.add(target.toUri().toURL());
                        }
                    }
                }
                urls.addAll(library);
                return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            } catch (IOException e) {
                throw new IllegalStateException("cannot unpack the app package " + k + ": " + e, e);
            }
        });
    }

    @Override
    public void close() throws IOException {
        for (URLClassLoader l : loaders.values()) {
            l.close();
        }
        loaders.clear();
    }
}
