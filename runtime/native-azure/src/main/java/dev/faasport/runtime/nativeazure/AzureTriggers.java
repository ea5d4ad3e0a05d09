package dev.faasport.runtime.nativeazure;

import dev.faasport.runtime.NativeHandlers;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trigger settings an Azure trigger annotation declares, keyed like the plugin's function configuration, read by
 * annotation attribute name (the annotation type may come from another class loader). A value Faasport cannot take
 * as it is (an app-setting reference {@code %name%}, a schedule with no exact equivalent) is left out, so discovery
 * asks for it in the POM.
 */
final class AzureTriggers {

    /** Blob path parameters: {@code {name}}, {@code {blobextension}} (binding expressions page, read 2026-12). */
    private static final Pattern PARAMETER = Pattern.compile("\\{([^{}]+)}");
    /** App Service plans also take a TimeSpan {@code [d.]hh:mm:ss} (timer trigger reference, read 2026-12). */
    private static final Pattern TIME_SPAN = Pattern.compile("(?:(\\d+)\\.)?(\\d{1,2}):(\\d{2}):(\\d{2})");

    private AzureTriggers() {
    }

    static Map<String, String> settings(Annotation trigger) {
        Map<String, String> s = new LinkedHashMap<>();
        switch (trigger.annotationType().getSimpleName()) {
            case "HttpTrigger" -> {
                s.put("trigger", "http");
                if (NativeHandlers.attribute(trigger, "methods") instanceof Object[] methods && methods.length > 0) {
                    List<String> names = new ArrayList<>();
                    for (Object m : methods) names.add(String.valueOf(m));
                    s.put("methods", String.join(",", names));
                }
                // @HttpTrigger's authLevel defaults to FUNCTION: a key is needed unless the code says ANONYMOUS
                s.put("public", String.valueOf("ANONYMOUS".equals(String.valueOf(NativeHandlers.attribute(trigger, "authLevel")))));
            }
            case "QueueTrigger" -> {
                s.put("trigger", "queue");
                putLiteral(s, "queue", NativeHandlers.attribute(trigger, "queueName"));
                // the host calls a queue function once per message, which is retried and goes to the poison queue
                // alone (queue trigger reference "Poison messages", read 2026-12): batches of one keep that elsewhere
                s.put("batchSize", "1");
            }
            case "BlobTrigger" -> {
                s.put("trigger", "storage");
                // Azure's blob trigger fires on new and updated blobs only (blob trigger reference, read 2026-12)
                s.put("events", "created");
                String path = String.valueOf(NativeHandlers.attribute(trigger, "path"));
                int slash = path.indexOf('/');
                if (slash > 0 && !path.contains("%")) {
                    s.put("bucket", path.substring(0, slash));
                    String name = path.substring(slash + 1);
                    int open = name.indexOf('{');
                    String prefix = open < 0 ? name : name.substring(0, open);
                    if (!prefix.isEmpty()) s.put("prefix", prefix);
                    int close = name.lastIndexOf('}');
                    if (open >= 0 && close < name.length() - 1) s.put("suffix", name.substring(close + 1));
                }
            }
            case "TimerTrigger" -> {
                s.put("trigger", "schedule");
                String schedule = schedule(String.valueOf(NativeHandlers.attribute(trigger, "schedule")));
                if (schedule != null) s.put("schedule", schedule);
            }
            default -> {
            }
        }
        return s;
    }

    private static void putLiteral(Map<String, String> s, String key, Object value) {
        if (value instanceof String v && !v.isBlank() && !v.contains("%")) s.put(key, v);
    }

    /**
     * Converts Azure's six-field NCRONTAB ({@code second minute hour day month day-of-week}, day-of-week 0-6 from
     * Sunday; timer trigger reference "NCRONTAB expressions", read 2026-12) or TimeSpan to Faasport's neutral schedule
     * ({@code cron(minute hour day-of-month month day-of-week year)} in EventBridge's form, day-of-week 1-7 from
     * Sunday, one of the day fields {@code ?}; or {@code rate(...)}).
     *
     * @return the neutral expression, or null when it has none (seconds other than 0, both day fields restricted,
     *         an app-setting reference)
     */
    static String schedule(String ncrontab) {
        String e = ncrontab == null ? "" : ncrontab.trim();
        Matcher span = TIME_SPAN.matcher(e);
        if (span.matches()) return rate(span);
        String[] f = e.split("\\s+");
        if (f.length != 6 || !f[0].equals("0") || e.contains("%")) return null;
        boolean anyDom = f[3].equals("*") || f[3].equals("?");
        boolean anyDow = f[5].equals("*") || f[5].equals("?");
        if (!anyDom && !anyDow) return null; // EventBridge cannot restrict both day fields
        String dom = anyDom ? (anyDow ? "*" : "?") : step(f[3], "1");
        String dow = anyDow ? "?" : dayOfWeek(f[5]);
        if (dow == null) return null;
        return "cron(" + step(f[1], "0") + " " + step(f[2], "0") + " " + dom + " " + step(f[4], "1").toUpperCase(Locale.ROOT)
                + " " + dow + " *)";
    }

    private static String rate(Matcher span) {
        long days = span.group(1) == null ? 0 : Long.parseLong(span.group(1));
        long h = Long.parseLong(span.group(2)) + 24 * days;
        long m = Long.parseLong(span.group(3));
        if (!span.group(4).equals("00")) return null;
        long minutes = h * 60 + m;
        if (minutes == 0) return null;
        if (minutes % 1440 == 0) return plural(minutes / 1440, "day");
        if (minutes % 60 == 0) return plural(minutes / 60, "hour");
        return plural(minutes, "minute");
    }

    private static String plural(long n, String unit) {
        return "rate(" + n + " " + unit + (n == 1 ? "" : "s") + ")";
    }

    /** {@code * /n} repeats from the field's start; EventBridge writes the start explicitly ({@code 0/5}). */
    private static String step(String field, String start) {
        return field.startsWith("*/") ? start + field.substring(1) : field;
    }

    /** NCRONTAB numbers days 0-6 from Sunday, EventBridge 1-7; names pass, upper-cased. */
    private static String dayOfWeek(String field) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("(\\d+)|([^\\d]+)").matcher(field.startsWith("*/") ? "0" + field.substring(1) : field);
        boolean afterSlash = false;
        while (m.find()) {
            if (m.group(1) != null) {
                int d = Integer.parseInt(m.group(1));
                if (!afterSlash && (d < 0 || d > 6)) return null;
                out.append(afterSlash ? d : d + 1); // a step is a count, not a day
            } else {
                out.append(m.group(2).toUpperCase(Locale.ROOT));
                afterSlash = m.group(2).endsWith("/");
            }
        }
        return out.toString();
    }

    /**
     * Matches a blob trigger's path ({@code container/in/{name}.{ext}}) against a blob's {@code container/key}.
     *
     * @return the path's parameters ({@code name}, {@code ext}), empty when it has none or does not match
     */
    static Map<String, String> pathValues(String pattern, String path) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher m = PARAMETER.matcher(pattern);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(pattern.substring(at, m.start()))).append("(.+?)");
            names.add(m.group(1));
            at = m.end();
        }
        regex.append(Pattern.quote(pattern.substring(at)));
        Matcher match = Pattern.compile(regex.toString()).matcher(path);
        if (!match.matches()) return values;
        for (int i = 0; i < names.size(); i++) values.put(names.get(i), match.group(i + 1));
        return values;
    }
}
