package dev.faasport.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import dev.faasport.runtime.json.JsonException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NeutralEventsTest {

    @Test
    void parsesTheStorageForm() {
        NeutralEvent e = NeutralEvents.parse("{\"kind\":\"storage\",\"event\":{\"kind\":\"deleted\",\"bucket\":\"up\","
                + "\"key\":\"/in/a.png\",\"etag\":\"e1\",\"time\":\"2026-11-27T10:00:00Z\"}}");
        assertThat(e).isEqualTo(new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.DELETED, "up", "in/a.png", -1,
                "e1", Instant.parse("2026-11-27T10:00:00Z"))));
    }

    @Test
    void parsesTheQueueFormWithDefaults() {
        NeutralEvent.Queue q = (NeutralEvent.Queue) NeutralEvents.parse("{\"kind\":\"queue\",\"queue\":\"orders\","
                + "\"messages\":[{\"id\":\"m1\",\"body\":\"héllo\",\"attributes\":{\"a\":\"b\"},\"deliveryCount\":3,"
                + "\"sentAt\":\"2026-11-27T10:00:00Z\"},{\"bodyBase64\":\"/w==\"}]}");
        assertThat(q.queue()).isEqualTo("orders");
        QueueMessage m1 = q.messages().get(0);
        assertThat(m1.id()).isEqualTo("m1");
        assertThat(m1.bodyAsString()).isEqualTo("héllo");
        assertThat(m1.attributes()).isEqualTo(Map.of("a", "b"));
        assertThat(m1.deliveryCount()).isEqualTo(3);
        assertThat(m1.sentAt()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        QueueMessage m2 = q.messages().get(1);
        assertThat(m2.body()).containsExactly(0xff);
        assertThat(m2.id()).isNotBlank();
        assertThat(m2.deliveryCount()).isEqualTo(1);
    }

    @Test
    void parsesTheScheduleForm() {
        NeutralEvent.Schedule s = (NeutralEvent.Schedule) NeutralEvents.parse(
                "{\"kind\":\"schedule\",\"expression\":\"rate(5 minutes)\",\"scheduledTime\":\"2026-11-27T10:00:00Z\"}");
        assertThat(s.event()).isEqualTo(new ScheduleEvent("rate(5 minutes)", Instant.parse("2026-11-27T10:00:00Z"), true));
        NeutralEvent.Schedule clock = (NeutralEvent.Schedule) NeutralEvents.parse("{\"kind\":\"schedule\",\"manual\":false}");
        assertThat(clock.event().manual()).isFalse();
        assertThat(clock.event().expression()).isNull();
    }

    @Test
    void writesWhatItReads() {
        List<NeutralEvent> events = List.of(
                new NeutralEvent.Storage(new StorageEvent(StorageEvent.Kind.CREATED, "b", "k", 5, null, Instant.parse("2026-01-01T00:00:00Z"))),
                new NeutralEvent.Queue("q", List.of(new QueueMessage("1", "text".getBytes(), Map.of("x", "y"), 2,
                        Instant.parse("2026-01-01T00:00:00Z")))),
                new NeutralEvent.Schedule(new ScheduleEvent("cron(0 3 * * ? *)", Instant.parse("2026-01-01T03:00:00Z"), false)));
        for (NeutralEvent e : events) {
            NeutralEvent back = NeutralEvents.parse(NeutralEvents.write(e));
            assertThat(NeutralEvents.write(back)).isEqualTo(NeutralEvents.write(e));
        }
        assertThat(NeutralEvents.write(events.get(1))).isEqualTo("{\"kind\":\"queue\",\"queue\":\"q\",\"messages\":[{\"id\":\"1\","
                + "\"body\":\"text\",\"attributes\":{\"x\":\"y\"},\"deliveryCount\":2,\"sentAt\":\"2026-01-01T00:00:00Z\"}]}");
        assertThat(NeutralEvents.write(new NeutralEvent.Queue("q", List.of(new QueueMessage("1", new byte[] {(byte) 0xc3}, null, 1, null)))))
                .contains("\"bodyBase64\":\"ww==\"");
    }

    @Test
    void explainsMalformedEvents() {
        assertThatThrownBy(() -> NeutralEvents.parse("{\"kind\":\"storage\"}")).isInstanceOf(JsonException.class)
                .hasMessageContaining("$.event: a storage event needs an \"event\" object");
        assertThatThrownBy(() -> NeutralEvents.parse("{\"kind\":\"storage\",\"event\":{\"bucket\":\"b\"}}"))
                .hasMessageContaining("needs \"bucket\" and \"key\"");
        assertThatThrownBy(() -> NeutralEvents.parse("{\"kind\":\"queue\",\"messages\":[]}"))
                .hasMessageContaining("non-empty \"messages\" array");
        assertThatThrownBy(() -> NeutralEvents.parse("{\"kind\":\"email\"}"))
                .hasMessageContaining("$.kind: expected \"storage\", \"queue\" or \"schedule\", found \"email\"");
        assertThatThrownBy(() -> NeutralEvents.parse("{\"kind\":\"schedule\",\"scheduledTime\":\"soon\"}"))
                .hasMessageContaining("$.scheduledTime: \"soon\" is not a valid Instant");
        assertThat(NeutralEvents.isNeutral(Map.of("kind", "queue", "messages", List.of()))).isTrue();
        assertThat(NeutralEvents.isNeutral(Map.of("kind", "queue"))).isFalse();
        assertThat(NeutralEvents.isNeutral(List.of())).isFalse();
    }
}
