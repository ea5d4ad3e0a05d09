package dev.faasport.runtime.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.functions.annotation.BindingName;
import dev.faasport.runtime.json.Json;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureBindingsTest {

    @Test
    void httpBindings() {
        assertThat(AzureBindings.bindingsJson("http", Map.of("function", "hello", "methods", "GET, post")))
                .isEqualTo("[{\"type\":\"httpTrigger\",\"direction\":\"in\",\"name\":\"req\",\"authLevel\":\"anonymous\","
                        + "\"methods\":[\"get\",\"post\"],\"route\":\"hello/{*path}\",\"dataType\":\"binary\"},"
                        + "{\"type\":\"http\",\"direction\":\"out\",\"name\":\"$return\"}]");
        assertThat(AzureBindings.forTrigger("http", Map.of("public", "false")).get(0))
                .containsEntry("authLevel", "function").doesNotContainKey("route").doesNotContainKey("methods");
    }

    @Test
    void eventBindings() {
        assertThat(AzureBindings.forTrigger("storage", Map.of("bucket", "uploads", "prefix", "in/")))
                .containsExactly(Map.of("type", "blobTrigger", "direction", "in", "name", "content", "path", "uploads/in/{name}",
                        "connection", "AzureWebJobsStorage", "dataType", "binary"));
        assertThat(AzureBindings.forTrigger("queue", Map.of("queue", "orders", "connection", "Jobs")))
                .containsExactly(Map.of("type", "queueTrigger", "direction", "in", "name", "message", "queueName", "orders",
                        "connection", "Jobs"));
        assertThat(AzureBindings.forTrigger("schedule", Map.of("expression", "cron(0 3 * * ? *)")))
                .containsExactly(Map.of("type", "timerTrigger", "direction", "in", "name", "timerInfo", "schedule", "0 0 3 * * *"));
        assertThatThrownBy(() -> AzureBindings.forTrigger("queue", Map.of()))
                .hasMessage("a queue trigger on Azure needs the setting 'queue', perhaps you should add it to the function's trigger");
        assertThatThrownBy(() -> AzureBindings.forTrigger("email", Map.of())).hasMessageContaining("unknown trigger kind 'email'");
    }

    @Test
    void wholeFunctionJson() {
        Map<String, Object> json = Json.parseObject(AzureBindings.functionJson("../lib/app.jar", "queue", Map.of("queue", "q")));
        assertThat(json).containsEntry("scriptFile", "../lib/app.jar")
                .containsEntry("entryPoint", "dev.faasport.runtime.azure.AzureHandlers.queue");
    }

    @Test
    void entryPointsAndBindingNamesMatchTheHandlerMethods() throws Exception {
        Map<String, String> settings = Map.of("bucket", "b", "queue", "q", "expression", "rate(5 minutes)");
        for (Map.Entry<String, String> e : AzureBindings.ENTRY_POINTS.entrySet()) {
            String methodName = e.getValue().substring(e.getValue().lastIndexOf('.') + 1);
            assertThat(e.getValue()).startsWith(AzureHandlers.class.getName() + ".");
            Method method = List.of(AzureHandlers.class.getMethods()).stream()
                    .filter(m -> m.getName().equals(methodName)).findFirst().orElseThrow();
            List<String> annotated = new ArrayList<>();
            for (Parameter p : method.getParameters()) {
                for (Annotation a : p.getAnnotations()) {
                    if (a instanceof BindingName) continue;
                    annotated.add((String) a.annotationType().getMethod("name").invoke(a));
                }
            }
            Object triggerName = AzureBindings.forTrigger(e.getKey(), settings).get(0).get("name");
            assertThat(annotated).as("the worker finds the trigger argument by this name").containsExactly((String) triggerName);
        }
    }

    @Test
    void convertsNeutralSchedulesToNcrontab() {
        assertThat(AzureBindings.ncrontab("cron(0 12 * * ? *)")).isEqualTo("0 0 12 * * *");
        assertThat(AzureBindings.ncrontab("cron(15 10 ? * 2-6 *)")).isEqualTo("0 15 10 * * 1-5");
        assertThat(AzureBindings.ncrontab("cron(0/5 8-17 ? * MON-FRI *)")).isEqualTo("0 0/5 8-17 * * MON-FRI");
        assertThat(AzureBindings.ncrontab("cron(0 0 1 * ? *)")).isEqualTo("0 0 0 1 * *");
        assertThat(AzureBindings.ncrontab("cron(0 9 ? * 1,7 *)")).isEqualTo("0 0 9 * * 0,6");
        assertThat(AzureBindings.ncrontab("cron(0 9 ? * */2 *)")).isEqualTo("0 0 9 * * */2");
        assertThat(AzureBindings.ncrontab("rate(1 minute)")).isEqualTo("0 * * * * *");
        assertThat(AzureBindings.ncrontab("rate(15 minutes)")).isEqualTo("0 */15 * * * *");
        assertThat(AzureBindings.ncrontab("rate(6 hours)")).isEqualTo("0 0 */6 * * *");
        assertThat(AzureBindings.ncrontab("rate(1 day)")).isEqualTo("0 0 0 * * *");
        assertThat(AzureBindings.ncrontab("*/5 * * * *")).isEqualTo("0 */5 * * * *");
        assertThat(AzureBindings.ncrontab("0 30 9 * * 1-5")).isEqualTo("0 30 9 * * 1-5");
        assertThatThrownBy(() -> AzureBindings.ncrontab("rate(7 minutes)")).hasMessageContaining("no exact Azure NCRONTAB equivalent");
        assertThatThrownBy(() -> AzureBindings.ncrontab("rate(2 days)")).hasMessageContaining("1 day");
        assertThatThrownBy(() -> AzureBindings.ncrontab("cron(0 10 L * ? *)")).hasMessageContaining("no L, W or #");
        assertThatThrownBy(() -> AzureBindings.ncrontab("cron(0 10 ? * 6#3 *)")).hasMessageContaining("no L, W or #");
        assertThatThrownBy(() -> AzureBindings.ncrontab("cron(0 10 * * ? 2027)")).hasMessageContaining("no year field");
    }
}
