package dev.faasport.runtime.azure;

import dev.faasport.runtime.FunctionRegistry;

/** Points the Azure entry points at a given registry, as the Java worker would find it; public for the native modules' tests. */
public final class AzurePlatform {

    private AzurePlatform() {
    }

    /** @return the worker's handler object, serving functions of this registry */
    public static AzureHandlers handlers(FunctionRegistry registry) {
        AzureHandlers.registry = registry;
        return new AzureHandlers();
    }
}
