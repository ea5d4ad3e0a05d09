package dev.faasport.core.migrate;

import dev.faasport.core.Faasport;
import dev.faasport.core.model.Project;
import dev.faasport.core.Requests;
import dev.faasport.core.session.Target;
import dev.faasport.core.deploy.DeployOptions;
import dev.faasport.core.deploy.RetryPolicy;
import dev.faasport.core.fake.FakeProvider;
import dev.faasport.core.fake.FakeSession;
import dev.faasport.core.fixtures.HelloHttp;
import dev.faasport.core.fixtures.Nightly;
import dev.faasport.core.fixtures.OrderWorker;
import dev.faasport.core.fixtures.Thumbnail;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.spi.DeployedUnit;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.InvocationResult;
import dev.faasport.spi.ProviderConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MigrationTest {

    private static final String SECRET_VALUE = "hunter2-do-not-print";

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private URLClassLoader providers;
    private Faasport faasport;
    private Path classes;

    @BeforeEach
    void setUp() throws Exception {
        FakeProvider.reset();
        // the shared services file has fake and aws; the Google and Azure fakes come from a directory of their own
        providers = new URLClassLoader(new java.net.URL[]{
                MigrationTest.class.getResource("/migrate-providers/").toURI().toURL()},
                MigrationTest.class.getClassLoader());
        faasport = new Faasport(new ProviderConfig.Log() {
            public void info(String m) { lines.add("INFO " + m); }
            public void warn(String m) { lines.add("WARN " + m); }
            public void debug(String m) { }
        }, providers);
        classes = dir.resolve("classes");
        Path testClasses = Path.of(HelloHttp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (Class<?> c : List.of(HelloHttp.class, Thumbnail.class, OrderWorker.class, Nightly.class)) {
            Path rel = Path.of(c.getName().replace('.', '/') + ".class");
            Files.createDirectories(classes.resolve(rel).getParent());
            Files.copy(testClasses.resolve(rel), classes.resolve(rel));
        }
    }

    @AfterEach
    void tearDown() throws IOException {
        providers.close();
        FakeProvider.reset();
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    private static FunctionConfig hello() {
        return new FunctionConfig("hello", HelloHttp.class.getName()).environment(Map.of("GREETING", "hi"));
    }

    private static FunctionConfig thumbnail() {
        return new FunctionConfig("thumbnail", Thumbnail.class.getName()).bucket("images").memoryMb(512);
    }

    private static FunctionConfig orders() {
        return new FunctionConfig("orders", OrderWorker.class.getName()).queue("orders-in").timeoutSeconds(60);
    }

    private static FunctionConfig nightly() {
        return new FunctionConfig("nightly", Nightly.class.getName()).schedule("cron(0 2 * * ? *)");
    }

    private Project project(FunctionConfig... functions) {
        return new Project(new FunctionSetConfig("shop", null, List.of(functions)), MigrationTest.class.getClassLoader(),
                classes, List.of(), Map.of(), dir.resolve("faas"), null, false, Map.of());
    }

    private Target target(String id, Map<String, String> properties) {
        return new Target(id, properties, dir.resolve("work"));
    }

    private static DeployOptions fast() {
        return new DeployOptions(2, new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2), 0));
    }

    /** Deploys the set to the fake AWS (the source), then forgets the calls so tests see only the migration's. */
    private FakeSession deployedOnAws(FunctionConfig... functions) {
        faasport.deploy(new Requests.Deploy(project(functions), target("aws", Map.of()), fast(), false, null, null));
        FakeSession aws = FakeProvider.target("aws");
        aws.log.clear();
        return aws;
    }

    private MigrationRequest request(Project project, String to, Map<String, String> toProperties, boolean dryRun,
                                     boolean cutover) {
        return new MigrationRequest(project, target("aws", Map.of()), target(to, toProperties), dryRun, cutover, false,
                Map.of(), fast(), null);
    }

    private static List<String> calls(FakeSession session) {
        return new ArrayList<>(session.log);
    }

    private static boolean modifies(String call) {
        return call.startsWith("apply:") || call.startsWith("delete:");
    }

    // ---- tests ----------------------------------------------------------------------------------------------------

    @Test
    void migratesAndVerifiesHttpStorageQueueAndScheduleFunctionsFromAwsToGoogle() throws IOException {
        FakeSession aws = deployedOnAws(hello(), thumbnail(), orders(), nightly());
        // a variable set on the source by hand, not in the POM: carried over, flagged, never printed
        DeployedUnit live = aws.units.get("hello");
        FunctionSpec f = live.functions().get(0);
        Map<String, String> env = new java.util.TreeMap<>(f.environment());
        env.put("DB_PASSWORD", SECRET_VALUE);
        aws.units.put("hello", new DeployedUnit(live.setName(), live.name(), live.artifactSha256(), live.configHash(),
                List.of(new FunctionSpec(f.name(), f.handler(), f.shape(), f.trigger(), f.memoryMb(), f.timeoutSeconds(),
                        env, f.maxConcurrency(), f.minInstances(), f.packageType(), f.options())),
                live.endpoints(), Map.of("version", "7", "alias", "live")));

        MigrationOutcome outcome = faasport.migrate(request(project(hello(), thumbnail(), orders(), nightly()), "gcp",
                Map.of(), false, false));

        assertThat(outcome.status()).isEqualTo(MigrationOutcome.Status.VERIFIED);
        FakeSession gcp = FakeProvider.target("gcp");
        assertThat(gcp.units).containsOnlyKeys("hello", "thumbnail", "orders", "nightly");
        assertThat(gcp.units.get("hello").functions().get(0).environment())
                .containsEntry("DB_PASSWORD", SECRET_VALUE).containsEntry("GREETING", "hi");
        assertThat(outcome.verifications()).extracting(Verification::function)
                .containsExactly("hello", "thumbnail", "orders", "nightly");
        assertThat(outcome.verifications()).allMatch(Verification::passed);
        assertThat(outcome.verifications().get(1).targetBody()).contains("\"bucket\":\"images\"")
                .isEqualTo(outcome.verifications().get(1).sourceBody());
        assertThat(outcome.verifications().get(2).request()).isEqualTo("one message on queue orders-in");
        assertThat(outcome.verifications().get(3).targetBody()).contains("\"manual\":true");
        // the source was only listed and invoked
        assertThat(calls(aws)).noneMatch(MigrationTest::modifies).contains("list", "invoke:hello", "invoke:nightly");
        assertThat(aws.units).hasSize(4);

        String md = Files.readString(outcome.markdown());
        assertThat(md).contains("Status: **VERIFIED**").contains("The source on aws was not modified.")
                .contains("- schedule: cron(0 2 * * ? *) -> 0 2 * * * (unix-cron)")
                .contains("S3 notifications of bucket 'images' -> Cloud Storage trigger of bucket 'images'")
                .contains("SQS queue 'orders-in' -> Pub/Sub topic 'orders-in'")
                .contains("environment variable DB_PASSWORD looks like a secret")
                .contains("environment DB_PASSWORD: set (only the source sets it; the project configuration does not)")
                .contains("the source runs version 7 (alias live)")
                .contains("| thumbnail | storage CREATED images/faasport-migration-check.txt |");
        assertThat(md).doesNotContain(SECRET_VALUE).doesNotContain("\"hi\"");
        assertThat(Files.readString(outcome.html())).contains("<h2>Verification</h2>").doesNotContain(SECRET_VALUE);
        assertThat(String.join("\n", lines)).doesNotContain(SECRET_VALUE);
    }

    @Test
    void theReportNamesWhatStaysTiedToAwsWithItsConsequenceAndFixBeforeAnythingIsDeployed() throws Exception {
        Path testClasses = Path.of(HelloHttp.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        for (String name : List.of("S3Thumbnail", "S3Objects")) {
            Path rel = Path.of("dev/faasport/core/fixtures/" + name + ".class");
            Files.copy(testClasses.resolve(rel), classes.resolve(rel));
        }
        FunctionConfig s3 = new FunctionConfig("thumbnail", "dev.faasport.core.fixtures.S3Thumbnail").bucket("images");
        FakeSession aws = deployedOnAws(hello(), s3);

        MigrationOutcome outcome = faasport.migrate(request(project(hello(), s3), "gcp", Map.of(), true, false));

        assertThat(outcome.status()).isEqualTo(MigrationOutcome.Status.PLANNED);
        assertThat(FakeProvider.target("gcp").log).noneMatch(MigrationTest::modifies);
        assertThat(calls(aws)).containsExactly("list");
        String md = Files.readString(outcome.markdown());
        assertThat(md).contains("## Lock-in: what stays tied to AWS after the move")
                .contains("| Function | Tied to | On gcp | What to do | Found in |")
                .contains("| thumbnail | AWS Amazon S3 | keeps working on gcp with AWS credentials and network egress to"
                        + " AWS (cross-cloud data transfer is billed) | move the data to Cloud Storage"
                        + " (com.google.cloud:google-cloud-storage) and call that instead, or keep Amazon S3 and give the"
                        + " function AWS credentials from gcp's secret store (never in its environment) |"
                        + " dev.faasport.core.fixtures.S3Thumbnail -> dev.faasport.core.fixtures.S3Objects -> software.")
                .doesNotContain("| hello | AWS");
        // before the plan's per-function details, so it is read before anything is deployed
        assertThat(md.indexOf("## Lock-in")).isGreaterThan(md.indexOf("## Plan")).isLessThan(md.indexOf("### hello"));
        assertThat(Files.readString(outcome.html())).contains("<h2>Lock-in: what stays tied to AWS after the move</h2>")
                .contains("<td>thumbnail</td><td>AWS Amazon S3</td>");

        // a migration onto AWS itself: S3 is native there, nothing stays behind
        MigrationOutcome home = faasport.migrate(new MigrationRequest(project(hello(), s3), target("aws", Map.of()),
                target("aws", Map.of("aws.region", "eu-west-1")), true, false, false, Map.of(), fast(), null));
        assertThat(Files.readString(home.markdown())).contains("No function calls a vendor service that stays behind.");

        // the AWS SDK packaged while no handler reaches it (reflection, dependency injection, or unused): said once
        Project withSdk = new Project(new FunctionSetConfig("shop", null, List.of(hello())),
                MigrationTest.class.getClassLoader(), classes, List.of(new dev.faasport.packaging.Dependency(
                "software.amazon.awssdk:s3:2.57.8", Path.of(software.amazon.awssdk.services.s3.S3Client.class
                .getProtectionDomain().getCodeSource().getLocation().toURI()))), Map.of(), dir.resolve("faas"), null,
                false, Map.of());
        // (thumbnail, deployed on the source but not in this project, blocks: the report is written all the same)
        MigrationFailedException blocked = catchThrowableOfType(MigrationFailedException.class,
                () -> faasport.migrate(request(withSdk, "gcp", Map.of(), true, false)));
        assertThat(Files.readString(blocked.outcome().markdown())).contains("No function calls a vendor service that stays"
                + " behind.\n\nPackaged with every function but reached from no handler (used through reflection or"
                + " dependency injection, which class files do not show, or not at all): software.amazon.awssdk:s3:2.57.8"
                + " (AWS Amazon S3)");
    }

    @Test
    void secretReferencesTravelAndBlockUntilTheTargetHoldsThem() throws IOException {
        FunctionConfig reader = hello().environment(Map.of("GREETING", "hi", "DB_PASSWORD", "secret:db-password"));
        FakeSession aws = deployedOnAws(reader);

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> faasport.migrate(
                request(project(reader), "gcp", Map.of(), false, false)));
        assertThat(e.outcome().status()).isEqualTo(MigrationOutcome.Status.BLOCKED);
        assertThat(FakeProvider.target("gcp").units).isEmpty();
        String md = Files.readString(dir.resolve("faas").resolve("migration-report.md"));
        assertThat(md).contains("Secret 'db-password' (function 'hello', variable DB_PASSWORD) does not exist on")
                .contains("perhaps you should create it in the gcp fake's store: fakectl secret create db-password")
                .contains("secret:db-password");
        // a target that cannot tell blocks too
        FakeProvider.target("gcp").secretsUnknown = true;
        assertThat(catchThrowableOfType(MigrationFailedException.class, () -> faasport.migrate(
                request(project(reader), "gcp", Map.of(), false, false))).outcome().status())
                .isEqualTo(MigrationOutcome.Status.BLOCKED);
        assertThat(Files.readString(dir.resolve("faas").resolve("migration-report.md")))
                .contains("may not exist on");

        // the user creates the secret on the target: the reference is deployed there, and no value anywhere
        FakeProvider.target("gcp").secretsUnknown = false;
        FakeProvider.target("gcp").secrets.add("db-password");
        MigrationOutcome outcome = faasport.migrate(request(project(reader), "gcp", Map.of(), false, false));
        assertThat(outcome.status()).isEqualTo(MigrationOutcome.Status.VERIFIED);
        assertThat(FakeProvider.target("gcp").units.values()).singleElement().satisfies(u -> {
            assertThat(u.functions().get(0).secrets()).containsExactly(Map.entry("DB_PASSWORD", "db-password"));
            assertThat(u.functions().get(0).environment()).doesNotContainKey("DB_PASSWORD");
        });
        assertThat(calls(aws)).noneMatch(MigrationTest::modifies);
    }

    @Test
    void aBlockerStopsTheMigrationWithTheSourceUntouchedUntilTheConfigChanges() throws IOException {
        FunctionConfig longJob = orders().timeoutSeconds(900).memoryMb(10_240);
        FakeSession aws = deployedOnAws(hello(), longJob);

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> faasport.migrate(
                request(project(hello(), longJob), "azure", Map.of(), false, false)));

        Path report = dir.resolve("faas").resolve("migration-report.md");
        assertThat(e.getMessage()).startsWith("Migration of set 'shop' to 'azure' is blocked by 2 problem(s) (listed in "
                + report + "); nothing was deployed and the source is untouched, perhaps you should apply the fixes");
        assertThat(e.outcome().status()).isEqualTo(MigrationOutcome.Status.BLOCKED);
        assertThat(calls(aws)).containsExactly("list");
        assertThat(calls(FakeProvider.target("azure"))).noneMatch(MigrationTest::modifies);
        assertThat(FakeProvider.target("azure").units).isEmpty();
        String md = Files.readString(report);
        assertThat(md).contains("Function 'orders': timeout 900 s > 600 s on Azure Functions (consumption plan), perhaps"
                        + " you should set <timeout>600</timeout> for function 'orders' in the plugin configuration, or"
                        + " deploy to the flex plan (-Dfaas.azure.plan=flex), which has no such limit")
                .contains("or pass -Dfaas.capTimeouts=true to cap it at 600 s")
                .contains("Function 'orders': memory 10240 MB > 1536 MB on Azure Functions (consumption plan), perhaps"
                        + " you should set <memory>1536</memory>")
                .contains("deploy to the premium plan (-Dfaas.azure.plan=premium), which allows up to 14336");

        // the user changes the configuration (here: the plan): the same migration now goes through
        MigrationOutcome outcome = faasport.migrate(request(project(hello(), longJob), "azure",
                Map.of("azure.plan", "premium"), false, false));
        assertThat(outcome.status()).isEqualTo(MigrationOutcome.Status.VERIFIED);
        assertThat(outcome.verifications()).extracting(Verification::result)
                .containsOnly(Verification.Result.PASSED);
        assertThat(calls(aws)).noneMatch(MigrationTest::modifies);
    }

    @Test
    void aFailureDuringTheTargetDeployLeavesTheSourceIntactAndTheReportSaysWhatExists() throws IOException {
        FakeSession aws = deployedOnAws(hello(), thumbnail(), orders(), nightly());
        FakeProvider.target("gcp").permanent.add("orders");

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> faasport.migrate(
                request(project(hello(), thumbnail(), orders(), nightly()), "gcp", Map.of(), false, true)));

        assertThat(e.outcome().status()).isEqualTo(MigrationOutcome.Status.DEPLOY_FAILED);
        assertThat(e.getMessage()).contains("deploying to 'gcp' failed").contains("the source is untouched");
        assertThat(calls(aws)).containsExactly("list");
        assertThat(aws.units).containsOnlyKeys("hello", "thumbnail", "orders", "nightly");
        assertThat(e.outcome().targetUnits()).extracting(DeployedUnit::name)
                .containsExactly("hello", "nightly", "thumbnail");
        String md = Files.readString(e.outcome().markdown());
        assertThat(md).contains("Status: **DEPLOY FAILED**").contains("The source on aws was not modified.")
                .contains("## What exists on gcp")
                .contains("| hello | hello | http://127.0.0.1:1/hello |")
                .contains("| orders | create | failed | InvalidParameterValueException")
                .doesNotContain("| orders | orders |");
    }

    @Test
    void aDryRunWritesTheReportAndDeploysNothing() throws IOException {
        FakeSession aws = deployedOnAws(hello(), nightly());

        MigrationOutcome outcome = faasport.migrate(request(project(hello(), nightly()), "azure", Map.of(), true, true));

        assertThat(outcome.status()).isEqualTo(MigrationOutcome.Status.PLANNED);
        assertThat(FakeProvider.target("azure").log).isEmpty();
        assertThat(calls(aws)).containsExactly("list");
        assertThat(outcome.verifications()).isEmpty();
        assertThat(Files.readString(outcome.markdown())).contains("Status: **PLANNED**")
                .contains("- schedule: cron(0 2 * * ? *) -> 0 0 2 * * * (NCRONTAB) (converted exactly)");
        assertThat(Files.readString(outcome.html())).startsWith("<!DOCTYPE html>").contains("<td>nightly</td>");
        assertThat(lines).anyMatch(l -> l.startsWith("INFO # Migration of function set 'shop': aws -> azure"));
    }

    @Test
    void theCutoverRemovesTheSourceOnlyAfterEveryVerificationPassed() {
        FakeSession aws = deployedOnAws(hello(), thumbnail(), orders(), nightly());

        MigrationOutcome outcome = faasport.migrate(request(project(hello(), thumbnail(), orders(), nightly()), "gcp",
                Map.of(), false, true));

        assertThat(outcome.status()).isEqualTo(MigrationOutcome.Status.CUT_OVER);
        assertThat(aws.units).isEmpty();
        assertThat(FakeProvider.target("gcp").units).hasSize(4);
        List<String> calls = calls(aws);
        int lastInvoke = -1;
        int firstDelete = Integer.MAX_VALUE;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith("invoke:")) {
                lastInvoke = i;
            }
            if (calls.get(i).startsWith("delete:")) {
                firstDelete = Math.min(firstDelete, i);
            }
        }
        assertThat(lastInvoke).isGreaterThan(0);
        assertThat(firstDelete).isGreaterThan(lastInvoke);
        assertThat(calls).filteredOn(c -> c.startsWith("delete:")).hasSize(4);
        assertThat(outcome.cutoverReport().succeeded()).isTrue();
    }

    @Test
    void aVerificationMismatchBlocksTheCutover() throws IOException {
        FakeSession aws = deployedOnAws(hello(), orders());
        FakeProvider.target("gcp").answers.put("hello", new InvocationResult(200, Map.of(),
                "bonjour".getBytes(StandardCharsets.UTF_8), null));

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> faasport.migrate(
                request(project(hello(), orders()), "gcp", Map.of(), false, true)));

        assertThat(e.outcome().status()).isEqualTo(MigrationOutcome.Status.VERIFICATION_FAILED);
        assertThat(e.getMessage()).contains("1 function(s) answered differently on the target (hello), so the cutover "
                + "was not done; the source is untouched");
        assertThat(aws.units).containsOnlyKeys("hello", "orders");
        assertThat(calls(aws)).noneMatch(MigrationTest::modifies);
        assertThat(Files.readString(e.outcome().markdown()))
                .contains("| hello | GET / | 200 `echo:` | 200 `bonjour` | failed: the bodies differ |")
                .contains("| orders | one message on queue orders-in |");
    }

    @Test
    void configuredSamplesAreSentToBothSidesAndBadOnesFailFirst() {
        FakeSession aws = deployedOnAws(hello(), orders());
        Map<String, String> samples = Map.of("hello", "{\"name\":\"Ada\"}",
                "orders", "{\"kind\":\"queue\",\"messages\":[{\"id\":\"x\",\"body\":\"order 1\"}]}");
        MigrationOutcome outcome = faasport.migrate(new MigrationRequest(project(hello(), orders()),
                target("aws", Map.of()), target("gcp", Map.of()), false, false, false, samples, fast(), null));
        assertThat(outcome.verifications().get(0).targetBody()).isEqualTo("echo:{\"name\":\"Ada\"}");
        assertThat(outcome.verifications().get(1).targetBody()).contains("order 1");

        aws.log.clear();
        dev.faasport.core.error.FaasportException bad = catchThrowableOfType(dev.faasport.core.error.FaasportException.class,
                () -> faasport.migrate(new MigrationRequest(project(hello(), orders()), target("aws", Map.of()),
                        target("gcp", Map.of()), false, false, false, Map.of("orders", "{\"kind\":\"email\"}"),
                        fast(), null)));
        assertThat(bad.getMessage()).startsWith("Function 'orders': the migration sample is not a neutral queue event");
        assertThat(calls(aws)).isEmpty();
    }

    @Test
    void aFunctionOnlyOnTheSourceBlocksAndNothingDeployedIsAnError() {
        deployedOnAws(hello(), orders());
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> faasport.migrate(
                request(project(hello()), "gcp", Map.of(), false, false)));
        assertThat(e.outcome().blockers()).singleElement().asString()
                .startsWith("Function 'orders' is deployed on aws but not declared in the project");

        FakeProvider.reset();
        dev.faasport.core.error.FaasportException none = catchThrowableOfType(dev.faasport.core.error.FaasportException.class,
                () -> faasport.migrate(request(project(hello()), "gcp", Map.of(), false, false)));
        assertThat(none.getMessage()).startsWith("Nothing is deployed for function set 'shop' on provider 'aws'");
    }

    @Test
    void aScheduleTheTargetCannotExpressBlocksWithItsReasonOnce() {
        FunctionConfig lastFriday = nightly().schedule("cron(0 10 ? * 6L *)");
        FakeSession aws = deployedOnAws(hello(), lastFriday);
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> faasport.migrate(
                request(project(hello(), lastFriday), "azure", Map.of(), false, false)));
        assertThat(e.outcome().blockers()).singleElement().asString()
                .startsWith("Function 'nightly': schedule 'cron(0 10 ? * 6L *)' cannot be expressed on Azure Functions"
                        + " as NCRONTAB").contains("perhaps you should");
        assertThat(calls(aws)).containsExactly("list");
        // a provider with no known schedule format gets the neutral form and converts it itself
        MigrationOutcome local = faasport.migrate(request(project(hello(), lastFriday), "fake", Map.of(), true, false));
        assertThat(local.status()).isEqualTo(MigrationOutcome.Status.PLANNED);
        assertThat(local.blockers()).isEmpty();
    }

    @Test
    void eventFunctionsBlockAMigrationToKnativeAndItsDeployFailsBeforeAnyImageIsPushed() {
        FakeSession aws = deployedOnAws(hello(), orders());
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> faasport.migrate(
                request(project(hello(), orders()), "knative", Map.of(), false, false)));
        assertThat(e.outcome().status()).isEqualTo(MigrationOutcome.Status.BLOCKED);
        FunctionMigration blocked = e.outcome().functions().stream().filter(f -> f.name().equals("orders")).findFirst()
                .orElseThrow();
        assertThat(blocked.blockers()).singleElement().satisfies(b -> {
            assertThat(b.reason()).startsWith("Function 'orders': Knative Serving (default plan) has no queue trigger")
                    .contains("invoked over HTTP only");
            assertThat(b.fixes()).anySatisfy(f -> assertThat(f).contains("http trigger"))
                    .anySatisfy(f -> assertThat(f).contains("keep 'orders' on aws"));
        });
        assertThat(calls(aws)).containsExactly("list");
        assertThat(FakeProvider.target("knative").log).as("nothing reached the target").isEmpty();

        // a plain deploy of the same set fails on the configuration, before packaging would push any image
        dev.faasport.core.CheckFailedException check = catchThrowableOfType(dev.faasport.core.CheckFailedException.class,
                () -> faasport.deploy(new Requests.Deploy(project(hello(), orders()), target("knative", Map.of()), fast(),
                        false, null, null)));
        assertThat(check.getMessage()).contains("Function 'orders' does not fit Knative Serving")
                .contains("trigger kind queue is not supported");
        assertThat(dir.resolve("faas").resolve("knative")).as("nothing was packaged").doesNotExist();
        // and so does faas:check, whose report says why
        dev.faasport.core.CheckFailedException checked = catchThrowableOfType(dev.faasport.core.CheckFailedException.class,
                () -> faasport.check(new Requests.Check(project(hello(), orders()), List.of("knative"),
                        target("knative", Map.of()), null, false)));
        assertThat(checked.getMessage()).contains("trigger kind queue is not supported");
        assertThat(dir.resolve("faas").resolve("knative")).as("nothing was packaged").doesNotExist();
    }
}
