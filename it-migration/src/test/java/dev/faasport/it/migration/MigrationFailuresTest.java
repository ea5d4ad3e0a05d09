package dev.faasport.it.migration;

import dev.faasport.core.model.Project;
import dev.faasport.core.migrate.MigrationFailedException;
import dev.faasport.core.migrate.MigrationOutcome;
import dev.faasport.core.migrate.Verification;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.spi.DeployedUnit;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Blockers and failures stop a migration between real providers with the source as it was. */
class MigrationFailuresTest extends MigrationSupport {

    @Test
    void aTimeoutAzureConsumptionCannotRunBlocksWithTheSourceUntouched() throws Exception {
        FunctionConfig longJob = orders().timeoutSeconds(900);
        Project project = project(hello(), longJob);
        deploy(project, "local");
        TreeSet<String> before = listed("local");

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> faasport.migrate(request(project, "local", "azure", true, Map.of())));

        assertThat(e.outcome().status()).isEqualTo(MigrationOutcome.Status.BLOCKED);
        assertThat(e.outcome().blockers()).anySatisfy(b -> assertThat(b)
                .contains("Function 'orders': timeout 900 s > 600 s", "consumption", "-Dfaas.capTimeouts=true"));
        assertThat(e.outcome().deployReport()).isNull();
        assertThat(e.outcome().verifications()).isEmpty();
        assertThat(Files.readString(e.outcome().markdown())).contains("orders", "900 s", "BLOCKED");
        assertThat(clouds.azure.siteCount()).as("no function app was created on Azure").isZero();
        assertThat(listed("local")).isEqualTo(before).containsExactlyInAnyOrder("hello", "orders");
        // the source still serves
        assertThat(faasport.invoke(new dev.faasport.core.Requests.Invoke(clouds.target("local"), Clouds.SET, "hello",
                null)).bodyAsString()).contains("hello world");
    }

    @Test
    void aScheduleGoogleCannotExpressBlocksBeforeAnythingIsCreatedOnGoogle() throws Exception {
        // the last Friday of the month: EventBridge runs it, unix-cron has no L
        Project project = project(hello(), nightly("cron(0 10 ? * 6L *)"));
        deploy(project, "aws");
        int created = clouds.aws.createFunctionCalls();

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> faasport.migrate(request(project, "aws", "gcp", true, Map.of())));

        assertThat(e.outcome().status()).isEqualTo(MigrationOutcome.Status.BLOCKED);
        assertThat(e.outcome().blockers()).singleElement().asString()
                .contains("cron(0 10 ? * 6L *)", "nightly", "unix-cron", "perhaps you should");
        assertThat(clouds.gcp.creates.get()).isZero();
        assertThat(clouds.gcp.functionCount()).isZero();
        assertThat(clouds.aws.createFunctionCalls()).isEqualTo(created);
        assertThat(clouds.aws.calls("DeleteFunction")).isZero();
        assertThat(listed("aws")).containsExactlyInAnyOrder("hello", "nightly");
    }

    @Test
    void aBuildFailureOnGoogleLeavesTheSourceIntactAndTheReportListsWhatExistsThere() throws Exception {
        Project project = project(all());
        deploy(project, "aws");
        clouds.properties("gcp");
        clouds.gcp.failNextBuild("orders");

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> faasport.migrate(request(project, "aws", "gcp", true, Map.of())));

        MigrationOutcome out = e.outcome();
        assertThat(out.status()).isEqualTo(MigrationOutcome.Status.DEPLOY_FAILED);
        assertThat(out.failure()).contains("orders");
        assertThat(out.cutoverReport()).isNull();
        // the source: never modified, still complete and serving
        assertThat(clouds.aws.calls("DeleteFunction")).isZero();
        assertThat(listed("aws")).containsExactlyInAnyOrderElementsOf(NAMES);
        assertThat(faasport.invoke(new dev.faasport.core.Requests.Invoke(clouds.target("aws"), Clouds.SET, "hello",
                null)).bodyAsString()).contains("hello world");
        // the report says exactly what the target holds
        assertThat(out.targetListed()).isTrue();
        TreeSet<String> onGoogle = listed("gcp");
        assertThat(out.targetUnits()).extracting(DeployedUnit::name).containsExactlyInAnyOrderElementsOf(onGoogle);
        assertThat(onGoogle).contains("hello", "upper", "thumbnail", "nightly");
        String md = Files.readString(out.markdown());
        assertThat(md).contains("DEPLOY FAILED");
        onGoogle.forEach(name -> assertThat(md).contains(name));
    }

    @Test
    void anUnreachableTargetFailsTheDeployAndTheSourceKeepsServing() throws Exception {
        Project project = project(hello(), upper());
        deploy(project, "local");
        clouds.properties("aws");
        // every Lambda API call answers 500 from now on: the core's retries run out
        clouds.aws.faults(0, 1.0, 0, java.time.Duration.ZERO);

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> faasport.migrate(request(project, "local", "aws", true, Map.of())));

        assertThat(e.outcome().status()).isEqualTo(MigrationOutcome.Status.DEPLOY_FAILED);
        assertThat(e.outcome().verifications()).isEmpty();
        assertThat(e.outcome().targetListed()).as("the target could not be read either").isFalse();
        assertThat(Files.readString(e.outcome().markdown())).contains("DEPLOY FAILED");
        assertThat(listed("local")).containsExactlyInAnyOrder("hello", "upper");
        assertThat(faasport.invoke(new dev.faasport.core.Requests.Invoke(clouds.target("local"), Clouds.SET, "upper",
                new dev.faasport.spi.Invocation("POST", "/", Map.of("content-type", "application/json"),
                        "{\"a\":\"b\"}".getBytes()))).bodyAsString()).contains("\"A\":\"B\"");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "local -> {0}")
    @org.junit.jupiter.params.provider.CsvSource({"gcp,500", "azure,500", "aws,500"})
    void aFunctionThatFailsOnTheTargetOnlyFailsVerificationAndNothingIsCutOver(String to, int status) throws Exception {
        // the same name runs a working handler on the source and a throwing one in the project: the answers differ
        Project source = project(hello());
        deploy(source, "local");
        FunctionConfig broken = new FunctionConfig("hello", FunctionSources.handler("Broken"));
        broken.setPublicAccess(true);

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> faasport.migrate(request(project(broken), "local", to, true, Map.of())));

        assertThat(e.outcome().status()).isEqualTo(MigrationOutcome.Status.VERIFICATION_FAILED);
        Verification v = e.outcome().verifications().get(0);
        assertThat(v.sourceStatus()).isEqualTo(200);
        // the test servers run the package: the adapters answer a throwing HTTP function with 500 everywhere
        assertThat(v.targetStatus()).as("a throwing function on " + to).isEqualTo(status);
        assertThat(listed("local")).containsExactly("hello");
        assertThat(e.outcome().cutoverReport()).isNull();
    }
}
