package dev.faasport.api;

import java.util.List;

/**
 * Thrown by a {@link QueueFunction} that handled some messages of a batch and failed others: only the messages named
 * here fail, the rest count as handled. Where the platform delivers batches (AWS SQS with
 * {@code ReportBatchItemFailures}, the local provider) only the failed messages are delivered again and, after the
 * configured number of attempts, dead-lettered; where it delivers one message per invocation (Azure Storage Queues,
 * Google Pub/Sub) it is a failure of that message like any exception.
 */
public class PartialBatchFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<String> failedMessageIds;

    /**
     * @param failedMessageIds the {@link QueueMessage#id()}s of the messages that failed, at least one
     * @param cause            why, or null
     */
    public PartialBatchFailure(List<String> failedMessageIds, Throwable cause) {
        super(failedMessageIds.size() + " message(s) of the batch failed: " + failedMessageIds, cause);
        if (failedMessageIds.isEmpty()) {
            throw new IllegalArgumentException("a partial batch failure names at least one failed message, perhaps "
                    + "you should return normally when every message was handled");
        }
        this.failedMessageIds = List.copyOf(failedMessageIds);
    }

    /** @return the ids of the messages that failed, in the batch's order as given */
    public List<String> failedMessageIds() {
        return failedMessageIds;
    }
}
