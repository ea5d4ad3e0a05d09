package dev.faasport.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvocationContextTest {

    @Test
    void deadlineFromTheTimeoutAndEnvironmentFromDescriptorAndProcess() {
        FunctionEntry e = FunctionRegistry.load(getClass().getClassLoader()).get("hello");
        InvocationContext c = InvocationContext.of(e, "req-9");
        assertThat(c.functionName()).isEqualTo("hello");
        assertThat(c.invocationId()).isEqualTo("req-9");
        assertThat(c.remainingTime()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
        assertThat(c.environment()).containsEntry("GREETING", "hi");
        String path = System.getenv("PATH");
        if (path != null) assertThat(c.environment()).containsEntry("PATH", path);
        assertThat(new InvocationContext("f", "i", () -> -5, Map.of(), null).remainingTime()).isEqualTo(Duration.ZERO);
    }

    @Test
    void stdLoggerTagsLinesWithTheInvocationId() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(r, true));
            InvocationContext.stdLogger("id-1").info("started");
            InvocationContext.stdLogger("id-1").error("failed", new IllegalStateException("why"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(o.toString()).isEqualTo("[id-1] started" + System.lineSeparator());
        assertThat(r.toString()).startsWith("[id-1] ERROR failed" + System.lineSeparator()
                + "java.lang.IllegalStateException: why");
    }
}
