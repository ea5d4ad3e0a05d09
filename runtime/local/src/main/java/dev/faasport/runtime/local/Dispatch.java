package dev.faasport.runtime.local;

import dev.faasport.api.Context;
import dev.faasport.api.HttpRequest;
import dev.faasport.api.HttpResponse;

/**
 * Calls the user's function for one request. The seam between the worker's wire loop and the shape-specific
 * dispatch, so the worker does not care how user code is bound.
 */
public interface Dispatch {

    /** Handles an HTTP request (HTTP functions, TYPED functions on an HTTP trigger). */
    HttpResponse http(HttpRequest request, Context context) throws Exception;

    /** Handles a neutral event given as JSON (storage, queue, schedule, or TYPED on an event trigger). */
    HttpResponse event(byte[] eventJson, Context context) throws Exception;

    /** @return the environment the function sees */
    default java.util.Map<String, String> environment() {
        return System.getenv();
    }
}
