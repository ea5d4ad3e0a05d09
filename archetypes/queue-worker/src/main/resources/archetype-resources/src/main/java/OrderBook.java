package ${package};

import java.util.List;

/** Where processed orders are recorded. Replace {@link InMemoryOrderBook} with your database. */
public interface OrderBook {

    /**
     * Records an order once.
     *
     * @return false when an order with this id was already recorded (a redelivered message)
     */
    boolean add(Order order);

    /** @return the recorded orders, in the order they were recorded */
    List<Order> orders();
}
