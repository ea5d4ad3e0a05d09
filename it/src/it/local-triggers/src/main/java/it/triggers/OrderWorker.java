package it.triggers;

import dev.faasport.api.Context;
import dev.faasport.api.QueueFunction;
import dev.faasport.api.QueueMessage;

import java.util.List;

/** Records every order of queue "orders" as an object in bucket "results". */
public class OrderWorker implements QueueFunction {
    @Override
    public void handle(String queue, List<QueueMessage> messages, Context context) throws Exception {
        for (QueueMessage m : messages) {
            Marker.put(context, "results", "orders-done/" + m.bodyAsString(), "batch of " + messages.size());
        }
    }
}
