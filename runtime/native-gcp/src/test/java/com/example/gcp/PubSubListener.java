package com.example.gcp;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Pub/Sub CloudEvent function written as Google's 2nd gen samples read MessagePublishedData (data in base64). */
public class PubSubListener implements CloudEventsFunction {
    public static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    /** The raw MessagePublishedData of each event, for the tests to read every field. */
    public static final List<String> DATA = new CopyOnWriteArrayList<>();

    @Override
    public void accept(CloudEvent event) {
        String json = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
        String text = new String(Base64.getDecoder().decode(field(json, "data")), StandardCharsets.UTF_8);
        if (text.equals("poison")) throw new IllegalStateException("cannot process " + field(json, "messageId"));
        DATA.add(json);
        RECEIVED.add(event.getType() + "|" + event.getSource() + "|" + event.getId() + "|" + event.getTime().toInstant()
                + "|" + text + "|" + field(json, "messageId") + "|" + field(json, "publishTime") + "|"
                + field(json, "subscription"));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }
}
