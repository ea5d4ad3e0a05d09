package dev.faasport.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faasport.spi.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: an error told Google users {@code -Dgcp.project=...}, a flag nothing reads. Every {@code -Dfaas.X} that
 * Faasport's code or README suggests must be one that works: a goal's parameter (this plugin's descriptor) or a
 * provider's setting (its {@link Provider#knownProperties()}, which the plugin reads from {@code faas.<key>}).
 */
class SuggestedFlagsTest {

    private static final Pattern FLAG = Pattern.compile("-Dfaas\\.([A-Za-z][A-Za-z0-9]*(?:\\.[A-Za-z][A-Za-z0-9]*)*)");
    /** Keys the plugin reads from faas.* without a parameter or a provider: the image registry of image targets. */
    private static final Set<String> READ_BY_THE_PLUGIN = Set.of("image.registry", "local.home", "local.port");
    /** Named in the README on purpose: the live cloud test's own flags (it-migration reads them), a misspelling shown. */
    private static final Set<String> NOT_A_SUGGESTION = Set.of("live.providers", "live.endpoints",
            "live.patienceSeconds", "aws.regoin");

    @Test
    void everySuggestedFlagIsAParameterOrAProviderSetting() throws IOException {
        Set<String> works = new TreeSet<>(READ_BY_THE_PLUGIN);
        works.addAll(NOT_A_SUGGESTION);
        Matcher p = Pattern.compile("\\$\\{faas\\.([A-Za-z.]+)}")
                .matcher(Files.readString(Path.of("target/classes/META-INF/maven/plugin.xml")));
        while (p.find()) {
            works.add(p.group(1));
        }
        ServiceLoader.load(Provider.class).forEach(provider -> works.addAll(provider.knownProperties()));
        assertThat(works).contains("provider", "function", "aws.region", "gcp.project", "azure.subscription");

        TreeMap<String, String> suggested = new TreeMap<>(); // flag -> first file that suggests it
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> sources;
        try (Stream<Path> all = Files.walk(root)) {
            sources = all.filter(f -> f.toString().contains("/src/main/") && f.toString().endsWith(".java")
                            && !f.toString().contains("/target/") && !f.toString().contains("/it-")
                            && !f.startsWith(root.resolve("examples")) && !f.startsWith(root.resolve("benchmarks")))
                    .collect(Collectors.toList());
        }
        sources.add(root.resolve("README.md"));
        for (Path f : sources) {
            Matcher m = FLAG.matcher(Files.readString(f));
            while (m.find()) {
                suggested.putIfAbsent(m.group(1), root.relativize(f).toString());
            }
        }
        assertThat(suggested).as("flags suggested in the sources").containsKeys("provider", "aws.region");
        assertThat(suggested.entrySet().stream().filter(e -> !works.contains(e.getKey()))
                .map(e -> "-Dfaas." + e.getKey() + " (" + e.getValue() + ")"))
                .as("suggested flags that no parameter or provider reads").isEmpty();
    }
}
