package dev.faasport.provider.aws.conformance.fn;

import dev.faasport.api.Context;
import dev.faasport.api.QueueFunction;
import dev.faasport.api.QueueMessage;
import dev.faasport.provider.aws.conformance.dep.Greetings;

import java.util.List;

/** Queue: a message whose body contains "poison" fails its batch. */
public class Orders implements QueueFunction {
    @Override
    public void handle(String queue, List<QueueMessage> messages, Context context) {
        for (QueueMessage m : messages) {
            if (new String(m.body(), java.nio.charset.StandardCharsets.UTF_8).contains("poison")) {
                throw new IllegalArgumentException("poison message " + m.id());
            }
        }
        context.logger().info(Greetings.handled(messages.size() + " messages from " + queue));
    }
}
