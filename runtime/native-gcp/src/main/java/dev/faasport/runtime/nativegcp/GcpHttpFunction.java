package dev.faasport.runtime.nativegcp;

import com.google.cloud.functions.HttpFunction;
import dev.faasport.api.Context;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.runtime.HttpMessages;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Functions Framework {@code HttpFunction} as a portable HTTP function: the neutral request is offered through
 * {@code com.google.cloud.functions.HttpRequest} as the framework's invoker offers a servlet request (raw path, decoded
 * query parameters, case-insensitive headers), and what the function writes to the response is collected.
 */
final class GcpHttpFunction implements dev.faasport.api.HttpFunction {

    private final HttpFunction user;

    private GcpHttpFunction(HttpFunction user) {
        this.user = user;
    }

    static dev.faasport.api.HttpFunction of(Object instance) {
        return new GcpHttpFunction((HttpFunction) instance);
    }

    @Override
    public HttpResponse handle(HttpRequest request, Context context) throws Exception {
        Response response = new Response();
        user.service(new Request(request), response);
        return response.toNeutral();
    }

    /** The request as the invoker presents it. */
    static final class Request implements com.google.cloud.functions.HttpRequest {
        private final HttpRequest neutral;
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        Request(HttpRequest neutral) {
            this.neutral = neutral;
            headers.putAll(neutral.headers());
        }

        @Override
        public String getMethod() {
            return neutral.method();
        }

        @Override
        public String getUri() {
            String proto = getFirstHeader("x-forwarded-proto").orElse("http");
            String host = getFirstHeader("host").orElse("localhost");
            return proto + "://" + host + getPath() + getQuery().map(q -> "?" + q).orElse("");
        }

        @Override
        public String getPath() {
            return HttpMessages.encodePath(neutral.path()); // the servlet's request URI: still encoded
        }

        @Override
        public Optional<String> getQuery() {
            String q = HttpMessages.queryString(neutral.query());
            return q.isEmpty() ? Optional.empty() : Optional.of(q);
        }

        @Override
        public Map<String, List<String>> getQueryParameters() {
            return neutral.query();
        }

        @Override
        public Map<String, HttpPart> getParts() {
            if (!getContentType().orElse("").toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
                throw new IllegalStateException("Content-Type must be multipart/form-data: " + getContentType().orElse(""));
            }
            throw new UnsupportedOperationException("multipart requests are not translated on this platform, perhaps "
                    + "you should read the body with getInputStream()");
        }

        @Override
        public Optional<String> getContentType() {
            return getFirstHeader("content-type");
        }

        @Override
        public long getContentLength() {
            return neutral.body().length;
        }

        @Override
        public Optional<String> getCharacterEncoding() {
            String type = getContentType().orElse("");
            int at = type.toLowerCase(Locale.ROOT).indexOf("charset=");
            return at < 0 ? Optional.empty() : Optional.of(type.substring(at + 8).split(";")[0].trim().replace("\"", ""));
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(neutral.body());
        }

        @Override
        public BufferedReader getReader() {
            Charset cs = getCharacterEncoding().map(Charset::forName).orElse(StandardCharsets.UTF_8);
            return new BufferedReader(new InputStreamReader(getInputStream(), cs));
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return Collections.unmodifiableMap(headers);
        }
    }

    /** Collects status, headers and body. */
    static final class Response implements com.google.cloud.functions.HttpResponse {
        private int status = 200;
        private String contentType;
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private BufferedWriter writer;

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
            if (header.equalsIgnoreCase("content-type")) contentType = value;
            else headers.computeIfAbsent(header, h -> new ArrayList<>()).add(value);
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            Map<String, List<String>> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            all.putAll(headers);
            if (contentType != null) all.put("Content-Type", List.of(contentType));
            return all;
        }

        @Override
        public OutputStream getOutputStream() {
            return body;
        }

        @Override
        public BufferedWriter getWriter() {
            if (writer == null) {
                Charset cs = StandardCharsets.UTF_8;
                String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
                int at = type.indexOf("charset=");
                if (at >= 0) cs = Charset.forName(type.substring(at + 8).split(";")[0].trim());
                writer = new BufferedWriter(new OutputStreamWriter(body, cs));
            }
            return writer;
        }

        HttpResponse toNeutral() throws IOException {
            if (writer != null) writer.flush(); // the invoker flushes what the function left in the writer
            Map<String, String> out = new LinkedHashMap<>();
            headers.forEach((k, v) -> out.put(k, String.join(",", v)));
            if (contentType != null) out.put("content-type", contentType);
            return new HttpResponse(status, out, body.toByteArray());
        }
    }
}
