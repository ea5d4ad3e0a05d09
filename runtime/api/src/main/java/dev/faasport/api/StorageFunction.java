package dev.faasport.api;

/** A function triggered by storage-object events. */
@FunctionalInterface
public interface StorageFunction {

    /**
     * Handles one event. Throwing makes the platform retry the event (at least once delivery).
     *
     * @param event   the event
     * @param context the invocation context
     * @throws Exception any failure
     */
    void handle(StorageEvent event, Context context) throws Exception;
}
