package com.example.vendor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Written as AWS's S3-triggered samples are: the client from the environment alone, no endpoint, region or keys in
 * code. Reads the uploaded object and writes a result object to another bucket.
 */
public class S3Thumbnailer implements RequestHandler<S3Event, String> {
    private final S3Client s3 = S3Client.builder().build();

    @Override
    public String handleRequest(S3Event event, Context context) {
        for (S3EventNotificationRecord r : event.getRecords()) {
            String bucket = r.getS3().getBucket().getName();
            String key = r.getS3().getObject().getUrlDecodedKey();
            String content = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
            s3.putObject(b -> b.bucket("results").key("aws/" + key + ".txt"),
                    RequestBody.fromString(content.toUpperCase() + " (" + r.getEventName() + ")"));
            context.getLogger().log("thumbnailed " + bucket + "/" + key);
        }
        return "ok";
    }
}
