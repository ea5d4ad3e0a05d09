package dev.faasport.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faasport.core.fake.FakeProvider;
import dev.faasport.spi.Provider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationProcessorTest {

    private static final List<Provider> PROVIDERS = List.of(new FakeProvider(), new FakeProvider.AsAws(),
            new FakeProvider.AsAzure(), new FakeProvider.AsKnative());

    private record Raw(Map<String, String> providerProperties, Map<String, String> settings,
                       Map<String, String> projectProperties, Map<String, String> systemProperties,
                       Map<String, String> commandLineProperties, String providers) implements RawConfiguration {
    }

    private static ConfigurationProcessor processor(Map<String, String> pom, Map<String, String> settings,
                                                    Map<String, String> commandLine, String providers) {
        return new ConfigurationProcessor(new Raw(pom, settings, Map.of("faas.aws.region", "eu-west-1",
                "faas.skip", "false"), Map.of("faas.aws.region", "eu-west-2"), commandLine, providers), PROVIDERS);
    }

    @Test
    void theCommandLineWinsOverTheSystemOverTheProjectOverTheBuildFile() {
        ConfigurationProcessor p = processor(Map.of("aws.region", "us-east-1", "aws.alias", "live"), Map.of(),
                Map.of("faas.aws.alias", "blue", "faas.provider", "aws", "other.key", "x"), null);

        assertThat(p.providerProperties()).containsExactlyInAnyOrderEntriesOf(
                Map.of("aws.region", "eu-west-2", "aws.alias", "blue"));
    }

    @Test
    void onlyKeysThatShapePackagesReachPackagingAndTheRuntimeKeysComeFromTheLimitTables() {
        ConfigurationProcessor p = processor(Map.of("aws.runtime", "java21", "azure.javaVersion", "17",
                        "azure.plan", "flex", "gcp.generation", "2", "image.registry", "127.0.0.1:5000/x",
                        "aws.endpoint", "http://127.0.0.1:1", "knative.namespace", "default"),
                Map.of("azure.plan", "consumption", "azure.app", "shop"), Map.of("faas.local.port", "9000"), null);

        assertThat(p.runtimeKeys()).containsExactly("aws.runtime", "azure.javaVersion");
        assertThat(p.packagingSettings()).containsExactlyInAnyOrderEntriesOf(Map.of("aws.runtime", "java21",
                "azure.javaVersion", "17", "azure.plan", "flex", "azure.app", "shop", "gcp.generation", "2",
                "image.registry", "127.0.0.1:5000/x"));
        assertThat(p.imageRegistry()).isEqualTo("127.0.0.1:5000/x");
    }

    @Test
    void allMeansEveryProviderAndImageTargetsOnlyWithARegistry() {
        assertThat(processor(Map.of(), Map.of(), Map.of(), "all").providerIds())
                .containsExactly("aws", "azure", "fake");
        assertThat(processor(Map.of(), Map.of("image.registry", "r"), Map.of(), "ALL").providerIds())
                .containsExactly("aws", "azure", "fake", "knative");
        assertThat(processor(Map.of(), Map.of(), Map.of(), " aws, ,gcp ").providerIds()).containsExactly("aws", "gcp");
        assertThat(processor(Map.of(), Map.of(), Map.of(), " ").providerIds()).containsExactly("local");
        assertThat(processor(Map.of(), Map.of(), Map.of(), null).imageRegistry()).isNull();
    }
}
