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

    /**
     * The {@code DeployedUnit} attribute in which a provider whose package carries the functions' environment (Azure:
     * one app's settings are shared by its functions) reports {@link #environment} as deployed, so that the plan can
     * say why the code is uploaded again.
     */
    public static final String ENVIRONMENT_ATTRIBUTE = "environmentSha256";

    /** @return lower-case hex SHA-256 of each function's environment variables by function name; order-independent */
    public static String environment(List<FunctionSpec> functions) {
        Map<String, Object> doc = new TreeMap<>();
        functions.forEach(f -> doc.put(f.name(), new TreeMap<>(f.environment())));
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
