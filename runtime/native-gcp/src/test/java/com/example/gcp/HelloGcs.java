package com.example.gcp;

import com.example.gcp.eventpojos.GcsEvent;
import com.google.cloud.functions.BackgroundFunction;
import com.google.cloud.functions.Context;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Google's 1st gen storage hello-world shape: a BackgroundFunction of the object's fields. */
public class HelloGcs implements BackgroundFunction<GcsEvent> {
    public static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public void accept(GcsEvent event, Context context) {
        if (event.getName().contains("fail")) throw new IllegalStateException("cannot process " + event.getName());
        RECEIVED.add(context.eventId() + "|" + context.eventType() + "|" + context.timestamp() + "|" + context.resource()
                + "|" + event.getBucket() + "|" + event.getName() + "|" + event.getMetageneration() + "|"
                + event.getSize() + "|" + event.getTimeCreated().toInstant() + "|" + event.getUpdated().toInstant());
    }
}
