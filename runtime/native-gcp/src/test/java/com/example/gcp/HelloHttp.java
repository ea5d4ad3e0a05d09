package com.example.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.io.BufferedWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** An HTTP function written as a Google Cloud Functions user writes it; knows nothing of Faasport. */
public class HelloHttp implements HttpFunction {
    public static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    public static final String MARK = "faasport.test.helloHttpInit";
    private static final Logger LOG = Logger.getLogger(HelloHttp.class.getName());

    static {
        System.setProperty(MARK, "ran");
    }

    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
        RECEIVED.add(request.getMethod() + " " + request.getUri() + " " + request.getQueryParameters());
        LOG.fine("hello " + request.getPath());
        if (request.getPath().endsWith("/fail")) throw new IllegalStateException("no such greeting");
        if (request.getPath().endsWith("/logo")) {
            response.setContentType("image/png");
            response.getOutputStream().write(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            return;
        }
        String body = request.getReader().lines().collect(Collectors.joining("\n"));
        response.setStatusCode(201);
        response.setContentType("text/plain; charset=utf-8");
        response.appendHeader("X-Greeter", "gcp");
        BufferedWriter writer = response.getWriter();
        writer.write("hello " + request.getFirstQueryParameter("name").orElse("world") + " " + request.getMethod() + " "
                + request.getPath() + " body=" + body + " ct=" + request.getContentType().orElse("-"));
    }
}
