package ${package};

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps items in this function instance's memory: each instance (worker) has its own, and they are gone when the
 * platform scales the function to zero. Good for a demo and for tests; use a database for real data.
 */
public class InMemoryItemStore implements ItemStore {

    private final AtomicLong nextId = new AtomicLong(1);
    // keyed by the numeric id so that list() returns items in creation order
    private final Map<Long, Item> items = new ConcurrentSkipListMap<>();

    @Override
    public List<Item> list() {
        return new ArrayList<>(items.values());
    }

    @Override
    public Optional<Item> get(String id) {
        try {
            return Optional.ofNullable(items.get(Long.parseLong(id)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public Item create(String name, int quantity) {
        long id = nextId.getAndIncrement();
        Item item = new Item(Long.toString(id), name, quantity);
        items.put(id, item);
        return item;
    }
}
