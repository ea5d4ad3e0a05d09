package com.example.vendor;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

import java.util.Optional;

/** An Azure HTTP function as Microsoft's samples write it: the Blob client from the app's storage connection string. */
public class BlobReader {
    @FunctionName("blob-reader")
    public HttpResponseMessage run(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS)
                                   HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        BlobServiceClient service = new BlobServiceClientBuilder().connectionString(System.getenv("AzureWebJobsStorage")).buildClient();
        String name = request.getQueryParameters().get("name");
        String content = service.getBlobContainerClient("docs").getBlobClient(name).downloadContent().toString();
        service.getBlobContainerClient("results").getBlobClient("azure/" + name + ".txt")
                .upload(com.azure.core.util.BinaryData.fromString(content.toUpperCase()), true);
        return request.createResponseBuilder(HttpStatus.OK).body("read " + content.length() + " bytes").build();
    }
}
