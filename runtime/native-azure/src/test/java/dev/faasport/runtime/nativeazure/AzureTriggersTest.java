package dev.faasport.runtime.nativeazure;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.azure.Api;
import com.example.azure.Mixed;
import com.example.azure.ServiceBus;
import com.example.azure.Storage;
import dev.faasport.runtime.Shape;
import dev.faasport.runtime.Shapes;
import dev.faasport.runtime.VendorFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the adapter reads from Azure classes: one function per @FunctionName, its shape and trigger settings. */
class AzureTriggersTest {

    private final AzureNativeAdapter adapter = new AzureNativeAdapter();

    @Test
    void everyTriggerKindIsAFunctionWithTheSettingsItsAnnotationDeclares() {
        List<VendorFunction> functions = adapter.functions(Storage.class, null);
        assertThat(functions).extracting(VendorFunction::name)
                .containsExactly("BlobTrigger-Java", "QueueProcessor", "audit", "inspect", "keepAlive", "orderPojo", "weekdays");
        assertThat(functions).extracting(VendorFunction::portableName)
                .containsExactly("blob-trigger-java", "queue-processor", "audit", "inspect", "keep-alive", "order-pojo", "weekdays");
        assertThat(functions.get(0).shapes()).containsExactly(Shape.STORAGE);
        assertThat(functions.get(0).trigger()).isEqualTo(Map.of("trigger", "storage", "events", "created",
                "bucket", "uploads", "prefix", "in/", "suffix", ".png"));
        assertThat(functions.get(0).method()).isEqualTo("blob");
        assertThat(functions.get(1).shapes()).containsExactly(Shape.QUEUE);
        // one message per invocation, as Azure's host calls a queue function: a failing message fails alone
        assertThat(functions.get(1).trigger()).isEqualTo(Map.of("trigger", "queue", "queue", "orders", "batchSize", "1"));
        assertThat(functions.get(4).shapes()).containsExactly(Shape.SCHEDULE);
        assertThat(functions.get(4).trigger()).isEqualTo(Map.of("trigger", "schedule", "schedule", "cron(0/5 * * * ? *)"));
        // an app-setting reference (%ORDERS_QUEUE%) is left for the POM to say
        assertThat(functions.get(5).trigger()).isEqualTo(Map.of("trigger", "queue", "batchSize", "1"));
        assertThat(functions.get(6).trigger()).containsEntry("schedule", "cron(30 9 ? * 2-6 *)");
        assertThat(adapter.functions(Storage.class, "queue")).extracting(VendorFunction::name).containsExactly("QueueProcessor");
    }

    @Test
    void aClassWithHttpAndQueueMethodsKeepsBoth() {
        assertThat(Shapes.functions(Mixed.class, null)).extracting(VendorFunction::name, f -> f.shapes().get(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("process", Shape.QUEUE),
                        org.assertj.core.groups.Tuple.tuple("submit", Shape.HTTP));
        assertThat(Shapes.resolve(Mixed.class, null, "process", null).shape()).isEqualTo(Shape.QUEUE);
    }

    @Test
    void fourHttpMethodsAreFourFunctionsWithTheirMethodsAndAuthLevel() {
        List<VendorFunction> functions = adapter.functions(Api.class, null);
        assertThat(functions).extracting(VendorFunction::portableName)
                .containsExactly("create-item", "delete-item", "get-item", "list-items");
        assertThat(functions.get(0).trigger()).isEqualTo(Map.of("trigger", "http", "methods", "POST", "public", "true"));
        assertThat(functions.get(1).trigger()).isEqualTo(Map.of("trigger", "http", "methods", "DELETE", "public", "false"));
    }

    @Test
    void aTriggerFaasportDoesNotTranslateIsNamedWithWhatToDo() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Shapes.functions(ServiceBus.class, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("class com.example.azure.ServiceBus holds Azure functions Faasport cannot translate: 'billing' "
                        + "(method billing) has @ServiceBusQueueTrigger, 'report' (method report) has @BlobInput; it translates "
                        + "['ping' (@HttpTrigger)]; Faasport runs @FunctionName methods with an @HttpTrigger, @QueueTrigger, "
                        + "@BlobTrigger or @TimerTrigger parameter and @BindingName, @QueueOutput, @BlobOutput or @HttpOutput "
                        + "bindings, perhaps you should move the others to a class Faasport does not deploy, or declare the "
                        + "functions in <functions> with handlers com.example.azure.ServiceBus::method");
        // named by its method, the translated function still runs
        assertThat(Shapes.resolve(ServiceBus.class, "ping", "ping", null).shape()).isEqualTo(Shape.HTTP);
    }

    @Test
    void ncrontabBecomesTheNeutralSchedule() {
        assertThat(AzureTriggers.schedule("0 */5 * * * *")).isEqualTo("cron(0/5 * * * ? *)");
        assertThat(AzureTriggers.schedule("0 0 9 * * Mon-Fri")).isEqualTo("cron(0 9 ? * MON-FRI *)");
        assertThat(AzureTriggers.schedule("0 30 9 1 * *")).isEqualTo("cron(30 9 1 * ? *)");
        assertThat(AzureTriggers.schedule("0 0 0 * * 0,6")).isEqualTo("cron(0 0 ? * 1,7 *)");
        assertThat(AzureTriggers.schedule("0 0 */2 * Jan *")).isEqualTo("cron(0 0/2 * JAN ? *)");
        assertThat(AzureTriggers.schedule("00:05:00")).isEqualTo("rate(5 minutes)");
        assertThat(AzureTriggers.schedule("01:00:00")).isEqualTo("rate(1 hour)");
        assertThat(AzureTriggers.schedule("1.00:00:00")).isEqualTo("rate(1 day)");
        // no exact neutral equivalent: seconds, both day fields, an app setting
        assertThat(AzureTriggers.schedule("*/30 * * * * *")).isNull();
        assertThat(AzureTriggers.schedule("0 0 0 1 * 1")).isNull();
        assertThat(AzureTriggers.schedule("%CLEANUP_SCHEDULE%")).isNull();
    }

    @Test
    void blobPathParametersAreBoundFromTheBlobsPath() {
        assertThat(AzureTriggers.pathValues("uploads/in/{name}.png", "uploads/in/cat 1.png")).isEqualTo(Map.of("name", "cat 1"));
        assertThat(AzureTriggers.pathValues("samples/{name}", "samples/a/b.txt")).isEqualTo(Map.of("name", "a/b.txt"));
        assertThat(AzureTriggers.pathValues("in/{blobname}.{blobextension}", "in/report.pdf"))
                .isEqualTo(Map.of("blobname", "report", "blobextension", "pdf"));
        assertThat(AzureTriggers.pathValues("in/{name}.png", "out/x.png")).isEmpty();
    }
}
