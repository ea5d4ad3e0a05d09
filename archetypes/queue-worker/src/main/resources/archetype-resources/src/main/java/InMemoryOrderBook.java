package ${package};

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Orders in memory, for the demo and for tests; each function instance has its own. */
public class InMemoryOrderBook implements OrderBook {

    private final Map<String, Order> byId = new ConcurrentHashMap<>();
    private final List<Order> inOrder = new ArrayList<>();

    @Override
    public synchronized boolean add(Order order) {
        if (byId.putIfAbsent(order.orderId(), order) != null) {
            return false;
        }
        inOrder.add(order);
        return true;
    }

    @Override
    public synchronized List<Order> orders() {
        return List.copyOf(inOrder);
    }
}
