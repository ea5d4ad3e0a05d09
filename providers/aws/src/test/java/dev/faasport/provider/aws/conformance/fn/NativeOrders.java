package dev.faasport.provider.aws.conformance.fn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.ArrayList;
import java.util.List;

/** Queue, written against AWS's own API: a message whose body contains "poison" is reported in the batch response. */
public class NativeOrders implements RequestHandler<SQSEvent, SQSBatchResponse> {
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            if (m.getBody().contains("poison")) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            } else {
                context.getLogger().log("native handled " + m.getMessageId() + " md5 " + m.getMd5OfBody() + " from "
                        + m.getEventSourceArn() + " on Java " + Runtime.version().feature());
            }
        }
        return new SQSBatchResponse(failures);
    }
}
