package dev.faasport.runtime.nativegcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.example.gcp.HelloPubSub;
import com.example.gcp.PubSubListener;
import dev.faasport.core.error.ConfigurationException;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.core.model.FunctionSets;
import dev.faasport.core.model.SetDefaults;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the build makes of Google event functions: declared on a trigger, or found undeclared in the classes. */
class GoogleFunctionSetsTest {

    private static final ClassLoader LOADER = GoogleFunctionSetsTest.class.getClassLoader();

    @Test
    void aPubSubCloudEventsFunctionDeclaredOnAQueueIsAQueueFunction() {
        FunctionSpec f = FunctionSets.build(new FunctionSetConfig("shop", new SetDefaults(), List.of(
                new FunctionConfig("orders", PubSubListener.class.getName()).trigger("queue").queue("orders"),
                new FunctionConfig("greetings", HelloPubSub.class.getName()).queue("greetings"))), LOADER).functions().get(0);
        assertThat(f.shape()).isEqualTo(FunctionShape.QUEUE);
        assertThat(f.trigger()).isInstanceOf(Trigger.Queue.class);
    }

    @Test
    void undeclaredTheDiscoverySaysItIsAGoogleCloudEventsFunctionAndWhatToDeclare(@TempDir Path classes) throws Exception {
        Path file = Path.of(PubSubListener.class.getName().replace('.', '/') + ".class");
        Path compiled = Path.of(PubSubListener.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.createDirectories(classes.resolve(file).getParent());
        Files.copy(compiled.resolve(file), classes.resolve(file));
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> FunctionSets.build(
                new FunctionSetConfig("shop", new SetDefaults(), List.of()), LOADER, classes));
        assertThat(e.getMessage()).contains("Class '" + PubSubListener.class.getName() + "' is a Google "
                + "CloudEventsFunction, whose signature does not tell what triggers it, perhaps you should declare it in "
                + "<functions> with <handler>" + PubSubListener.class.getName() + "</handler> and <trigger> set to one "
                + "of [storage, queue, schedule]");
    }
}
