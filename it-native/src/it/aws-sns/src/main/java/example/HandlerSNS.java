package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent.SNSRecord;

// Handler value: example.HandlerSNS
public class HandlerSNS implements RequestHandler<SNSEvent, String> {

    @Override
    public String handleRequest(SNSEvent event, Context context) {
        LambdaLogger logger = context.getLogger();
        for (SNSRecord record : event.getRecords()) {
            logger.log("SNS " + record.getEventSource() + " message " + record.getSNS().getMessage()
                    + " from " + record.getSNS().getTopicArn() + " at " + record.getSNS().getTimestamp());
        }
        return "200 OK";
    }
}
