package ${package};

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasport.api.Context;
import dev.faasport.api.QueueFunction;
import dev.faasport.api.QueueMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Processes batches of order messages from the queue. Every message of a batch is tried; when some fail, the batch
 * fails with their ids after the others were recorded, and a redelivered batch skips what was already recorded.
 */
public class OrderWorker implements QueueFunction {

    // one order book per function instance (see InMemoryOrderBook)
    private static final OrderBook SHARED_BOOK = new InMemoryOrderBook();
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int DEFAULT_MAX_QUANTITY = 1000;

    private final OrderBook book;

    /** The constructor the platform calls. */
    public OrderWorker() {
        this(SHARED_BOOK);
    }

    /** For tests and for wiring another order book. */
    public OrderWorker(OrderBook book) {
        this.book = book;
    }

    @Override
    public void handle(String queue, List<QueueMessage> messages, Context context) throws BatchFailedException {
        int maxQuantity = maxQuantity(context);
        int recorded = 0;
        int duplicates = 0;
        Map<String, String> failures = new LinkedHashMap<>();
        for (QueueMessage message : messages) {
            try {
                if (book.add(parse(message, maxQuantity))) {
                    recorded++;
                } else {
                    duplicates++;
                }
            } catch (IllegalArgumentException e) {
                failures.put(message.id(), e.getMessage());
                context.logger().info("message " + message.id() + " (delivery " + message.deliveryCount()
                        + ") failed: " + e.getMessage());
            }
        }
        context.logger().info(queue + ": " + messages.size() + " message(s), " + recorded + " recorded, "
                + duplicates + " duplicate(s), " + failures.size() + " failed");
        if (!failures.isEmpty()) {
            throw new BatchFailedException(failures);
        }
    }

    /** @return the order in the message, validated */
    static Order parse(QueueMessage message, int maxQuantity) {
        Order order;
        try {
            order = JSON.readValue(message.body(), Order.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an order (" + e.getOriginalMessage()
                    + "), perhaps you should send {\"orderId\":\"o-1\",\"sku\":\"tea\",\"quantity\":2}");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable body: " + e.getMessage());
        }
        if (order == null || order.orderId() == null || order.orderId().isBlank()) {
            throw new IllegalArgumentException("field 'orderId' is missing, perhaps you should set it");
        }
        if (order.sku() == null || order.sku().isBlank()) {
            throw new IllegalArgumentException("field 'sku' of order " + order.orderId()
                    + " is missing, perhaps you should set it");
        }
        if (order.quantity() < 1 || order.quantity() > maxQuantity) {
            throw new IllegalArgumentException("field 'quantity' of order " + order.orderId() + " is "
                    + order.quantity() + ", perhaps you should send 1 to " + maxQuantity);
        }
        return order;
    }

    private static int maxQuantity(Context context) {
        String value = context.environment().get("MAX_QUANTITY");
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_QUANTITY;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Environment variable MAX_QUANTITY of function '"
                    + context.functionName() + "' is '" + value + "', perhaps you should set a whole number", e);
        }
    }
}
