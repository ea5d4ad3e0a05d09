package com.example.gcp;

import com.google.cloud.functions.Context;
import com.google.cloud.functions.RawBackgroundFunction;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A 1st gen RawBackgroundFunction: the event's data as JSON text, parsed by the user. */
public class RawListener implements RawBackgroundFunction {
    public static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public void accept(String json, Context context) {
        RECEIVED.add(context.eventType() + "|" + context.eventId() + "|" + context.resource() + "|" + json);
    }
}
