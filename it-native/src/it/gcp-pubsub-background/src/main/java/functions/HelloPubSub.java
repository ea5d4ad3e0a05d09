package functions;

import com.google.cloud.functions.BackgroundFunction;
import com.google.cloud.functions.Context;
import functions.eventpojos.PubSubMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.logging.Logger;

/** Greets the name each message carries (a 1st gen Pub/Sub function). */
public class HelloPubSub implements BackgroundFunction<PubSubMessage> {
  private static final Logger logger = Logger.getLogger(HelloPubSub.class.getName());

  @Override
  public void accept(PubSubMessage message, Context context) {
    String name = "world";
    if (message != null && message.getData() != null) {
      name = new String(Base64.getDecoder().decode(message.getData()), StandardCharsets.UTF_8);
    }
    logger.info(String.format("Hello %s! (event %s, %s)", name, context.eventId(), context.eventType()));
  }
}
