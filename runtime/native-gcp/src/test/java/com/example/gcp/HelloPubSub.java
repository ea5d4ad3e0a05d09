package com.example.gcp;

import com.example.gcp.eventpojos.PubSubMessage;
import com.google.cloud.functions.BackgroundFunction;
import com.google.cloud.functions.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Google's 1st gen Pub/Sub hello-world shape: a BackgroundFunction of the message. */
public class HelloPubSub implements BackgroundFunction<PubSubMessage> {
    public static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public void accept(PubSubMessage message, Context context) {
        String name = new String(Base64.getDecoder().decode(message.getData()), StandardCharsets.UTF_8);
        RECEIVED.add(context.eventId() + "|" + context.eventType() + "|" + context.timestamp() + "|" + context.resource()
                + "|" + name + "|" + message.getAttributes() + "|" + message.getMessageId() + "|"
                + message.getPublishTime());
    }
}
