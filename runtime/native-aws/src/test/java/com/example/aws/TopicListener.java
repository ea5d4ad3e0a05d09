package com.example.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An SNS handler as AWS's java-events sample writes it. */
public class TopicListener implements RequestHandler<SNSEvent, String> {
    public static final List<SNSEvent.SNSRecord> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public String handleRequest(SNSEvent event, Context context) {
        for (SNSEvent.SNSRecord r : event.getRecords()) {
            if (r.getSNS().getMessage().contains("fail")) throw new IllegalStateException("cannot publish " + r.getSNS().getMessageId());
            RECEIVED.add(r);
        }
        return "ok";
    }
}
