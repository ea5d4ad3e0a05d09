package dev.faasport.provider.gcp;

import dev.faasport.testing.PackageFiles;
import dev.faasport.testing.Proxies;
import dev.faasport.testing.QueryStrings;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs an uploaded Cloud Functions source zip in-process the way the Java Functions Framework does: a class loader
 * over every jar of the zip (the thin {@code faasport-app.jar} and {@code libs/*.jar}) plus the jars the framework
 * supplies (functions-framework-api, cloudevents-api), parent the platform loader so nothing leaks in from the test
 * class path; the function's entry point is created with the function's environment and called with framework
 * request/response (or CloudEvent) objects. As the framework does, a CloudEvent function that throws answers 500 and
 * one that returns answers 200 with no body; an HTTP function answers what it wrote (uncaught exceptions: 500).
 */
final class PackageHost implements AutoCloseable {

    private static final String HTTP_FUNCTION = "com.google.cloud.functions.HttpFunction";
    private static final String CLOUD_EVENT = "io.cloudevents.CloudEvent";

    private final Path workDir;
    private final List<URL> frameworkJars;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    /** An answer of the function. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private record Loaded(URLClassLoader loader, Object handler) {
    }

    /**
     * @param workDir where zips are unpacked
     * @throws IllegalStateException when the framework's API jars are not on the test class path
     */
    PackageHost(Path workDir) {
        this.workDir = workDir;
        this.frameworkJars = List.of(jarOf(HTTP_FUNCTION), jarOf(CLOUD_EVENT));
    }

    private static URL jarOf(String className) {
        return PackageFiles.jarOf(className, PackageHost.class.getClassLoader(),
                "com.google.cloud.functions:functions-framework-api (test scope)");
    }

    /**
     * @param key        the function id and code hash (a new upload gets a new loader, as a new revision does)
     * @param entryPoint the function's {@code buildConfig.entryPoint}
     */
    Answer http(String key, byte[] zip, String entryPoint, Map<String, String> env, String method, String path,
                String rawQuery, Map<String, List<String>> headers, byte[] body) {
        Loaded l = load(key, zip, entryPoint, env);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] status = {200};
        Map<String, String> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, List<String>> query = QueryStrings.multi(rawQuery);
        Map<String, List<String>> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        requestHeaders.putAll(headers);
        try {
            Class<?> reqType = l.loader.loadClass("com.google.cloud.functions.HttpRequest");
            Class<?> resType = l.loader.loadClass("com.google.cloud.functions.HttpResponse");
            Object request = Proxies.of(l.loader, reqType, (p, m, a) -> switch (m.getName()) {
                case "getMethod" -> method;
                case "getUri" -> "http://127.0.0.1" + path + (rawQuery == null ? "" : "?" + rawQuery);
                case "getPath" -> path;
                case "getQuery" -> Optional.ofNullable(rawQuery);
                case "getQueryParameters" -> query;
                case "getParts" -> Map.of();
                case "getContentType" -> Optional.ofNullable(first(requestHeaders, "content-type"));
                case "getContentLength" -> (long) body.length;
                case "getCharacterEncoding" -> Optional.of("UTF-8");
                case "getInputStream" -> new ByteArrayInputStream(body);
                case "getReader" -> new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                        StandardCharsets.UTF_8));
                case "getHeaders" -> requestHeaders;
                default -> Proxies.unsupported(m);
            });
            Object response = Proxies.of(l.loader, resType, (p, m, a) -> switch (m.getName()) {
                case "setStatusCode" -> {
                    status[0] = (Integer) a[0];
                    yield null;
                }
                case "setContentType" -> {
                    responseHeaders.put("Content-Type", (String) a[0]);
                    yield null;
                }
                case "getContentType" -> Optional.ofNullable(responseHeaders.get("Content-Type"));
                case "appendHeader" -> {
                    responseHeaders.merge((String) a[0], (String) a[1], (x, y) -> x + "," + y);
                    yield null;
                }
                case "getHeaders" -> {
                    Map<String, List<String>> h = new TreeMap<>();
                    responseHeaders.forEach((k, v) -> h.put(k, List.of(v)));
                    yield h;
                }
                case "getOutputStream" -> out;
                case "getWriter" -> new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
                default -> Proxies.unsupported(m);
            });
            Method service = l.handler.getClass().getMethod("service", reqType, resType);
            call(l, () -> service.invoke(l.handler, request, response));
            return new Answer(status[0], responseHeaders, out.toByteArray());
        } catch (InvocationTargetException e) {
            // the Functions Framework logs an uncaught exception and answers 500
            return error(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run the Google adapter: " + e, e);
        }
    }

    /** Delivers a binary-mode CloudEvent (ce-* headers, body = data) to a CloudEventsFunction. */
    Answer event(String key, byte[] zip, String entryPoint, Map<String, String> env, Map<String, String> ce,
                 String contentType, byte[] data) {
        Loaded l = load(key, zip, entryPoint, env);
        try {
            Class<?> eventType = l.loader.loadClass(CLOUD_EVENT);
            Class<?> dataType = l.loader.loadClass("io.cloudevents.CloudEventData");
            Class<?> versionType = l.loader.loadClass("io.cloudevents.SpecVersion");
            Object eventData = data.length == 0 ? null : Proxies.of(l.loader, dataType, (p, m, a) -> switch (m.getName()) {
                case "toBytes" -> data;
                default -> Proxies.unsupported(m);
            });
            Object version = versionType.getMethod("parse", String.class).invoke(null, ce.getOrDefault("specversion", "1.0"));
            Object event = Proxies.of(l.loader, eventType, (p, m, a) -> switch (m.getName()) {
                case "getData" -> eventData;
                case "getId" -> ce.get("id");
                case "getType" -> ce.get("type");
                case "getSource" -> ce.get("source") == null ? URI.create("//faasport.test") : URI.create(ce.get("source"));
                case "getSpecVersion" -> version;
                case "getDataContentType" -> contentType;
                case "getDataSchema" -> null;
                case "getSubject" -> ce.get("subject");
                case "getTime" -> ce.get("time") == null ? null : OffsetDateTime.parse(ce.get("time"));
                case "getAttribute" -> ce.get(String.valueOf(a[0]));
                case "getExtension" -> ce.get(String.valueOf(a[0]));
                case "getExtensionNames" -> Set.of();
                case "getAttributeNames" -> ce.keySet();
                default -> Proxies.unsupported(m);
            });
            Method accept = l.handler.getClass().getMethod("accept", eventType);
            call(l, () -> accept.invoke(l.handler, event));
            return new Answer(200, Map.of(), new byte[0]);
        } catch (InvocationTargetException e) {
            return error(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run the Google adapter: " + e, e);
        }
    }

    private interface Call {
        void run() throws ReflectiveOperationException;
    }

    private static void call(Loaded l, Call c) throws ReflectiveOperationException {
        PackageFiles.withContextLoader(l.loader, () -> {
            c.run();
            return null;
        });
    }

    private static Answer error(Throwable t) {
        String text = "Error: could not handle the request: " + t;
        return new Answer(500, Map.of("Content-Type", "text/plain"), text.getBytes(StandardCharsets.UTF_8));
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private Loaded load(String key, byte[] zip, String entryPoint, Map<String, String> env) {
        return loaded.computeIfAbsent(key, k -> {
            try {
                List<URL> urls = new ArrayList<>(
                        PackageFiles.unzip(zip, PackageFiles.directory(workDir, k), name -> name.endsWith(".jar")));
                urls.addAll(frameworkJars);
                URLClassLoader loader = PackageFiles.classLoader(urls);
                Class<?> type = loader.loadClass(entryPoint);
                Class<?> registry = loader.loadClass("dev.faasport.runtime.FunctionRegistry");
                Constructor<?> c = type.getDeclaredConstructor(registry, Map.class);
                c.setAccessible(true);
                return new Loaded(loader, PackageFiles.withContextLoader(loader, () -> c.newInstance(null, Map.copyOf(env))));
            } catch (IOException | ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load the uploaded package of " + k + " with entry point "
                        + entryPoint + ": " + e, e);
            }
        });
    }

    @Override
    public void close() throws IOException {
        for (Loaded l : loaded.values()) {
            l.loader.close();
        }
        loaded.clear();
    }
}
