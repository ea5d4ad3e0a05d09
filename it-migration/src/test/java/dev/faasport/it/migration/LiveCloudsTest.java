package dev.faasport.it.migration;

import dev.faasport.core.model.Project;
import dev.faasport.core.Requests;
import dev.faasport.core.session.Target;
import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.migrate.MigrationOutcome;
import dev.faasport.core.migrate.MigrationRequest;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live test of issue 14: a set of two HTTP functions (as examples/hello-functions) deploys under a unique set name
 * to every chosen provider, each function answers, a log line is read, the set migrates between two providers
 * through the core facade (faas:migrate), and everything is removed, also when a step fails. With
 * {@code -Dfaas.live.endpoints=cloud} (the {@code live} profile) it runs against the real clouds with the user's own
 * login; by default against the test servers, so every build runs this code. See {@link LiveTargets}.
 */
class LiveCloudsTest extends MigrationSupport {

    @Test
    void theSetDeploysAnswersLogsMigratesAndIsRemovedEverywhere() throws Exception {
        String set = LiveTargets.uniqueSetName();
        run(new LiveTargets(System.getProperties(), System.getenv(), clouds, dir), set, function(set, "hello", "Hello"),
                function(set, "upper", "Upper"));
    }

    @Test
    void aFailingStepStillRemovesEverything() throws Exception {
        Properties p = new Properties();
        p.setProperty(LiveTargets.PROVIDERS, "aws,gcp");
        p.setProperty(LiveTargets.PATIENCE, "1");
        LiveTargets doubles = new LiveTargets(p, Map.of(), clouds, dir);
        String set = LiveTargets.uniqueSetName();

        // deployed on aws, then the first function answers 500: the run stops there
        assertThatThrownBy(() -> run(doubles, set, function(set, "hello", "Broken"), function(set, "upper", "Upper")))
                .hasMessageContaining("aws " + set + "-hello answers 200")
                .hasMessageContaining("500").satisfies(e -> assertThat(e.getSuppressed()).as("nothing left").isEmpty());

        assertThat(listed(doubles.target("aws"), set)).isEmpty();
    }

    /**
     * Function names start with the set name: Lambda and Cloud Functions names are unique per account (project) and
     * region, and a live run must not meet a user's own function called hello.
     */
    private static FunctionConfig function(String set, String name, String handler) {
        FunctionConfig c = new FunctionConfig(set + "-" + name, FunctionSources.handler(handler)).trigger("http");
        c.setPublicAccess(true);
        return c;
    }

    /**
     * The whole run with an HTTP function answering "hello NAME" and a typed one upper-casing JSON; the set is removed
     * from every provider it reached whatever happens.
     */
    private void run(LiveTargets live, String set, FunctionConfig hello, FunctionConfig upper) throws Exception {
        List<String> ready = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String id : live.providers()) {
            Optional<String> why = live.unavailable(faasport.provider(id), set);
            why.ifPresent(line -> {
                System.out.println(line);
                skipped.add(line);
            });
            if (why.isEmpty()) {
                ready.add(id);
            }
        }
        assumeTrue(!ready.isEmpty(), () -> "live: nothing to run\n" + String.join("\n", skipped));
        if (!live.cloud()) {
            assertThat(ready).as("the doubles need no login and run every provider").containsExactlyElementsOf(
                    live.providers());
        }

        Project project = project(set, Map.of(), hello, upper);
        List<String> names = List.of(hello.getName(), upper.getName());
        List<String> touched = new ArrayList<>();
        Throwable failure = null;
        try {
            for (int i = 0; i < ready.size(); i++) {
                String id = ready.get(i);
                touched.add(id);
                if (i == 1) {
                    migrateAndVerify(live, project, ready.get(0), id, names);
                } else {
                    step(id, "deploy set " + set);
                    faasport.deploy(new Requests.Deploy(project, live.target(id), options(live), false, null, null));
                }
                answersAndLogs(live, set, id, names.get(0), names.get(1));
            }
            if (ready.size() == 1) {
                touched.add("local");
                migrateAndVerify(live, project, ready.get(0), "local", names);
            }
        } catch (Throwable t) {
            failure = t;
            if (live.cloud()) {
                log.forEach(System.out::println); // what the deploy, migration and invocations said, for the user
            }
            throw t;
        } finally {
            List<String> leftovers = removeEverything(live, set, touched);
            if (!leftovers.isEmpty()) {
                AssertionError left = new AssertionError("live: set '" + set + "' was not removed everywhere, "
                        + "perhaps you should run faas:remove -Dfaas.setName=" + set + " with the same properties on: "
                        + String.join("; ", leftovers));
                if (failure == null) {
                    throw left;
                }
                failure.addSuppressed(left);
            }
        }
    }

    private void migrateAndVerify(LiveTargets live, Project project, String from, String to, List<String> names)
            throws Exception {
        step(from, "migrate to " + to);
        MigrationOutcome out = migrate(new MigrationRequest(project, live.target(from), live.target(to), false, false,
                false, Map.of(), options(live), null));
        assertVerified(out, names);
    }

    /** Every function answers (a fresh deploy may need a while on a cloud), and the first leaves a log line. */
    private void answersAndLogs(LiveTargets live, String set, String id, String helloName, String upperName)
            throws Exception {
        Target t = live.target(id);
        InvocationResult hello = until(live, id + " " + helloName + " answers 200", () -> faasport.invoke(
                new Requests.Invoke(t, set, helloName, new Invocation("GET", "/?name=live", Map.of(), null))),
                r -> r.status() == 200);
        assertThat(body(hello)).contains("hello live");
        InvocationResult upper = until(live, id + " " + upperName + " answers 200", () -> faasport.invoke(
                new Requests.Invoke(t, set, upperName, new Invocation("POST", "/", Map.of("Content-Type", "application/json"),
                "{\"name\":\"ada\"}".getBytes(StandardCharsets.UTF_8)))), r -> r.status() == 200);
        assertThat(body(upper)).contains("\"ADA\"");
        List<String> lines = until(live, id + " " + helloName + " has a log line", () -> faasport.logs(
                new Requests.Logs(t, set, helloName, 20)), l -> l.stream().anyMatch(s -> !s.isBlank()));
        step(id, "answered; a log line: " + lines.stream().filter(s -> !s.isBlank()).reduce((a, b) -> b).orElseThrow());
    }

    /**
     * Removes the set from every provider it reached, each on its own (one failure does not keep the others), then
     * asks each provider what it still lists for the set (its tags) and removes that once more.
     *
     * @return per provider, what is still there or why removing failed
     */
    private List<String> removeEverything(LiveTargets live, String set, List<String> touched) {
        List<String> leftovers = new ArrayList<>();
        for (String id : touched) {
            Target t = live.target(id);
            try {
                step(id, "remove set " + set);
                faasport.remove(new Requests.Remove(t, set, options(live), null));
                if (!listed(t, set).isEmpty()) {
                    faasport.remove(new Requests.Remove(t, set, options(live), null));
                }
                if (!listed(t, set).isEmpty()) {
                    leftovers.add(id + " still lists " + listed(t, set));
                }
            } catch (Exception | AssertionError e) {
                leftovers.add(id + ": " + e.getMessage());
            }
        }
        return leftovers;
    }

    private static <T> T until(LiveTargets live, String what, Supplier<T> call, java.util.function.Predicate<T> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(live.patience());
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = call.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("live: " + what + " did not happen within " + live.patience() + " (last: "
                        + (lastError != null ? lastError.getMessage() : describe(last)) + ")", lastError);
            }
            Thread.sleep(live.pollInterval().toMillis());
        }
    }

    private static String describe(Object o) {
        return o instanceof InvocationResult r ? r.status() + " " + body(r) : String.valueOf(o);
    }

    private static String body(InvocationResult r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** The test servers answer at once; the clouds throttle, so a live run keeps the plugin's own retries. */
    private static DeployOptions options(LiveTargets live) {
        return live.cloud() ? DeployOptions.defaults() : fast();
    }

    private static void step(String provider, String what) {
        System.out.println("live: " + provider + ": " + what);
    }
}
