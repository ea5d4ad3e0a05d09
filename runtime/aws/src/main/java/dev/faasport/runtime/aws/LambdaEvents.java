package dev.faasport.runtime.aws;

import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.HttpMessages;
import dev.faasport.runtime.json.JsonBinding;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads Lambda event JSON (as parsed by Faasport's codec) into neutral values and writes API Gateway responses, so
 * the adapter needs neither aws-lambda-java-events nor a JSON library. Formats: API Gateway HTTP API / function URL
 * payload 2.0, REST API payload 1.0, S3 notifications, SQS batches, SNS notifications, EventBridge scheduled events.
 */
final class LambdaEvents {

    private LambdaEvents() {
    }

    /** The kinds of event the adapter recognises. */
    enum Kind { HTTP_V2, HTTP_V1, S3, SQS, SNS, SCHEDULE, OTHER }

    static Kind kind(Object event) {
        if (!(event instanceof Map<?, ?> m)) return Kind.OTHER;
        if ("2.0".equals(m.get("version")) && map(m.get("requestContext")).get("http") instanceof Map) return Kind.HTTP_V2;
        if (m.get("httpMethod") instanceof String && m.containsKey("requestContext")) return Kind.HTTP_V1;
        if (m.get("Records") instanceof List<?> records && !records.isEmpty()) {
            Object source = map(records.get(0)).get("eventSource");
            if ("aws:s3".equals(source)) return Kind.S3;
            if ("aws:sqs".equals(source)) return Kind.SQS;
            if ("aws:sns".equals(map(records.get(0)).get("EventSource"))) return Kind.SNS;
        }
        Object detailType = m.containsKey("detail-type") ? m.get("detail-type") : m.get("detailType");
        if ("aws.events".equals(m.get("source")) && "Scheduled Event".equals(detailType)) return Kind.SCHEDULE;
        return Kind.OTHER;
    }

    /** API Gateway HTTP API / function URL request, payload format 2.0. */
    static HttpRequest httpV2(Map<?, ?> e) {
        Map<?, ?> ctx = map(e.get("requestContext"));
        Map<?, ?> http = map(ctx.get("http"));
        String path = str(e.get("rawPath"), str(http.get("path"), "/"));
        String stage = str(ctx.get("stage"), "$default");
        // an HTTP API on a named stage puts the stage in rawPath; the function sees the path below it
        if (!stage.equals("$default") && (path.equals("/" + stage) || path.startsWith("/" + stage + "/"))) {
            path = path.substring(stage.length() + 1);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        map(e.get("headers")).forEach((k, v) -> headers.put(String.valueOf(k), List.of(String.valueOf(v))));
        if (e.get("cookies") instanceof List<?> cookies && !cookies.isEmpty()) {
            List<String> values = new ArrayList<>();
            cookies.forEach(c -> values.add(String.valueOf(c)));
            headers.put("cookie", List.of(String.join("; ", values)));
        }
        return new HttpRequest(str(http.get("method"), "GET"), path, HttpMessages.parseQuery(str(e.get("rawQueryString"), "")), headers,
                body(e));
    }

    /** API Gateway REST API request, payload format 1.0. */
    static HttpRequest httpV1(Map<?, ?> e) {
        Map<String, List<String>> headers = multi(e.get("multiValueHeaders"), e.get("headers"));
        Map<String, List<String>> query = multi(e.get("multiValueQueryStringParameters"), e.get("queryStringParameters"));
        return new HttpRequest(str(e.get("httpMethod"), "GET"), str(e.get("path"), "/"), query, headers, body(e));
    }

    /** Writes a response in the 2.0 format (Set-Cookie in {@code cookies}) or the 1.0 format. */
    static Map<String, Object> response(HttpResponse r, boolean v2) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("statusCode", r.status());
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(r.headers());
        if (v2 && headers.containsKey("set-cookie")) out.put("cookies", List.of(headers.remove("set-cookie")));
        out.put("headers", new LinkedHashMap<>(headers));
        String text = HttpMessages.isTextType(headers.get("content-type")) ? HttpMessages.utf8OrNull(r.body()) : null;
        out.put("body", text != null ? text : Base64.getEncoder().encodeToString(r.body()));
        out.put("isBase64Encoded", text == null);
        return out;
    }

    /** The S3 records as storage events; records of other event types (restore, replication) are skipped. */
    static List<StorageEvent> s3(Map<?, ?> e) {
        List<StorageEvent> events = new ArrayList<>();
        for (Object o : (List<?>) e.get("Records")) {
            Map<?, ?> r = map(o);
            String name = str(r.get("eventName"), "");
            StorageEvent.Kind kind = name.startsWith("ObjectCreated:") ? StorageEvent.Kind.CREATED
                    : name.startsWith("ObjectRemoved:") || name.startsWith("LifecycleExpiration:Delete")
                    ? StorageEvent.Kind.DELETED : null;
            if (kind == null) continue;
            Map<?, ?> s3 = map(r.get("s3"));
            Map<?, ?> object = map(s3.get("object"));
            // S3 URL-encodes keys in notifications, with '+' for a space
            String key = URLDecoder.decode(str(object.get("key"), ""), StandardCharsets.UTF_8);
            long size = object.get("size") instanceof Number n ? n.longValue() : -1;
            events.add(new StorageEvent(kind, str(map(s3.get("bucket")).get("name"), ""), key, size,
                    (String) object.get("eTag"), instant(r.get("eventTime"))));
        }
        return events;
    }

    /** The queue name (last part of the queue ARN) of an SQS batch. */
    static String sqsQueue(Map<?, ?> e) {
        String arn = str(map(((List<?>) e.get("Records")).get(0)).get("eventSourceARN"), "");
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    /** The SQS records as queue messages: message attributes, receive count and sent time. */
    static List<QueueMessage> sqs(Map<?, ?> e) {
        List<QueueMessage> messages = new ArrayList<>();
        for (Object o : (List<?>) e.get("Records")) {
            Map<?, ?> r = map(o);
            Map<?, ?> system = map(r.get("attributes"));
            Map<String, String> attributes = new TreeMap<>();
            map(r.get("messageAttributes")).forEach((k, v) -> {
                Map<?, ?> a = map(v);
                Object value = a.get("stringValue") != null ? a.get("stringValue") : a.get("binaryValue");
                if (value != null) attributes.put(String.valueOf(k), String.valueOf(value));
            });
            int count = (int) number(system.get("ApproximateReceiveCount"), 1);
            long sent = number(system.get("SentTimestamp"), -1);
            messages.add(new QueueMessage(str(r.get("messageId"), ""),
                    str(r.get("body"), "").getBytes(StandardCharsets.UTF_8), attributes, count,
                    sent < 0 ? Instant.now() : Instant.ofEpochMilli(sent)));
        }
        return messages;
    }

    /** The topic name (last part of the topic ARN) of an SNS notification. */
    static String snsTopic(Map<?, ?> e) {
        String arn = str(map(map(((List<?>) e.get("Records")).get(0)).get("Sns")).get("TopicArn"), "");
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    /**
     * The SNS records as queue messages: SNS delivers each message once to Lambda (retries are SNS's, unseen), its
     * message attributes' values as given (Binary ones Base64), the subject as attribute {@code Subject}. Format:
     * "Invoking Lambda functions with Amazon SNS notifications" (docs.aws.amazon.com/lambda/latest/dg/with-sns.html,
     * read 2026-12).
     */
    static List<QueueMessage> sns(Map<?, ?> e) {
        List<QueueMessage> messages = new ArrayList<>();
        for (Object o : (List<?>) e.get("Records")) {
            Map<?, ?> sns = map(map(o).get("Sns"));
            Map<String, String> attributes = new TreeMap<>();
            map(sns.get("MessageAttributes")).forEach((k, v) -> {
                if (map(v).get("Value") != null) attributes.put(String.valueOf(k), String.valueOf(map(v).get("Value")));
            });
            if (sns.get("Subject") instanceof String subject) attributes.put("Subject", subject);
            messages.add(new QueueMessage(str(sns.get("MessageId"), ""),
                    str(sns.get("Message"), "").getBytes(StandardCharsets.UTF_8), attributes, 1, instant(sns.get("Timestamp"))));
        }
        return messages;
    }

    static Instant instant(Object v) {
        return v instanceof String s ? JsonBinding.fromJson(s, Instant.class) : Instant.now();
    }

    private static byte[] body(Map<?, ?> e) {
        Object body = e.get("body");
        if (!(body instanceof String s)) return new byte[0];
        if (Boolean.TRUE.equals(e.get("isBase64Encoded"))) {
            try {
                return Base64.getDecoder().decode(s);
            } catch (IllegalArgumentException notBase64) {
                // AWS's own sample event flags a plain-text body as Base64: take such a body as it is
                return s.getBytes(StandardCharsets.UTF_8);
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> multi(Object multi, Object single) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (multi instanceof Map<?, ?> m && !m.isEmpty()) {
            m.forEach((k, v) -> {
                List<String> values = new ArrayList<>();
                if (v instanceof List<?> l) l.forEach(x -> values.add(String.valueOf(x)));
                out.put(String.valueOf(k), values);
            });
        } else {
            map(single).forEach((k, v) -> out.put(String.valueOf(k), List.of(String.valueOf(v))));
        }
        return out;
    }

    static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    static String str(Object o, String fallback) {
        return o instanceof String s ? s : fallback;
    }

    private static long number(Object o, long fallback) {
        if (o instanceof Number n) return n.longValue();
        if (o instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
