package dev.faasport.limits;

import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.faasport.limits.Units.spec;
import static dev.faasport.limits.Units.unit;
import static org.assertj.core.api.Assertions.assertThat;

/** Environment variable names the vendor (or Faasport) reserves fail faas:check, naming the function and the fix. */
class ReservedEnvironmentTest {
    final LimitChecker checker = new LimitChecker();

    Finding reserved(String provider, String plan, Map<String, String> env) {
        FunctionSpec f = spec("f", new Trigger.Http(List.of(), true), 512, 30, env, 0, 0, null, Map.of());
        List<Finding> found = checker.check(provider, plan, List.of(unit(f)), Map.of()).findings().stream()
                .filter(x -> x.key().equals("environment.reserved")).toList();
        assertThat(found).as(provider).hasSize(1);
        return found.get(0);
    }

    @Test
    void lambdaRefusesItsDefinedRuntimeVariables() {
        Finding f = reserved("aws", null, Map.of("AWS_REGION", "eu-west-1", "GREETING", "hi"));
        assertThat(f.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(f.message()).startsWith("Function 'f' does not fit AWS Lambda: environment variable name AWS_REGION"
                + " is reserved").contains("configuration-envvars").contains("perhaps you should rename environment"
                + " variable AWS_REGION of 'f' (for example to APP_AWS_REGION)");
        for (String name : List.of("_HANDLER", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME", "AWS_SESSION_TOKEN",
                "LAMBDA_TASK_ROOT", "FAASPORT_FUNCTION")) {
            assertThat(reserved("aws", null, Map.of(name, "x")).severity()).as(name).isEqualTo(Severity.VIOLATION);
        }
        // documented as settable, and names differ by case on Linux
        assertThat(reserved("aws", null, Map.of("AWS_LAMBDA_EXEC_WRAPPER", "/opt/w", "TZ", "Europe/Paris", "aws_region",
                "x")).severity()).isEqualTo(Severity.FITS);
        Finding two = reserved("aws", null, Map.of("AWS_REGION", "x", "_X_AMZN_TRACE_ID", "y"));
        assertThat(two.message()).contains("environment variable names AWS_REGION, _X_AMZN_TRACE_ID are reserved")
                .contains("APP_X_AMZN_TRACE_ID");
    }

    @Test
    void aSecretReferenceUnderAReservedNameIsRefusedToo() {
        FunctionSpec f = spec("f", new Trigger.Http(List.of(), true), 512, 30, Map.of("GREETING", "hi"), 0, 0, null,
                Map.of()).withSecrets(Map.of("AWS_SESSION_TOKEN", "token"));
        Finding found = checker.check("aws", null, List.of(unit(f)), Map.of()).findings().stream()
                .filter(x -> x.key().equals("environment.reserved")).findFirst().orElseThrow();
        assertThat(found.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(found.message()).contains("AWS_SESSION_TOKEN");
    }

    @Test
    void azureRefusesTheAppSettingsFaasportSetsItself() {
        for (String plan : List.of("consumption", "flex", "premium", "dedicated")) {
            for (String name : List.of("FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "AzureWebJobsStorage",
                    "WEBSITE_RUN_FROM_PACKAGE", "FAASPORT_SETTINGS")) {
                Finding f = reserved("azure", plan, Map.of(name, "x"));
                assertThat(f.severity()).as(plan + " " + name).isEqualTo(Severity.VIOLATION);
                assertThat(f.message()).contains("app setting name " + name + " is reserved");
            }
            assertThat(reserved("azure", plan, Map.of("GREETING", "hi")).severity()).isEqualTo(Severity.FITS);
        }
    }

    @Test
    void googleRefusesTheRuntimeContractAndTheFunctionVariables() {
        for (String plan : List.of("gen1", "gen2")) {
            for (String name : List.of("PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION", "FUNCTION_TARGET",
                    "FUNCTION_SIGNATURE_TYPE", "X_GOOGLE_ANYTHING")) {
                assertThat(reserved("gcp", plan, Map.of(name, "x")).severity()).as(plan + " " + name)
                        .isEqualTo(Severity.VIOLATION);
            }
            assertThat(reserved("gcp", plan, Map.of("K_OTHER", "x")).severity()).isEqualTo(Severity.FITS);
        }
    }

    @Test
    void knativeRefusesItsRuntimeContract() {
        for (String name : List.of("PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION", "FAASPORT_UNIT")) {
            assertThat(reserved("knative", null, Map.of(name, "x")).severity()).as(name).isEqualTo(Severity.VIOLATION);
        }
        assertThat(reserved("knative", null, Map.of("APP_PORT", "8080")).severity()).isEqualTo(Severity.FITS);
    }

    @Test
    void localRefusesOnlyFaasportsOwn() {
        assertThat(reserved("local", null, Map.of("FAASPORT_FUNCTION", "x")).severity()).isEqualTo(Severity.VIOLATION);
        assertThat(reserved("local", null, Map.of("PORT", "1", "AWS_REGION", "x")).severity()).isEqualTo(Severity.FITS);
    }
}
