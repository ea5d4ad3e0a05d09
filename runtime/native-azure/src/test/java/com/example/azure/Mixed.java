package com.example.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import java.util.Optional;

/** An HTTP function and a queue function in one class; no Faasport. */
public class Mixed {

    @FunctionName("submit")
    public String submit(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "ok";
    }

    @FunctionName("process")
    public void process(@QueueTrigger(name = "msg", queueName = "submissions") String message, ExecutionContext context) {
        context.getLogger().info("processing " + message);
    }
}
