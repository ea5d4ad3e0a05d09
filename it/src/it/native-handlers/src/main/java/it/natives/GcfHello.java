package it.natives;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;

/** Written for Google Cloud Functions, exactly as a Google user would. */
public class GcfHello implements HttpFunction {
    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
        response.setStatusCode(202);
        response.setContentType("text/plain");
        response.getWriter().write("gcf " + request.getMethod() + " " + request.getFirstQueryParameter("who").orElse("nobody"));
    }
}
