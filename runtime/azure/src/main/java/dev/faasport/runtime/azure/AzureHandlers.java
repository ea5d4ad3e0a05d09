package dev.faasport.runtime.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.faasport.api.Context;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.EventPayload;
import dev.faasport.runtime.FunctionEntry;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.HttpMessages;
import dev.faasport.runtime.InvocationContext;
import dev.faasport.runtime.Invoker;
import dev.faasport.runtime.NeutralEvent;
import dev.faasport.runtime.json.Json;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Azure Functions entry points of every Faasport function, one method per trigger; {@link AzureBindings}
 * writes the matching {@code function.json}. The Java worker passes arguments by the binding names of the parameter
 * annotations below (their other attributes are not read: {@code function.json} is what the host uses), so the
 * binding names in {@code function.json} must be exactly {@code req}, {@code content}, {@code message} and
 * {@code timerInfo}. The function is chosen by {@link ExecutionContext#getFunctionName()} (the function's folder
 * name, which is its Faasport name), else {@code FAASPORT_FUNCTION}, else the only one in the descriptor.
 */
public class AzureHandlers {

    private static final Map<String, Invoker> INVOKERS = new ConcurrentHashMap<>();
    static volatile FunctionRegistry registry; // tests set it; null means the classpath's descriptor

    /** Created by the Java worker. */
    public AzureHandlers() {
    }

    /**
     * HTTP trigger ({@code httpTrigger} binding {@code req} with {@code "dataType": "binary"}, output
     * {@code http} binding {@code $return}). Never throws: failures answer 500 with a JSON error body.
     */
    public HttpResponseMessage http(
            @HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS, dataType = "binary")
            HttpRequestMessage<Optional<byte[]>> request, ExecutionContext context) {
        Invoker inv = invoker(context);
        HttpResponse response = inv.http(request(request, inv.entry().name()), context(inv.entry(), context));
        HttpResponseMessage.Builder builder = request.createResponseBuilder(HttpStatusType.custom(response.status()));
        response.headers().forEach(builder::header);
        return builder.body(response.body()).build();
    }

    /**
     * Blob trigger ({@code blobTrigger} binding {@code content}, path {@code container/{name}},
     * {@code "dataType": "binary"}); the trigger metadata {@code name}, {@code BlobTrigger} (the blob's path,
     * {@code container/name}) and {@code Properties} (JSON with {@code ETag}, {@code LastModified} and the length; blob
     * trigger reference "Blob metadata", read 2026-12) come by name. The content, {@code Uri}, {@code Metadata} and
     * {@code Properties} stay available to adapters of Azure's own API ({@link EventPayload}). Azure reports creations
     * and updates only: the event is always
     * {@code CREATED}. Throwing makes the host retry, then move the blob's message to the poison queue.
     */
    public void blob(
            @BlobTrigger(name = "content", path = "{name}", dataType = "binary") byte[] content,
            @BindingName("name") String name, @BindingName("BlobTrigger") String blobPath,
            @BindingName("Properties") String properties, @BindingName("Uri") String uri,
            @BindingName("Metadata") String metadata, ExecutionContext context) throws Exception {
        Invoker inv = invoker(context);
        String path = blobPath != null && blobPath.indexOf('/') > 0 ? blobPath : null;
        String container = path != null ? path.substring(0, path.indexOf('/')) : inv.entry().triggerSetting("bucket");
        String key = path != null ? path.substring(path.indexOf('/') + 1) : name;
        Map<String, Object> props = Map.of();
        try {
            if (properties != null && !properties.isBlank()) props = Json.parseObject(properties);
        } catch (RuntimeException e) {
            context.getLogger().warning("Faasport: unreadable blob Properties, without ETag and time: " + e.getMessage());
        }
        String etag = props.get("ETag") instanceof String s ? unquote(s) : null;
        Instant modified = props.get("LastModified") instanceof String s ? time(s) : Instant.now();
        StorageEvent event = new StorageEvent(StorageEvent.Kind.CREATED, container, key,
                content == null ? -1 : content.length, etag, modified);
        Map<String, String> delivered = new LinkedHashMap<>();
        delivered.put("Uri", uri == null ? null : unquote(uri));
        delivered.put("Metadata", metadata);
        delivered.put("Properties", properties);
        EventPayload.with(content, delivered, () -> inv.event(new NeutralEvent.Storage(event), context(inv.entry(), context)));
    }

    /**
     * Storage queue trigger ({@code queueTrigger} binding {@code message}); the trigger metadata {@code Id},
     * {@code DequeueCount} and {@code InsertionTime} come by name (queue trigger reference "Message metadata", read
     * 2026-12), and {@code ExpirationTime}, {@code NextVisibleTime} and {@code PopReceipt}, which have no neutral
     * field, stay available to adapters of Azure's own API ({@link EventPayload}). Azure delivers one message per
     * invocation: the function gets a batch of one. Throwing makes the host retry it, then move it to the poison queue.
     */
    public void queue(
            @QueueTrigger(name = "message", queueName = "%FAASPORT_QUEUE%") String message,
            @BindingName("Id") String id, @BindingName("DequeueCount") String dequeueCount,
            @BindingName("InsertionTime") String insertionTime, @BindingName("ExpirationTime") String expirationTime,
            @BindingName("NextVisibleTime") String nextVisibleTime, @BindingName("PopReceipt") String popReceipt,
            ExecutionContext context) throws Exception {
        Invoker inv = invoker(context);
        int count = 1;
        try {
            count = dequeueCount == null ? 1 : Integer.parseInt(unquote(dequeueCount));
        } catch (NumberFormatException e) {
            count = 1;
        }
        QueueMessage m = new QueueMessage(id == null ? context.getInvocationId() : unquote(id),
                message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8), Map.of(), count,
                time(insertionTime));
        Map<String, String> delivered = new LinkedHashMap<>();
        delivered.put("ExpirationTime", expirationTime == null ? null : unquote(expirationTime));
        delivered.put("NextVisibleTime", nextVisibleTime == null ? null : unquote(nextVisibleTime));
        delivered.put("PopReceipt", popReceipt == null ? null : unquote(popReceipt));
        EventPayload.with(null, delivered, () -> inv.event(new NeutralEvent.Queue(inv.entry().triggerSetting("queue"),
                List.of(m)), context(inv.entry(), context)));
    }

    /**
     * Timer trigger ({@code timerTrigger} binding {@code timerInfo}, an NCRONTAB {@code schedule}). The TimerInfo
     * JSON's {@code ScheduleStatus.Next} (the occurrence being run) is the tick's time, else now; the expression is
     * the descriptor's neutral one. Throwing fails the run; the next tick comes on schedule.
     */
    public void timer(
            @TimerTrigger(name = "timerInfo", schedule = "%FAASPORT_SCHEDULE%") String timerInfo,
            ExecutionContext context) throws Exception {
        Invoker inv = invoker(context);
        Instant at = Instant.now();
        try {
            Object status = timerInfo == null ? null : Json.parseObject(timerInfo).get("ScheduleStatus");
            if (status instanceof Map<?, ?> s && s.get("Next") instanceof String next) at = time(next);
        } catch (RuntimeException e) {
            context.getLogger().warning("Faasport: unreadable TimerInfo, using the current time: " + e.getMessage());
        }
        inv.event(new NeutralEvent.Schedule(new ScheduleEvent(null, at, false)), context(inv.entry(), context));
    }

    private static Invoker invoker(ExecutionContext context) {
        return INVOKERS.computeIfAbsent(context.getFunctionName(), name -> {
            FunctionRegistry r = registry != null ? registry : FunctionRegistry.shared();
            return new Invoker(r.select(name));
        });
    }

    static HttpRequest request(HttpRequestMessage<Optional<byte[]>> request, String function) {
        URI uri = request.getUri();
        String path = uri.getRawPath() == null ? "/" : URLDecoder.decode(uri.getRawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
        // the default route is /api/<function>; the function sees the path below it
        String base = "/api/" + function;
        if (path.equals(base) || path.startsWith(base + "/")) path = path.substring(base.length());
        Map<String, List<String>> query = HttpMessages.parseQuery(uri.getRawQuery());
        if (query.isEmpty() && request.getQueryParameters() != null) {
            request.getQueryParameters().forEach((k, v) -> query.put(k, List.of(v)));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (request.getHeaders() != null) request.getHeaders().forEach((k, v) -> headers.put(k, List.of(v)));
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().orElse(new byte[0]);
        return new HttpRequest(request.getHttpMethod().name(), path, query, headers, body);
    }

    private static Context context(FunctionEntry entry, ExecutionContext azure) {
        Instant deadline = Instant.now().plusSeconds(entry.timeoutSeconds() > 0 ? entry.timeoutSeconds() : 300);
        Logger log = azure.getLogger();
        String id = azure.getInvocationId();
        Context.Logger logger = log == null ? InvocationContext.stdLogger(id) : new Context.Logger() {
            @Override
            public void info(String message) {
                log.info("[" + id + "] " + message);
            }

            @Override
            public void error(String message, Throwable error) {
                log.log(Level.SEVERE, "[" + id + "] " + message, error);
            }
        };
        return InvocationContext.of(entry, id, () -> deadline.toEpochMilli() - System.currentTimeMillis(), logger);
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static Instant time(String s) {
        if (s == null || s.isBlank()) return Instant.now();
        try {
            return OffsetDateTime.parse(unquote(s)).toInstant();
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }
}
