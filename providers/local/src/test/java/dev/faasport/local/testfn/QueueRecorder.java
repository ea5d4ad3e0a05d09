package dev.faasport.local.testfn;

import dev.faasport.api.Context;
import dev.faasport.api.QueueFunction;
import dev.faasport.api.QueueMessage;

import java.util.List;

/**
 * A queue function that records each message as a marker object; a body starting with "fail" (or FAIL_PREFIX) fails
 * the batch.
 */
public class QueueRecorder implements QueueFunction {
    @Override
    public void handle(String queue, List<QueueMessage> messages, Context context) throws Exception {
        Thread.sleep(Long.parseLong(context.environment().getOrDefault("SLEEP_MS", "0")));
        String failing = context.environment().getOrDefault("FAIL_PREFIX", "fail");
        for (QueueMessage m : messages) {
            if (m.bodyAsString().startsWith(failing)) {
                throw new IllegalStateException("refusing " + m.bodyAsString());
            }
        }
        for (QueueMessage m : messages) {
            Marks.put(context, "q/" + queue + "/" + m.bodyAsString(), "batch=" + messages.size() + " delivery=" + m.deliveryCount());
        }
    }
}
