package com.example.azure;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** Four HTTP functions in one class, as Azure users group a small API; no Faasport. */
public class Api {

    @FunctionName("ListItems")
    public HttpResponseMessage list(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
            route = "items") HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.OK).body("[\"a\",\"b\"]").build();
    }

    @FunctionName("GetItem")
    public HttpResponseMessage get(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
            route = "items/{id}") HttpRequestMessage<Optional<String>> request, @BindingName("id") String id) {
        return request.createResponseBuilder(HttpStatus.OK).body("item " + id).build();
    }

    @FunctionName("CreateItem")
    public HttpResponseMessage create(@HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
            route = "items") HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.CREATED).body("created " + request.getBody().orElse("")).build();
    }

    @FunctionName("DeleteItem")
    public HttpResponseMessage delete(@HttpTrigger(name = "req", methods = {HttpMethod.DELETE}, authLevel = AuthorizationLevel.FUNCTION,
            route = "items/{id}") HttpRequestMessage<Optional<String>> request, @BindingName("id") String id) {
        return request.createResponseBuilder(HttpStatus.NO_CONTENT).build();
    }
}
