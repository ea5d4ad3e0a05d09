package dev.faasport.runtime.azure;

import dev.faasport.runtime.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code function.json} that makes the Functions host call {@link AzureHandlers}: entry point and bindings per
 * trigger kind. Packaging writes one per function folder ({@code <app>/<function name>/function.json}).
 *
 * <p>{@link #forTrigger} settings (all optional unless marked):
 * <ul>
 *   <li>{@code http}: {@code authLevel} ({@code anonymous} or {@code function}; default anonymous, or function
 *   when {@code public} is {@code false}), {@code methods} (comma list; default all), {@code route} (default
 *   {@code <function>/{*path}} when {@code function} is given, so sub-paths reach it; else the host's default
 *   {@code <function>}). Bindings: {@code httpTrigger} named {@code req} with {@code "dataType": "binary"}, and
 *   {@code http} named {@code $return}.</li>
 *   <li>{@code storage}: {@code bucket} (required: the container), {@code prefix}, {@code connection} (default
 *   {@code AzureWebJobsStorage}), {@code source} ({@code EventGrid} on Flex Consumption). Binding:
 *   {@code blobTrigger} named {@code content}, path {@code <bucket>/<prefix>{name}}, {@code "dataType": "binary"}.</li>
 *   <li>{@code queue}: {@code queue} (required), {@code connection}. Binding: {@code queueTrigger} named
 *   {@code message}.</li>
 *   <li>{@code schedule}: {@code expression} (required: the neutral {@code cron(...)} / {@code rate(...)}, converted
 *   by {@link #ncrontab}) or {@code schedule} (NCRONTAB as is). Binding: {@code timerTrigger} named
 *   {@code timerInfo}.</li>
 * </ul>
 * Example, {@code functionJson("../lib/app.jar", "http", Map.of("function", "hello"))}:
 * <pre>{@code
 * {"scriptFile":"../lib/app.jar","entryPoint":"dev.faasport.runtime.azure.AzureHandlers.http",
 *  "bindings":[{"type":"httpTrigger","direction":"in","name":"req","authLevel":"anonymous",
 *               "route":"hello/{*path}","dataType":"binary"},
 *              {"type":"http","direction":"out","name":"$return"}]}
 * }</pre>
 */
public final class AzureBindings {

    /** {@code function.json} entryPoint per trigger kind (http, storage, queue, schedule). */
    public static final Map<String, String> ENTRY_POINTS = Map.of(
            "http", AzureHandlers.class.getName() + ".http",
            "storage", AzureHandlers.class.getName() + ".blob",
            "queue", AzureHandlers.class.getName() + ".queue",
            "schedule", AzureHandlers.class.getName() + ".timer");

    private static final String CONNECTION = "AzureWebJobsStorage";

    private AzureBindings() {
    }

    /**
     * @return the entry point for a trigger kind
     * @throws IllegalArgumentException for an unknown kind
     */
    public static String entryPoint(String kind) {
        String e = ENTRY_POINTS.get(kind);
        if (e == null) throw unknown(kind);
        return e;
    }

    /** @return the whole {@code function.json} text for a function of this trigger kind */
    public static String functionJson(String scriptFile, String kind, Map<String, String> settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scriptFile", scriptFile);
        json.put("entryPoint", entryPoint(kind));
        json.put("bindings", forTrigger(kind, settings));
        return Json.writePretty(json);
    }

    /** @return {@link #forTrigger} as JSON text */
    public static String bindingsJson(String kind, Map<String, String> settings) {
        return Json.write(forTrigger(kind, settings));
    }

    /**
     * @return the {@code bindings} array of {@code function.json} for a trigger kind and its settings
     * @throws IllegalArgumentException naming the missing setting or unknown kind
     */
    public static List<Map<String, Object>> forTrigger(String kind, Map<String, String> settings) {
        List<Map<String, Object>> bindings = new ArrayList<>();
        switch (kind) {
            case "http" -> {
                Map<String, Object> in = binding("httpTrigger", "req");
                String auth = settings.getOrDefault("authLevel",
                        "false".equalsIgnoreCase(settings.get("public")) ? "function" : "anonymous");
                in.put("authLevel", auth.toLowerCase(Locale.ROOT));
                String methods = settings.getOrDefault("methods", "");
                if (!methods.isBlank()) {
                    List<String> list = new ArrayList<>();
                    for (String m : methods.split(",")) if (!m.isBlank()) list.add(m.trim().toLowerCase(Locale.ROOT));
                    in.put("methods", list);
                }
                String route = settings.containsKey("route") ? settings.get("route")
                        : settings.containsKey("function") ? settings.get("function") + "/{*path}" : null;
                if (route != null) in.put("route", route);
                in.put("dataType", "binary");
                bindings.add(in);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("type", "http");
                out.put("direction", "out");
                out.put("name", "$return");
                bindings.add(out);
            }
            case "storage" -> {
                Map<String, Object> in = binding("blobTrigger", "content");
                in.put("path", required(settings, "bucket", kind) + "/" + settings.getOrDefault("prefix", "") + "{name}");
                in.put("connection", settings.getOrDefault("connection", CONNECTION));
                in.put("dataType", "binary");
                if (settings.containsKey("source")) in.put("source", settings.get("source"));
                bindings.add(in);
            }
            case "queue" -> {
                Map<String, Object> in = binding("queueTrigger", "message");
                in.put("queueName", required(settings, "queue", kind));
                in.put("connection", settings.getOrDefault("connection", CONNECTION));
                bindings.add(in);
            }
            case "schedule" -> {
                Map<String, Object> in = binding("timerTrigger", "timerInfo");
                in.put("schedule", settings.containsKey("schedule") ? settings.get("schedule")
                        : ncrontab(required(settings, "expression", kind)));
                bindings.add(in);
            }
            default -> throw unknown(kind);
        }
        return bindings;
    }

    /**
     * Converts a neutral schedule to Azure's six-field NCRONTAB ({@code second minute hour day month day-of-week}):
     * {@code cron(m h dom mon dow [year])} in the EventBridge form (day-of-week 1-7 = SUN-SAT becomes 0-6, {@code ?}
     * becomes {@code *}) and {@code rate(N minutes|hours|days)} where NCRONTAB can say it exactly. Five-field unix
     * cron gets a leading {@code 0}; six fields pass as they are.
     *
     * @throws IllegalArgumentException for an expression with no exact NCRONTAB equivalent, saying why
     */
    public static String ncrontab(String expression) {
        String e = expression.trim();
        if (e.startsWith("rate(") && e.endsWith(")")) {
            String[] p = e.substring(5, e.length() - 1).trim().split("\\s+");
            int n;
            try {
                n = Integer.parseInt(p[0]);
            } catch (NumberFormatException ex) {
                throw noEquivalent(e, "the rate is not a whole number");
            }
            String unit = p.length > 1 ? p[1].toLowerCase(Locale.ROOT) : "";
            if (n < 1) throw noEquivalent(e, "the rate must be at least 1");
            if (unit.startsWith("minute") && 60 % n == 0) return n == 1 ? "0 * * * * *" : "0 */" + n + " * * * *";
            if (unit.startsWith("hour") && 24 % n == 0) return n == 1 ? "0 0 * * * *" : "0 0 */" + n + " * * *";
            if (unit.startsWith("day") && n == 1) return "0 0 0 * * *";
            throw noEquivalent(e, "NCRONTAB repeats within the hour/day/month, so only rates that divide it evenly "
                    + "(minutes dividing 60, hours dividing 24, 1 day) convert exactly");
        }
        if (e.startsWith("cron(") && e.endsWith(")")) {
            String[] f = e.substring(5, e.length() - 1).trim().split("\\s+");
            if (f.length < 5 || f.length > 6) throw noEquivalent(e, "cron(...) needs 5 or 6 fields");
            if (f.length == 6 && !f[5].equals("*")) throw noEquivalent(e, "NCRONTAB has no year field");
            for (String field : f) {
                if (field.contains("L") || field.contains("W") || field.contains("#")) {
                    throw noEquivalent(e, "NCRONTAB has no L, W or # (last day, weekday, nth weekday)");
                }
            }
            String dom = f[2].equals("?") ? "*" : f[2];
            String dow = f[4].equals("?") ? "*" : dayOfWeek(f[4], e);
            return "0 " + f[0] + " " + f[1] + " " + dom + " " + f[3] + " " + dow;
        }
        String[] f = e.split("\\s+");
        if (f.length == 5) return "0 " + e;
        if (f.length == 6) return e;
        throw noEquivalent(e, "expected cron(...), rate(...) or a 5/6-field cron expression");
    }

    /** EventBridge numbers days 1-7 from Sunday, NCRONTAB 0-6 from Sunday; names pass unchanged. */
    private static String dayOfWeek(String field, String expression) {
        int slash = field.indexOf('/');
        if (slash >= 0) return dayOfWeek(field.substring(0, slash), expression) + field.substring(slash); // a step is a count, not a day
        StringBuilder out = new StringBuilder();
        StringBuilder number = new StringBuilder();
        for (char c : (field + "\0").toCharArray()) {
            if (Character.isDigit(c)) {
                number.append(c);
                continue;
            }
            if (number.length() > 0) {
                int d = Integer.parseInt(number.toString());
                if (d < 1 || d > 7) throw noEquivalent(expression, "day-of-week " + d + " is outside 1-7");
                out.append(d - 1);
                number.setLength(0);
            }
            if (c != '\0') out.append(c);
        }
        return out.toString();
    }

    private static Map<String, Object> binding(String type, String name) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", type);
        b.put("direction", "in");
        b.put("name", name);
        return b;
    }

    private static String required(Map<String, String> settings, String key, String kind) {
        String v = settings.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("a " + kind + " trigger on Azure needs the setting '" + key
                    + "', perhaps you should add it to the function's trigger");
        }
        return v;
    }

    private static IllegalArgumentException unknown(String kind) {
        return new IllegalArgumentException("unknown trigger kind '" + kind + "', perhaps you should use http, storage, "
                + "queue or schedule");
    }

    private static IllegalArgumentException noEquivalent(String expression, String why) {
        return new IllegalArgumentException("schedule '" + expression + "' has no exact Azure NCRONTAB equivalent: "
                + why + "; perhaps you should rewrite it as cron(...) without those parts");
    }
}
