package dev.faasport.runtime.vendor;

/** Stands for a vendor's event handler interface whose signature does not tell the trigger (Google's CloudEventsFunction). */
public interface VendorEvent {
    void accept(String event);
}
