package com.example.vendor;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.NoCredentials;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.cloudevents.CloudEvent;

import java.nio.charset.StandardCharsets;

/**
 * A Cloud Storage CloudEvents function as Google's samples write it. google-cloud-storage for Java reads no emulator
 * variable itself, so the client is built from STORAGE_EMULATOR_HOST, without credentials, when it is set (the
 * emulator pattern for Java), and is the default client otherwise.
 */
public class GcsThumbnailer implements CloudEventsFunction {
    private static final Storage STORAGE = System.getenv("STORAGE_EMULATOR_HOST") == null
            ? StorageOptions.getDefaultInstance().getService()
            : StorageOptions.newBuilder().setHost(System.getenv("STORAGE_EMULATOR_HOST")).setCredentials(NoCredentials.getInstance())
                    .build().getService();

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
