package dev.faasport.api;

/**
 * A function triggered by an HTTP request. Runs unchanged behind AWS Lambda function URLs, Azure HTTP triggers,
 * Google Cloud Functions HTTP and the local gateway.
 */
@FunctionalInterface
public interface HttpFunction {

    /**
     * Handles one request.
     *
     * @param request the request
     * @param context the invocation context
     * @return the response
     * @throws Exception any failure; the platform answers 500 and logs it
     */
    HttpResponse handle(HttpRequest request, Context context) throws Exception;
}
