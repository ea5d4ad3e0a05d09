package dev.faasport.provider.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.functions.v2.BuildConfig;
import com.google.cloud.functions.v2.CreateFunctionRequest;
import com.google.cloud.functions.v2.Environment;
import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.FunctionServiceClient;
import com.google.cloud.functions.v2.FunctionServiceSettings;
import com.google.cloud.functions.v2.GenerateUploadUrlRequest;
import com.google.cloud.functions.v2.Source;
import dev.faasport.limits.Finding;
import dev.faasport.limits.LimitChecker;
import dev.faasport.limits.Severity;
import dev.faasport.spi.DeployUnit;
import dev.faasport.spi.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * faas:check's Google name rule (limit data in gcp.json), the provider's own check and the Cloud Functions double
 * agree: what passes the check is what the v2 API accepts as a function id, and nothing else.
 */
class FunctionNameRuleTest {
    private static final String PARENT = "projects/p-names/locations/us-central1";

    @TempDir
    Path dir;

    @Test
    void checkProviderAndDoubleAgreeOnNames() throws Exception {
        List<String> names = List.of("a", "ab", "abc", "abcd", "Abc", "Make_Thumbnail", "9lives", "ends-", "ends_",
                "a".repeat(63), "a".repeat(64), "dots.not.ok");
        try (FakeCloudFunctions server = new FakeCloudFunctions();
             FunctionServiceClient client = FunctionServiceClient.create(FunctionServiceSettings.newHttpJsonBuilder()
                     .setEndpoint(server.endpoint()).setCredentialsProvider(NoCredentialsProvider.create()).build())) {
            var upload = client.generateUploadUrl(GenerateUploadUrlRequest.newBuilder().setParent(PARENT).build());
            for (String name : names) {
                DeployUnit unit = GcpTestSupport.unit("s", GcpTestSupport.http(name, 256, 30, Map.of()),
                        GcpTestSupport.zip(dir, "n", "n"), "c");
                List<Finding> findings = new LimitChecker().check("gcp", "gen2", List.of(unit), Map.of()).findings();
                boolean checkPasses = findings.stream().filter(f -> f.key().equals("function.name"))
                        .allMatch(f -> f.severity() == Severity.FITS);
                boolean providerPasses = passes(name);
                String id = name.toLowerCase(Locale.ROOT).replace('_', '-');
                boolean apiAccepts = accepts(client, upload.getStorageSource(), id);
                assertThat(checkPasses).as("faas:check on '%s'", name).isEqualTo(apiAccepts);
                assertThat(providerPasses).as("the provider's check on '%s'", name).isEqualTo(apiAccepts);
            }
        }
    }

    private static boolean passes(String name) {
        try {
            FunctionMapping.functionId(name);
            return true;
        } catch (ProviderException e) {
            return false;
        }
    }

    private static boolean accepts(FunctionServiceClient client, com.google.cloud.functions.v2.StorageSource source,
                                   String id) {
        Function f = Function.newBuilder().setEnvironment(Environment.GEN_2)
                .setBuildConfig(BuildConfig.newBuilder().setRuntime("java17").setEntryPoint("a.B")
                        .setSource(Source.newBuilder().setStorageSource(source))).build();
        try {
            client.createFunctionCallable().call(CreateFunctionRequest.newBuilder().setParent(PARENT).setFunctionId(id)
                    .setFunction(f).build());
            return true;
        } catch (ApiException e) {
            assertThat(GcpErrors.detail(e)).contains("function id");
            return false;
        }
    }
}
