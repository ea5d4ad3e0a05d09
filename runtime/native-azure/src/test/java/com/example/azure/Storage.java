package com.example.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobOutput;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Queue, blob and timer functions in the shape of Microsoft's Java samples (trigger reference pages, read 2026-12):
 * trigger value, @BindingName metadata, ExecutionContext, OutputBinding outputs. No Faasport.
 */
public class Storage {
    public static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    public static class Order {
        public String item;
        public int quantity;
    }

    @FunctionName("QueueProcessor")
    public void queue(
            @QueueTrigger(name = "msg", queueName = "orders", connection = "AzureWebJobsStorage") String message,
            @BindingName("Id") String id, @BindingName("DequeueCount") long dequeueCount,
            @BindingName("InsertionTime") String insertionTime,
            @QueueOutput(name = "out", queueName = "shipments", connection = "AzureWebJobsStorage") OutputBinding<String> out,
            final ExecutionContext context) {
        context.getLogger().info("Java Queue trigger function processed a message: " + message);
        RECEIVED.add("queue " + message + " id=" + id + " count=" + dequeueCount + " at=" + insertionTime);
        if (message.contains("poison")) throw new IllegalStateException("cannot ship " + message);
        out.setValue("shipped " + message);
    }

    @FunctionName("audit")
    public void audit(@QueueTrigger(name = "msg", queueName = "audit") String message, @BindingName("Id") String id,
                      @BindingName("DequeueCount") int dequeueCount, @BindingName("InsertionTime") String insertionTime,
                      @BindingName("PopReceipt") String popReceipt, final ExecutionContext context) {
        context.getLogger().info("audit " + message);
        RECEIVED.add("audit " + message + " id=" + id + " count=" + dequeueCount + " at=" + insertionTime
                + " fn=" + context.getFunctionName() + (popReceipt == null ? "" : " receipt=" + popReceipt));
    }

    @FunctionName("orderPojo")
    public void pojo(@QueueTrigger(name = "order", queueName = "%ORDERS_QUEUE%") Order order, final ExecutionContext context) {
        RECEIVED.add("pojo " + order.item + " x" + order.quantity);
    }

    @FunctionName("BlobTrigger-Java")
    @BlobOutput(name = "thumb", path = "thumbnails/{name}.txt")
    public String blob(
            @BlobTrigger(name = "content", path = "uploads/in/{name}.png", dataType = "binary") byte[] content,
            @BindingName("name") String name, @BindingName("BlobTrigger") String blobTrigger,
            @BindingName("Properties") String properties, final ExecutionContext context) {
        context.getLogger().info("Java Blob trigger function processed a blob. Name: " + name + "\n  Size: "
                + content.length + " Bytes");
        RECEIVED.add("blob " + name + " size=" + content.length + " path=" + blobTrigger + " props=" + properties);
        return "thumbnail of " + name + " (" + content.length + " bytes)";
    }

    @FunctionName("inspect")
    public void inspect(@BlobTrigger(name = "file", path = "photos/{name}") byte[] content, @BindingName("name") String name,
                        @BindingName("Properties") String properties, @BindingName("Uri") String uri,
                        final ExecutionContext context) {
        RECEIVED.add("inspect " + name + " " + new String(content, java.nio.charset.StandardCharsets.UTF_8) + " props=" + properties
                + (uri == null ? "" : " uri=" + uri));
    }

    @FunctionName("keepAlive")
    public void timer(@TimerTrigger(name = "keepAliveTrigger", schedule = "0 */5 * * * *") String timerInfo,
                      ExecutionContext context) {
        context.getLogger().info("Timer is triggered: " + timerInfo);
        RECEIVED.add("timer " + timerInfo);
    }

    @FunctionName("weekdays")
    public void weekdays(@TimerTrigger(name = "t", schedule = "0 30 9 * * 1-5") String timerInfo) {
        RECEIVED.add("weekdays");
    }
}
