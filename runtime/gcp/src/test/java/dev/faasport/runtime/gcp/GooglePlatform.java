package dev.faasport.runtime.gcp;

import dev.faasport.runtime.FunctionRegistry;
import java.util.Map;

/** Drives the Google entry points with a given registry, as the Functions Framework would; public for the native modules' tests. */
public final class GooglePlatform {

    private GooglePlatform() {
    }

    /** Serves one request with GcfHttpHandler for the function named by FAASPORT_FUNCTION. */
    public static GcpDoubles.Response http(FunctionRegistry registry, String function, GcpDoubles.Request request)
            throws Exception {
        GcpDoubles.Response response = new GcpDoubles.Response();
        new GcfHttpHandler(registry, Map.of("FAASPORT_FUNCTION", function)).service(request, response);
        return response;
    }

    /** Delivers one CloudEvent with GcfEventHandler to the function named by K_SERVICE (its Cloud Run service). */
    public static void event(FunctionRegistry registry, String function, GcpDoubles.Event event) throws Exception {
        new GcfEventHandler(registry, Map.of("K_SERVICE", function)).accept(event);
    }
}
