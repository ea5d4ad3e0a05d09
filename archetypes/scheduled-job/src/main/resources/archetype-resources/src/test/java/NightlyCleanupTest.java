package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faasport.api.ScheduleEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NightlyCleanupTest {

    private static final Instant TICK = Instant.parse("2026-11-27T02:00:00Z");
    private static final ScheduleEvent NIGHTLY = new ScheduleEvent("cron(0 2 * * ? *)", TICK, false);

    private final InMemoryEntryStore store = new InMemoryEntryStore();
    private final NightlyCleanup job = new NightlyCleanup(store);

    @BeforeEach
    void entries() {
        store.add(new Entry("fresh", TICK.minus(Duration.ofDays(1))));
        store.add(new Entry("on-the-cutoff", TICK.minus(Duration.ofDays(7))));
        store.add(new Entry("old", TICK.minus(Duration.ofDays(8))));
        store.add(new Entry("ancient", TICK.minus(Duration.ofDays(400))));
    }

    @Test
    void deletesWhatIsUnusedForLongerThanTheRetentionAndReportsIt() {
        TestContext context = new TestContext(Map.of("RETENTION_DAYS", "7"));

        job.handle(NIGHTLY, context);

        assertThat(store.list()).extracting(Entry::id).containsExactly("fresh", "on-the-cutoff");
        assertThat(context.lines).containsExactly("cleanup for 2026-11-27T02:00:00Z: deleted 2 of 4 entries unused "
                + "since 2026-11-20T02:00:00Z [ancient, old]");
    }

    @Test
    void theCutoffComesFromTheTickNotTheClock() {
        ScheduleEvent lateRetry = new ScheduleEvent("cron(0 2 * * ? *)", TICK.minus(Duration.ofDays(2)), true);
        TestContext context = new TestContext(Map.of("RETENTION_DAYS", "7"));

        CleanupReport report = job.run(lateRetry, context);

        assertThat(report.cutoff()).isEqualTo(Instant.parse("2026-11-18T02:00:00Z"));
        assertThat(report.deleted()).containsExactly("ancient");
        job.handle(lateRetry, context);
        assertThat(context.lines).singleElement().asString().startsWith("manual cleanup");
    }

    @Test
    void aDryRunDeletesNothing() {
        CleanupReport report = job.run(NIGHTLY, new TestContext(Map.of("RETENTION_DAYS", "7", "DRY_RUN", "true")));

        assertThat(report.deleted()).containsExactly("ancient", "old");
        assertThat(report.summary()).contains("would delete 2 of 4");
        assertThat(store.list()).hasSize(4);
    }

    @Test
    void theDefaultRetentionIsThirtyDays() {
        assertThat(job.run(NIGHTLY, new TestContext(Map.of())).deleted()).containsExactly("ancient");
    }

    @Test
    void badRetentionSettingsSayWhatToFix() {
        assertThatThrownBy(() -> job.run(NIGHTLY, new TestContext(Map.of("RETENTION_DAYS", "a week"))))
                .hasMessageContaining("RETENTION_DAYS").hasMessageContaining("${functionName}");
        assertThatThrownBy(() -> job.run(NIGHTLY, new TestContext(Map.of("RETENTION_DAYS", "0"))))
                .hasMessageContaining("perhaps you should set RETENTION_DAYS to 1 or more");
        assertThat(store.list()).hasSize(4);
    }
}
