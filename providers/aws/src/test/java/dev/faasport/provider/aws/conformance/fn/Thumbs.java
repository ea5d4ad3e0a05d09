package dev.faasport.provider.aws.conformance.fn;

import dev.faasport.api.Context;
import dev.faasport.api.StorageEvent;
import dev.faasport.api.StorageFunction;
import dev.faasport.provider.aws.conformance.dep.Greetings;

/** Storage: logs the object; an object named *.corrupt fails the invocation. */
public class Thumbs implements StorageFunction {
    @Override
    public void handle(StorageEvent event, Context context) {
        if (event.key().endsWith(".corrupt")) {
            throw new IllegalStateException("cannot read " + event.bucket() + "/" + event.key());
        }
        context.logger().info(Greetings.handled(event.kind() + " " + event.bucket() + "/" + event.key() + " "
                + event.size()));
    }
}
