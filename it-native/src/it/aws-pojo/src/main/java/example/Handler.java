package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

// Handler value: example.Handler (as java-basic: a Map of strings in, a String out)
public class Handler implements RequestHandler<Map<String, String>, String> {

    @Override
    public String handleRequest(Map<String, String> event, Context context) {
        LambdaLogger logger = context.getLogger();
        logger.log("EVENT TYPE: " + event.getClass() + " keys " + new java.util.TreeSet<>(event.keySet()));
        return "200 OK " + event.get("key1");
    }
}
