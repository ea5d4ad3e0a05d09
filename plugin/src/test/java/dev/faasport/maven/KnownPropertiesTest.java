package dev.faasport.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faasport.core.error.ConfigurationException.Problem;
import dev.faasport.core.Preflight;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Provider;
import dev.faasport.spi.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The key lists the real providers declare (issue 19: misspellings were silently ignored): each misspelling from the
 * issue is refused with the key meant, and no key the documentation names is refused.
 */
class KnownPropertiesTest {

    private final List<Provider> providers = ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get)
            .toList();

    @Test
    void everyProviderDeclaresItsKeys() {
        assertThat(providers).extracting(Provider::id).contains("local", "aws", "azure", "gcp", "knative");
        assertThat(providers).allSatisfy(p -> assertThat(p.knownProperties()).isNotEmpty()
                .allMatch(k -> k.startsWith(p.id() + ".")));
    }

    @Test
    void theIssuesMisspellingsNameTheKeyMeant() {
        FunctionSpec snap = new FunctionSpec("hello", "x.Hello", FunctionShape.HTTP, new Trigger.Http(List.of(), false),
                256, 30, Map.of(), 10, 0, FunctionSpec.PackageType.ZIP, Map.of("aws.snapStrat", "true"));

        List<Problem> problems = Preflight.keys(providers, Map.of("azure.plna", "flex", "aws.alais", "blue",
                "aws.regoin", "eu-west-1"), Map.of(), List.of(snap));

        assertThat(problems).extracting(Problem::message).containsExactlyInAnyOrder(
                "Property 'aws.alais' is not a setting of AWS Lambda, perhaps you should write 'aws.alias'"
                        + " (-Dfaas.aws.alias=... or <providerProperties><aws.alias>)",
                "Property 'aws.regoin' is not a setting of AWS Lambda, perhaps you should write 'aws.region'"
                        + " (-Dfaas.aws.region=... or <providerProperties><aws.region>)",
                "Property 'azure.plna' is not a setting of Azure Functions, perhaps you should write 'azure.plan'"
                        + " (-Dfaas.azure.plan=... or <providerProperties><azure.plan>)",
                "Function 'hello': option 'aws.snapStrat' is not an option of AWS Lambda, perhaps you should write"
                        + " 'aws.snapStart'");
    }

    @Test
    void noDocumentedKeyIsRefused() throws IOException {
        Pattern key = Pattern.compile("`(?:-Dfaas\\.)?((?:local|aws|azure|gcp|knative)\\.[A-Za-z][A-Za-z0-9.]*[A-Za-z0-9])");
        TreeSet<String> documented = new TreeSet<>();
        Path root = Path.of("..");
        for (Path doc : List.of(root.resolve("README.md"), root.resolve("docs/ARCHITECTURE.md"),
                root.resolve("providers/aws/README.md"), root.resolve("providers/azure/README.md"),
                root.resolve("providers/gcp/README.md"), root.resolve("providers/knative/README.md"))) {
            if (Files.exists(doc)) {
                Matcher m = key.matcher(Files.readString(doc));
                while (m.find()) {
                    documented.add(m.group(1));
                }
            }
        }
        // named in the READMEs but not properties: the SDK's system property, unit settings packaging writes, a file
        documented.removeAll(List.of("aws.endpointUrl", "aws.layer.path", "aws.layer.sha256", "azure.appDefaulted",
                "gcp.json"));
        Map<String, String> properties = new java.util.TreeMap<>();
        documented.forEach(k -> properties.put(k, "x"));

        assertThat(documented).contains("aws.region", "azure.plan", "gcp.project", "local.port", "knative.namespace");
        assertThat(Preflight.keys(providers, properties, Map.of(), List.of())).extracting(Problem::message).isEmpty();
    }
}
