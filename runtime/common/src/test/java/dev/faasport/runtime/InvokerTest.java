package dev.faasport.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faasport.api.Context;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.json.JsonException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InvokerTest {

    private final List<String> log = new ArrayList<>();
    private final Context context = new InvocationContext("fn", "inv-1", () -> 5000, Map.of(), new Context.Logger() {
        @Override
        public void info(String message) {
            log.add(message);
        }

        @Override
        public void error(String message, Throwable error) {
            log.add("ERROR " + message + (error == null ? "" : " " + error));
        }
    });

    @BeforeEach
    void clear() {
        Fixtures.RECEIVED.clear();
    }

    static Invoker invoker(Class<?> handler, String trigger) {
        String json = "{\"functions\":[{\"name\":\"fn\",\"handler\":\"" + handler.getName() + "\",\"trigger\":" + trigger + "}]}";
        return new Invoker(FunctionRegistry.parse(json, InvokerTest.class.getClassLoader()).select(null, Map.of()));
    }

    static HttpRequest post(String path, String body) {
        return new HttpRequest("POST", path, Map.of(), Map.of("Content-Type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void httpFunctionGetsTheRequestAndItsResponseIsReturned() {
        HttpRequest req = new HttpRequest("get", "/hi", Map.of("name", List.of("Ada")), Map.of(), null);
        HttpResponse r = invoker(Fixtures.Hello.class, "{\"kind\":\"http\"}").http(req, context);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo("hello Ada from fn");
        assertThat(r.headers()).containsEntry("x-invocation", "inv-1");
        assertThat(Fixtures.RECEIVED).containsExactly(req);
    }

    @Test
    void userExceptionBecomesA500WithAJsonBody() {
        HttpResponse r = invoker(Fixtures.Hello.class, "{\"kind\":\"http\"}").http(post("/boom", ""), context);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.headers()).containsEntry("content-type", "application/json");
        assertThat(r.bodyAsString()).isEqualTo("{\"error\":\"IllegalStateException: boom\",\"function\":\"fn\"}");
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("ERROR function 'fn' failed").contains("boom"));

        HttpResponse none = invoker(Fixtures.ReturnsNull.class, "{\"kind\":\"http\"}").http(post("/", ""), context);
        assertThat(none.status()).isEqualTo(500);
        assertThat(none.bodyAsString()).contains("returned no HttpResponse, perhaps you should return");

        HttpResponse broken = invoker(Fixtures.FailingConstructor.class, "{\"kind\":\"http\"}").http(post("/", ""), context);
        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken.bodyAsString()).contains("missing configuration");
    }

    @Test
    void typedFunctionOverHttpBindsTheBodyAndAnswersJson() {
        Invoker inv = invoker(Fixtures.Checkout.class, "{\"kind\":\"http\"}");
        HttpResponse r = inv.http(post("/", "{\"id\":\"o1\",\"quantity\":3,\"price\":2.5}"), context);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("content-type", "application/json");
        assertThat(r.bodyAsString()).isEqualTo("{\"orderId\":\"o1\",\"total\":7.5}");
        assertThat(Fixtures.RECEIVED).containsExactly(new Fixtures.Order("o1", 3, new BigDecimal("2.5")));

        HttpResponse bad = inv.http(post("/", "{\"id\":\"o1\",\"quantity\":\"three\"}"), context);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.bodyAsString()).isEqualTo("{\"error\":\"function 'fn' cannot bind its input to "
                + "dev.faasport.runtime.Fixtures$Order: $.quantity: expected a number, found string \\\"three\\\"\",\"function\":\"fn\"}");
        assertThat(inv.http(post("/", "{not json"), context).status()).isEqualTo(400);

        HttpResponse failed = inv.http(post("/", "{\"id\":\"o1\",\"quantity\":-1,\"price\":1}"), context);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.bodyAsString()).contains("IllegalArgumentException: negative quantity");
    }

    @Test
    void textFunctionTakesPlainTextOrAJsonString() throws Exception {
        Invoker inv = invoker(Fixtures.Upper.class, "{\"kind\":\"http\"}");
        assertThat(inv.http(post("/", "hello there"), context).bodyAsString()).isEqualTo("\"HELLO THERE\"");
        assertThat(new String(inv.direct("\"json\"".getBytes(), context))).isEqualTo("\"JSON\"");
    }

    @Test
    void eventFunctionsGetNeutralEventsAndTheirFailuresPropagate() throws Exception {
        StorageEvent created = new StorageEvent(StorageEvent.Kind.CREATED, "b", "in/a.png", 3, "e", Instant.EPOCH);
        Invoker storage = invoker(Fixtures.Thumbnail.class, "{\"kind\":\"storage\",\"bucket\":\"b\"}");
        assertThat(storage.event(new NeutralEvent.Storage(created), context)).isNull();
        assertThat(Fixtures.RECEIVED).containsExactly(created);
        StorageEvent failing = new StorageEvent(StorageEvent.Kind.CREATED, "b", "fail.png", 3, "e", Instant.EPOCH);
        assertThatThrownBy(() -> storage.event(new NeutralEvent.Storage(failing), context))
                .isInstanceOf(IllegalStateException.class).hasMessage("cannot read fail.png");

        Invoker queue = invoker(Fixtures.Worker.class, "{\"kind\":\"queue\",\"queue\":\"orders\"}");
        QueueMessage ok = new QueueMessage("m1", "fine".getBytes(), null, 1, Instant.EPOCH);
        Fixtures.RECEIVED.clear();
        queue.event(new NeutralEvent.Queue(null, List.of(ok)), context);
        assertThat(Fixtures.RECEIVED).containsExactly("orders", List.of(ok));
        QueueMessage poison = new QueueMessage("m2", "poison".getBytes(), null, 1, Instant.EPOCH);
        assertThatThrownBy(() -> queue.event(new NeutralEvent.Queue("orders", List.of(ok, poison)), context))
                .hasMessage("poison message m2");

        Invoker schedule = invoker(Fixtures.Nightly.class, "{\"kind\":\"schedule\",\"expression\":\"cron(0 3 * * ? *)\"}");
        Fixtures.RECEIVED.clear();
        schedule.event(new NeutralEvent.Schedule(new ScheduleEvent(null, Instant.EPOCH, false)), context);
        assertThat(Fixtures.RECEIVED).containsExactly(new ScheduleEvent("cron(0 3 * * ? *)", Instant.EPOCH, false));

        assertThatThrownBy(() -> schedule.event(new NeutralEvent.Storage(created), context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("function 'fn' is a SCHEDULE function and cannot take a storage event");
    }

    @Test
    void eventFunctionsInvokedDirectlyOrOverHttpWithNeutralJson() throws Exception {
        Invoker queue = invoker(Fixtures.Worker.class, "{\"kind\":\"queue\",\"queue\":\"orders\"}");
        String batch = "{\"kind\":\"queue\",\"queue\":\"orders\",\"messages\":[{\"id\":\"a\",\"body\":\"hi\"}]}";
        assertThat(queue.direct(batch.getBytes(), context)).isNull();
        assertThat(((List<?>) Fixtures.RECEIVED.get(1))).hasSize(1);

        HttpResponse r = queue.http(post("/", batch), context);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo("{\"function\":\"fn\",\"status\":\"handled\"}");
        HttpResponse failed = queue.http(post("/", batch.replace("hi", "poison")), context);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.bodyAsString()).contains("poison message a");
        HttpResponse bad = queue.http(post("/", "{\"kind\":\"queue\"}"), context);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.bodyAsString()).contains("non-empty \\\"messages\\\" array");
        assertThatThrownBy(() -> queue.direct("[1]".getBytes(), context)).isInstanceOf(JsonException.class)
                .hasMessageContaining("needs neutral event JSON");
    }

    @Test
    void typedFunctionsOnEventTriggersGetTheEventThroughJson() throws Exception {
        StorageEvent created = new StorageEvent(StorageEvent.Kind.CREATED, "b", "k.txt", 3, "e", Instant.EPOCH);
        Invoker echo = invoker(Fixtures.EventEcho.class, "{\"kind\":\"storage\",\"bucket\":\"b\"}");
        assertThat(new String(echo.event(new NeutralEvent.Storage(created), context))).isEqualTo("\"k.txt\"");
        assertThat(Fixtures.RECEIVED).containsExactly(created);
        String neutral = NeutralEvents.write(new NeutralEvent.Storage(created));
        assertThat(new String(echo.direct(neutral.getBytes(), context))).isEqualTo("\"k.txt\"");

        Invoker tick = invoker(Fixtures.TypedTick.class, "{\"kind\":\"schedule\",\"expression\":\"rate(1 hour)\"}");
        Fixtures.RECEIVED.clear();
        byte[] out = tick.event(new NeutralEvent.Schedule(new ScheduleEvent(null, Instant.EPOCH, true)), context);
        assertThat(new String(out)).isEqualTo("\"rate(1 hour)\"");
        assertThat(Fixtures.RECEIVED).containsExactly(new Fixtures.Tick("rate(1 hour)", Instant.EPOCH, true));

        QueueMessage m1 = new QueueMessage("m1", "{\"id\":\"o1\",\"quantity\":2,\"price\":1}".getBytes(), null, 1, Instant.EPOCH);
        QueueMessage m2 = new QueueMessage("m2", "{\"id\":\"o2\",\"quantity\":1,\"price\":1}".getBytes(), null, 2, Instant.EPOCH);
        NeutralEvent.Queue batch = new NeutralEvent.Queue("q", List.of(m1, m2));

        Fixtures.RECEIVED.clear();
        assertThat(new String(invoker(Fixtures.TypedBatch.class, "{\"kind\":\"queue\"}").event(batch, context))).isEqualTo("2");
        assertThat(Fixtures.RECEIVED).containsExactly(List.of(m1, m2));

        Fixtures.RECEIVED.clear();
        invoker(Fixtures.TypedMessages.class, "{\"kind\":\"queue\"}").event(batch, context);
        assertThat(Fixtures.RECEIVED).containsExactly(new Fixtures.Msg("m1", m1.bodyAsString(), 1),
                new Fixtures.Msg("m2", m2.bodyAsString(), 2));

        Fixtures.RECEIVED.clear();
        Invoker perMessage = invoker(Fixtures.OrderWorker.class, "{\"kind\":\"queue\"}");
        assertThat(new String(perMessage.event(batch, context))).isEqualTo("[\"o1\",\"o2\"]");
        assertThat(Fixtures.RECEIVED).extracting(o -> ((Fixtures.Order) o).id()).containsExactly("o1", "o2");
        QueueMessage notJson = new QueueMessage("m3", "oops".getBytes(), null, 1, Instant.EPOCH);
        assertThatThrownBy(() -> perMessage.event(new NeutralEvent.Queue("q", List.of(notJson)), context))
                .isInstanceOf(JsonException.class).hasMessageContaining("message m3 is not JSON");
    }

    @Test
    void typedFunctionOnHttpTriggerTreatsEventLookingJsonAsData() throws Exception {
        Invoker echo = invoker(Fixtures.EventEcho.class, "{\"kind\":\"http\"}");
        byte[] out = echo.direct("{\"kind\":\"CREATED\",\"bucket\":\"b\",\"key\":\"x\",\"size\":1}".getBytes(), context);
        assertThat(new String(out)).isEqualTo("\"x\"");
    }

    @Test
    void httpFunctionsCannotBeInvokedWithJsonOrEvents() {
        Invoker hello = invoker(Fixtures.Hello.class, "{\"kind\":\"http\"}");
        assertThatThrownBy(() -> hello.direct("{}".getBytes(), context)).hasMessageContaining("is an HTTP function");
        assertThatThrownBy(() -> hello.event(new NeutralEvent.Schedule(new ScheduleEvent("x", Instant.EPOCH, true)), context))
                .hasMessageContaining("is a HTTP function and cannot take a schedule event, perhaps you should give it a trigger of kind http");
    }
}
