package dev.faasport.spi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** What invokes a function, in vendor-neutral terms. Each provider maps it to its own trigger model. */
public sealed interface Trigger permits Trigger.Http, Trigger.Storage, Trigger.Queue, Trigger.Schedule {

    /** @return the trigger's kind, as written in configuration: http, storage, queue, schedule */
    String kind();

    /**
     * An HTTP endpoint.
     *
     * @param methods       allowed methods, upper case; empty means any
     * @param publicAccess  true when anyone may call it; false needs the provider's key or IAM auth
     */
    record Http(List<String> methods, boolean publicAccess) implements Trigger {
        public Http {
            methods = methods == null ? List.of() : methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).sorted().toList();
        }

        @Override
        public String kind() {
            return "http";
        }
    }

    /**
     * Storage-object events on a bucket.
     *
     * @param bucket bucket (container) name
     * @param events which events; never empty
     * @param prefix key prefix filter, empty for none
     * @param suffix key suffix filter, empty for none
     */
    record Storage(String bucket, Set<StorageEventKind> events, String prefix, String suffix) implements Trigger {
        public Storage {
            Objects.requireNonNull(bucket, "bucket");
            events = events == null || events.isEmpty() ? Set.of(StorageEventKind.CREATED) : Set.copyOf(events);
            prefix = prefix == null ? "" : prefix;
            suffix = suffix == null ? "" : suffix;
        }

        @Override
        public String kind() {
            return "storage";
        }

        /**
         * @return whether one object event could match both triggers: the same bucket, a common event, one prefix
         *         starting the other and one suffix ending the other (an empty one matches every key); S3 refuses two
         *         such notification configurations on one bucket
         */
        public boolean overlaps(Storage other) {
            return bucket.equals(other.bucket) && events.stream().anyMatch(other.events::contains)
                    && (prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix))
                    && (suffix.endsWith(other.suffix) || other.suffix.endsWith(suffix));
        }
    }

    /**
     * Messages on a queue, delivered in batches.
     *
     * @param queue       queue (topic) name
     * @param batchSize   most messages per invocation, at least 1
     * @param maxAttempts deliveries of a failing batch before its messages go to the dead-letter queue
     */
    record Queue(String queue, int batchSize, int maxAttempts) implements Trigger {
        public Queue {
            Objects.requireNonNull(queue, "queue");
        }

        @Override
        public String kind() {
            return "queue";
        }
    }

    /**
     * A schedule.
     *
     * @param expression {@code cron(min hour day-of-month month day-of-week [year])} in the AWS EventBridge form,
     *                   or {@code rate(N unit)}
     */
    record Schedule(String expression) implements Trigger {
        public Schedule {
            Objects.requireNonNull(expression, "expression");
        }

        @Override
        public String kind() {
            return "schedule";
        }
    }

    /**
     * The trigger as every Faasport document spells it: the package descriptor the runtime adapters read
     * ({@code faasport-functions.json}), the local runtime's unit records, and the configuration hash. One spelling, so
     * a field cannot be {@code public} in one and {@code publicAccess} in another.
     *
     * @return JSON-ready values in a fixed key order
     */
    static java.util.Map<String, Object> toMap(Trigger trigger) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("kind", trigger.kind());
        if (trigger instanceof Http h) {
            m.put("methods", h.methods());
            m.put("public", h.publicAccess());
        } else if (trigger instanceof Storage s) {
            m.put("bucket", s.bucket());
            m.put("events", s.events().stream().map(Enum::name).sorted().toList());
            m.put("prefix", s.prefix());
            m.put("suffix", s.suffix());
        } else if (trigger instanceof Queue q) {
            m.put("queue", q.queue());
            m.put("batchSize", q.batchSize());
            m.put("maxAttempts", q.maxAttempts());
        } else if (trigger instanceof Schedule s) {
            m.put("expression", s.expression());
        }
        return m;
    }

    /**
     * Reads what {@link #toMap} wrote. {@code publicAccess} is still read for HTTP triggers, the spelling the local
     * runtime's unit records used before version 0.1.0 had one spelling, so a running runtime's records still load.
     */
    static Trigger fromMap(java.util.Map<?, ?> m) {
        String kind = String.valueOf(m.get("kind") == null ? "http" : m.get("kind"));
        return switch (kind) {
            case "storage" -> new Storage(String.valueOf(m.get("bucket")),
                    list(m.get("events")).stream().map(e -> StorageEventKind.valueOf(String.valueOf(e)))
                            .collect(java.util.stream.Collectors.toSet()),
                    (String) m.get("prefix"), (String) m.get("suffix"));
            case "queue" -> new Queue(String.valueOf(m.get("queue")), number(m.get("batchSize")), number(m.get("maxAttempts")));
            case "schedule" -> new Schedule(String.valueOf(m.get("expression")));
            case "http" -> new Http(list(m.get("methods")).stream().map(String::valueOf).toList(),
                    Boolean.TRUE.equals(m.get("public")) || Boolean.TRUE.equals(m.get("publicAccess")));
            default -> throw new IllegalArgumentException("unknown trigger kind '" + kind + "'");
        };
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static int number(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    /** Storage event kinds. */
    enum StorageEventKind {
        /** object created or overwritten */
        CREATED,
        /** object deleted */
        DELETED
    }
}
