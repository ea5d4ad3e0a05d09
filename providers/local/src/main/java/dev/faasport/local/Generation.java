package dev.faasport.local;

import dev.faasport.spi.Schedule;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One deployed version of a function: its unpacked code and settings. A redeploy creates a new generation; the old
 * one is retired and its directory deleted once its last worker has ended.
 */
final class Generation {
    final int number;
    final Path dir;
    final Map<String, Object> unit;
    final String handler;
    final String triggerKind;
    final int memoryMb;
    final int timeoutSeconds;
    final int maxConcurrency;
    final int minInstances;
    final Map<String, String> environment;
    /** Environment variable name to secret name, resolved from the home's secrets file when a worker starts. */
    final Map<String, String> secrets;
    /** The trigger as deployed ({@code kind}, {@code bucket}, {@code queue}, {@code expression}...). */
    final Map<String, Object> trigger;
    /** The parsed schedule of a schedule trigger, else null. */
    final Schedule schedule;
    final AtomicInteger liveWorkers = new AtomicInteger();
    volatile boolean retired;

    Generation(int number, Path dir, Map<String, Object> unit, String handler, String triggerKind, int memoryMb,
               int timeoutSeconds, int maxConcurrency, int minInstances, Map<String, String> environment,
               Map<String, Object> trigger, Schedule schedule, Map<String, String> secrets) {
        this.number = number;
        this.dir = dir;
        this.unit = unit;
        this.handler = handler;
        this.triggerKind = triggerKind;
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
        this.maxConcurrency = maxConcurrency;
        this.minInstances = Math.min(minInstances, maxConcurrency);
        this.environment = environment;
        this.trigger = trigger;
        this.schedule = schedule;
        this.secrets = secrets;
    }

    /** @return a trigger field as text, or the fallback */
    String triggerText(String field, String fallback) {
        Object v = trigger.get(field);
        return v == null ? fallback : String.valueOf(v);
    }

    /** @return a positive trigger number, or the fallback when absent or not positive */
    int triggerInt(String field, int fallback) {
        return trigger.get(field) instanceof Number n && n.intValue() > 0 ? n.intValue() : fallback;
    }

    boolean isHttp() {
        return "http".equals(triggerKind);
    }
}
