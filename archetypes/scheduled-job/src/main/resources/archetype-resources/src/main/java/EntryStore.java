package ${package};

import java.util.List;

/** Where the entries live. Replace {@link InMemoryEntryStore} with your database or bucket. */
public interface EntryStore {

    /** @return every entry */
    List<Entry> list();

    /** Deletes one entry; deleting one that is already gone does nothing, so a retried run is harmless. */
    void delete(String id);
}
