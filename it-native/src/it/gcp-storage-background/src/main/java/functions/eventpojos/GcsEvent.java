package functions.eventpojos;

import java.util.Date;

/** The Cloud Storage object of the event; Cloud Functions fills the fields with Gson. */
public class GcsEvent {
  private String bucket;
  private String name;
  private String metageneration;
  private Date timeCreated;
  private Date updated;

  public String getBucket() {
    return bucket;
  }

  public String getName() {
    return name;
  }

  public String getMetageneration() {
    return metageneration;
  }

  public Date getTimeCreated() {
    return timeCreated;
  }

  public Date getUpdated() {
    return updated;
  }
}
