package ${package};

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** Entries in memory, for the demo and for tests. */
public class InMemoryEntryStore implements EntryStore {

    private final Map<String, Entry> entries = new ConcurrentSkipListMap<>();

    /** Adds or replaces an entry. */
    public void add(Entry entry) {
        entries.put(entry.id(), entry);
    }

    @Override
    public List<Entry> list() {
        return new ArrayList<>(entries.values());
    }

    @Override
    public void delete(String id) {
        entries.remove(id);
    }
}
