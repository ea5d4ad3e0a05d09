package dev.faasport.core;

import dev.faasport.core.error.ConfigurationException;
import dev.faasport.core.fake.FakeProvider;
import dev.faasport.core.fixtures.HelloHttp;
import dev.faasport.core.fixtures.OrderWorker;
import dev.faasport.core.fixtures.Thumbnail;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.core.model.FunctionSets;
import dev.faasport.core.model.Project;
import dev.faasport.core.session.Target;
import dev.faasport.spi.ProviderConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What can be judged without a remote call fails before the first one, every problem at once (issue 19). */
class PreflightTest {

    @TempDir
    Path dir;

    private final Faasport faasport = new Faasport(ProviderConfig.Log.silent(), PreflightTest.class.getClassLoader());

    @BeforeEach
    void reset() {
        FakeProvider.reset();
    }

    private Project project(Map<String, String> settings, FunctionConfig... functions) {
        return new Project(new FunctionSetConfig("shop", null, List.of(functions)), PreflightTest.class.getClassLoader(),
                dir.resolve("classes"), List.of(), Map.of(), dir.resolve("faas"), null, false, settings);
    }

    private static FunctionConfig hello() {
        return new FunctionConfig("hello", HelloHttp.class.getName());
    }

    private static FunctionConfig upload(String bucket) {
        return new FunctionConfig("upload", Thumbnail.class.getName()).bucket(bucket);
    }

    private static FunctionConfig orders(String queue) {
        return new FunctionConfig("orders", OrderWorker.class.getName()).queue(queue);
    }

    private Target aws(Map<String, String> properties) {
        return new Target("aws", properties, dir.resolve("work"));
    }

    @Test
    void invalidBucketAndQueueNamesFailBeforeAnyRemoteCallEvenWithoutTheLimitCheck() {
        for (boolean skipCheck : List.of(false, true)) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> faasport.deploy(
                    new Requests.Deploy(project(Map.of(), hello(), upload("My_Bucket"), orders("orders queue!")),
                            aws(Map.of()), null, skipCheck, null, null)));

            assertThat(e.getMessage()).contains("Function 'upload': S3 bucket name 'My_Bucket' is not valid on AWS Lambda"
                    + " (3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit, no"
                    + " '..'; https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html), perhaps you"
                    + " should use a name that follows that rule, e.g. 'my-bucket'")
                    .contains("Function 'orders': SQS queue name 'orders queue!' is not valid on AWS Lambda");
            assertThat(FakeProvider.OPENED).as("nothing half deployed: no session was opened").isEmpty();
            assertThat(FakeProvider.target("aws").units).isEmpty();
        }
    }

    @Test
    void eachTargetHasItsOwnNameRules() {
        var set = FunctionSets.build(new FunctionSetConfig("shop", null, List.of(upload("my--bucket"),
                orders("Orders"))), PreflightTest.class.getClassLoader());
        assertThat(Preflight.names("aws", null, set.functions())).isEmpty();
        assertThat(Preflight.names("azure", null, set.functions())).extracting(ConfigurationException.Problem::message)
                .anyMatch(m -> m.startsWith("Function 'upload': blob container name 'my--bucket' is not valid on"))
                .anyMatch(m -> m.startsWith("Function 'orders': storage queue name 'Orders' is not valid on"));
        assertThat(Preflight.names("gcp", null, set.functions())).as("Cloud Storage and Pub/Sub take both").isEmpty();
        var goog = FunctionSets.build(new FunctionSetConfig("shop", null, List.of(orders("goog-orders"))),
                PreflightTest.class.getClassLoader());
        assertThat(Preflight.names("gcp", null, goog.functions())).extracting(ConfigurationException.Problem::message)
                .singleElement().asString().startsWith("Function 'orders': Pub/Sub topic name 'goog-orders' is not valid");
        assertThat(Preflight.names("knative", null, set.functions())).as("no such rules: nothing to say").isEmpty();
    }

    @Test
    void theLocalRuntimeRefusesAConcurrencyOfZero() {
        FunctionConfig none = hello();
        none.setMaxConcurrency(0);
        var set = FunctionSets.build(new FunctionSetConfig("shop", null, List.of(none)),
                PreflightTest.class.getClassLoader());
        assertThat(Preflight.names("local", null, set.functions())).extracting(ConfigurationException.Problem::message)
                .containsExactly("Function 'hello': maxConcurrency 0 is below what Faasport local allows (1: at least"
                        + " one call at a time, or the function can never run), perhaps you should set maxConcurrency"
                        + " to at least 1 or leave it out");
        assertThat(Preflight.names("aws", null, set.functions())).as("0 is 'no reserved concurrency' on AWS").isEmpty();
    }

    @Test
    void misspelledPropertiesAndOptionsNameTheNearestKnownKey() {
        FunctionConfig snap = hello();
        snap.setOptions(Map.of("aws.snapStrat", "true", "payload.maxBytes", "10"));
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> faasport.deploy(
                new Requests.Deploy(project(Map.of("aws.alais", "blue"), snap),
                        aws(Map.of("aws.regoin", "eu-west-1", "aws.region", "eu-west-1", "fake.anything", "x")),
                        null, false, null, null)));

        assertThat(e.problems()).extracting(ConfigurationException.Problem::message).containsExactlyInAnyOrder(
                "Property 'aws.regoin' is not a setting of AWS Lambda (fake), perhaps you should write 'aws.region'"
                        + " (-Dfaas.aws.region=... or <providerProperties><aws.region>)",
                "Property 'aws.alais' is not a setting of AWS Lambda (fake), perhaps you should write 'aws.alias'"
                        + " (-Dfaas.aws.alias=... or <providerProperties><aws.alias>)",
                "Function 'hello': option 'aws.snapStrat' is not an option of AWS Lambda (fake), perhaps you should"
                        + " write 'aws.snapStart'");
        assertThat(FakeProvider.OPENED).isEmpty();
    }

    @Test
    void aMisspelledPropertyStopsEveryGoalThatOpensATarget() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> faasport.remove(
                new Requests.Remove(aws(Map.of("aws.regoin", "eu-west-1")), "shop", null, null)));
        assertThat(e.getMessage()).contains("Property 'aws.regoin' is not a setting of AWS Lambda (fake)");
        assertThat(FakeProvider.OPENED).isEmpty();
    }
}
