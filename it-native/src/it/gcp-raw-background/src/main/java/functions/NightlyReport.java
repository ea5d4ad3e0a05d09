package functions;

import com.google.cloud.functions.Context;
import com.google.cloud.functions.RawBackgroundFunction;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.logging.Logger;

/** Runs when Cloud Scheduler publishes to the function's topic; the event's data is the Pub/Sub message as JSON. */
public class NightlyReport implements RawBackgroundFunction {
  private static final Logger logger = Logger.getLogger(NightlyReport.class.getName());

  @Override
  public void accept(String json, Context context) {
    JsonObject message = new Gson().fromJson(json, JsonObject.class);
    String payload = new String(Base64.getDecoder().decode(message.get("data").getAsString()), StandardCharsets.UTF_8);
    logger.info("Nightly report at " + context.timestamp() + " (" + context.eventType() + "), scheduler payload "
        + payload);
  }
}
