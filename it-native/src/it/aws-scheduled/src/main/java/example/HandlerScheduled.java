package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

// Handler value: example.HandlerScheduled
public class HandlerScheduled implements RequestHandler<ScheduledEvent, String> {

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        LambdaLogger logger = context.getLogger();
        logger.log(event.getDetailType() + " from " + event.getSource() + " at " + event.getTime()
                + " request " + context.getAwsRequestId());
        return "200 OK";
    }
}
