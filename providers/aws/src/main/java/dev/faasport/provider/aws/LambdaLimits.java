package dev.faasport.provider.aws;

import dev.faasport.runtime.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Lambda's memory and timeout bounds as the provider needs them (error suggestions, how long an invocation may run),
 * read from the one table faas:check and the migration mapper read, faasport-packaging's {@value #TABLE}, so that the
 * numbers live only there. The plugin always has packaging on its class path; the provider reads the resource instead
 * of depending on packaging's classes, so the provider modules keep depending on the SPI only.
 *
 * @param memoryMb       smallest and largest memory in MB
 * @param timeoutSeconds shortest and longest function timeout in seconds
 */
record LambdaLimits(Range memoryMb, Range timeoutSeconds) {

    /** The class-path resource of AWS's limit table. */
    static final String TABLE = "/dev/faasport/limits/aws.json";

    /** An inclusive range. */
    record Range(long min, long max) { }

    private static final class Loaded {
        static final LambdaLimits LIMITS = load();
    }

    /** @return the bounds of the table on the class path, read once */
    static LambdaLimits get() {
        return Loaded.LIMITS;
    }

    /** @return the longest timeout Lambda lets a function run */
    Duration maxTimeout() {
        return Duration.ofSeconds(timeoutSeconds.max());
    }

    private static LambdaLimits load() {
        try (InputStream in = LambdaLimits.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException("No AWS limit table " + TABLE + " on the class path, perhaps you should"
                        + " add faasport-packaging beside faasport-provider-aws");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + TABLE, e);
        }
    }

    /** Reads the bounds that apply to every plan and trigger from a limit table's JSON. */
    static LambdaLimits parse(String json) {
        List<?> limits = (List<?>) Json.parseObject(json).get("limits");
        return new LambdaLimits(range(limits, "memory.mb"), range(limits, "timeout.seconds"));
    }

    private static Range range(List<?> limits, String key) {
        for (Object o : limits) {
            if (o instanceof Map<?, ?> m && key.equals(m.get("key")) && m.get("plans") == null && m.get("triggers") == null
                    && m.get("min") instanceof Number min && m.get("max") instanceof Number max) {
                return new Range(min.longValue(), max.longValue());
            }
        }
        throw new IllegalStateException("The AWS limit table " + TABLE + " has no min and max for " + key);
    }
}
