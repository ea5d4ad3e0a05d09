package dev.faasport.provider.azure.testing;

import dev.faasport.testing.PackageFiles;
import dev.faasport.testing.Proxies;
import dev.faasport.testing.QueryStrings;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Runs a function of an uploaded app zip in-process the way the Azure Functions Java worker does: a class loader over
 * {@code faasport-app.jar} and {@code lib/*.jar} plus the azure-functions-java-library the worker supplies (parent: the
 * platform loader, so nothing leaks in from the test class path), the {@code function.json} entry point's class
 * created with its no-argument constructor and its method called with request and context objects built here. An HTTP
 * function answers what it returned; one that throws answers 500, as the host does.
 *
 * <p>On Azure the app settings are the worker's process environment, which Faasport's adapter lays over the
 * descriptor's environment ({@code FunctionEntry.mergedEnvironment}). A function run in-process cannot get a process
 * environment of its own, so the host hands the app's settings (Key Vault references resolved, or left literal) to
 * the adapter through the descriptor: the package's {@code faasport-functions.json} is served, from memory only, with
 * each function's environment overlaid by the settings. User code sees them in {@code context.environment()}, as on
 * Azure, but not in {@code System.getenv()}. One class loader per package and settings: a settings change is a
 * restart, as on Azure.
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
        return PackageFiles.jarOf(className, AzurePackageHost.class.getClassLoader(),
                "com.microsoft.azure.functions:azure-functions-java-library (test scope)");
    }

    /** Calls an HTTP function's entry point with the request. */
    Answer http(String key, byte[] zip, Map<String, String> settings, String function, String entryPoint, String method,
                URI uri, Map<String, String> headers, byte[] body) {
        URLClassLoader l = loader(key, zip, settings);
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
            Map<String, String> query = new TreeMap<>(QueryStrings.single(uri.getRawQuery()));
            Object[] response = new Object[1];
            Object builder = Proxies.of(l, builderType, (p, m, a) -> switch (m.getName()) {
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
                default -> Proxies.unsupported(m);
            });
            response[0] = Proxies.of(l, responseType, (p, m, a) -> switch (m.getName()) {
                case "getStatus" -> status(l, statusType, status[0]);
                case "getStatusCode" -> status[0];
                case "getHeader" -> out.get((String) a[0]);
                case "getBody" -> responseBody[0];
                default -> Proxies.unsupported(m);
            });
            Object request = Proxies.of(l, requestType, (p, m, a) -> switch (m.getName()) {
                case "getUri" -> uri;
                case "getHttpMethod" -> httpMethod;
                case "getHeaders" -> headers;
                case "getQueryParameters" -> query;
                case "getBody" -> Optional.of(body);
                case "createResponseBuilder" -> {
                    status[0] = (Integer) statusType.getMethod("value").invoke(a[0]);
                    yield builder;
                }
                default -> Proxies.unsupported(m);
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
    Throwable event(String key, byte[] zip, Map<String, String> settings, String function, String entryPoint, String trigger,
                    String input) {
        URLClassLoader l = loader(key, zip, settings);
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
        Object context = Proxies.of(l, contextType, (p, m, a) -> switch (m.getName()) {
            case "getLogger" -> Logger.getLogger("Function." + function);
            case "getInvocationId" -> invocationId;
            case "getFunctionName" -> function;
            default -> null;
        });
        Object[] full = new Object[method.getParameterCount()];
        System.arraycopy(args, 0, full, 0, Math.min(args.length, full.length - 1));
        full[full.length - 1] = context;
        Method entry = method;
        PackageFiles.withContextLoader(l, () -> entry.invoke(type.getConstructor().newInstance(), full));
    }

    private static Object status(ClassLoader l, Class<?> statusType, int code) throws ReflectiveOperationException {
        return statusType.getMethod("custom", int.class).invoke(null, code);
    }

    private static Answer failed(Throwable t) {
        String text = "Exception while executing function: " + t;
        return new Answer(500, Map.of("Content-Type", "text/plain"), text.getBytes(StandardCharsets.UTF_8));
    }

    private URLClassLoader loader(String key, byte[] zip, Map<String, String> settings) {
        String instance = key + "-" + Integer.toHexString(new TreeMap<>(settings).hashCode());
        return loaders.computeIfAbsent(instance, k -> {
            try {
                List<URL> urls = new ArrayList<>(
                        PackageFiles.unzip(zip, PackageFiles.directory(workDir, k), name -> name.endsWith(".jar")));
                urls.addAll(library);
                return new SettingsLoader(urls, Map.copyOf(settings));
            } catch (IOException e) {
                throw new IllegalStateException("cannot unpack the app package " + k + ": " + e, e);
            }
        });
    }

    /** The package's class path, serving the descriptor with the app settings over each function's environment. */
    private static final class SettingsLoader extends URLClassLoader {
        private static final String DESCRIPTOR = "faasport-functions.json";
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
        private final Map<String, String> settings;

        SettingsLoader(List<URL> urls, Map<String, String> settings) {
            super(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            this.settings = settings;
        }

        @Override
        @SuppressWarnings("unchecked")
        public java.io.InputStream getResourceAsStream(String name) {
            java.io.InputStream in = super.getResourceAsStream(name);
            if (!DESCRIPTOR.equals(name) || in == null) {
                return in;
            }
            try (in) {
                Map<String, Object> doc = JSON.readValue(in, Map.class);
                if (doc.get("functions") instanceof List<?> functions) {
                    for (Object f : functions) {
                        Map<String, Object> fn = (Map<String, Object>) f;
                        Map<String, Object> env = new TreeMap<>(fn.get("environment") instanceof Map<?, ?> m
                                ? (Map<String, Object>) m : Map.of());
                        env.putAll(settings);
                        fn.put("environment", env);
                    }
                }
                return new java.io.ByteArrayInputStream(JSON.writeValueAsBytes(doc));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read the package's " + DESCRIPTOR, e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (URLClassLoader l : loaders.values()) {
            l.close();
        }
        loaders.clear();
    }
}
