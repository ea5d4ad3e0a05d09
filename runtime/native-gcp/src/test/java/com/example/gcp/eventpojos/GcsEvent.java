package com.example.gcp.eventpojos;

import java.util.Date;

/** The payload class of Google's 1st gen storage sample (hello-gcs-generic): Gson fills its private fields. */
public class GcsEvent {
    private String bucket;
    private String name;
    private String metageneration;
    private Date timeCreated;
    private Date updated;
    private long size;

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

    public long getSize() {
        return size;
    }
}
