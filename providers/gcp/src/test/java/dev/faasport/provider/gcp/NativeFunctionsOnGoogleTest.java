package dev.faasport.provider.gcp;

import dev.faasport.packaging.PackageRequest;
import dev.faasport.packaging.Packager;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Invocation;
import dev.faasport.spi.PackageFormat;
import dev.faasport.spi.ProviderSession;
import dev.faasport.spi.Trigger;
import dev.faasport.testing.Jars;
import dev.faasport.testing.Sources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Functions written against Google's own API (a Pub/Sub {@code CloudEventsFunction}, 1st gen
 * {@code BackgroundFunction<T>}s), packaged by Faasport's real {@link Packager} with the native adapter, deployed by
 * the provider with queue and storage triggers to {@link FakeCloudFunctions}, which runs them under Google's Functions
 * Framework invoker; {@code invoke} delivers Eventarc's binary-mode CloudEvent.
 */
class NativeFunctionsOnGoogleTest {
    private static final String SET = "gcp-native";
    private static final Map<String, String> SOURCES = Map.of(
            "Orders", """
                    package conf.fn;
                    import com.google.cloud.functions.CloudEventsFunction;
                    import io.cloudevents.CloudEvent;
                    import java.nio.charset.StandardCharsets;
                    import java.util.Base64;
                    import java.util.regex.*;
                    public class Orders implements CloudEventsFunction {
                        public void accept(CloudEvent event) throws Exception {
                            String json = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
                            String text = new String(Base64.getDecoder().decode(field(json, "data")), StandardCharsets.UTF_8);
                            if (text.equals("poison")) throw new IllegalStateException("poison message");
                            Out.write("orders", event.getType() + " " + event.getSource() + " " + text + " "
                                    + field(json, "messageId").equals(event.getId()) + " " + field(json, "subscription"));
                        }
                        static String field(String json, String name) {
                            Matcher m = Pattern.compile("\\"" + name + "\\"\\\\s*:\\\\s*\\"([^\\"]*)\\"").matcher(json);
                            return m.find() ? m.group(1) : null;
                        }
                    }
                    """,
            "HelloPubSub", """
                    package conf.fn;
                    import com.google.cloud.functions.*;
                    import java.nio.charset.StandardCharsets;
                    import java.util.Base64;
                    public class HelloPubSub implements BackgroundFunction<HelloPubSub.PubSubMessage> {
                        public static class PubSubMessage {
                            private String data;
                            private java.util.Map<String, String> attributes;
                        }
                        public void accept(PubSubMessage message, Context context) {
                            Out.write("hello-pubsub", context.eventType() + " Hello "
                                    + new String(Base64.getDecoder().decode(message.data), StandardCharsets.UTF_8) + "!");
                        }
                    }
                    """,
            "HelloGcs", """
                    package conf.fn;
                    import com.google.cloud.functions.*;
                    public class HelloGcs implements BackgroundFunction<HelloGcs.GcsEvent> {
                        public static class GcsEvent {
                            private String bucket;
                            private String name;
                            private String metageneration;
                            private java.util.Date timeCreated;
                        }
                        public void accept(GcsEvent event, Context context) {
                            Out.write("hello-gcs", context.eventType() + " " + event.bucket + " " + event.name + " "
                                    + event.metageneration + " " + (event.timeCreated != null));
                        }
                    }
                    """,
            "Out", ConformanceFunctions.OUT);

    @TempDir
    static Path dir;
    private static Path out;
    private static List<DeployUnit> units;

    @BeforeAll
    static void pack() throws Exception {
        out = Files.createDirectories(dir.resolve("out"));
        Path classes = Sources.compile("conf/fn", SOURCES, List.of(
                Jars.location("com.google.cloud.functions.CloudEventsFunction"),
                Jars.location("io.cloudevents.CloudEvent")), dir.resolve("classes"));
        Map<String, String> env = Map.of("OUT", out.toString());
        List<FunctionSpec> specs = List.of(
                spec("orders", "Orders", FunctionShape.QUEUE, new Trigger.Queue("orders", 1, 3), env),
                spec("hello-pubsub", "HelloPubSub", FunctionShape.QUEUE, new Trigger.Queue("greetings", 1, 3), env),
                spec("hello-gcs", "HelloGcs", FunctionShape.STORAGE, new Trigger.Storage("sample-bucket", null, null, null), env));
        Path adapters = dir.resolve("adapters");
        // as faas:package for a project that depends on functions-framework-api: Google provides the API itself
        Map<PackageFormat, List<Path>> jars = Map.of(PackageFormat.GCF_SOURCE_ZIP, List.of(
                Jars.containing("dev.faasport.runtime.gcp.GcfEventHandler", adapters),
                Jars.containing("dev.faasport.runtime.FunctionRegistry", adapters),
                Jars.containing("dev.faasport.runtime.json.Json", adapters),
                Jars.containing("dev.faasport.api.HttpFunction", adapters),
                Jars.containing("dev.faasport.runtime.nativegcp.GcpNativeAdapter", adapters)));
        units = new Packager().pack(new PackageRequest(SET, specs, classes, List.of(), jars, dir.resolve("faas"), null,
                false, Map.of()), "gcp", PackageFormat.GCF_SOURCE_ZIP).units();
    }

    private static FunctionSpec spec(String name, String cls, FunctionShape shape, Trigger t, Map<String, String> env) {
        return new FunctionSpec(name, "conf.fn." + cls, shape, t, 256, 60, env, 0, 0, FunctionSpec.PackageType.ZIP,
                Map.of());
    }

    @Test
    void pubSubAndStorageTriggeredNativeFunctionsRunUnderGooglesInvoker() throws Exception {
        try (FakeCloudFunctions server = new FakeCloudFunctions().runPackages(dir.resolve("double"))) {
            server.operationDelayMillis = 20;
            server.createBucket("sample-bucket", "EUROPE-WEST1");
            try (ProviderSession s = GcpTestSupport.open(SET, GcpTestSupport.props(server))) {
                for (DeployUnit u : units) {
                    s.apply(GcpTestSupport.create(u));
                }
                assertThat(server.function("orders").getAsJsonObject("eventTrigger").get("pubsubTopic").getAsString())
                        .isEqualTo("projects/faasport-test/topics/orders");

                assertThat(s.invoke("orders", event("tea")).status()).isEqualTo(200);
                // the CloudEvent as Eventarc (here: the provider's invoke) delivered it, topic and subscription included
                assertThat(written("orders")).containsExactly("google.cloud.pubsub.topic.v1.messagePublished "
                        + "//pubsub.googleapis.com/projects/faasport-test/topics/orders tea true "
                        + "projects/faasport-test/subscriptions/faasport-invoke");
                // a failure answers 500, so Eventarc redelivers the message
                assertThat(s.invoke("orders", event("poison")).status()).isEqualTo(500);
                assertThat(written("orders")).isEmpty();

                assertThat(s.invoke("hello-pubsub", event("Ada")).status()).isEqualTo(200);
                assertThat(written("hello-pubsub")).containsExactly("google.pubsub.topic.publish Hello Ada!");

                assertThat(s.invoke("hello-gcs", event("{\"bucket\":\"sample-bucket\",\"key\":\"in/cat.png\",\"size\":12}"))
                        .status()).isEqualTo(200);
                assertThat(written("hello-gcs")).containsExactly("google.storage.object.finalize sample-bucket in/cat.png 1 true");
                assertThat(s.logs("orders", 10)).anyMatch(l -> l.contains("GcfEventHandler") && l.contains("500"));
                for (var unit : s.list()) {
                    s.delete(unit);
                }
            }
        }
    }

    private static Invocation event(String body) {
        return new Invocation(null, null, null, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> written(String name) throws IOException {
        Path file = out.resolve(name + ".txt");
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        Files.deleteIfExists(file);
        return lines;
    }
}
