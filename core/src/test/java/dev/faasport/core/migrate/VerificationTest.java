package dev.faasport.core.migrate;

import dev.faasport.runtime.NeutralEvent;
import dev.faasport.runtime.NeutralEvents;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VerificationTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static FunctionSpec spec(FunctionShape shape, Trigger trigger) {
        return new FunctionSpec("fn", "com.example.Fn", shape, trigger, 256, 30, Map.of(), 0, 0, null, Map.of());
    }

    @Test
    void jsonBodiesCompareAsValuesOtherBodiesAsBytes() {
        assertThat(Migration.sameBody(b("{\"a\":1,\"b\":[true,null]}"), b("{ \"b\": [true, null], \"a\": 1 }"))).isTrue();
        assertThat(Migration.sameBody(b("{\"a\":1}"), b("{\"a\":2}"))).isFalse();
        assertThat(Migration.sameBody(b("hello"), b("hello"))).isTrue();
        assertThat(Migration.sameBody(b("hello"), b("hello "))).isFalse();
        assertThat(Migration.sameBody(new byte[0], new byte[0])).isTrue();
    }

    @Test
    void defaultSamplesAreValidNeutralEventsAndTheSameEveryTime() {
        FunctionSpec storage = spec(FunctionShape.STORAGE, new Trigger.Storage("up", Set.of(Trigger.StorageEventKind.DELETED),
                "in/", ".png"));
        SamplePayloads.Sample s = SamplePayloads.defaultSample(storage);
        NeutralEvent.Storage e = (NeutralEvent.Storage) NeutralEvents.parse(s.invocation().body());
        assertThat(e.event().bucket()).isEqualTo("up");
        assertThat(e.event().key()).isEqualTo("in/faasport-migration-check.png");
        assertThat(e.event().kind().name()).isEqualTo("DELETED");
        assertThat(SamplePayloads.defaultSample(storage).invocation().body()).isEqualTo(s.invocation().body());

        NeutralEvent.Queue q = (NeutralEvent.Queue) NeutralEvents.parse(SamplePayloads.defaultSample(
                spec(FunctionShape.QUEUE, new Trigger.Queue("orders", 10, 3))).invocation().body());
        assertThat(q.queue()).isEqualTo("orders");
        assertThat(q.messages()).hasSize(1);

        NeutralEvent.Schedule t = (NeutralEvent.Schedule) NeutralEvents.parse(SamplePayloads.defaultSample(
                spec(FunctionShape.SCHEDULE, new Trigger.Schedule("rate(5 minutes)"))).invocation().body());
        assertThat(t.event().manual()).isTrue();
        assertThat(t.event().expression()).isEqualTo("rate(5 minutes)");

        assertThat(SamplePayloads.defaultSample(spec(FunctionShape.HTTP, new Trigger.Http(List.of(), false)))
                .label()).isEqualTo("GET /");
        assertThat(SamplePayloads.defaultSample(spec(FunctionShape.TYPED, new Trigger.Http(List.of(), false)))
                .label()).isEqualTo("POST / {}");
    }

    /** A session whose invoke answers the given status and body; nothing else is called by compare. */
    private static dev.faasport.spi.ProviderSession answering(int status, String body) {
        return (dev.faasport.spi.ProviderSession) java.lang.reflect.Proxy.newProxyInstance(
                VerificationTest.class.getClassLoader(), new Class<?>[]{dev.faasport.spi.ProviderSession.class},
                (p, m, a) -> switch (m.getName()) {
                    case "invoke" -> new dev.faasport.spi.InvocationResult(status, Map.of(), b(body), List.of());
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void eventFunctionsCompareTheStatusOnlyHttpFunctionsTheBodyToo() {
        SamplePayloads.Sample tick = SamplePayloads.defaultSample(spec(FunctionShape.SCHEDULE,
                new Trigger.Schedule("rate(5 minutes)")));
        // Lambda's adapter acknowledges with a JSON status, the Functions Framework with an empty 200
        assertThat(Migration.compare("fn", tick, answering(200, "{\"status\":\"handled\"}"), answering(200, ""),
                "aws", "gcp", true).result()).isEqualTo(Verification.Result.PASSED);
        Verification thrown = Migration.compare("fn", tick, answering(200, "{}"), answering(500, "boom"), "aws", "gcp", true);
        assertThat(thrown.result()).isEqualTo(Verification.Result.FAILED);
        assertThat(thrown.detail()).contains("200 on aws", "500 on gcp");
        assertThat(Migration.compare("fn", tick, answering(500, "x"), answering(500, "x"), "aws", "gcp", true).result())
                .isEqualTo(Verification.Result.FAILED);

        SamplePayloads.Sample get = SamplePayloads.defaultSample(spec(FunctionShape.HTTP, new Trigger.Http(List.of(), false)));
        assertThat(Migration.compare("fn", get, answering(200, "a"), answering(200, "b"), "aws", "gcp", false).detail())
                .isEqualTo("the bodies differ");
        assertThat(Migration.compare("fn", get, answering(200, "a"), answering(200, "a"), "aws", "gcp", false).passed())
                .isTrue();
    }
}
