package functions.eventpojos;

/** The MessagePublishedData of a Pub/Sub CloudEvent. */
public class PubSubBody {
  private Message message;
  private String subscription;

  public Message getMessage() {
    return message;
  }

  public String getSubscription() {
    return subscription;
  }
}
