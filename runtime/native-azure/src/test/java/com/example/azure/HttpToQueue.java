package com.example.azure;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpOutput;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueOutput;

/**
 * The Java example of Microsoft's "Azure Queue storage output bindings" page (read 2026-12): the HTTP body bound to a
 * String, the return value queued, the HTTP response set through an @HttpOutput binding. No Faasport.
 */
public class HttpToQueue {

    @FunctionName("httpToQueue")
    @QueueOutput(name = "item", queueName = "myqueue-items", connection = "MyStorageConnectionAppSetting")
    public String pushToQueue(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS) final String message,
            @HttpOutput(name = "response") final OutputBinding<String> result) {
        result.setValue(message + " has been added.");
        return message;
    }
}
