package dev.faasport.provider.aws;

import dev.faasport.runtime.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's request rules as AWS publishes them: the service model {@code lambda/2015-03-31/service-2.json} of botocore
 * (Apache-2.0; installed from Debian's {@code python3-botocore} by {@code .ci/run}, not copied into the repository),
 * which gives every operation's input members with their location (URI, query string, header, body) and every
 * shape's {@code required} members, {@code min}/{@code max} (length, count or value), {@code pattern} and
 * {@code enum}. A request that breaks one is answered as Lambda answers it: 400 {@code ValidationException}
 * "N validation error(s) detected: Value 'x' at 'memorySize' failed to satisfy constraint: Member must have value less
 * than or equal to 10240" (the message format of Lambda's answers, e.g. "Lambda API errors",
 * docs.aws.amazon.com/lambda/latest/api/CommonErrors.html, read 2026-12).
 */
final class LambdaServiceModel {

    /** Where Debian's python3-botocore puts the model; {@code faasport.lambdaModel} points elsewhere. */
    static final Path DEFAULT = Path.of("/usr/lib/python3/dist-packages/botocore/data/lambda/2015-03-31/service-2.json");

    /**
     * Shapes whose model constraint is older than the service: the botocore model Debian ships (1.29.27, 2022-12) lists
     * runtimes up to java11, while Lambda accepts java17, java21 and java25 today; Lambda checks runtimes against its own
     * list and answers InvalidParameterValueException, which LambdaTestServer's hand-written rule does.
     */
    private static final Set<String> UNCHECKED_ENUMS = Set.of("Runtime");

    private static volatile LambdaServiceModel loaded;

    private final Map<String, Object> operations;
    private final Map<String, Object> shapes;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    private LambdaServiceModel(Map<String, Object> model) {
        this.operations = map(model.get("operations"));
        this.shapes = map(model.get("shapes"));
    }

    /** @return the model, loaded once; fails with what to install when it is missing */
    static LambdaServiceModel get() {
        LambdaServiceModel m = loaded;
        if (m == null) {
            Path file = Path.of(System.getProperty("faasport.lambdaModel", DEFAULT.toString()));
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("AWS's Lambda service model is missing at " + file + ": LambdaTestServer "
                        + "validates every request from it; install it with 'apt-get install python3-botocore' "
                        + "(.ci/run does), or point -Dfaasport.lambdaModel at a botocore lambda/2015-03-31/service-2.json");
            }
            m = load(file);
            loaded = m;
        }
        return m;
    }

    /** @return another botocore JSON-protocol model (Secrets Manager's), checked the same way */
    static LambdaServiceModel load(Path file) {
        try {
            return new LambdaServiceModel(Json.parseObject(Files.readString(file)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read AWS's service model " + file + " (" + e + "); install it with"
                    + " 'apt-get install python3-botocore' (.ci/run does)", e);
        }
    }

    /** @return true when the model defines this operation */
    boolean knows(String operation) {
        return operations.containsKey(operation);
    }

    /**
     * @param operation the operation name, as in the model ("CreateFunction")
     * @param path      the request's raw path (its URI members are read from it through the operation's requestUri)
     * @param query     the decoded query string
     * @param body      the parsed JSON body (empty when none)
     * @return the violated constraints, in Lambda's wording; empty when the request is valid
     */
    List<String> violations(String operation, String path, Map<String, String> query, Map<String, Object> body) {
        Map<String, Object> op = map(operations.get(operation));
        Map<String, Object> input = map(map(op.get("input")).isEmpty() ? null : shapes.get(map(op.get("input")).get("shape")));
        List<String> out = new ArrayList<>();
        if (input.isEmpty()) {
            return out;
        }
        Map<String, String> uri = uriMembers(String.valueOf(map(op.get("http")).get("requestUri")), path);
        Map<String, Object> request = new LinkedHashMap<>();
        Map<String, Object> members = map(input.get("members"));
        for (Map.Entry<String, Object> e : members.entrySet()) {
            Map<String, Object> member = map(e.getValue());
            Object location = member.get("location");
            String wireName = String.valueOf(member.getOrDefault("locationName", e.getKey()));
            Object value;
            if ("uri".equals(location)) {
                value = uri.get(wireName);
            } else if ("querystring".equals(location)) {
                value = query.get(wireName);
            } else if (location != null || e.getKey().equals(input.get("payload"))) {
                continue; // headers and raw payloads (Invoke's event) carry no modelled constraint Faasport sends
            } else {
                value = body.get(e.getKey());
            }
            if (value != null) {
                request.put(e.getKey(), value);
            }
        }
        check(input, request, "", out);
        return out;
    }

    private void check(Map<String, Object> shape, Object value, String at, List<String> out) {
        String type = String.valueOf(shape.get("type"));
        switch (type) {
            case "structure" -> {
                if (!(value instanceof Map<?, ?> struct)) {
                    return;
                }
                for (Object required : list(shape.get("required"))) {
                    if (struct.get(required) == null) {
                        out.add("Value null at '" + path(at, String.valueOf(required)) + "' failed to satisfy "
                                + "constraint: Member must not be null");
                    }
                }
                map(shape.get("members")).forEach((name, member) -> {
                    Object v = struct.get(name);
                    if (v != null) {
                        String target = String.valueOf(map(member).get("shape"));
                        check(shape(target), v, path(at, name), out);
                    }
                });
            }
            case "list" -> {
                if (!(value instanceof List<?> items)) {
                    return;
                }
                size(shape, items.size(), value, at, "length", out);
                Map<String, Object> member = shape(String.valueOf(map(shape.get("member")).get("shape")));
                for (int i = 0; i < items.size(); i++) {
                    check(member, items.get(i), at + "." + (i + 1) + ".member", out);
                }
            }
            case "map" -> {
                if (!(value instanceof Map<?, ?> entries)) {
                    return;
                }
                size(shape, entries.size(), value, at, "length", out);
                Map<String, Object> key = shape(String.valueOf(map(shape.get("key")).get("shape")));
                Map<String, Object> val = shape(String.valueOf(map(shape.get("value")).get("shape")));
                entries.forEach((k, v) -> {
                    check(key, String.valueOf(k), at + ".key", out);
                    check(val, v, at + ".value", out);
                });
            }
            case "string" -> {
                String s = String.valueOf(value);
                size(shape, s.length(), s, at, "length", out);
                Object pattern = shape.get("pattern");
                if (pattern != null && !regex(String.valueOf(pattern)).matcher(s).matches()) {
                    out.add(value(s, at) + "Member must satisfy regular expression pattern: " + pattern);
                }
                List<Object> values = list(shape.get("enum"));
                if (!values.isEmpty() && !values.contains(s) && !UNCHECKED_ENUMS.contains(shape.get("__name"))) {
                    out.add(value(s, at) + "Member must satisfy enum value set: " + values);
                }
            }
            case "integer", "long" -> {
                // query-string and URI members arrive as text
                Object number = value instanceof String text && text.matches("-?\\d{1,18}") ? Long.valueOf(text) : value;
                if (number instanceof Number n) {
                    long v = n.longValue();
                    if (shape.get("min") instanceof Number min && v < min.longValue()) {
                        out.add(value(String.valueOf(v), at) + "Member must have value greater than or equal to " + min);
                    }
                    if (shape.get("max") instanceof Number max && v > max.longValue()) {
                        out.add(value(String.valueOf(v), at) + "Member must have value less than or equal to " + max);
                    }
                } else {
                    // e.g. a string in a number: the SDKs never send one, LambdaTestServer answers it like Lambda's parser
                    out.add(value(String.valueOf(value), at) + "Member must be a number");
                }
            }
            default -> {
                // blob, boolean, timestamp, double: nothing Faasport sends has a constraint there
            }
        }
    }

    private void size(Map<String, Object> shape, int size, Object value, String at, String what, List<String> out) {
        if (shape.get("min") instanceof Number min && size < min.longValue()) {
            out.add(value(String.valueOf(value), at) + "Member must have " + what + " greater than or equal to " + min);
        }
        if (shape.get("max") instanceof Number max && size > max.longValue()) {
            out.add(value(String.valueOf(value), at) + "Member must have " + what + " less than or equal to " + max);
        }
    }

    private Map<String, Object> shape(String name) {
        Map<String, Object> s = new LinkedHashMap<>(map(shapes.get(name)));
        s.put("__name", name);
        return s;
    }

    private Pattern regex(String pattern) {
        return patterns.computeIfAbsent(pattern, p -> Pattern.compile(p, Pattern.DOTALL));
    }

    /** Reads {Name} and {Name+} segments of an operation's requestUri from a raw path. */
    private static Map<String, String> uriMembers(String requestUri, String rawPath) {
        String template = requestUri.contains("?") ? requestUri.substring(0, requestUri.indexOf('?')) : requestUri;
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}+]+)(\\+?)}").matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append(m.group(2).isEmpty() ? "([^/]*)" : "(.*)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append("/?");
        Matcher p = Pattern.compile(regex.toString()).matcher(rawPath);
        Map<String, String> out = new LinkedHashMap<>();
        if (p.matches()) {
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), java.net.URLDecoder.decode(p.group(i + 1).replace("+", "%2B"),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Lambda names members in lower camel case, nested ones joined by dots ("environment.variables"). */
    private static String path(String at, String member) {
        String name = member.isEmpty() ? member : member.substring(0, 1).toLowerCase(Locale.ROOT) + member.substring(1);
        return at.isEmpty() ? name : at + "." + name;
    }

    private static String value(String v, String at) {
        return "Value '" + v + "' at '" + at + "' failed to satisfy constraint: ";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
