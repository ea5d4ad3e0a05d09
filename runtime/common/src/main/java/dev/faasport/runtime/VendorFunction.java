package dev.faasport.runtime;

import java.util.List;
import java.util.Map;

/**
 * One function a class holds in a vendor's own API, as a {@link NativeAdapter} reads it from the class's signatures
 * and annotations (never by running it).
 *
 * @param name    the vendor's own name of the function when the code gives one (Azure {@code @FunctionName}), else
 *                null (AWS and Google name functions outside the code)
 * @param method  the Java method that runs it, when the class holds several ({@code Class::method} in a handler
 *                string), else null
 * @param api     the vendor API it was recognised as, for messages ("AWS RequestHandler&lt;SQSEvent, SQSBatchResponse&gt;")
 * @param shapes  the shapes it can run as, the one its signature implies first; more than one when the signature
 *                does not tell the trigger (a Google {@code CloudEventsFunction} runs on storage and Pub/Sub events):
 *                then the configuration or {@code trigger} below decides
 * @param trigger trigger settings read from the code, keyed like the plugin's function configuration
 *                ({@code trigger}, {@code bucket}, {@code prefix}, {@code suffix}, {@code events}, {@code queue},
 *                {@code schedule}, {@code methods}, {@code public}, {@code batchSize}; lists comma-separated); empty
 *                when the code says nothing
 */
public record VendorFunction(String name, String method, String api, List<Shape> shapes, Map<String, String> trigger) {

    public VendorFunction {
        if (shapes == null || shapes.isEmpty()) throw new IllegalArgumentException("a vendor function runs as some shape");
        shapes = List.copyOf(shapes);
        trigger = trigger == null ? Map.of() : Map.copyOf(trigger);
    }

    /** A function of a single, fixed shape that says nothing about its trigger. */
    public static VendorFunction of(String api, Shape shape) {
        return new VendorFunction(null, null, api, List.of(shape), Map.of());
    }

    /** @return the shape it runs as under that trigger kind, or null when none of its shapes accepts it */
    public Shape shapeFor(String triggerKind) {
        for (Shape s : shapes) {
            if (s.accepts(triggerKind)) return s;
        }
        return null;
    }

    /**
     * @return the vendor's name as a Faasport function name ({@code HttpExample} -> {@code http-example}), or null
     *         when the code gives no name
     */
    public String portableName() {
        if (name == null) return null;
        String kebab = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^[^a-z]+|-+$", "");
        return kebab.length() > 63 ? kebab.substring(0, 63).replaceAll("-+$", "") : kebab;
    }
}
