package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.List;

// Handler value: example.HandlerSQS
public class HandlerSQS implements RequestHandler<SQSEvent, SQSBatchResponse> {

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        LambdaLogger logger = context.getLogger();
        List<SQSBatchResponse.BatchItemFailure> batchItemFailures = new ArrayList<>();
        logger.log("received " + event.getRecords().size() + " messages from " + event.getRecords().get(0).getEventSourceArn());
        for (SQSMessage msg : event.getRecords()) {
            try {
                process(msg);
                logger.log("processed " + msg.getBody() + " receive count " + msg.getAttributes().get("ApproximateReceiveCount"));
            } catch (Exception e) {
                logger.log("failed " + msg.getBody() + ": " + e.getMessage());
                batchItemFailures.add(new SQSBatchResponse.BatchItemFailure(msg.getMessageId()));
            }
        }
        return new SQSBatchResponse(batchItemFailures);
    }

    private void process(SQSMessage msg) {
        if (msg.getBody().startsWith("poison")) {
            throw new IllegalArgumentException("cannot process " + msg.getMessageId());
        }
    }
}
