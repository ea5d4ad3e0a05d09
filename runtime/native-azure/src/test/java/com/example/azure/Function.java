package com.example.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Azure Functions HTTP functions written as an Azure user writes them (the archetype's shape); no Faasport. */
public class Function {
    public static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    public static final String MARK = "faasport.test.azureFunctionInit";

    static {
        System.setProperty(MARK, "ran");
    }

    @FunctionName("hello")
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "hello/{who?}") HttpRequestMessage<Optional<String>> request,
            @BindingName("who") String who,
            final ExecutionContext context) {
        context.getLogger().info("Java HTTP trigger processed a request.");
        RECEIVED.add(request.getHttpMethod() + " " + request.getUri() + " who=" + who + " fn=" + context.getFunctionName()
                + " id=" + context.getInvocationId());
        String query = request.getQueryParameters().get("name");
        String name = request.getBody().orElse(query);
        if ("fail".equals(who)) throw new IllegalStateException("no such greeting");
        if (name == null) {
            return request.createResponseBuilder(HttpStatus.BAD_REQUEST)
                    .body("Please pass a name on the query string or in the request body").build();
        }
        return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "text/plain").header("X-Greeter", "azure")
                .body("Hello, " + name + (who == null ? "" : " from " + who) + " ua=" + request.getHeaders().get("User-Agent")).build();
    }

    public record Order(String item, int quantity) {
    }

    @FunctionName("order")
    public Order order(@HttpTrigger(name = "req", methods = {HttpMethod.POST}) HttpRequestMessage<Order> request) {
        Order o = request.getBody();
        return new Order(o.item().toUpperCase(), o.quantity() * 2);
    }
}
