package dev.faasport.runtime.gcp;

import dev.faasport.runtime.FunctionRegistry;
import java.util.Map;

/** Drives runtime/gcp's entry points with a given registry, as the Functions Framework would call them. */
public final class GooglePlatform {

    private GooglePlatform() {
    }

    /** Serves one request with GcfHttpHandler for the function named by FAASPORT_FUNCTION. */
    public static GoogleDoubles.Response http(FunctionRegistry registry, String function, GoogleDoubles.Request request)
            throws Exception {
        GoogleDoubles.Response response = new GoogleDoubles.Response();
        new GcfHttpHandler(registry, Map.of("FAASPORT_FUNCTION", function)).service(request, response);
        return response;
    }

    /** Delivers one CloudEvent with GcfEventHandler to the function named by K_SERVICE (its Cloud Run service). */
    public static void event(FunctionRegistry registry, String function, GoogleDoubles.Event event) throws Exception {
        new GcfEventHandler(registry, Map.of("K_SERVICE", function)).accept(event);
    }
}
