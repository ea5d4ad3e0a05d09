package dev.faasport.runtime.nativeazure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.example.azure.Api;
import com.example.azure.Mixed;
import com.example.azure.ServiceBus;
import com.example.azure.Storage;
import dev.faasport.core.error.ConfigurationException;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.core.model.FunctionSet;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.core.model.FunctionSets;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's view of projects made of Azure classes: discovery and hand declarations, through core's model. */
class AzureDiscoveryTest {

    private static final ClassLoader LOADER = AzureDiscoveryTest.class.getClassLoader();

    @TempDir
    Path classes;

    private void compiled(Class<?>... types) throws IOException {
        Path testClasses = Path.of(Api.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        for (Class<?> t : types) {
            Path dir = testClasses.resolve(t.getName().replace('.', '/') + ".class").getParent();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().equals(t.getSimpleName() + ".class")
                        || f.getFileName().toString().startsWith(t.getSimpleName() + "$")).toList()) {
                    Path target = classes.resolve(testClasses.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    void eachFunctionNameMethodIsOneFunctionWithItsTriggerFromTheCode() throws IOException {
        compiled(Api.class, Mixed.class);
        FunctionSet set = FunctionSets.build(new FunctionSetConfig("found", null, null), LOADER, classes);
        assertThat(set.functions()).extracting(FunctionSpec::name, FunctionSpec::handler).containsExactly(
                org.assertj.core.groups.Tuple.tuple("create-item", "com.example.azure.Api::create"),
                org.assertj.core.groups.Tuple.tuple("delete-item", "com.example.azure.Api::delete"),
                org.assertj.core.groups.Tuple.tuple("get-item", "com.example.azure.Api::get"),
                org.assertj.core.groups.Tuple.tuple("list-items", "com.example.azure.Api::list"),
                org.assertj.core.groups.Tuple.tuple("process", "com.example.azure.Mixed::process"),
                org.assertj.core.groups.Tuple.tuple("submit", "com.example.azure.Mixed::submit"));
        assertThat(set.function("delete-item").orElseThrow().trigger()).isEqualTo(new Trigger.Http(List.of("DELETE"), false));
        assertThat(set.function("list-items").orElseThrow().trigger()).isEqualTo(new Trigger.Http(List.of("GET"), true));
        assertThat(set.function("process").orElseThrow().shape()).isEqualTo(FunctionShape.QUEUE);
        assertThat(((Trigger.Queue) set.function("process").orElseThrow().trigger()).queue()).isEqualTo("submissions");
        assertThat(((Trigger.Queue) set.function("process").orElseThrow().trigger()).batchSize()).isEqualTo(1);
    }

    @Test
    void aQueueNamedByAnAppSettingIsAskedForAndHandDeclaredFunctionsTakeTheRestFromTheCode() throws IOException {
        compiled(Storage.class);
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> FunctionSets.build(new FunctionSetConfig("found", null, null), LOADER, classes));
        assertThat(e.getMessage()).contains("Class 'com.example.azure.Storage::pojo' is a Azure @FunctionName(\"orderPojo\") "
                + "method with @QueueTrigger (a queue function) but its code names no queue, perhaps you should declare it "
                + "in <functions> with <handler>com.example.azure.Storage::pojo</handler> and <queue>orders</queue>");

        FunctionConfig pojo = new FunctionConfig("order-pojo", "com.example.azure.Storage::pojo");
        pojo.setQueue("orders-in");
        FunctionSet set = FunctionSets.build(new FunctionSetConfig("declared", null, List.of(pojo,
                new FunctionConfig("thumbs", "com.example.azure.Storage::blob"),
                new FunctionConfig("keep-alive", "com.example.azure.Storage::timer"))), LOADER, classes);
        assertThat(((Trigger.Queue) set.function("order-pojo").orElseThrow().trigger()).queue()).isEqualTo("orders-in");
        assertThat(set.function("thumbs").orElseThrow().trigger())
                .isEqualTo(new Trigger.Storage("uploads", Set.of(Trigger.StorageEventKind.CREATED), "in/", ".png"));
        assertThat(set.function("keep-alive").orElseThrow().trigger()).isEqualTo(new Trigger.Schedule("cron(0/5 * * * ? *)"));
    }

    @Test
    void aClassWithATriggerFaasportDoesNotTranslateIsAProblemNamingIt() throws IOException {
        compiled(ServiceBus.class);
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> FunctionSets.build(new FunctionSetConfig("found", null, null), LOADER, classes));
        assertThat(e.getMessage()).contains("'billing' (method billing) has @ServiceBusQueueTrigger, 'report' (method report) "
                + "has @BlobInput; it translates ['ping' (@HttpTrigger)]");
    }
}
