package ${package};

import dev.faasport.api.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Context for unit tests: a fixed environment, and the log lines kept so tests can assert them. */
final class TestContext implements Context {

    final List<String> lines = new ArrayList<>();
    private final Map<String, String> environment;

    TestContext(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String functionName() {
        return "${functionName}";
    }

    @Override
    public String invocationId() {
        return "test-invocation";
    }

    @Override
    public Duration remainingTime() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Logger logger() {
        return new Logger() {
            @Override
            public void info(String message) {
                lines.add(message);
            }

            @Override
            public void error(String message, Throwable error) {
                lines.add("ERROR " + message + ": " + error);
            }
        };
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }
}
