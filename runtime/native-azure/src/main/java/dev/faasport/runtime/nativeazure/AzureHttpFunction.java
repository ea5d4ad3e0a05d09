package dev.faasport.runtime.nativeazure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.runtime.HttpMessages;
import dev.faasport.runtime.json.JsonBinding;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * An Azure Functions HTTP method as a portable HTTP function. Arguments are given by parameter: the
 * {@code @HttpTrigger} one gets an {@code HttpRequestMessage} whose body has the declared type ({@code String},
 * {@code byte[]}, {@code Optional} of them, or a type bound from JSON), or that body alone when it is not declared
 * an {@code HttpRequestMessage}; an {@code ExecutionContext} parameter gets
 * the invocation's context; a {@code @BindingName} parameter gets the route parameter of that name (the trigger's
 * {@code route} matched against the request path) or else the query parameter. The method may return an
 * {@code HttpResponseMessage}, or a body ({@code String}, {@code byte[]}, an object written as JSON) for a 200.
 */
final class AzureHttpFunction implements HttpFunction {

    private final AzureMethod call;
    private final String route;

    private AzureHttpFunction(AzureMethod call) {
        this.call = call;
        this.route = call.triggerAttribute("route");
    }

    static HttpFunction of(AzureMethod call) {
        return new AzureHttpFunction(call);
    }

    @Override
    public HttpResponse handle(HttpRequest request, Context context) throws Exception {
        Map<String, String> routeValues = route == null ? Map.of() : routeValues(route, request.path());
        // @BindingName parameters get the route parameter of that name, else the query parameter
        Map<String, Object> metadata = new LinkedHashMap<>();
        request.query().forEach((k, v) -> metadata.put(k, v.isEmpty() ? "" : v.get(0)));
        metadata.putAll(routeValues);
        Object result = call.call(type -> {
            // the worker binds the trigger as the request, or its body alone to a String, byte[] or POJO parameter
            if (JsonBinding.rawClass(type) != HttpRequestMessage.class) return body(type, request.body());
            Type bodyType = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            return new Request(request, body(bodyType, request.body()));
        }, metadata, context);
        return response(result);
    }

    static Object body(Type type, byte[] bytes) {
        Class<?> raw = JsonBinding.rawClass(type);
        if (raw == Optional.class) {
            Type inner = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : String.class;
            return bytes.length == 0 ? Optional.empty() : Optional.ofNullable(body(inner, bytes));
        }
        if (raw == byte[].class) return bytes;
        if (bytes.length == 0) return null;
        if (raw == String.class || raw == Object.class) return new String(bytes, StandardCharsets.UTF_8);
        return JsonBinding.read(bytes, type); // a POJO body, as the worker binds JSON
    }

    static HttpResponse response(Object result) {
        if (result instanceof HttpResponseMessage m) {
            Map<String, String> headers = m instanceof Response r ? r.headers() : Map.of();
            return body(m.getStatusCode(), new LinkedHashMap<>(headers), m.getBody());
        }
        return body(200, new LinkedHashMap<>(), result);
    }

    private static HttpResponse body(int status, Map<String, String> headers, Object body) {
        boolean typed = headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("content-type"));
        byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else if (body instanceof byte[] b) {
            bytes = b;
            if (!typed) headers.put("content-type", "application/octet-stream");
        } else if (body instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
            if (!typed) headers.put("content-type", "text/plain; charset=utf-8");
        } else {
            bytes = JsonBinding.write(body).getBytes(StandardCharsets.UTF_8);
            if (!typed) headers.put("content-type", "application/json");
        }
        return new HttpResponse(status, headers, bytes);
    }

    /**
     * Matches a route template ({@code items/{id}}, {@code {id:int}}, {@code {name?}}) against a path; leading literal
     * segments the path lacks are skipped, since other platforms serve the function at its own base URL.
     *
     * @return the route parameters, empty when the path does not match
     */
    static Map<String, String> routeValues(String route, String path) {
        String[] template = route.replaceAll("^/+|/+$", "").split("/");
        String[] segments = path.replaceAll("^/+|/+$", "").split("/", -1);
        for (int skip = 0; skip < template.length; skip++) {
            Map<String, String> values = match(template, skip, segments);
            if (values != null) return values;
            if (template[skip].startsWith("{")) break; // only literal prefixes may be missing
        }
        return Map.of();
    }

    private static Map<String, String> match(String[] template, int from, String[] segments) {
        Map<String, String> values = new LinkedHashMap<>();
        int s = 0;
        for (int t = from; t < template.length; t++) {
            String part = template[t];
            boolean present = s < segments.length && !segments[s].isEmpty();
            if (part.startsWith("{") && part.endsWith("}")) {
                String name = part.substring(1, part.length() - 1).split(":")[0];
                boolean optional = name.endsWith("?") || part.endsWith("?}");
                boolean catchAll = name.startsWith("*");
                name = name.replace("?", "").replace("*", "");
                if (catchAll && present) {
                    values.put(name, String.join("/", java.util.Arrays.copyOfRange(segments, s, segments.length)));
                    return values;
                }
                if (!present) {
                    if (optional || catchAll) continue;
                    return null;
                }
                values.put(name, segments[s++]);
            } else {
                if (!present || !segments[s].equalsIgnoreCase(part)) return null;
                s++;
            }
        }
        return s >= segments.length || (s == segments.length - 1 && segments[s].isEmpty()) ? values : null;
    }

    /** The request as the Java worker presents it: one value per header and query name. */
    static final class Request implements HttpRequestMessage<Object> {
        private final HttpRequest neutral;
        private final Object body;

        Request(HttpRequest neutral, Object body) {
            this.neutral = neutral;
            this.body = body;
        }

        @Override
        public URI getUri() {
            String proto = neutral.header("x-forwarded-proto").orElse("http");
            String host = neutral.header("host").orElse("localhost");
            String query = HttpMessages.queryString(neutral.query());
            return URI.create(proto + "://" + host + HttpMessages.encodePath(neutral.path()) + (query.isEmpty() ? "" : "?" + query));
        }

        @Override
        public HttpMethod getHttpMethod() {
            return HttpMethod.value(neutral.method());
        }

        @Override
        public Map<String, String> getHeaders() {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            neutral.headers().forEach((k, v) -> headers.put(k, String.join(",", v)));
            return headers;
        }

        @Override
        public Map<String, String> getQueryParameters() {
            Map<String, String> query = new LinkedHashMap<>();
            neutral.query().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
            return query;
        }

        @Override
        public Object getBody() {
            return body;
        }

        @Override
        public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
            return new Builder(status);
        }

        @Override
        public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
            return new Builder(status);
        }
    }

    /** Builds a {@link Response}. */
    static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Object body;

        Builder(HttpStatusType status) {
            this.status = status;
        }

        @Override
        public HttpResponseMessage.Builder status(HttpStatusType status) {
            this.status = status;
            return this;
        }

        @Override
        public HttpResponseMessage.Builder header(String key, String value) {
            headers.put(key, value);
            return this;
        }

        @Override
        public HttpResponseMessage.Builder body(Object body) {
            this.body = body;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            return new Response(status, Map.copyOf(headers), body);
        }
    }

    /** What an Azure function answers. */
    record Response(HttpStatusType getStatus, Map<String, String> headers, Object getBody) implements HttpResponseMessage {
        @Override
        public String getHeader(String key) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) return e.getValue();
            }
            return null;
        }
    }

    /** The worker's context: invocation id, the Azure function name, a java.util.logging logger on the platform's log. */
    static final class Execution implements ExecutionContext {
        private final Context context;
        private final String functionName;
        private final Logger logger;

        Execution(Context context, String functionName) {
            this.context = context;
            this.functionName = functionName;
            this.logger = Logger.getAnonymousLogger();
            logger.setUseParentHandlers(false);
            logger.addHandler(new Handler() {
                @Override
                public void publish(LogRecord r) {
                    if (r.getLevel().intValue() >= Level.SEVERE.intValue() || r.getThrown() != null) {
                        context.logger().error(r.getMessage(), r.getThrown());
                    } else {
                        context.logger().info(r.getLevel().getName().toLowerCase(Locale.ROOT).equals("info") ? r.getMessage()
                                : r.getLevel().getName() + " " + r.getMessage());
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
        }

        @Override
        public Logger getLogger() {
            return logger;
        }

        @Override
        public String getInvocationId() {
            return context.invocationId();
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }
    }
}
