package functions;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.gson.Gson;
import functions.eventpojos.PubSubBody;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.logging.Logger;

/** Logs the text of each message published to the topic (a 2nd gen Pub/Sub function). */
public class SubscribeToTopic implements CloudEventsFunction {
  private static final Logger logger = Logger.getLogger(SubscribeToTopic.class.getName());
  private static final Gson GSON = new Gson();

  @Override
  public void accept(CloudEvent event) {
    if (event.getData() == null) {
      return;
    }
    String json = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
    PubSubBody body = GSON.fromJson(json, PubSubBody.class);
    String text = new String(Base64.getDecoder().decode(body.getMessage().getData()), StandardCharsets.UTF_8);
    logger.info("Hello, " + text + "! (message " + body.getMessage().getMessageId() + " on " + event.getSource()
        + ", attributes " + body.getMessage().getAttributes() + ")");
  }
}
