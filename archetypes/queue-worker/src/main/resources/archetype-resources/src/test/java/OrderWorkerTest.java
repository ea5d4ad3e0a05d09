package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.faasport.api.QueueMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderWorkerTest {

    private final InMemoryOrderBook book = new InMemoryOrderBook();
    private final OrderWorker worker = new OrderWorker(book);
    private final TestContext context = new TestContext(Map.of("MAX_QUANTITY", "50"));

    private static QueueMessage message(String id, String body, int delivery) {
        return new QueueMessage(id, body.getBytes(StandardCharsets.UTF_8), Map.of(), delivery,
                Instant.parse("2026-11-27T10:00:00Z"));
    }

    @Test
    void recordsEveryOrderOfABatch() throws Exception {
        worker.handle("orders", List.of(
                message("m-1", "{\"orderId\":\"o-1\",\"sku\":\"tea\",\"quantity\":2}", 1),
                message("m-2", "{\"orderId\":\"o-2\",\"sku\":\"coffee\",\"quantity\":50}", 1)), context);

        assertThat(book.orders()).containsExactly(new Order("o-1", "tea", 2), new Order("o-2", "coffee", 50));
        assertThat(context.lines).containsExactly("orders: 2 message(s), 2 recorded, 0 duplicate(s), 0 failed");
    }

    @Test
    void aFailingMessageFailsTheBatchAfterTheOthersAreRecorded() {
        List<QueueMessage> batch = List.of(
                message("m-1", "{\"orderId\":\"o-1\",\"sku\":\"tea\",\"quantity\":2}", 1),
                message("m-2", "this is not json", 1),
                message("m-3", "{\"orderId\":\"o-3\",\"sku\":\"tea\",\"quantity\":0}", 1),
                message("m-4", "{\"orderId\":\"o-4\",\"sku\":\"cake\",\"quantity\":1}", 1));

        BatchFailedException failed = catchThrowableOfType(BatchFailedException.class,
                () -> worker.handle("orders", batch, context));

        assertThat(failed.failures()).containsOnlyKeys("m-2", "m-3");
        assertThat(failed.failures().get("m-2")).startsWith("not an order");
        assertThat(failed.failures().get("m-3")).contains("'quantity' of order o-3 is 0", "1 to 50");
        assertThat(failed).hasMessageStartingWith("2 message(s) failed");
        assertThat(book.orders()).extracting(Order::orderId).containsExactly("o-1", "o-4");
    }

    @Test
    void aRedeliveredBatchRecordsNothingTwice() {
        List<QueueMessage> first = List.of(
                message("m-1", "{\"orderId\":\"o-1\",\"sku\":\"tea\",\"quantity\":2}", 1),
                message("m-2", "{\"orderId\":\"o-2\",\"sku\":\"\",\"quantity\":1}", 1));
        assertThatThrownBy(() -> worker.handle("orders", first, context)).isInstanceOf(BatchFailedException.class);

        List<QueueMessage> again = List.of(
                message("m-1", "{\"orderId\":\"o-1\",\"sku\":\"tea\",\"quantity\":2}", 2),
                message("m-2", "{\"orderId\":\"o-2\",\"sku\":\"\",\"quantity\":1}", 2));
        assertThatThrownBy(() -> worker.handle("orders", again, context))
                .isInstanceOf(BatchFailedException.class)
                .hasMessageContaining("'sku' of order o-2 is missing");

        assertThat(book.orders()).extracting(Order::orderId).containsExactly("o-1");
        assertThat(context.lines).contains("message m-2 (delivery 2) failed: field 'sku' of order o-2 is missing, "
                + "perhaps you should set it", "orders: 2 message(s), 0 recorded, 1 duplicate(s), 1 failed");
    }

    @Test
    void aBadSettingNamesTheVariable() {
        TestContext bad = new TestContext(Map.of("MAX_QUANTITY", "many"));
        assertThatThrownBy(() -> worker.handle("orders", List.of(message("m-1", "{}", 1)), bad))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MAX_QUANTITY").hasMessageContaining("${functionName}");
    }
}
