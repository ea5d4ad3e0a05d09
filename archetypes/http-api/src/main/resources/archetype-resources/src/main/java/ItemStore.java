package ${package};

import java.util.List;
import java.util.Optional;

/** Where items live. Replace {@link InMemoryItemStore} with a database-backed implementation for real data. */
public interface ItemStore {

    /** @return all items, oldest first */
    List<Item> list();

    /** @return the item with this id, if any */
    Optional<Item> get(String id);

    /** Stores a new item and gives it an id. */
    Item create(String name, int quantity);
}
