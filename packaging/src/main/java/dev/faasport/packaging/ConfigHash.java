package dev.faasport.packaging;

import dev.faasport.runtime.json.Json;
import dev.faasport.spi.FunctionSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration hash of a deploy unit: SHA-256 over a canonical JSON of every field of its functions except the
 * code (name, handler, shape, trigger, memory, timeout, environment, concurrency, instances, package type, options)
 * and of the unit's settings. Every provider compares configuration through it, so they agree on "unchanged".
 */
public final class ConfigHash {
    private ConfigHash() {
    }

    /** @return lower-case hex SHA-256 of the canonical configuration; independent of list and map order */
    public static String of(List<FunctionSpec> functions, Map<String, String> settings) {
        List<Object> fns = new ArrayList<>();
        SpecJson.sorted(functions).forEach(f -> fns.add(SpecJson.fullSpec(f)));
        Map<String, Object> doc = new TreeMap<>();
        doc.put("functions", fns);
        doc.put("settings", settings == null ? Map.of() : new TreeMap<>(settings));
        return sha256(Json.write(doc).getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
