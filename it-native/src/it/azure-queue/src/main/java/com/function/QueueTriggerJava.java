package com.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/**
 * Azure Functions with Azure Storage Queue trigger.
 */
public class QueueTriggerJava {
    /**
     * This function will be invoked when a new message is received at the specified path. The message contents are
     * provided as input to this function.
     */
    @FunctionName("QueueTriggerJava")
    public void run(
            @QueueTrigger(name = "message", queueName = "myqueue-items", connection = "AzureWebJobsStorage") String message,
            @BindingName("Id") String id,
            @BindingName("DequeueCount") long dequeueCount,
            final ExecutionContext context
    ) {
        context.getLogger().info("Java Queue trigger function processed a message: " + message
                + " (id " + id + ", dequeue count " + dequeueCount + ")");
    }
}
