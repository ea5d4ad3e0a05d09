package com.example.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.ServiceBusQueueTrigger;
import java.util.Optional;

/** A Service Bus function Faasport does not translate, beside an HTTP one; no Faasport. */
public class ServiceBus {

    @FunctionName("ping")
    public String ping(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "pong";
    }

    @FunctionName("report")
    public String report(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
                         @com.microsoft.azure.functions.annotation.BlobInput(name = "file", path = "reports/latest.txt") String file) {
        return file;
    }

    @FunctionName("billing")
    public void billing(@ServiceBusQueueTrigger(name = "msg", queueName = "invoices", connection = "SB") String message,
                        ExecutionContext context) {
        context.getLogger().info(message);
    }
}
