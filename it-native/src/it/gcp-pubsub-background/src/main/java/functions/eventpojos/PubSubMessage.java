package functions.eventpojos;

import java.util.Map;

/** The Pub/Sub message of the event; Cloud Functions fills the fields with Gson. */
public class PubSubMessage {
  private String data;
  private Map<String, String> attributes;
  private String messageId;
  private String publishTime;

  public String getData() {
    return data;
  }

  public Map<String, String> getAttributes() {
    return attributes;
  }

  public String getMessageId() {
    return messageId;
  }

  public String getPublishTime() {
    return publishTime;
  }
}
