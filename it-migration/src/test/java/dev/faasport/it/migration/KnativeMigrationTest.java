package dev.faasport.it.migration;

import org.awaitility.Awaitility;
import dev.faasport.core.DeployOutcome;
import dev.faasport.core.Inventory;
import dev.faasport.core.model.Project;
import dev.faasport.core.Requests;
import dev.faasport.core.session.Target;
import dev.faasport.core.deploy.UnitResult;
import dev.faasport.core.migrate.FunctionMigration;
import dev.faasport.core.migrate.MigrationFailedException;
import dev.faasport.core.migrate.MigrationOutcome;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.core.plan.UnitChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Migration to and from Knative: the HTTP functions are packaged as images, pushed to a real registry, deployed as
 * Knative Services on the test cluster, whose controller pulls and runs them, and verified by calling both sides.
 */
class KnativeMigrationTest extends MigrationSupport {

    static final List<String> HTTP = List.of("hello", "upper");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"local,knative", "knative,local", "aws,knative", "knative,gcp", "azure,knative"})
    void theHttpFunctionsMigrateVerifyAndCutOver(String from, String to) throws Exception {
        Project project = project(clouds.imageSettings(), hello(), upper());
        deploy(project, from);
        assertThat(listed(from)).containsExactlyInAnyOrderElementsOf(held(from, HTTP));

        MigrationOutcome out = migrate(request(project, from, to, false, Map.of()));

        assertVerified(out, HTTP);
        // both sides ran the function, not merely failed alike
        assertThat(out.verifications()).allSatisfy(v -> {
            assertThat(v.sourceStatus()).isEqualTo(200);
            assertThat(v.targetStatus()).isEqualTo(200);
        });
        assertThat(out.verifications()).filteredOn(v -> v.function().equals("hello")).singleElement()
                .satisfies(v -> assertThat(v.targetBody()).contains("\"greeting\":\"hello"));
        assertThat(listed(from)).as("source untouched without cutover").containsExactlyInAnyOrderElementsOf(held(from, HTTP));
        assertThat(listed(to)).containsExactlyInAnyOrderElementsOf(held(to, HTTP));

        MigrationOutcome cut = migrate(request(project, from, to, true, Map.of()));

        assertThat(cut.status()).isEqualTo(MigrationOutcome.Status.CUT_OVER);
        assertThat(listed(from)).as("source removed by the cutover").isEmpty();
        assertThat(listed(to)).containsExactlyInAnyOrderElementsOf(held(to, HTTP));
        if (from.equals("knative")) {
            // the controller stops a deleted service's pods asynchronously, as Kubernetes does
            Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(clouds.knative.revisions()).as("no revision process outlives its service")
                            .noneMatch(r -> r.process().isAlive()));
        }
    }

    @Test
    void deployInfoInvokeLogsAndRemoveWorkOnTheClusterAsOnTheClouds() throws Exception {
        Project project = project(clouds.imageSettings(), hello(), upper());
        Target knative = clouds.target("knative");
        DeployOutcome first = faasport.deploy(new Requests.Deploy(project, knative, fast(), false, null, null));
        assertThat(first.report().results()).extracting(UnitResult::kind).containsOnly(UnitChange.Kind.CREATE);
        assertThat(first.report().count(UnitResult.Outcome.SUCCEEDED)).isEqualTo(2);

        // the images are reproducible: the same build is the same digest, so nothing is redeployed
        DeployOutcome again = faasport.deploy(new Requests.Deploy(project, knative, fast(), false, null, null));
        assertThat(again.report().results()).extracting(UnitResult::kind).containsOnly(UnitChange.Kind.UNCHANGED);
        assertThat(clouds.knative.revisions()).hasSize(2);

        Inventory info = faasport.info(new Requests.Info(knative, Clouds.SET));
        assertThat(info.endpoints()).containsOnlyKeys("hello", "upper")
                .allSatisfy((fn, url) -> assertThat(url).startsWith("http://127.0.0.1:"));
        InvocationResult answer = faasport.invoke(new Requests.Invoke(knative, Clouds.SET, "upper",
                new Invocation("POST", "/", Map.of("Content-Type", "application/json"),
                        "{\"city\":\"lyon\"}".getBytes(StandardCharsets.UTF_8))));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.bodyAsString()).contains("\"CITY\"").contains("\"LYON\"");
        assertThat(faasport.logs(new Requests.Logs(knative, Clouds.SET, "hello", 20)))
                .anySatisfy(line -> assertThat(line).contains("function 'hello' listening on"));

        faasport.remove(new Requests.Remove(knative, Clouds.SET, fast(), null));
        assertThat(listed("knative")).isEmpty();
    }

    @Test
    void eventFunctionsBlockAMigrationToKnativeAndNothingIsDeployed() throws Exception {
        Project project = project(clouds.imageSettings(), all());
        deploy(project, "local");

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> faasport.migrate(request(project, "local", "knative", false, Map.of())));

        assertThat(e.outcome().status()).isEqualTo(MigrationOutcome.Status.BLOCKED);
        assertThat(e.outcome().functions()).filteredOn(FunctionMigration::blocked).extracting(FunctionMigration::name)
                .containsExactlyInAnyOrder("thumbnail", "orders", "nightly");
        assertThat(e.outcome().functions()).filteredOn(f -> f.name().equals("orders")).singleElement()
                .satisfies(f -> assertThat(f.blockers()).singleElement().satisfies(b -> assertThat(b.reason())
                        .startsWith("Function 'orders': Knative Serving (default plan) has no queue trigger")));
        assertThat(listed("knative")).as("nothing deployed to the cluster").isEmpty();
        assertThat(listed("local")).containsExactlyInAnyOrderElementsOf(NAMES);
        // the functions that cannot run there are never built as images
        assertThat(clouds.registry.catalog()).noneMatch(r -> r.endsWith("/thumbnail") || r.endsWith("/orders")
                || r.endsWith("/nightly"));
    }
}
