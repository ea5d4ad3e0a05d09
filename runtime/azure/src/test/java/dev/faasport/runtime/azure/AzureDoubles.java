package dev.faasport.runtime.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Test doubles of the Azure Functions Java library objects, behaving as the Java worker's own do. */
public final class AzureDoubles {

    private AzureDoubles() {
    }

    /** An HTTP request as the worker builds it: URI with query, single-valued headers and query map, body. */
    public record Request(HttpMethod method, URI uri, Map<String, String> headers, Optional<byte[]> body)
            implements HttpRequestMessage<Optional<byte[]>> {

        @Override
        public URI getUri() {
            return uri;
        }

        @Override
        public HttpMethod getHttpMethod() {
            return method;
        }

        @Override
        public Map<String, String> getHeaders() {
            return headers;
        }

        @Override
        public Map<String, String> getQueryParameters() {
            Map<String, String> q = new LinkedHashMap<>();
            if (uri.getQuery() != null) {
                for (String p : uri.getQuery().split("&")) {
                    String[] kv = p.split("=", 2);
                    q.put(kv[0], kv.length > 1 ? kv[1] : ""); // the worker keeps one value per name
                }
            }
            return q;
        }

        @Override
        public Optional<byte[]> getBody() {
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

    public static final class Builder implements HttpResponseMessage.Builder {
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

    public record Response(HttpStatusType status, Map<String, String> headers, Object body) implements HttpResponseMessage {
        @Override
        public HttpStatusType getStatus() {
            return status;
        }

        @Override
        public String getHeader(String key) {
            return headers.get(key);
        }

        @Override
        public Object getBody() {
            return body;
        }
    }

    /** The worker's ExecutionContext: invocation id, function (folder) name and a java.util.logging logger. */
    public static final class Execution implements ExecutionContext {
        public final List<String> lines = new ArrayList<>();
        private final String function;
        private final Logger logger;

        public Execution(String function) {
            this.function = function;
            this.logger = Logger.getAnonymousLogger();
            logger.setUseParentHandlers(false);
            logger.addHandler(new Handler() {
                @Override
                public void publish(LogRecord r) {
                    lines.add(r.getLevel() + " " + r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
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
            return "6f0a-invocation";
        }

        @Override
        public String getFunctionName() {
            return function;
        }
    }
}
