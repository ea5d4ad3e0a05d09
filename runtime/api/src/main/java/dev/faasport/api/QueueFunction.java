package dev.faasport.api;

import java.util.List;

/** A function that processes batches of queue messages. */
@FunctionalInterface
public interface QueueFunction {

    /**
     * Handles one batch. Throwing fails the whole batch: it is delivered again, and after the configured number of
     * attempts its messages go to the dead-letter queue. To fail only some messages, throw a
     * {@link PartialBatchFailure} naming them: the others count as handled.
     *
     * @param queue    the queue name
     * @param messages the batch, at least one message
     * @param context  the invocation context
     * @throws Exception any failure
     */
    void handle(String queue, List<QueueMessage> messages, Context context) throws Exception;
}
