package com.example.vendor;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.cloudevents.CloudEvent;

import java.nio.charset.StandardCharsets;

/**
 * A Cloud Storage CloudEvents function as Google's samples write it: the default client, which addresses
 * https://storage.googleapis.com with Application Default Credentials, and nothing that knows of an emulator.
 */
public class GcsThumbnailer implements CloudEventsFunction {
    private static final Storage STORAGE = StorageOptions.getDefaultInstance().getService();

    @Override
    public void accept(CloudEvent event) {
        JsonObject data = JsonParser.parseString(new String(event.getData().toBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        String bucket = data.get("bucket").getAsString();
        String name = data.get("name").getAsString();
        byte[] content = STORAGE.readAllBytes(BlobId.of(bucket, name));
        STORAGE.create(BlobInfo.newBuilder("results", "gcp/" + name + ".txt").build(),
                (new String(content, StandardCharsets.UTF_8).toUpperCase() + " (" + event.getType() + ")").getBytes(StandardCharsets.UTF_8));
    }
}
