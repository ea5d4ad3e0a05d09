package dev.faasport.core;

import dev.faasport.core.error.FaasportException;
import dev.faasport.core.error.Overridden;
import dev.faasport.core.fake.FakeProvider;
import dev.faasport.core.fixtures.HelloHttp;
import dev.faasport.core.fixtures.UpperCase;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.core.model.Project;
import dev.faasport.core.session.Target;
import dev.faasport.spi.ProviderConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code faas:remove -Dfaas.setName=other} in a project whose POM sets {@code <setName>} removed the POM's set, because
 * Maven lets the POM win: a destructive goal refuses a command-line property the POM overrides (issue 19).
 */
class OverriddenPropertiesTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final ProviderConfig.Log log = new ProviderConfig.Log() {
        public void info(String m) { }
        public void warn(String m) { warnings.add(m); }
        public void debug(String m) { }
    };
    private final List<Overridden> setName = List.of(new Overridden("faas.setName", "other", "shop"));

    @BeforeEach
    void reset() {
        FakeProvider.reset();
    }

    private Faasport faasport(List<Overridden> overridden) {
        return new Faasport(log, OverriddenPropertiesTest.class.getClassLoader()).withOverridden(overridden);
    }

    private Target fake() {
        return new Target("fake", Map.of(), dir.resolve("work"));
    }

    private Project project(FunctionConfig... functions) {
        return new Project(new FunctionSetConfig("shop", null, List.of(functions)),
                OverriddenPropertiesTest.class.getClassLoader(), dir.resolve("classes"), List.of(), Map.of(),
                dir.resolve("faas"), null, false, Map.of());
    }

    private void deployBoth() {
        new Faasport(log, OverriddenPropertiesTest.class.getClassLoader()).deploy(new Requests.Deploy(project(
                new FunctionConfig("hello", HelloHttp.class.getName()),
                new FunctionConfig("upper", UpperCase.class.getName())), fake(), null, false, null, null));
    }

    @Test
    void removeRefusesACommandLinePropertyThePomOverrides() {
        deployBoth();

        FaasportException e = catchThrowableOfType(FaasportException.class, () -> faasport(setName).remove(
                new Requests.Remove(fake(), "shop", null, null)));

        assertThat(e.getMessage()).isEqualTo("faas:remove deletes, but -Dfaas.setName=other on the command line is"
                + " overridden by the POM's configuration ('shop'), so it would act on 'shop', perhaps you should remove"
                + " <setName> from the plugin's configuration (or set it to ${faas.setName}) to pass the value on the"
                + " command line, or drop -Dfaas.setName");
        assertThat(FakeProvider.target("fake").units).containsOnlyKeys("hello", "upper");
    }

    @Test
    void aDeployThatDeletesRefusesItTooOneThatDoesNotWarns() {
        deployBoth();

        FaasportException e = catchThrowableOfType(FaasportException.class, () -> faasport(setName).deploy(
                new Requests.Deploy(project(new FunctionConfig("hello", HelloHttp.class.getName())), fake(), null,
                        false, null, null)));
        assertThat(e.getMessage()).startsWith("faas:deploy deletes 'upper', but -Dfaas.setName=other");
        assertThat(FakeProvider.target("fake").units).containsOnlyKeys("hello", "upper");

        faasport(setName).deploy(new Requests.Deploy(project(new FunctionConfig("hello", HelloHttp.class.getName()),
                new FunctionConfig("upper", UpperCase.class.getName())), fake(), null, false, null, null));
        assertThat(warnings).contains("-Dfaas.setName=other on the command line is overridden by the POM's"
                + " configuration ('shop'), perhaps you should remove <setName> from the plugin's configuration (or set"
                + " it to ${faas.setName}) to pass the value on the command line, or drop -Dfaas.setName");
    }

    @Test
    void aMigrationWithCutoverRefusesIt() {
        FaasportException e = catchThrowableOfType(FaasportException.class, () -> faasport(setName).migrate(
                new dev.faasport.core.migrate.MigrationRequest(project(), fake(), fake(), false, true, false, Map.of(),
                        null, null)));
        assertThat(e.getMessage()).startsWith("faas:migrate with cutover deletes, but -Dfaas.setName=other");
    }
}
