package dev.faasport.runtime.vendor;

/** A handler of the test vendor's event API. */
public class EventHandler implements VendorEvent {
    public static final java.util.List<String> SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void accept(String event) {
        SEEN.add(event);
    }
}
