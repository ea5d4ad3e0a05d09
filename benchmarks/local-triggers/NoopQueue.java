package bench;

import dev.faasport.api.Context;
import dev.faasport.api.QueueFunction;
import dev.faasport.api.QueueMessage;

import java.util.List;

/** Does nothing with the batch. */
public class NoopQueue implements QueueFunction {
    @Override
    public void handle(String queue, List<QueueMessage> messages, Context context) {
    }
}
