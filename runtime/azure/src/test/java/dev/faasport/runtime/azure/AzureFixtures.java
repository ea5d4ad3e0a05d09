package dev.faasport.runtime.azure;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** User functions for the Azure adapter tests; each records what it received. */
public final class AzureFixtures {

    public static final List<Object> RECEIVED = new CopyOnWriteArrayList<>();

    private AzureFixtures() {
    }

    public static class Hello implements HttpFunction {
        @Override
        public HttpResponse handle(HttpRequest request, Context context) {
            RECEIVED.add(request);
            RECEIVED.add(context.functionName() + "|" + context.invocationId() + "|" + context.environment().get("GREETING")
                    + "|" + (context.remainingTime().toSeconds() > 25));
            context.logger().info("hello " + request.path());
            if (request.path().equals("/fail")) throw new UnsupportedOperationException("not yet");
            if (request.method().equals("POST")) {
                return new HttpResponse(202, Map.of("content-type", "application/octet-stream"), request.body());
            }
            return HttpResponse.ok(context.environment().get("GREETING") + " " + request.queryParam("who").orElse("?"));
        }
    }

    public record Quote(String item, int quantity) {
    }

    public static class Price implements Function<Quote, Map<String, Object>> {
        @Override
        public Map<String, Object> apply(Quote q) {
            RECEIVED.add(q);
            return Map.of("item", q.item(), "cents", 125 * q.quantity());
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
            if (messages.get(0).bodyAsString().equals("poison")) throw new Exception("poison " + messages.get(0).id());
        }
    }

    public static class Nightly implements ScheduleFunction {
        @Override
        public void handle(ScheduleEvent event, Context context) {
            RECEIVED.add(event);
        }
    }
}
