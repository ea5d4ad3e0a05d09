package dev.faasport.local.testfn;

import dev.faasport.api.Context;
import dev.faasport.api.PartialBatchFailure;
import dev.faasport.api.QueueFunction;
import dev.faasport.api.QueueMessage;

import java.util.ArrayList;
import java.util.List;

/** Marks each message it handles; a body starting with "fail" fails that message alone (a partial batch failure). */
public class PartialRecorder implements QueueFunction {
    @Override
    public void handle(String queue, List<QueueMessage> messages, Context context) throws Exception {
        List<String> failed = new ArrayList<>();
        for (QueueMessage m : messages) {
            if (m.bodyAsString().startsWith("fail")) {
                failed.add(m.id());
            } else {
                Marks.put(context, "q/" + queue + "/" + m.bodyAsString(), "batch=" + messages.size() + " delivery=" + m.deliveryCount());
            }
        }
        if (!failed.isEmpty()) {
            throw new PartialBatchFailure(failed, null);
        }
    }
}
