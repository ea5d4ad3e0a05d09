package dev.faasport.core.model;

import dev.faasport.core.error.ConfigurationException;
import dev.faasport.core.fixtures.HelloHttp;
import dev.faasport.core.fixtures.NoCtor;
import dev.faasport.core.fixtures.Nightly;
import dev.faasport.core.fixtures.OrderWorker;
import dev.faasport.core.fixtures.Thumbnail;
import dev.faasport.core.fixtures.UpperCase;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Schedule;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FunctionSetsTest {

    private static final ClassLoader LOADER = FunctionSetsTest.class.getClassLoader();

    private static FunctionSetConfig set(FunctionConfig... functions) {
        return new FunctionSetConfig("shop", new SetDefaults(), List.of(functions));
    }

    private static FunctionConfig http(String name) {
        return new FunctionConfig(name, HelloHttp.class.getName());
    }

    private static ConfigurationException failure(FunctionSetConfig config) {
        return catchThrowableOfType(ConfigurationException.class, () -> FunctionSets.build(config, LOADER));
    }

    @Test
    void appliesTheDocumentedDefaults() {
        FunctionSet set = FunctionSets.build(set(http("hello")), LOADER);

        FunctionSpec f = set.functions().get(0);
        assertThat(set.name()).isEqualTo("shop");
        assertThat(f.shape()).isEqualTo(FunctionShape.HTTP);
        assertThat(f.trigger()).isEqualTo(new Trigger.Http(List.of(), false));
        assertThat(f.memoryMb()).isEqualTo(256);
        assertThat(f.timeoutSeconds()).isEqualTo(30);
        assertThat(f.maxConcurrency()).isEqualTo(10);
        assertThat(f.minInstances()).isZero();
        assertThat(f.packageType()).isEqualTo(FunctionSpec.PackageType.ZIP);
    }

    @Test
    void setDefaultsApplyUnderFunctionValuesAndEnvironmentsMerge() {
        SetDefaults d = new SetDefaults();
        d.setMemoryMb(1024);
        d.setTimeoutSeconds(90);
        d.setEnvironment(Map.of("STAGE", "prod", "GREETING", "hi"));
        d.setOptions(Map.of("aws.snapStart", "true"));
        d.setPackageType("IMAGE");
        FunctionConfig own = http("hello").memoryMb(512).environment(Map.of("GREETING", "hello"));
        own.setOptions(Map.of("aws.architecture", "arm64"));

        FunctionSpec f = FunctionSets.build(new FunctionSetConfig("shop", d, List.of(own, http("other"))), LOADER)
                .functions().get(0);

        assertThat(f.memoryMb()).isEqualTo(512);
        assertThat(f.timeoutSeconds()).isEqualTo(90);
        assertThat(f.environment()).containsExactly(Map.entry("GREETING", "hello"), Map.entry("STAGE", "prod"));
        assertThat(f.options()).containsEntry("aws.snapStart", "true").containsEntry("aws.architecture", "arm64");
        assertThat(f.packageType()).isEqualTo(FunctionSpec.PackageType.IMAGE);
    }

    @Test
    void secretReferencesAreKeptApartFromValues() {
        SetDefaults d = new SetDefaults();
        d.setEnvironment(Map.of("API_KEY", "secret:payments-api-key", "STAGE", "prod"));
        FunctionConfig own = http("hello").environment(Map.of("DB_PASSWORD", " secret:db-password", "GREETING", "hi"));

        FunctionSpec f = FunctionSets.build(new FunctionSetConfig("shop", d, List.of(own)), LOADER).functions().get(0);

        assertThat(f.environment()).containsOnlyKeys("GREETING", "STAGE");
        assertThat(f.secrets()).containsExactly(Map.entry("API_KEY", "payments-api-key"),
                Map.entry("DB_PASSWORD", "db-password"));
        // a function's own plain value replaces the set's reference
        FunctionConfig plain = http("other").environment(Map.of("API_KEY", "public-demo"));
        FunctionSpec g = FunctionSets.build(new FunctionSetConfig("shop", d, List.of(plain)), LOADER).functions().get(0);
        assertThat(g.secrets()).isEmpty();
        assertThat(g.environment()).containsEntry("API_KEY", "public-demo");
    }

    @Test
    void secretNamesMustBePortable() {
        ConfigurationException e = failure(set(http("hello").environment(Map.of("DB", "secret:prod/db")), http("other").environment(Map.of("X", "secret:"))));
        assertThat(e.getMessage()).contains("'prod/db'").contains("''").contains("perhaps you should");
    }

    @Test
    void buildsEveryTriggerKind() {
        FunctionConfig upload = new FunctionConfig("thumbs", Thumbnail.class.getName()).bucket("images");
        upload.setEvents(List.of("created", "DELETED"));
        upload.setSuffix(".png");
        FunctionConfig worker = new FunctionConfig("orders", OrderWorker.class.getName()).queue("orders");
        worker.setBatchSize(5);
        FunctionConfig nightly = new FunctionConfig("nightly", Nightly.class.getName()).schedule("rate(1 day)");
        FunctionConfig typed = new FunctionConfig("upper", UpperCase.class.getName()).trigger("queue").queue("q");
        FunctionConfig api = http("api");
        api.setMethods(List.of("get", "post"));
        api.setPublic(true);

        List<FunctionSpec> fs = FunctionSets.build(set(upload, worker, nightly, typed, api), LOADER).functions();

        assertThat(fs.get(0).trigger()).isEqualTo(new Trigger.Storage("images",
                Set.of(Trigger.StorageEventKind.CREATED, Trigger.StorageEventKind.DELETED), "", ".png"));
        assertThat(fs.get(1).trigger()).isEqualTo(new Trigger.Queue("orders", 5, 3));
        assertThat(fs.get(2).trigger()).isEqualTo(new Trigger.Schedule("rate(1 day)"));
        assertThat(fs.get(3).shape()).isEqualTo(FunctionShape.TYPED);
        assertThat(fs.get(3).trigger()).isEqualTo(new Trigger.Queue("q", 10, 3));
        assertThat(fs.get(4).trigger()).isEqualTo(new Trigger.Http(List.of("GET", "POST"), true));
    }

    @Test
    void typedFunctionWithoutTriggerTakesTheKindItsSettingsPointTo() {
        FunctionSpec f = FunctionSets.build(set(new FunctionConfig("upper", UpperCase.class.getName())
                .bucket("in")), LOADER).functions().get(0);
        assertThat(f.trigger()).isEqualTo(new Trigger.Storage("in", null, null, null));
    }

    @Test
    void missingHandlerClass() {
        ConfigurationException e = failure(set(new FunctionConfig("hello", "com.example.Missing")));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.function()).isEqualTo("hello");
            assertThat(p.field()).isEqualTo("handler");
        });
        assertThat(e.getMessage()).contains("Function set 'shop' has 1 configuration problem:")
                .contains("Function 'hello': <handler> class 'com.example.Missing' was not found, perhaps you should "
                        + "check its spelling");
    }

    @Test
    void handlerOfUnsupportedShapes() {
        ConfigurationException e = failure(set(
                new FunctionConfig("plain", "dev.faasport.core.fixtures.NotAFunction"),
                new FunctionConfig("noctor", NoCtor.class.getName()),
                new FunctionConfig("abstract", "dev.faasport.core.fixtures.AbstractHttp"),
                new FunctionConfig("blank", " ")));
        assertThat(e.problems()).extracting(ConfigurationException.Problem::message).satisfiesExactly(
                m -> assertThat(m).startsWith("Function 'plain': <handler> class dev.faasport.core.fixtures.NotAFunction "
                        + "implements none of").contains("perhaps you should"),
                m -> assertThat(m).startsWith("Function 'noctor': <handler> class " + NoCtor.class.getName())
                        .contains("no public no-argument constructor"),
                m -> assertThat(m).contains("Function 'abstract'").contains("abstract"),
                m -> assertThat(m).isEqualTo("Function 'blank': <handler> is missing, perhaps you should set it to the "
                        + "fully qualified name of a class implementing dev.faasport.api.HttpFunction, StorageFunction, "
                        + "QueueFunction, ScheduleFunction or java.util.function.Function"));
    }

    @Test
    void shapeThatDoesNotFitTheTrigger() {
        ConfigurationException e = failure(set(http("hello").trigger("storage").bucket("b")));
        assertThat(e.getMessage()).contains("Function 'hello': <trigger> 'storage' cannot invoke handler '"
                + HelloHttp.class.getName() + "', which is a HTTP function, perhaps you should set <trigger>http</trigger>");
    }

    @Test
    void duplicateNames() {
        ConfigurationException e = failure(set(http("hello"), http("hello"), http("hello"), http("other")));
        assertThat(e.problems()).singleElement().extracting(ConfigurationException.Problem::message)
                .isEqualTo("Function 'hello' is declared 3 times, perhaps you should give each function its own <name>");
    }

    @Test
    void namesThatAreNotPortable() {
        ConfigurationException e = failure(set(http("HelloWorld"), http("ends-"), http("9lives"),
                http("a".repeat(64)), http("under_score"), new FunctionConfig(null, HelloHttp.class.getName())));
        assertThat(e.problems()).hasSize(6);
        assertThat(e.problems().get(0).message()).isEqualTo("Function 'HelloWorld': <name> is not portable, perhaps you "
                + "should use lower-case letters, digits and '-', starting with a letter, not ending with '-', at most 63 "
                + "characters (a name AWS Lambda, Azure Functions and Google Cloud Functions all accept), e.g. 'hello-world'");
        assertThat(e.problems().get(5).message()).startsWith("Function #6 (" + HelloHttp.class.getName()
                + ") has no <name>");
        assertThat(FunctionSets.build(set(http("a" + "b".repeat(62))), LOADER).functions()).hasSize(1);
    }

    @Test
    void setName() {
        FunctionSetConfig noName = set(http("hello"));
        noName.setName(null);
        assertThat(failure(noName).getMessage()).contains("The function set has no name, perhaps you should set <name>");
        FunctionSetConfig bad = set(http("hello"));
        bad.setName("My_Shop");
        assertThat(failure(bad).problems()).singleElement().extracting(ConfigurationException.Problem::message)
                .isEqualTo("Function set name 'My_Shop' is not valid, perhaps you should use lower-case letters, digits "
                        + "and '-', starting with a letter, not ending with '-', at most 32 characters (it prefixes "
                        + "resource names and tags on every target), e.g. 'my-shop'");
    }

    @Test
    void memoryAndTimeoutMustBePositive() {
        ConfigurationException e = failure(set(http("hello").memoryMb(0).timeoutSeconds(-5)));
        assertThat(e.problems()).extracting(ConfigurationException.Problem::message).containsExactly(
                "Function 'hello': <memory> is 0, perhaps you should set a positive number of MB (or leave it out to "
                        + "use the set's default)",
                "Function 'hello': <timeout> is -5, perhaps you should set a positive number of seconds (or leave "
                        + "it out to use the set's default)");
        SetDefaults d = new SetDefaults();
        d.setMemoryMb(-1);
        assertThat(failure(new FunctionSetConfig("shop", d, List.of(http("hello")))).getMessage())
                .contains("The set's <defaults>: <memory> is -1, perhaps you should set a positive number of MB");
    }

    @Test
    void unknownTriggerAndPackageType() {
        FunctionConfig f = http("hello").trigger("websocket");
        f.setPackageType("jar");
        ConfigurationException e = failure(set(f));
        assertThat(e.problems()).extracting(ConfigurationException.Problem::message).containsExactly(
                "Function 'hello': <trigger> 'websocket' is unknown, perhaps you should use one of http, storage, queue, schedule",
                "Function 'hello': <packageType> 'jar' is unknown, perhaps you should use zip or image");
    }

    @Test
    void storageWithoutBucketAndQueueWithoutName() {
        FunctionConfig batch = new FunctionConfig("orders", OrderWorker.class.getName());
        batch.setBatchSize(0);
        batch.setMaxAttempts(0);
        ConfigurationException e = failure(set(new FunctionConfig("thumbs", Thumbnail.class.getName()), batch));
        assertThat(e.problems()).extracting(ConfigurationException.Problem::message).containsExactly(
                "Function 'thumbs': a storage trigger needs <bucket>, perhaps you should add <bucket>uploads</bucket>",
                "Function 'orders': a queue trigger needs <queue>, perhaps you should add <queue>orders</queue>",
                "Function 'orders': <batchSize> is 0, perhaps you should set 1 or more",
                "Function 'orders': <maxAttempts> is 0, perhaps you should set 1 or more");
    }

    @Test
    void malformedSchedules() {
        List<FunctionConfig> fs = new ArrayList<>();
        for (String s : List.of("cron(0 12 * * *)", "rate(5 minute)", "rate(1 hours)", "cron(61 * * * ? *)",
                "cron(0 12 * * * *)", "every day", "rate(0 minutes)", "cron(0 12 ? JAN MON#6 *)")) {
            fs.add(new FunctionConfig("n" + fs.size(), Nightly.class.getName()).schedule(s));
        }
        ConfigurationException e = failure(set(fs.toArray(FunctionConfig[]::new)));
        assertThat(e.problems()).extracting(ConfigurationException.Problem::message).containsExactly(
                "Function 'n0': <schedule> 'cron(0 12 * * *)' is malformed (a cron expression has 6 fields (minutes hours "
                        + "day-of-month month day-of-week year), found 5), perhaps you should write cron(minutes hours "
                        + "day-of-month month day-of-week year) as EventBridge does, e.g. cron(0 12 * * ? *), or rate(5 minutes)",
                msg("n1", "rate(5 minute)", "a rate above 1 takes the plural unit (minutes)"),
                msg("n2", "rate(1 hours)", "a rate of 1 takes the singular unit (hour)"),
                msg("n3", "cron(61 * * * ? *)", "minutes 61 is outside 0-59"),
                msg("n4", "cron(0 12 * * * *)", "exactly one of day-of-month and day-of-week must be '?' (found '*' and '*')"),
                msg("n5", "every day", "it starts with neither cron( nor rate("),
                msg("n6", "rate(0 minutes)", "the rate must be at least 1"),
                msg("n7", "cron(0 12 ? JAN MON#6 *)", "day-of-week occurrence 6 is outside 1-5"));
    }

    private static String msg(String fn, String expr, String detail) {
        return "Function '" + fn + "': <schedule> '" + expr + "' is malformed (" + detail + "), perhaps you should write "
                + "cron(minutes hours day-of-month month day-of-week year) as EventBridge does, e.g. cron(0 12 * * ? *), "
                + "or rate(5 minutes)";
    }

    @Test
    void validSchedulesPass() {
        for (String s : List.of("rate(1 minute)", "rate(15 minutes)", "rate(2 days)", "cron(0 12 * * ? *)",
                "cron(0/15 * ? * MON-FRI *)", "cron(0 8 1 * ? *)", "cron(0 18 ? * 6L 2027)", "cron(30 9 LW * ? *)",
                "cron(0 10 ? * MON#2 *)", "cron(5,35 14 * JAN-MAR ? 2026-2030)")) {
            assertThat(Schedule.problem(s)).as(s).isNull();
        }
    }

    @Test
    void settingsOfAnotherTriggerAreReported() {
        FunctionConfig f = http("hello");
        f.setQueue("orders");
        f.setBatchSize(3);
        ConfigurationException e = failure(set(f));
        assertThat(e.problems()).extracting(ConfigurationException.Problem::field).containsExactly("queue", "batchSize");
        assertThat(e.problems().get(0).message()).isEqualTo("Function 'hello': <queue> does not apply to a http trigger, "
                + "perhaps you should remove it or change <trigger>");
    }

    @Test
    void concurrencyEnvironmentAndMethods() {
        FunctionConfig f = http("hello");
        f.setMaxConcurrency(2);
        f.setMinInstances(3);
        f.setEnvironment(Map.of("1BAD", "x"));
        f.setMethods(List.of("FETCH"));
        ConfigurationException e = failure(set(f));
        assertThat(e.problems()).extracting(ConfigurationException.Problem::message).containsExactlyInAnyOrder(
                "Function 'hello': <methods> holds 'FETCH', which is not an HTTP method, perhaps you should use GET, POST, "
                        + "PUT, PATCH, DELETE, HEAD or OPTIONS",
                "Function 'hello': <minInstances> 3 is above <maxConcurrency> 2, perhaps you should lower minInstances "
                        + "or raise maxConcurrency",
                "Function 'hello': <environment> variable name '1BAD' is not valid, perhaps you should use letters, "
                        + "digits and '_', starting with a letter");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigurationException e = failure(set(new FunctionConfig("Bad Name", "x.Missing").memoryMb(-1),
                http("ok").trigger("ftp"), http("ok")));
        assertThat(e.problems()).hasSize(5);
        assertThat(e.getMessage()).startsWith("Function set 'shop' has 5 configuration problems:\n  - ");
    }

    @Test
    void noFunctionsAndNoClassesDir() {
        assertThatThrownBy(() -> FunctionSets.build(set(), LOADER))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No functions were declared or found in target/classes, perhaps you should declare "
                        + "<functions>");
    }

    @Test
    void reservedVariablesAndUnprefixedOptions() {
        FunctionConfig f = http("hello").environment(Map.of("FAASPORT_FUNCTION", "x"));
        f.setOptions(Map.of("snapStart", "true", "aws.snapStart", "true"));
        assertThat(failure(set(f)).problems()).extracting(ConfigurationException.Problem::message).containsExactly(
                "Function 'hello': <environment> variable 'FAASPORT_FUNCTION' uses the reserved prefix FAASPORT_, "
                        + "perhaps you should rename it (Faasport sets those variables itself)",
                "Function 'hello': <options> key 'snapStart' has no provider prefix, perhaps you should write it as "
                        + "<provider>.<option>, e.g. aws.snapStart");
    }

    @Test
    void emptyElementsAreIgnored() {
        FunctionConfig api = http("api");
        api.setMethods(java.util.Arrays.asList("get", null, " "));
        FunctionConfig thumbs = new FunctionConfig("thumbs", Thumbnail.class.getName()).bucket("b");
        thumbs.setEvents(java.util.Arrays.asList(null, "deleted"));
        FunctionSetConfig config = new FunctionSetConfig("shop", null, java.util.Arrays.asList(api, null, thumbs));
        List<FunctionSpec> fs = FunctionSets.build(config, LOADER).functions();
        assertThat(fs.get(0).trigger()).isEqualTo(new Trigger.Http(List.of("GET"), false));
        assertThat(fs.get(1).trigger()).isEqualTo(new Trigger.Storage("b", Set.of(Trigger.StorageEventKind.DELETED), "", ""));
    }
}
