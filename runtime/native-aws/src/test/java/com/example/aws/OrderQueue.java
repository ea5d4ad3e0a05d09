package com.example.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An SQS handler reporting batch item failures, as AWS's "Reporting batch item failures" sample writes it. */
public class OrderQueue implements RequestHandler<SQSEvent, SQSBatchResponse> {
    public static final List<SQSEvent.SQSMessage> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            RECEIVED.add(m);
            context.getLogger().log("order " + m.getMessageId() + " from " + m.getEventSourceArn() + "\n");
            if (m.getBody().contains("poison")) failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            if (m.getBody().contains("bogus")) failures.add(new SQSBatchResponse.BatchItemFailure("not-in-the-batch"));
        }
        return new SQSBatchResponse(failures);
    }
}
