package dev.faasport.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faasport.image.FunctionImages;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.spi.FaasportEnvironment;
import dev.faasport.spi.FunctionShape;
import dev.faasport.spi.FunctionSpec;
import dev.faasport.spi.Trigger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The runtime adapters ship without the SPI (they stay small and free of build-side code), and the image builder
 * knows nothing of providers, so each keeps its own copy of the names it shares with the providers. They must agree,
 * or a deployed function would not find which function to run.
 */
class SharedNamesTest {

    @Test
    void theRuntimeAndTheImageBuilderReadTheVariableTheProvidersSet() {
        assertThat(FunctionRegistry.FUNCTION_ENV).isEqualTo(FaasportEnvironment.FUNCTION);
        assertThat(FunctionImages.FUNCTION_ENV).isEqualTo(FaasportEnvironment.FUNCTION);
        assertThat(FaasportEnvironment.FUNCTION).startsWith(FaasportEnvironment.PREFIX);
    }

    @Test
    void everyTriggerReadsBackAsWrittenWithOneSpellingOfPublic() {
        List<Trigger> all = List.of(new Trigger.Http(List.of("GET", "POST"), true),
                new Trigger.Storage("uploads", Set.of(Trigger.StorageEventKind.CREATED, Trigger.StorageEventKind.DELETED), "in/", ".png"),
                new Trigger.Queue("orders", 10, 3), new Trigger.Schedule("rate(5 minutes)"));
        for (Trigger t : all) {
            assertThat(Trigger.fromMap(Trigger.toMap(t))).isEqualTo(t);
        }
        assertThat(Trigger.toMap(all.get(0))).containsEntry("public", true).doesNotContainKey("publicAccess");
        // the descriptor in every package spells it the same way
        FunctionSpec http = new FunctionSpec("hello", "x.Hello", FunctionShape.HTTP, all.get(0), 128, 10, Map.of(), 0, 0,
                FunctionSpec.PackageType.ZIP, Map.of());
        assertThat(SpecJson.descriptorFunction(http, false, Set.of())).containsEntry("trigger", Trigger.toMap(all.get(0)));
    }

    @Test
    void aLocalRuntimeRecordWrittenBeforeTheSpellingWasSharedStillLoads() {
        assertThat(Trigger.fromMap(Map.of("kind", "http", "methods", List.of(), "publicAccess", true)))
                .isEqualTo(new Trigger.Http(List.of(), true));
        assertThat(Trigger.fromMap(Map.of())).isEqualTo(new Trigger.Http(List.of(), false));
    }
}
