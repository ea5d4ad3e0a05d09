package com.example.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An S3 notification handler written as an AWS user writes it. */
public class UploadListener implements RequestHandler<S3Event, String> {
    public static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public String handleRequest(S3Event event, Context context) {
        for (S3EventNotificationRecord r : event.getRecords()) {
            String key = r.getS3().getObject().getUrlDecodedKey();
            if (key.contains("fail")) throw new IllegalStateException("cannot process " + key);
            RECEIVED.add(r.getEventName() + "|" + r.getS3().getBucket().getName() + "|" + r.getS3().getObject().getKey()
                    + "|" + key + "|" + r.getS3().getObject().getSizeAsLong() + "|" + r.getS3().getObject().geteTag()
                    + "|" + r.getEventTime().getMillis() + "|" + r.getEventSource());
        }
        return "ok";
    }
}
