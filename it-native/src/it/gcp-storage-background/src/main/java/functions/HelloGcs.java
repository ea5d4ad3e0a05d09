package functions;

import com.google.cloud.functions.BackgroundFunction;
import com.google.cloud.functions.Context;
import functions.eventpojos.GcsEvent;
import java.util.logging.Logger;

/** Logs each object written to the bucket (a 1st gen Cloud Storage function). */
public class HelloGcs implements BackgroundFunction<GcsEvent> {
  private static final Logger logger = Logger.getLogger(HelloGcs.class.getName());

  @Override
  public void accept(GcsEvent event, Context context) {
    logger.info("Event " + context.eventId() + " of type " + context.eventType() + ": file " + event.getName()
        + " in bucket " + event.getBucket() + ", metageneration " + event.getMetageneration() + ", created "
        + event.getTimeCreated().toInstant());
  }
}
