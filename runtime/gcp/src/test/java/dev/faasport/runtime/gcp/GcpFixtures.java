package dev.faasport.runtime.gcp;

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

/** User functions for the Google adapter tests; each records what it received. */
public final class GcpFixtures {

    public static final List<Object> RECEIVED = new CopyOnWriteArrayList<>();

    private GcpFixtures() {
    }

    public static class Hello implements HttpFunction {
        @Override
        public HttpResponse handle(HttpRequest request, Context context) {
            RECEIVED.add(request);
            RECEIVED.add(context.invocationId());
            if (request.path().equals("/fail")) throw new IllegalStateException("broken");
            return new HttpResponse(200, Map.of("Content-Type", "text/html", "X-Powered-By", "faasport"),
                    ("<b>" + request.queryParam("q").orElse("") + "</b>").getBytes());
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
            RECEIVED.add(context.invocationId());
            if (event.key().endsWith(".bad")) throw new java.io.IOException("unreadable " + event.key());
        }
    }

    public static class Worker implements QueueFunction {
        @Override
        public void handle(String queue, List<QueueMessage> messages, Context context) throws Exception {
            RECEIVED.add(queue);
            RECEIVED.add(List.copyOf(messages));
        }
    }

    public static class Nightly implements ScheduleFunction {
        @Override
        public void handle(ScheduleEvent event, Context context) {
            RECEIVED.add(event);
        }
    }

    public static class Texts implements Function<String, Integer> {
        @Override
        public Integer apply(String text) {
            RECEIVED.add(text);
            if (text.contains("fail")) throw new IllegalArgumentException("cannot count " + text);
            return text.length();
        }
    }
}
