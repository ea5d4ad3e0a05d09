package com.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.BlobOutput;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/**
 * Azure Functions with a Storage Queue trigger and queue and blob output bindings.
 */
public class Function {

    @FunctionName("ProcessOrder")
    public void run(
            @QueueTrigger(name = "order", queueName = "cake-orders", connection = "AzureWebJobsStorage") String order,
            @QueueOutput(name = "shipment", queueName = "shipments", connection = "AzureWebJobsStorage") OutputBinding<String> shipment,
            @BlobOutput(name = "receipt", path = "receipts/{Id}.txt", connection = "AzureWebJobsStorage") OutputBinding<String> receipt,
            final ExecutionContext context) {
        context.getLogger().info("Processing order: " + order);
        shipment.setValue("ship " + order);
        receipt.setValue("receipt for " + order);
    }
}
