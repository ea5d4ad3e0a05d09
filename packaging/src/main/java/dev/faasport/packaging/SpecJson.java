package dev.faasport.packaging;

import dev.faasport.runtime.json.Json;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the neutral model into JSON-ready maps: the package descriptor, the manifest, the config hash. */
final class SpecJson {
    private SpecJson() {
    }

    /**
     * One function as the runtime adapters read it from {@code faasport-functions.json}. What only configures a
     * function stays out, so that changing it is a configuration update and never a new upload: memory always (no
     * adapter reads it), the environment and the timeout except where the platform holds no per-function setting for
     * them (an Azure app: {@code withEnvironment}); elsewhere the provider sets them.
     */
    static Map<String, Object> descriptorFunction(FunctionSpec f, boolean withEnvironment, java.util.Set<String> inClear) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("handler", f.handler());
        m.put("shape", f.shape().name());
        m.put("trigger", Trigger.toMap(f.trigger()));
        if (withEnvironment) {
            m.put("timeoutSeconds", f.timeoutSeconds());
            // a value let through in clear reaches the app's settings, never the uploaded package
            Map<String, String> env = new TreeMap<>(f.environment());
            env.keySet().removeAll(inClear);
            m.put("environment", env);
        }
        return m;
    }

    /** The descriptor document for the functions of one unit. */
    static String descriptor(String setName, List<FunctionSpec> functions, boolean withEnvironment,
                             java.util.Set<String> inClear) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("set", setName);
        List<Object> fns = new ArrayList<>();
        sorted(functions).forEach(f -> fns.add(descriptorFunction(f, withEnvironment, inClear)));
        doc.put("functions", fns);
        return Json.writePretty(doc) + "\n";
    }

    /** Every configuration field of a function (all but the code), with sorted keys. */
    static Map<String, Object> fullSpec(FunctionSpec f) {
        Map<String, Object> m = new TreeMap<>();
        m.put("name", f.name());
        m.put("handler", f.handler());
        m.put("shape", f.shape().name());
        m.put("trigger", new TreeMap<>(Trigger.toMap(f.trigger())));
        m.put("memoryMb", f.memoryMb());
        m.put("timeoutSeconds", f.timeoutSeconds());
        m.put("environment", new TreeMap<>(f.environment()));
        m.put("maxConcurrency", f.maxConcurrency());
        m.put("minInstances", f.minInstances());
        m.put("packageType", f.packageType().name());
        m.put("options", new TreeMap<>(f.options()));
        if (!f.secrets().isEmpty()) {
            // references only (names of secrets); absent when empty so that older configuration hashes still match
            m.put("secrets", new TreeMap<>(f.secrets()));
        }
        return m;
    }

    /**
     * {@link #fullSpec} as the manifest records it: the value of a variable let through in clear is replaced by
     * {@code sha256:<hex>} of its UTF-8 bytes, enough to tell that it changed and never the value.
     */
    static Map<String, Object> manifestSpec(FunctionSpec f, java.util.Set<String> inClear) {
        Map<String, Object> m = fullSpec(f);
        Map<String, String> env = new TreeMap<>(f.environment());
        env.replaceAll((k, v) -> inClear.contains(k)
                ? "sha256:" + ConfigHash.sha256(v.getBytes(java.nio.charset.StandardCharsets.UTF_8)) : v);
        m.put("environment", env);
        return m;
    }

    static List<FunctionSpec> sorted(List<FunctionSpec> functions) {
        return functions.stream().sorted(Comparator.comparing(FunctionSpec::name)).toList();
    }
}
