package dev.faasport.runtime.nativeazure;

import dev.faasport.api.Context;
import dev.faasport.api.QueueFunction;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.ScheduleFunction;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;
import dev.faasport.runtime.EventPayload;
import dev.faasport.runtime.HttpMessages;
import dev.faasport.runtime.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Azure {@code @QueueTrigger}, {@code @BlobTrigger} or {@code @TimerTrigger} method as a portable event function:
 * each neutral event becomes what the Functions host hands a Java function (Microsoft's trigger reference pages,
 * read 2026-12), with the trigger metadata its {@code @BindingName} parameters ask for.
 * <ul>
 *   <li>queue: the message (String, byte[] or a POJO from JSON), one call per message; metadata {@code QueueTrigger}
 *   (the text), {@code Id}, {@code DequeueCount}, {@code InsertionTime} (ISO-8601); {@code ExpirationTime},
 *   {@code NextVisibleTime} and {@code PopReceipt} have no neutral equivalent: on Azure the host's values, elsewhere
 *   null;</li>
 *   <li>blob: the content (byte[], String or a POJO from JSON) that the platform delivered with the event (Azure) or
 *   that is read from the local provider's bucket; metadata: the path's parameters ({@code {name}}), {@code BlobTrigger}
 *   ({@code container/blob}), {@code Properties} ({@code Length}, {@code ETag}, {@code LastModified}) and
 *   {@code Metadata} (empty); on Azure the host's own {@code Properties}, {@code Metadata} and {@code Uri}. Deletions are skipped with a log line: Azure's blob trigger never reports them;</li>
 *   <li>timer: the {@code TimerInfo} JSON ({@code ScheduleStatus.Next} is the tick's time, {@code IsPastDue} false).</li>
 * </ul>
 */
final class AzureEventFunction implements StorageFunction, QueueFunction, ScheduleFunction {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final AzureMethod call;

    AzureEventFunction(AzureMethod call) {
        this.call = call;
    }

    @Override
    public void handle(String queue, List<QueueMessage> messages, Context context) throws Exception {
        for (QueueMessage m : messages) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("QueueTrigger", m.bodyAsString());
            metadata.put("Id", m.id());
            metadata.put("DequeueCount", m.deliveryCount());
            metadata.put("InsertionTime", m.sentAt() == null ? null : m.sentAt().toString());
            metadata.putAll(EventPayload.metadata()); // on Azure: what the host sent beyond the neutral message
            call.call(type -> AzureMethod.convert(m.body(), type), metadata, context);
        }
    }

    @Override
    public void handle(StorageEvent event, Context context) throws Exception {
        if (event.kind() == StorageEvent.Kind.DELETED) {
            context.logger().info("skipped the deletion of " + event.bucket() + "/" + event.key() + ": an Azure blob "
                    + "trigger runs for new and updated blobs only");
            return;
        }
        String path = event.bucket() + "/" + event.key();
        Map<String, Object> metadata = new LinkedHashMap<>();
        String pattern = call.triggerAttribute("path");
        if (pattern != null) metadata.putAll(AzureTriggers.pathValues(pattern, path));
        metadata.put("BlobTrigger", path);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Length", event.size());
        properties.put("ETag", event.etag());
        properties.put("LastModified", event.time() == null ? null : event.time().toString());
        metadata.put("Properties", Json.write(properties));
        metadata.put("Metadata", "{}");
        metadata.putAll(EventPayload.metadata()); // on Azure: the host's own Properties, Metadata and Uri
        call.call(type -> AzureMethod.convert(content(event, context), type), metadata, context);
    }

    @Override
    public void handle(ScheduleEvent event, Context context) throws Exception {
        Instant at = event.scheduledTime() == null ? Instant.now() : event.scheduledTime();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("Last", null);
        status.put("Next", at.toString());
        status.put("LastUpdated", at.toString());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("Schedule", Map.of("AdjustForDST", true));
        info.put("ScheduleStatus", status);
        info.put("IsPastDue", false);
        String json = Json.write(info);
        call.call(type -> AzureMethod.convert(json, type), Map.of(), context);
    }

    /**
     * The blob's bytes: delivered with the event (Azure's host reads them), else read from the local provider's bucket
     * or, on AWS and Google, with the platform's own credentials ({@link CloudObjects}).
     */
    private static byte[] content(StorageEvent event, Context context) {
        byte[] delivered = EventPayload.content().orElse(null);
        if (delivered != null) return delivered;
        Map<String, String> env = context.environment();
        String base = env.get("FAASPORT_STORAGE_URL");
        if (base == null && !CloudObjects.readable(env)) {
            throw new IllegalStateException("function '" + context.functionName() + "' is an Azure blob trigger, whose "
                    + "content Faasport reads on Azure, AWS, Google and the local provider only, perhaps you should read "
                    + event.bucket() + "/" + event.key() + " with the target's own storage SDK");
        }
        try {
            if (base == null) return CloudObjects.read(event.bucket(), event.key(), env);
            URI uri = URI.create(base + HttpMessages.encodePath("/" + event.bucket() + "/" + event.key()));
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("reading blob " + event.bucket() + "/" + event.key() + " answered HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading blob " + event.bucket() + "/" + event.key(), e);
        }
    }
}
