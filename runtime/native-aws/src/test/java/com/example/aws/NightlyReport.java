package com.example.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An EventBridge schedule handler. */
public class NightlyReport implements RequestHandler<ScheduledEvent, Void> {
    public static final List<ScheduledEvent> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        RECEIVED.add(event);
        context.getLogger().log("report for " + event.getTime() + " (" + event.getDetailType() + ")");
        return null;
    }
}
