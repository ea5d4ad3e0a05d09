package functions.eventpojos;

import java.util.Map;

/** A Pub/Sub message as the CloudEvent carries it: data in base64. */
public class Message {
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
