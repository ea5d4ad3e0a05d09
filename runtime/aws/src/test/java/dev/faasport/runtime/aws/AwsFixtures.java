package dev.faasport.runtime.aws;

import dev.faasport.api.Context;
import dev.faasport.api.HttpFunction;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.api.QueueFunction;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.ScheduleFunction;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** User functions for the adapter tests; each records what it received. */
public final class AwsFixtures {

    public static final List<Object> RECEIVED = new CopyOnWriteArrayList<>();
    public static final List<String> CONTEXTS = new CopyOnWriteArrayList<>();

    private AwsFixtures() {
    }

    public static class Echo implements HttpFunction {
        @Override
        public HttpResponse handle(HttpRequest request, Context context) {
            RECEIVED.add(request);
            CONTEXTS.add(context.functionName() + "/" + context.invocationId() + "/" + context.remainingTime().toMillis());
            context.logger().info("echo " + request.path());
            return switch (request.path()) {
                case "/png" -> new HttpResponse(201, Map.of("content-type", "image/png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
                case "/cookie" -> HttpResponse.ok("set").withHeader("Set-Cookie", "session=abc; HttpOnly");
                case "/fail" -> throw new IllegalStateException("echo failed");
                default -> HttpResponse.ok(request.method() + " " + request.path() + " " + request.bodyAsString());
            };
        }
    }

    public record Quote(String item, int quantity) {
    }

    public record Priced(String item, BigDecimal total) {
    }

    public static class Price implements Function<Quote, Priced> {
        @Override
        public Priced apply(Quote q) {
            RECEIVED.add(q);
            if (q.quantity() == 0) throw new IllegalArgumentException("nothing to price");
            return new Priced(q.item(), new BigDecimal("1.25").multiply(BigDecimal.valueOf(q.quantity())));
        }
    }

    public static class Thumbs implements StorageFunction {
        @Override
        public void handle(StorageEvent event, Context context) throws Exception {
            RECEIVED.add(event);
            if (event.key().endsWith(".bad")) throw new java.io.IOException("unreadable " + event.key());
        }
    }

    public static class Worker implements QueueFunction {
        @Override
        public void handle(String queue, List<QueueMessage> messages, Context context) throws Exception {
            RECEIVED.add(queue);
            RECEIVED.add(List.copyOf(messages));
            for (QueueMessage m : messages) {
                if (m.bodyAsString().contains("poison")) throw new Exception("poison " + m.id());
            }
        }
    }

    /** Fails only its poison messages, naming them. */
    public static class Partial implements QueueFunction {
        @Override
        public void handle(String queue, List<QueueMessage> messages, Context context) throws Exception {
            RECEIVED.add(List.copyOf(messages));
            List<String> failed = messages.stream().filter(m -> m.bodyAsString().contains("poison")).map(QueueMessage::id).toList();
            if (!failed.isEmpty()) throw new dev.faasport.api.PartialBatchFailure(failed, null);
        }
    }

    public static class Nightly implements ScheduleFunction {
        @Override
        public void handle(ScheduleEvent event, Context context) {
            RECEIVED.add(event);
        }
    }
}
