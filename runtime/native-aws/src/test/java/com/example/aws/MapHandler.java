package com.example.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda handler of a raw Map, invoked with any JSON object. */
public class MapHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    public static final List<Map<String, Object>> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        RECEIVED.add(event);
        return new TreeMap<>(Map.of("keys", new TreeMap<>(event).keySet().toString(), "fn", context.getFunctionName()));
    }
}
