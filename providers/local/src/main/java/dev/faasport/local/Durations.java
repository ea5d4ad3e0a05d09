package dev.faasport.local;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The last durations of a function (a ring of samples) and their percentiles, in milliseconds. */
final class Durations {

    private final long[] ring;
    private int next;
    private int size;
    private long count;
    private long totalMicros;

    Durations(int capacity) {
        this.ring = new long[capacity];
    }

    synchronized void add(long micros) {
        ring[next] = micros;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        count++;
        totalMicros += micros;
    }

    /** @return what {@link #restore} takes back: count, total and the kept samples (oldest first), in microseconds */
    synchronized Map<String, Object> saved() {
        java.util.List<Long> samples = new java.util.ArrayList<>(size);
        int start = size < ring.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            samples.add(ring[(start + i) % ring.length]);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("totalMicros", totalMicros);
        m.put("samplesMicros", samples);
        return m;
    }

    /** Takes back what {@link #saved} wrote (a runtime that restarts keeps its measurements); bad values are ignored. */
    synchronized void restore(Map<?, ?> saved) {
        if (!(saved.get("count") instanceof Number c) || !(saved.get("totalMicros") instanceof Number t)
                || !(saved.get("samplesMicros") instanceof java.util.List<?> samples)) {
            return;
        }
        for (Object o : samples) {
            if (o instanceof Number n) {
                ring[next] = n.longValue();
                next = (next + 1) % ring.length;
                size = Math.min(size + 1, ring.length);
            }
        }
        count += c.longValue();
        totalMicros += t.longValue();
    }

    /** @return count, mean and p50/p95/p99/max over the kept samples, in ms with 3 decimals */
    Map<String, Object> summary() {
        long[] copy;
        long c;
        long total;
        synchronized (this) {
            copy = Arrays.copyOf(ring, size);
            c = count;
            total = totalMicros;
        }
        Arrays.sort(copy);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", c);
        m.put("meanMs", c == 0 ? 0.0 : ms(total / (double) c));
        m.put("p50Ms", ms(percentile(copy, 50)));
        m.put("p95Ms", ms(percentile(copy, 95)));
        m.put("p99Ms", ms(percentile(copy, 99)));
        m.put("maxMs", ms(copy.length == 0 ? 0 : copy[copy.length - 1]));
        return m;
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(double micros) {
        return Math.round(micros) / 1000.0;
    }
}
