package dev.faasport.core;

import dev.faasport.core.deploy.DeployFailedException;
import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.deploy.DeployReport;
import dev.faasport.core.deploy.RetryPolicy;
import dev.faasport.core.deploy.UnitResult;
import dev.faasport.core.error.ConfigurationException;
import dev.faasport.core.error.FaasportException;
import dev.faasport.core.error.ProviderNotFoundException;
import dev.faasport.core.error.ProviderOperationException;
import dev.faasport.core.fake.FakeProvider;
import dev.faasport.core.fake.FakeSession;
import dev.faasport.core.fixtures.HelloHttp;
import dev.faasport.core.fixtures.UpperCase;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.core.model.Project;
import dev.faasport.core.plan.DeployPlan;
import dev.faasport.core.session.Providers;
import dev.faasport.core.session.Target;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.ProviderConfig;
import dev.faasport.core.plan.UnitChange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FaasportTest {

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Faasport faasport = new Faasport(new ProviderConfig.Log() {
        public void info(String m) { lines.add("INFO " + m); }
        public void warn(String m) { lines.add("WARN " + m); }
        public void debug(String m) { lines.add("DEBUG " + m); }
    }, FaasportTest.class.getClassLoader());

    private Path classes;

    @BeforeEach
    void setUp() throws IOException {
        FakeProvider.reset();
        classes = dir.resolve("classes");
        Path testClasses = Path.of(HelloHttp.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        for (Class<?> c : List.of(HelloHttp.class, UpperCase.class)) {
            Path rel = Path.of(c.getName().replace('.', '/') + ".class");
            Files.createDirectories(classes.resolve(rel).getParent());
            Files.copy(testClasses.resolve(rel), classes.resolve(rel));
        }
    }

    private Project project(FunctionConfig... functions) {
        return new Project(new FunctionSetConfig("shop", null, List.of(functions)), FaasportTest.class.getClassLoader(),
                classes, List.of(), Map.of(), dir.resolve("faas"), null, false, Map.of());
    }

    private static FunctionConfig hello() {
        return new FunctionConfig("hello", HelloHttp.class.getName());
    }

    private static FunctionConfig upper() {
        return new FunctionConfig("upper", UpperCase.class.getName());
    }

    private Target fake() {
        return new Target("fake", Map.of("fake.region", "test"), dir.resolve("work"));
    }

    @Test
    void aDeployWithoutCredentialsSaysSoOnceNotFirstAsALiveLimitsWarning() {
        Target loggedOut = new Target("fake", Map.of("fake.loggedOut", "true"), dir.resolve("work"));
        assertThatThrownBy(() -> faasport.deploy(new Requests.Deploy(project(hello()), loggedOut,
                new DeployOptions(2, RetryPolicy.DEFAULT), false, null, null)))
                .hasMessageStartingWith("Not logged in to provider 'fake'");
        assertThat(lines).noneMatch(l -> l.startsWith("WARN") && l.contains("credentials"));
        assertThat(lines).anyMatch(l -> l.startsWith("DEBUG") && l.contains("live limits"));
    }

    private Requests.Deploy deploy(Project project) {
        return new Requests.Deploy(project, fake(), new DeployOptions(2, RetryPolicy.DEFAULT), false, null, null);
    }

    @Test
    void deploysThenSkipsUnchangedThenUpdatesOnlyWhatChanged() {
        DeployOutcome first = faasport.deploy(deploy(project(hello(), upper())));

        FakeSession target = FakeProvider.target("fake");
        assertThat(first.report().succeeded()).isTrue();
        assertThat(first.plan().changes()).extracting(UnitChange::kind)
                .containsExactly(UnitChange.Kind.CREATE, UnitChange.Kind.CREATE);
        assertThat(first.report().endpoints()).containsOnlyKeys("hello", "upper");
        assertThat(first.check().skipped()).containsExactly("fake");
        assertThat(target.units).containsOnlyKeys("hello", "upper");
        assertThat(target.closed).isTrue();
        assertThat(FakeProvider.OPENED.get(0).setName()).isEqualTo("shop");
        assertThat(FakeProvider.OPENED.get(0).properties()).containsEntry("fake.region", "test");
        assertThat(lines).anyMatch(l -> l.startsWith("INFO Plan for function set 'shop':"));

        target.log.clear();
        DeployOutcome again = faasport.deploy(deploy(project(hello(), upper())));
        assertThat(again.plan().changes()).extracting(UnitChange::kind)
                .containsOnly(UnitChange.Kind.UNCHANGED);
        assertThat(again.report().results()).extracting(UnitResult::outcome).containsOnly(UnitResult.Outcome.SKIPPED);
        assertThat(target.log).containsExactly("list");

        target.log.clear();
        DeployOutcome changed = faasport.deploy(deploy(project(hello().environment(Map.of("GREETING", "hey")), upper())));
        // the provider sets the environment (the descriptor leaves it out outside Azure): a config update, no upload
        assertThat(changed.plan().changes()).extracting(UnitChange::name, UnitChange::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("hello", UnitChange.Kind.UPDATE_CONFIG),
                org.assertj.core.groups.Tuple.tuple("upper", UnitChange.Kind.UNCHANGED));
        assertThat(target.log).containsExactly("list", "verify:hello", "apply:hello");
        assertThat(target.createsOf("hello")).isEqualTo(1);
    }

    @Test
    void whatOnlyTheTargetKnowsIsVerifiedForTheChangingUnitsBeforeAnyChange() {
        FakeSession target = FakeProvider.target("fake");
        target.refuse = dev.faasport.spi.ProviderException.permanent("Queue 'jobs' has a visibility timeout of 30 s, "
                + "less than the 60 s timeout of function 'upper'", "raise the queue's VisibilityTimeout to 60 s");
        ProviderOperationException e = catchThrowableOfType(ProviderOperationException.class,
                () -> faasport.deploy(deploy(project(hello(), upper()))));
        assertThat(e.getMessage()).contains("visibility timeout of 30 s", "perhaps you should raise the queue's");
        assertThat(target.log).containsExactly("list", "verify:hello,upper");
        assertThat(target.units).isEmpty();

        target.refuse = null;
        faasport.deploy(deploy(project(hello(), upper())));
        target.log.clear();
        faasport.deploy(deploy(project(hello().environment(Map.of("GREETING", "hey")), upper())));
        assertThat(target.log).as("unchanged units cost no read").containsExactly("list", "verify:hello", "apply:hello");
    }

    @Test
    void dropsFunctionsNoLongerInTheSet() {
        faasport.deploy(deploy(project(hello(), upper())));
        DeployOutcome outcome = faasport.deploy(deploy(project(hello())));
        assertThat(outcome.plan().ofKind(UnitChange.Kind.DELETE)).extracting(UnitChange::name).containsExactly("upper");
        assertThat(FakeProvider.target("fake").units).containsOnlyKeys("hello");
    }

    @Test
    void planChangesNothing() {
        DeployPlan plan = faasport.plan(new Requests.Plan(project(hello()), fake()));
        assertThat(plan.changes()).extracting(UnitChange::kind).containsExactly(UnitChange.Kind.CREATE);
        assertThat(FakeProvider.target("fake").log).containsExactly("list", "verify:hello");

        // what the target would refuse fails the plan already (verify only reads)
        FakeProvider.target("fake").refuse = dev.faasport.spi.ProviderException.permanent("queue too short", "raise it");
        assertThatThrownBy(() -> faasport.plan(new Requests.Plan(project(hello()), fake())))
                .isInstanceOf(ProviderOperationException.class).hasMessageContaining("queue too short");
    }

    @Test
    void infoInvokeLogsAndRemove() {
        faasport.deploy(deploy(project(hello(), upper())));

        Inventory info = faasport.info(new Requests.Info(fake(), "shop"));
        assertThat(info.units()).hasSize(2);
        assertThat(info.endpoints()).containsEntry("hello", "http://127.0.0.1:1/hello");
        assertThat(info.render()).contains("Function set 'shop' on Fake FaaS:").contains("http://127.0.0.1:1/upper");

        InvocationResult result = faasport.invoke(new Requests.Invoke(fake(), "shop", "upper",
                new Invocation("POST", "/", Map.of(), "\"abc\"".getBytes(StandardCharsets.UTF_8))));
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.bodyAsString()).isEqualTo("echo:\"abc\"");

        assertThat(faasport.logs(new Requests.Logs(fake(), "shop", "hello", 1))).containsExactly("hello line 1");

        FaasportException missing = catchThrowableOfType(FaasportException.class,
                () -> faasport.invoke(new Requests.Invoke(fake(), "shop", "nope", null)));
        assertThat(missing.getMessage()).isEqualTo("Function 'nope' is not deployed for set 'shop' on provider 'fake' "
                + "(deployed: hello, upper), perhaps you should run faas:deploy first or pass one of the deployed names");

        DeployReport removed = faasport.remove(new Requests.Remove(fake(), "shop", null, null));
        assertThat(removed.results()).extracting(UnitResult::kind).containsOnly(UnitChange.Kind.DELETE);
        assertThat(FakeProvider.target("fake").units).isEmpty();
        assertThat(faasport.info(new Requests.Info(fake(), "shop")).render())
                .isEqualTo("Nothing is deployed for function set 'shop' on Fake FaaS.\n");
    }

    @Test
    void aUnitThatListsItsFunctionsOnlyAsEndpointsStillHoldsThem() {
        // an Azure function app is one unit whose list() entry may carry only the endpoints of its HTTP functions
        FakeProvider.target("fake").units.put("shop-app", new dev.faasport.spi.DeployedUnit("shop", "shop-app", "sha", "cfg", List.of(),
                Map.of("hello", "http://127.0.0.1:1/api/hello"), Map.of()));

        assertThat(faasport.logs(new Requests.Logs(fake(), "shop", "hello", 1))).containsExactly("hello line 1");
        assertThat(catchThrowableOfType(FaasportException.class,
                () -> faasport.logs(new Requests.Logs(fake(), "shop", "nope", 1))).getMessage())
                .contains("(deployed: hello, shop-app)");
    }

    @Test
    void aFailedUnitFailsTheDeployWithTheReport() {
        FakeProvider.target("fake").permanent.add("upper");
        DeployFailedException e = catchThrowableOfType(DeployFailedException.class,
                () -> faasport.deploy(deploy(project(hello(), upper()))));
        assertThat(e.report().result("hello").orElseThrow().outcome()).isEqualTo(UnitResult.Outcome.SUCCEEDED);
        assertThat(e.getMessage()).contains("upper: InvalidParameterValueException: role is not assumable, perhaps you "
                + "should set aws.role to a role Lambda can assume")
                .endsWith("Deploy of set 'shop' failed for 1 of 2 units (see the report above), perhaps you should fix "
                        + "the errors listed and run faas:deploy again; it resumes where it stopped and leaves finished "
                        + "units alone");
    }

    @Test
    void transientFailuresThroughTheFacadeConverge() {
        FakeSession target = FakeProvider.target("fake");
        target.fail("hello", FakeSession.serverError(true), FakeSession.throttled(Duration.ofMillis(20)));
        DeployOutcome outcome = faasport.deploy(new Requests.Deploy(project(hello(), upper()), fake(),
                new DeployOptions(2, new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(50), 0.5)),
                false, null, null));
        assertThat(outcome.report().result("hello").orElseThrow().attempts()).isEqualTo(3);
        assertThat(target.createsOf("hello")).isEqualTo(1);
    }

    @Test
    void violationsStopTheDeployBeforeAnyChange() {
        FunctionConfig huge = hello().memoryMb(20_000);
        Target aws = new Target("aws", Map.of(), dir.resolve("work"));

        CheckFailedException e = catchThrowableOfType(CheckFailedException.class, () -> faasport.deploy(
                new Requests.Deploy(project(huge), aws, null, false, null, null)));

        assertThat(e.getMessage()).startsWith("The function set does not fit the target's limits, perhaps you should "
                        + "apply the fixes listed below, or pass -Dfaas.skipCheck to deploy anyway:\n")
                .contains("hello     VIOLATION").contains("Function 'hello' does not fit AWS Lambda: memory 20000 MB");
        assertThat(FakeProvider.target("aws").log).isEmpty();
        assertThat(FakeProvider.OPENED).as("no session is even opened: no runtime start, no remote call").isEmpty();
        assertThat(e.outcome().reports()).singleElement().satisfies(r -> assertThat(r.hasViolations()).isTrue());

        DeployOutcome forced = faasport.deploy(new Requests.Deploy(project(huge), aws, null, true, null, null));
        assertThat(forced.check()).isNull();
        assertThat(FakeProvider.target("aws").units).containsOnlyKeys("hello");
    }

    @Test
    void checkWritesReportsAndFailsOnViolations() {
        CheckOutcome ok = faasport.check(new Requests.Check(project(hello()), List.of("aws", "fake"), null, null, false));
        assertThat(ok.reports()).hasSize(1);
        assertThat(ok.skipped()).containsExactly("fake");
        assertThat(ok.markdown()).exists();
        assertThat(ok.html()).exists();
        assertThat(lines).anyMatch(l -> l.equals("WARN Provider 'fake' has no limit table, so faas:check did not check it"));
        // issue 17: faas:check said nothing of where it wrote its report
        assertThat(lines).anyMatch(l -> l.endsWith("faas: check report written to " + ok.markdown() + " and check-report.html"));

        assertThatThrownBy(() -> faasport.check(new Requests.Check(project(hello().timeoutSeconds(5000)),
                List.of("aws"), null, null, false)))
                .isInstanceOf(CheckFailedException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void checkListsWhatStaysTiedToWhichVendorPerFunctionAndWarnsWithoutFailing() throws IOException {
        Path testClasses = Path.of(HelloHttp.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        for (String name : List.of("S3Thumbnail", "S3Objects", "StreamAudit")) {
            Path rel = Path.of("dev/faasport/core/fixtures/" + name + ".class");
            Files.copy(testClasses.resolve(rel), classes.resolve(rel));
        }
        FunctionConfig thumbnail = new FunctionConfig("thumbnail", "dev.faasport.core.fixtures.S3Thumbnail")
                .bucket("images");
        FunctionConfig audit = new FunctionConfig("audit", "dev.faasport.core.fixtures.StreamAudit").queue("audit");

        CheckOutcome ok = faasport.check(new Requests.Check(project(hello(), thumbnail, audit), List.of("aws", "fake"),
                null, Requests.FailOn.WARNING, false));

        assertThat(ok.lockIn().tiesOf("hello")).isEmpty();
        assertThat(ok.lockIn().tiesOf("thumbnail")).extracting(t -> t.api().id()).containsExactly("aws.s3");
        assertThat(ok.lockIn().tiesOf("audit")).extracting(t -> t.api().id()).containsExactly("aws.lambda.events");
        String md = Files.readString(ok.markdown());
        assertThat(md).contains("## Vendor lock-in").contains("| function | vendor | service | on aws | on fake | found in |")
                .contains("| thumbnail | AWS | Amazon S3 | native | with AWS credentials | dev.faasport.core.fixtures"
                        + ".S3Thumbnail -> dev.faasport.core.fixtures.S3Objects -> software.amazon.awssdk.services.s3.")
                .contains("| audit | AWS | Lambda events of triggers Faasport does not translate | native | does not work |"
                        + " dev.faasport.core.fixtures.StreamAudit -> com.amazonaws.services.lambda.runtime.events."
                        + "DynamodbEvent |")
                .contains("- thumbnail, Amazon S3: keeps working on fake with AWS credentials")
                .doesNotContain("| hello | AWS");
        assertThat(Files.readString(ok.html())).contains("<h2>Vendor lock-in</h2>");
        String log = String.join("\n", lines);
        assertThat(log).contains("Vendor lock-in (the vendor services each function calls):");
        assertThat(lines).filteredOn(l -> l.startsWith("WARN Function 'audit'")).singleElement().asString()
                .isEqualTo("WARN Function 'audit' does not work on fake: only Lambda delivers these events (from"
                        + " DynamoDB streams, Kinesis, Cognito, ...) (dev.faasport.core.fixtures.StreamAudit ->"
                        + " com.amazonaws.services.lambda.runtime.events.DynamodbEvent), perhaps you should declare a"
                        + " portable trigger (http, storage, queue or schedule) with a handler of that shape, or keep"
                        + " this function on AWS");
        assertThat(ok.fails(Requests.FailOn.WARNING)).as("information, not a finding").isFalse();
    }

    @Test
    void aRuntimeAskedForInTheTargetsPropertiesIsPackagedAndChecked() {
        Project java21 = new Project(new FunctionSetConfig("shop", null, List.of(hello())),
                FaasportTest.class.getClassLoader(), classes, List.of(), Map.of(), dir.resolve("faas"), null, false,
                Map.of("java.version", "21"));
        Target old = new Target("aws", Map.of("aws.runtime", "java17"), dir.resolve("work"));
        assertThatThrownBy(() -> faasport.check(new Requests.Check(java21, List.of("aws"), old, null, false)))
                .isInstanceOf(CheckFailedException.class)
                .hasMessageContaining("Function 'hello' does not fit AWS Lambda: Java runtime java17 cannot run Java 21");

        Target pinned = new Target("aws", Map.of("aws.runtime", "java21"), dir.resolve("work"));
        CheckOutcome ok = faasport.check(new Requests.Check(java21, List.of("aws"), pinned, null, false));
        assertThat(ok.render()).contains("aws: Java runtime java21 for every function (classes: Java 21)");
        DeployOutcome deployed = faasport.deploy(new Requests.Deploy(java21, pinned, null, false, null, null));
        assertThat(deployed.packaged().units()).allSatisfy(u ->
                assertThat(u.settings()).containsEntry("java.runtime", "java21"));
    }

    @Test
    void packagesForEachProvider() {
        Map<String, dev.faasport.packaging.PackageResult> out = faasport.packageSet(
                new Requests.PackageSet(project(hello(), upper()), List.of("fake", "aws")));
        assertThat(out).containsOnlyKeys("fake", "aws");
        assertThat(out.get("fake").units()).extracting(u -> u.name()).containsExactlyInAnyOrder("hello", "upper");
        assertThat(out.get("aws").units().get(0).artifact().path()).exists();
        assertThat(faasport.packageSet(new Requests.PackageSet(project(hello(), upper()), List.of("fake")))
                .get("fake").upToDate()).isTrue();
    }

    @Test
    void userErrorsAreFaasportExceptionsWithSuggestions() {
        assertThatThrownBy(() -> faasport.deploy(new Requests.Deploy(project(hello()),
                new Target("gcp", Map.of(), dir), null, false, null, null)))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessage("No provider 'gcp' is on the plugin's classpath (found: aws, fake), perhaps you should set "
                        + "-Dfaas.provider to one of those or add the faasport-provider-gcp dependency to the plugin");
        assertThatThrownBy(() -> faasport.deploy(deploy(project(new FunctionConfig("hello", "com.example.Nope")))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Function 'hello': <handler> class 'com.example.Nope' was not found");
        assertThatThrownBy(() -> faasport.info(new Requests.Info(new Target("fake", Map.of("fake.fail", "10.0.0.1"), dir),
                "shop")))
                .isInstanceOf(ProviderOperationException.class)
                .hasMessage("Opening a session on provider 'fake' failed: cannot reach the control plane at 10.0.0.1, "
                        + "perhaps you should check fake.endpoint");
        assertThatThrownBy(() -> Providers.find(null, FaasportTest.class.getClassLoader()))
                .hasMessageStartingWith("No provider 'local' is on the plugin's classpath (found: aws, fake)");
    }
}
