package dev.faasport.runtime.nativeazure;

import dev.faasport.api.Context;
import dev.faasport.runtime.HttpMessages;
import dev.faasport.runtime.NativeHandlers;
import dev.faasport.runtime.json.JsonBinding;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes what a function put in its {@code @QueueOutput} and {@code @BlobOutput} bindings, after it returned, to the
 * platform's own queues and buckets, as the Functions host does with output bindings; a {@code null} value writes
 * nothing (Azure's storage bindings skip null, binding reference pages, read 2026-12). A value is written as the host
 * writes it: a {@code String} as UTF-8 text, {@code byte[]} as is, any other object as JSON. On the local provider
 * through its bucket and queue API ({@code FAASPORT_STORAGE_URL}, {@code FAASPORT_QUEUE_URL}); on AWS as an S3 object
 * and an SQS message, on Google as a Cloud Storage object and a Pub/Sub message, with the function's own credentials
 * ({@link CloudObjects}: the container names the bucket, the queue name the queue or topic); on Azure into the
 * storage account of the binding's connection setting ({@link AzureStorage}); an environment with none of these is
 * refused with the reason before the function runs.
 */
final class AzureOutputs {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private AzureOutputs() {
    }

    /**
     * One output binding of an invocation.
     *
     * @param binding the {@code @QueueOutput} or {@code @BlobOutput} annotation
     * @param target  the queue name or {@code container/blob path}, expressions resolved
     * @param value   what the function set
     */
    record Output(Annotation binding, String target, Supplier<Object> value) {
        boolean queue() {
            return binding.annotationType().getName().equals(AzureMethod.QUEUE_OUTPUT);
        }
    }

    /** Where an output goes on this platform. */
    private interface Sink {
        void write(Output output, byte[] value) throws IOException, InterruptedException;
    }

    /**
     * @return the local provider's queue or bucket API when the worker has it, else the Azure Storage account of the
     *         binding's connection setting (default {@code AzureWebJobsStorage}), else null
     */
    private static Sink sink(Output o, Map<String, String> env) {
        String local = env.get(o.queue() ? "FAASPORT_QUEUE_URL" : "FAASPORT_STORAGE_URL");
        if (local != null) return (output, value) -> local(local, output, value);
        // AWS and Google: the container names the bucket, the queue name the SQS queue or Pub/Sub topic
        if (CloudObjects.aws(env)) {
            return (output, value) -> {
                if (output.queue()) CloudObjects.sqsSend(output.target(), value, env);
                else CloudObjects.s3Put(container(output), blob(output), value, env);
            };
        }
        if (CloudObjects.google(env)) {
            return (output, value) -> {
                if (output.queue()) CloudObjects.publish(output.target(), value, env);
                else CloudObjects.gcsUpload(container(output), blob(output), value, env);
            };
        }
        Object named = NativeHandlers.attribute(o.binding(), "connection");
        String connection = env.get(named instanceof String n && !n.isBlank() ? n : "AzureWebJobsStorage");
        if (connection == null) return null;
        AzureStorage storage = AzureStorage.of(connection);
        return (output, value) -> {
            if (output.queue()) storage.putMessage(output.target(), value);
            else storage.putBlob(container(output), blob(output), value);
        };
    }

    private static String container(Output o) {
        return o.target().substring(0, o.target().indexOf('/'));
    }

    private static String blob(Output o) {
        return o.target().substring(o.target().indexOf('/') + 1);
    }

    /**
     * Checks, before the function runs, that this platform can take its outputs.
     *
     * @throws IllegalStateException naming the output and the fix when it cannot
     */
    static void check(List<Output> outputs, Context context) {
        for (Output o : outputs) {
            if (!o.queue() && o.target().indexOf('/') <= 0) {
                throw new IllegalArgumentException("@BlobOutput path '" + o.target() + "' names no container, perhaps you "
                        + "should write it as container/blob");
            }
            if (sink(o, context.environment()) == null) {
                throw new IllegalStateException("function '" + context.functionName() + "' has the @"
                        + o.binding().annotationType().getSimpleName() + " '" + NativeHandlers.attribute(o.binding(), "name")
                        + "' (" + o.target() + "), but this environment has none of Faasport's ways to write it (the local "
                        + "provider's FAASPORT_QUEUE_URL/FAASPORT_STORAGE_URL, Lambda's AWS_REGION and credentials, Cloud "
                        + "Run's K_SERVICE, or Azure's storage connection setting), perhaps you should deploy it with Faasport "
                        + "to one of those or set the binding's connection setting");
            }
        }
    }

    /** Writes the values the function set; null values write nothing. */
    static void write(List<Output> outputs, Context context) throws IOException, InterruptedException {
        for (Output o : outputs) {
            Object value = o.value().get();
            if (value == null) continue;
            sink(o, context.environment()).write(o, bytes(value));
            context.logger().info("wrote " + (o.queue() ? "a message to queue '" : "blob '") + o.target() + "'");
        }
    }

    private static void local(String base, Output o, byte[] value) throws IOException, InterruptedException {
        URI uri = URI.create(base + HttpMessages.encodePath("/" + o.target()));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(o.queue() ? "POST" : "PUT", HttpRequest.BodyPublishers.ofByteArray(value)).build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("writing the output to " + (o.queue() ? "queue '" : "blob '") + o.target()
                    + "' answered HTTP " + r.statusCode() + " " + r.body()
                    + ", perhaps you should check the name against the local runtime's rules");
        }
    }

    static byte[] bytes(Object value) {
        if (value instanceof byte[] b) return b;
        if (value instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
        return JsonBinding.write(value).getBytes(StandardCharsets.UTF_8);
    }
}
