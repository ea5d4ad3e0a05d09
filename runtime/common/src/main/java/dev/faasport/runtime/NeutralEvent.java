package dev.faasport.runtime;

import dev.faasport.api.QueueMessage;
import dev.faasport.api.ScheduleEvent;
import dev.faasport.api.StorageEvent;
import java.util.List;
import java.util.Objects;

/**
 * One vendor-neutral event, as every adapter hands it to {@link Invoker#event}: a storage event, a queue batch or a
 * schedule tick. Its JSON form is in {@link NeutralEvents}.
 */
public sealed interface NeutralEvent permits NeutralEvent.Storage, NeutralEvent.Queue, NeutralEvent.Schedule {

    /** @return storage, queue or schedule (the trigger kinds of the neutral model) */
    String kind();

    /**
     * A storage-object event.
     *
     * @param event the event
     */
    record Storage(StorageEvent event) implements NeutralEvent {
        /** Requires the event. */
        public Storage {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public String kind() {
            return "storage";
        }
    }

    /**
     * A batch of queue messages.
     *
     * @param queue    the queue (topic) name
     * @param messages the batch, at least one message
     */
    record Queue(String queue, List<QueueMessage> messages) implements NeutralEvent {
        /** Copies the batch. */
        public Queue {
            messages = List.copyOf(messages);
        }

        @Override
        public String kind() {
            return "queue";
        }
    }

    /**
     * A schedule tick.
     *
     * @param event the tick; its expression may be null, then the descriptor's is used
     */
    record Schedule(ScheduleEvent event) implements NeutralEvent {
        /** Requires the tick. */
        public Schedule {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public String kind() {
            return "schedule";
        }
    }
}
