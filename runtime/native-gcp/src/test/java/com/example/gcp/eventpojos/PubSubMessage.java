package com.example.gcp.eventpojos;

import java.util.Map;

/** The payload class of Google's 1st gen Pub/Sub sample (hello-pubsub): Gson fills its private fields. */
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
