package dev.faasport.runtime;

import dev.faasport.api.Context;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A {@link Context} built by an adapter from what its platform tells about the invocation. The environment is the
 * descriptor's environment of the function with the process environment on top (Azure holds settings per app, not
 * per function, so the descriptor carries the per-function values).
 */
public final class InvocationContext implements Context {

    private final String functionName;
    private final String invocationId;
    private final LongSupplier remainingMillis;
    private final Map<String, String> environment;
    private final Logger logger;
    private final Object platformEvent;

    /**
     * @param functionName    the function's name in the set
     * @param invocationId    the platform's request id
     * @param remainingMillis milliseconds left before the platform ends the invocation
     * @param environment     the function's environment
     * @param logger          where the function's log lines go
     */
    public InvocationContext(String functionName, String invocationId, LongSupplier remainingMillis,
                             Map<String, String> environment, Logger logger) {
        this(functionName, invocationId, remainingMillis, environment, logger, null);
    }

    private InvocationContext(String functionName, String invocationId, LongSupplier remainingMillis,
                              Map<String, String> environment, Logger logger, Object platformEvent) {
        this.functionName = functionName;
        this.invocationId = invocationId;
        this.remainingMillis = remainingMillis;
        this.environment = environment;
        this.logger = logger;
        this.platformEvent = platformEvent;
    }

    /**
     * @param event the event as the platform delivered it, in its own type (a Google {@code CloudEvent})
     * @return this context carrying it, so a {@link NativeAdapter} of that platform's vendor can hand its function the
     *         original instead of one rebuilt from the neutral event
     */
    public InvocationContext withPlatformEvent(Object event) {
        return new InvocationContext(functionName, invocationId, remainingMillis, environment, logger, event);
    }

    /** @return the platform's own event (see {@link #withPlatformEvent}), or null */
    public Object platformEvent() {
        return platformEvent;
    }

    /** A context whose deadline is now plus the function's timeout (platforms that do not report time left). */
    public static InvocationContext of(FunctionEntry entry, String invocationId) {
        Instant deadline = Instant.now().plusSeconds(entry.timeoutSeconds() > 0 ? entry.timeoutSeconds() : 60);
        return of(entry, invocationId, () -> Duration.between(Instant.now(), deadline).toMillis(),
                stdLogger(invocationId));
    }

    /** A context with the platform's own time-left figure and logger. */
    public static InvocationContext of(FunctionEntry entry, String invocationId, LongSupplier remainingMillis,
                                       Logger logger) {
        return new InvocationContext(entry.name(), invocationId, remainingMillis, environment(entry), logger);
    }

    /** @return the descriptor's environment of the function overlaid with the process environment */
    public static Map<String, String> environment(FunctionEntry entry) {
        return entry.mergedEnvironment();
    }

    /** @return a logger writing {@code [invocationId] message} lines to stdout, errors with stack trace to stderr */
    public static Logger stdLogger(String invocationId) {
        return new StreamLogger(invocationId, System.out, System.err);
    }

    @Override
    public String functionName() {
        return functionName;
    }

    @Override
    public String invocationId() {
        return invocationId;
    }

    @Override
    public Duration remainingTime() {
        return Duration.ofMillis(Math.max(0, remainingMillis.getAsLong()));
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    /** Logs to two print streams, each line tagged with the invocation id. */
    private record StreamLogger(String id, PrintStream out, PrintStream err) implements Logger {
        @Override
        public void info(String message) {
            out.println("[" + id + "] " + message);
        }

        @Override
        public void error(String message, Throwable error) {
            synchronized (err) {
                err.println("[" + id + "] ERROR " + message);
                if (error != null) error.printStackTrace(err);
            }
        }
    }
}
