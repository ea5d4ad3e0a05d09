package dev.faasport.runtime.local;

import dev.faasport.api.Context;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;
import dev.faasport.runtime.FunctionEntry;
import dev.faasport.runtime.FunctionRegistry;
import dev.faasport.runtime.InvocationContext;
import dev.faasport.runtime.Invoker;

import java.util.List;
import java.util.Map;

/**
 * Dispatch through runtime-common's {@link Invoker}: every shape, typed JSON binding, neutral events. Used when the
 * package descriptor lists the function.
 */
final class CommonDispatch implements Dispatch {

    private final Invoker invoker;
    private final Map<String, String> environment;

    CommonDispatch(FunctionEntry entry) {
        this.invoker = new Invoker(entry);
        this.environment = InvocationContext.environment(entry);
        entry.instance(); // create the handler now: its constructor's cost belongs to the cold start
    }

    /** @return the dispatch of the descriptor's entry for this function, or null when the descriptor lacks it */
    static CommonDispatch find(String function) {
        ClassLoader loader = WorkerMain.class.getClassLoader();
        if (loader.getResource(FunctionRegistry.DESCRIPTOR) == null) {
            return null;
        }
        List<FunctionEntry> entries = FunctionRegistry.load(loader).functions();
        for (FunctionEntry e : entries) {
            if (e.name().equals(function)) {
                return new CommonDispatch(e);
            }
        }
        return null;
    }

    @Override
    public HttpResponse http(HttpRequest request, Context context) {
        return invoker.http(request, context);
    }

    @Override
    public HttpResponse event(byte[] eventJson, Context context) {
        // Invoker.http maps bad input to 400, failures to 500 and a handled event to 200
        return invoker.http(new HttpRequest("POST", "/", Map.of(), Map.of("content-type", List.of("application/json")),
                eventJson), context);
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }
}
