package dev.faasport.core;

import dev.faasport.core.error.FaasportException;
import dev.faasport.core.error.Overridden;
import dev.faasport.core.fake.FakeProvider;
import dev.faasport.core.migrate.MigrationRequest;
import dev.faasport.core.model.FunctionConfig;
import dev.faasport.core.model.FunctionSetConfig;
import dev.faasport.core.model.Project;
import dev.faasport.core.model.ResourceConfig;
import dev.faasport.core.model.SetDefaults;
import dev.faasport.core.session.Target;
import dev.faasport.spi.ProviderConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The hostile-input corpus ({@code src/test/resources/hostile/*.case}, format in its README): every POM configuration,
 * command-line property and setting there must fail with its message before anything changes on the target.
 */
class HostileInputCorpusTest {

    @TempDir
    Path dir;

    private ClassLoader providers;

    @BeforeEach
    void setUp() throws Exception {
        FakeProvider.reset();
        // the shared services file has fake and aws; local, Azure and Google fakes come from the corpus's own
        providers = new URLClassLoader(new URL[]{HostileInputCorpusTest.class.getResource("/hostile-providers/")
                .toURI().toURL()}, HostileInputCorpusTest.class.getClassLoader());
    }

    static Stream<Path> cases() throws Exception {
        Path root = Path.of(HostileInputCorpusTest.class.getResource("/hostile/").toURI());
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(f -> f.toString().endsWith(".case")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithItsMessageAndChangesNothing(Path file) throws IOException {
        Case c = Case.read(file);
        Target target = new Target(c.provider, c.properties, dir.resolve("work"));
        Faasport clean = new Faasport(ProviderConfig.Log.silent(), providers);
        if (!c.deployed.isEmpty()) {
            clean.deploy(new Requests.Deploy(project(c.deployed, new SetDefaults(), Map.of()), target(c.provider),
                    null, true, null, null));
        }
        var before = Map.copyOf(FakeProvider.target(c.provider).units);
        Faasport faasport = clean.withOverridden(c.overridden);
        Project project = project(c.functions, c.defaults, c.settings);

        FaasportException e = catchThrowableOfType(FaasportException.class, () -> {
            switch (c.goal) {
                case "deploy" -> faasport.deploy(new Requests.Deploy(project, target, null, false, null, null));
                case "remove" -> faasport.remove(new Requests.Remove(target, "shop", null, null));
                case "plan" -> faasport.plan(new Requests.Plan(project, target));
                case "check" -> faasport.check(new Requests.Check(project, List.of(c.provider), target, null, false));
                case "migrate-cutover" -> faasport.migrate(new MigrationRequest(project, target, target(c.provider),
                        false, true, false, Map.of(), null, null));
                default -> throw new IllegalArgumentException(file + ": unknown goal " + c.goal);
            }
        });

        assertThat(e).as(file.getFileName() + " must fail").isNotNull();
        for (String expected : c.expect) {
            assertThat(e.getMessage()).as(file.getFileName().toString()).contains(expected);
        }
        assertThat(FakeProvider.target(c.provider).units).as("nothing changed on the target").isEqualTo(before);
    }

    private Target target(String provider) {
        return new Target(provider, Map.of(), dir.resolve("work"));
    }

    private Project project(List<FunctionConfig> functions, SetDefaults defaults, Map<String, String> settings) {
        return new Project(new FunctionSetConfig("shop", defaults, functions),
                HostileInputCorpusTest.class.getClassLoader(), dir.resolve("classes"), List.of(), Map.of(),
                dir.resolve("faas"), null, false, settings);
    }

    /** One case file. */
    private static final class Case {
        String goal = "deploy";
        String provider = "fake";
        final List<FunctionConfig> functions = new ArrayList<>();
        final List<FunctionConfig> deployed = new ArrayList<>();
        final SetDefaults defaults = new SetDefaults();
        final Map<String, String> properties = new LinkedHashMap<>();
        final Map<String, String> settings = new LinkedHashMap<>();
        final List<Overridden> overridden = new ArrayList<>();
        final List<String> expect = new ArrayList<>();

        static Case read(Path file) throws IOException {
            Case c = new Case();
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String key = line.substring(0, colon);
                String value = line.substring(colon + 1).strip();
                String[] words = value.split("\\s+");
                switch (key) {
                    case "goal" -> c.goal = value;
                    case "provider" -> c.provider = value;
                    case "function" -> c.functions.add(function(words));
                    case "deployed" -> c.deployed.add(function(words));
                    case "defaults" -> {
                        for (String w : words) {
                            resource(c.defaults, w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
                        }
                    }
                    case "property" -> c.properties.put(value.substring(0, value.indexOf('=')),
                            value.substring(value.indexOf('=') + 1));
                    case "setting" -> c.settings.put(value.substring(0, value.indexOf('=')),
                            value.substring(value.indexOf('=') + 1));
                    case "overridden" -> c.overridden.add(new Overridden(words[0], words[1], words[2]));
                    case "expect" -> c.expect.add(value);
                    default -> throw new IllegalArgumentException(file + ": unknown line " + line);
                }
            }
            assertThat(c.expect).as(file + " says what it must produce").isNotEmpty();
            return c;
        }

        /** A {@code <function>} as the Maven plugin hands it over: values as text, converted by the core. */
        private static FunctionConfig function(String[] words) {
            String handler = words[1].contains(".") ? words[1] : "dev.faasport.core.fixtures." + words[1];
            FunctionConfig f = new FunctionConfig(words[0], handler);
            for (int i = 2; i < words.length; i++) {
                String element = words[i].substring(0, words[i].indexOf('='));
                String text = words[i].substring(words[i].indexOf('=') + 1);
                switch (element) {
                    case "public" -> f.setPublicAccess(f.bool("public", text));
                    case "trigger" -> f.setTrigger(text);
                    case "bucket" -> f.setBucket(text);
                    case "queue" -> f.setQueue(text);
                    case "schedule" -> f.setSchedule(text.replace('_', ' ')); // '_' stands for a space
                    case "batchSize" -> f.setBatchSize(f.integer("batchSize", text));
                    case "maxAttempts" -> f.setMaxAttempts(f.integer("maxAttempts", text));
                    default -> resource(f, element, text);
                }
            }
            return f;
        }

        private static void resource(ResourceConfig r, String element, String text) {
            if (element.startsWith("option.")) {
                Map<String, String> options = r.getOptions() == null ? new LinkedHashMap<>() : r.getOptions();
                options.put(element.substring(7), text);
                r.setOptions(options);
                return;
            }
            if (element.startsWith("env.")) {
                Map<String, String> env = r.getEnvironment() == null ? new LinkedHashMap<>() : r.getEnvironment();
                env.put(element.substring(4), text);
                r.setEnvironment(env);
                return;
            }
            switch (element) {
                case "memory" -> r.setMemoryMb(r.integer("memory", text));
                case "timeout" -> r.setTimeoutSeconds(r.integer("timeout", text));
                case "maxConcurrency" -> r.setMaxConcurrency(r.integer("maxConcurrency", text));
                case "minInstances" -> r.setMinInstances(r.integer("minInstances", text));
                default -> throw new IllegalArgumentException("unknown element " + element);
            }
        }
    }
}
