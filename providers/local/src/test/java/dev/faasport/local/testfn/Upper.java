package dev.faasport.local.testfn;

import java.util.Map;
import java.util.function.Function;

/** A TYPED test function over untyped JSON. */
public class Upper implements Function<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> apply(Map<String, Object> input) {
        return Map.of("upper", String.valueOf(input.get("text")).toUpperCase());
    }
}
