package dev.faasport.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faasport.image.FunctionImages;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.spi.FaasportEnvironment;
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
}
