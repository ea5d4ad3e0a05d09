package com.example.gcp;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Cloud Storage CloudEvent function written as a Google user writes it (reading the StorageObjectData JSON). */
public class StorageListener implements CloudEventsFunction {
    public static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public void accept(CloudEvent event) {
        String data = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
        String name = field(data, "name");
        if (name.contains("fail")) throw new IllegalStateException("cannot process " + name);
        RECEIVED.add(event.getType() + "|" + event.getSource() + "|" + event.getSubject() + "|" + field(data, "bucket")
                + "|" + name + "|" + field(data, "size") + "|" + field(data, "etag") + "|" + event.getTime().toInstant());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }
}
