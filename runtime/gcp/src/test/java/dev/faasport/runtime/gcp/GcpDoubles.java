package dev.faasport.runtime.gcp;

import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Test doubles of the Functions Framework request, response and CloudEvent, behaving as the invoker's do. */
public final class GcpDoubles {

    private GcpDoubles() {
    }

    /** A request as the invoker builds it from the servlet request: headers case-insensitive, query decoded. */
    public static final class Request implements HttpRequest {
        private final String method;
        private final URI uri;
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final byte[] body;

        public Request(String method, String uri, Map<String, String> headers, byte[] body) {
            this.method = method;
            this.uri = URI.create(uri);
            headers.forEach((k, v) -> this.headers.put(k, List.of(v)));
            this.body = body;
        }

        @Override
        public String getMethod() {
            return method;
        }

        @Override
        public String getUri() {
            return uri.toString();
        }

        @Override
        public String getPath() {
            return uri.getPath();
        }

        @Override
        public Optional<String> getQuery() {
            return Optional.ofNullable(uri.getRawQuery());
        }

        @Override
        public Map<String, List<String>> getQueryParameters() {
            Map<String, List<String>> q = new LinkedHashMap<>();
            if (uri.getQuery() != null) {
                for (String p : uri.getQuery().split("&")) {
                    String[] kv = p.split("=", 2);
                    q.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv.length > 1 ? kv[1] : "");
                }
            }
            return q;
        }

        @Override
        public Map<String, HttpPart> getParts() {
            return Map.of();
        }

        @Override
        public Optional<String> getContentType() {
            return getFirstHeader("Content-Type");
        }

        @Override
        public long getContentLength() {
            return body.length;
        }

        @Override
        public Optional<String> getCharacterEncoding() {
            return Optional.empty();
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }
    }

    /** A response that records what the handler set. */
    public static final class Response implements HttpResponse {
        public int status = 200;
        public String contentType;
        public final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        public final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        public void setStatusCode(int code) {
            status = code;
        }

        @Override
        public void setStatusCode(int code, String message) {
            status = code;
        }

        @Override
        public void setContentType(String type) {
            contentType = type;
        }

        @Override
        public Optional<String> getContentType() {
            return Optional.ofNullable(contentType);
        }

        @Override
        public void appendHeader(String header, String value) {
            headers.computeIfAbsent(header, h -> new ArrayList<>()).add(value);
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }

        @Override
        public OutputStream getOutputStream() {
            return body;
        }

        @Override
        public BufferedWriter getWriter() {
            return new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
        }
    }

    /** A CloudEvent with JSON data, as Eventarc delivers them. */
    public record Event(String getId, String getType, URI getSource, String getSubject, OffsetDateTime getTime, byte[] json)
            implements CloudEvent {

        @Override
        public CloudEventData getData() {
            return json == null ? null : () -> json;
        }

        @Override
        public SpecVersion getSpecVersion() {
            return SpecVersion.V1;
        }

        @Override
        public String getDataContentType() {
            return "application/json";
        }

        @Override
        public URI getDataSchema() {
            return null;
        }

        @Override
        public Object getAttribute(String name) {
            return switch (name) {
                case "id" -> getId;
                case "type" -> getType;
                case "source" -> getSource;
                case "subject" -> getSubject;
                case "time" -> getTime;
                case "specversion" -> getSpecVersion();
                case "datacontenttype" -> getDataContentType();
                default -> throw new IllegalArgumentException("unknown attribute " + name);
            };
        }

        @Override
        public Object getExtension(String name) {
            return null;
        }

        @Override
        public Set<String> getExtensionNames() {
            return Set.of();
        }
    }
}
