package dev.faasport.runtime.gcp;

import dev.faasport.runtime.FunctionEntry;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.InvocationContext;
import dev.faasport.runtime.Invoker;
import java.util.Map;
import java.util.UUID;

/** The function both Google entry points serve: {@code FAASPORT_FUNCTION}, the Cloud Run service, or the only one. */
final class GcpFunctions {

    private GcpFunctions() {
    }

    static Invoker invoker(FunctionRegistry registry, Map<String, String> environment) {
        FunctionRegistry r = registry != null ? registry : FunctionRegistry.shared();
        // K_SERVICE: the Cloud Run service behind a 2nd gen function, named after the function
        return new Invoker(r.select(environment.get("K_SERVICE"), environment));
    }

    /** Creates the user's handler at instance start rather than in the first request. */
    static void warmUp(Invoker invoker) {
        try {
            invoker.entry().instance();
        } catch (RuntimeException e) {
            System.err.println("Faasport: function not ready: " + e.getMessage()); // reported again per request
        }
    }

    static InvocationContext context(FunctionEntry entry, String invocationId) {
        return InvocationContext.of(entry, invocationId == null || invocationId.isBlank()
                ? UUID.randomUUID().toString() : invocationId);
    }
}
