package dev.faasport.runtime;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Handler classes the runtime tests call; each records what it received. */
public final class Fixtures {

    /** Everything the fixtures received, in order. */
    public static final List<Object> RECEIVED = new CopyOnWriteArrayList<>();
    /** How many fixture instances were created. */
    public static final AtomicInteger CREATED = new AtomicInteger();

    private Fixtures() {
    }

    public static class Hello implements HttpFunction {
        public Hello() {
            CREATED.incrementAndGet();
        }

        @Override
        public HttpResponse handle(HttpRequest request, Context context) {
            RECEIVED.add(request);
            if (request.path().equals("/boom")) throw new IllegalStateException("boom");
            return HttpResponse.ok("hello " + request.queryParam("name").orElse("world") + " from "
                    + context.functionName()).withHeader("x-invocation", context.invocationId());
        }
    }

    public record Order(String id, int quantity, java.math.BigDecimal price) {
    }

    public record Receipt(String orderId, java.math.BigDecimal total) {
    }

    public static class Checkout implements Function<Order, Receipt> {
        @Override
        public Receipt apply(Order order) {
            RECEIVED.add(order);
            if (order.quantity() < 0) throw new IllegalArgumentException("negative quantity");
            return new Receipt(order.id(), order.price().multiply(java.math.BigDecimal.valueOf(order.quantity())));
        }
    }

    public static class Upper implements Function<String, String> {
        @Override
        public String apply(String s) {
            RECEIVED.add(s);
            return s.toUpperCase();
        }
    }

    public static class EventEcho implements Function<StorageEvent, String> {
        @Override
        public String apply(StorageEvent e) {
            RECEIVED.add(e);
            return e.key();
        }
    }

    public record Tick(String expression, java.time.Instant scheduledTime, boolean manual) {
    }

    public static class TypedTick implements Function<Tick, String> {
        @Override
        public String apply(Tick t) {
            RECEIVED.add(t);
            return t.expression();
        }
    }

    public static class TypedBatch implements Function<List<QueueMessage>, Integer> {
        @Override
        public Integer apply(List<QueueMessage> batch) {
            RECEIVED.add(batch);
            return batch.size();
        }
    }

    public record Msg(String id, String body, int deliveryCount) {
    }

    public static class TypedMessages implements Function<List<Msg>, Integer> {
        @Override
        public Integer apply(List<Msg> batch) {
            RECEIVED.addAll(batch);
            return batch.size();
        }
    }

    public static class OrderWorker implements Function<Order, String> {
        @Override
        public String apply(Order o) {
            RECEIVED.add(o);
            return o.id();
        }
    }

    public static class Thumbnail implements StorageFunction {
        @Override
        public void handle(StorageEvent event, Context context) {
            RECEIVED.add(event);
            if (event.key().contains("fail")) throw new IllegalStateException("cannot read " + event.key());
        }
    }

    public static class Worker implements QueueFunction {
        @Override
        public void handle(String queue, List<QueueMessage> messages, Context context) throws Exception {
            RECEIVED.add(queue);
            RECEIVED.add(new ArrayList<>(messages));
            for (QueueMessage m : messages) {
                if (m.bodyAsString().equals("poison")) throw new Exception("poison message " + m.id());
            }
        }
    }

    public static class Nightly implements ScheduleFunction {
        @Override
        public void handle(ScheduleEvent event, Context context) {
            RECEIVED.add(event);
        }
    }

    /** Base classes and sub-interfaces that carry the shape and the type arguments. */
    public abstract static class BaseFunction<T> implements Function<T, String> {
        @Override
        public String apply(T t) {
            RECEIVED.add(t);
            return String.valueOf(t);
        }
    }

    public static class OrdersViaBase extends BaseFunction<Order> {
    }

    public interface OrderFunction extends Function<List<Order>, Integer> {
    }

    public static class OrdersViaInterface implements OrderFunction {
        @Override
        public Integer apply(List<Order> orders) {
            return orders.size();
        }
    }

    public static class HttpViaBase extends Hello {
    }

    public static class NotAFunction {
    }

    public static class NoDefaultConstructor implements HttpFunction {
        public NoDefaultConstructor(String x) {
        }

        @Override
        public HttpResponse handle(HttpRequest request, Context context) {
            return null;
        }
    }

    public static class TwoShapes implements HttpFunction, StorageFunction {
        @Override
        public HttpResponse handle(HttpRequest request, Context context) {
            return null;
        }

        @Override
        public void handle(StorageEvent event, Context context) {
        }
    }

    static class PackagePrivate implements HttpFunction {
        @Override
        public HttpResponse handle(HttpRequest request, Context context) {
            return null;
        }
    }

    public static class ReturnsNull implements HttpFunction {
        @Override
        public HttpResponse handle(HttpRequest request, Context context) {
            return null;
        }
    }

    public static class FailingConstructor implements HttpFunction {
        public FailingConstructor() {
            throw new IllegalStateException("missing configuration");
        }

        @Override
        public HttpResponse handle(HttpRequest request, Context context) {
            return null;
        }
    }
}
