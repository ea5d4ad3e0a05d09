package dev.faasport.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Applies the trigger settings a vendor-native handler's code declares (an Azure {@code @QueueTrigger(queueName=...)},
 * {@code @BlobTrigger(path=...)}, {@code @TimerTrigger(schedule=...)}) to a function's configuration, under what the
 * configuration says itself: a setting written in the POM always wins.
 */
final class CodeTriggers {

    private CodeTriggers() {
    }

    /** Fills each configuration field the POM leaves unset from the code's settings (keys as the POM's elements). */
    static void fill(FunctionConfig c, Map<String, String> code) {
        if (code.isEmpty()) return;
        boolean sameKind = c.getTrigger() == null || c.getTrigger().isBlank()
                || c.getTrigger().trim().equalsIgnoreCase(code.get("trigger"));
        if (!sameKind) return; // the POM moved the function to another trigger: the code's settings do not apply
        if (c.getTrigger() == null && code.containsKey("trigger")) c.setTrigger(code.get("trigger"));
        if (c.getBucket() == null) c.setBucket(code.get("bucket"));
        if (c.getPrefix() == null) c.setPrefix(code.get("prefix"));
        if (c.getSuffix() == null) c.setSuffix(code.get("suffix"));
        if (c.getEvents() == null && code.containsKey("events")) c.setEvents(list(code.get("events")));
        if (c.getQueue() == null) c.setQueue(code.get("queue"));
        if (c.getSchedule() == null) c.setSchedule(code.get("schedule"));
        if (c.getMethods() == null && code.containsKey("methods")) c.setMethods(list(code.get("methods")));
        if (c.getPublicAccess() == null && code.containsKey("public")) c.setPublicAccess(Boolean.parseBoolean(code.get("public")));
        if (c.getBatchSize() == null && code.containsKey("batchSize")) c.setBatchSize(Integer.valueOf(code.get("batchSize")));
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
